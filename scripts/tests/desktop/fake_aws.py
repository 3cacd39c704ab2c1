#!/usr/bin/env python3
"""A loopback stand-in for the AWS endpoints moto_server 5.2.1 lacks, for the
desktop-script tests. It never forwards anything anywhere.

usage: fake_aws.py STATE.json LOG.jsonl PORT_FILE

- EC2 instance metadata, IMDSv2 only: PUT /latest/api/token (with the TTL
  header) gives a token; GET /latest/meta-data/<path> needs it (401 without,
  as on an instance with HttpTokens=required) and answers state["metadata"][path]
  (404 when absent).
- SSM (JSON 1.1): DescribeInstanceInformation answers the next PingStatus of
  state["ssm_ping"] (the last one sticks; absent: no instance information);
  StartSession answers a session for the target.
- CloudFormation (Query): SignalResource.
- The IAM Identity Center portal: GET /federation/credentials (role credentials).

state["errors"][Operation] = {"status": 400, "code": "...", "message": "..."}
makes that operation fail. The state file is read on every request, so a test
can change it while the server runs. Every request is appended to LOG as one
JSON line (method, path, headers, body) for the test to assert on.

It binds 127.0.0.1 on a port the kernel chooses and writes that port to
PORT_FILE once it is listening.
"""
import http.server
import json
import os
import sys
import urllib.parse

STATE, LOG, PORT_FILE = sys.argv[1:4]
tokens = set()


def state() -> dict:
    try:
        with open(STATE) as file:
            return json.load(file)
    except FileNotFoundError:
        return {}


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args) -> None:  # the JSON log is the record
        pass

    def record(self, body: bytes) -> None:
        entry = {"method": self.command, "path": self.path,
                 "headers": {k.lower(): v for k, v in self.headers.items()},
                 "body": body.decode("utf-8", "replace")}
        with open(LOG, "a") as file:
            file.write(json.dumps(entry) + "\n")

    def body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def answer(self, status: int, body, content_type: str = "application/json") -> None:
        data = body if isinstance(body, bytes) else (body if isinstance(body, str) else json.dumps(body)).encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_PUT(self) -> None:
        self.record(self.body())
        if self.path != "/latest/api/token":
            return self.answer(404, b"", "text/plain")
        if not self.headers.get("X-aws-ec2-metadata-token-ttl-seconds"):
            return self.answer(400, b"", "text/plain")
        token = f"imds-token-{len(tokens) + 1}"
        tokens.add(token)
        self.answer(200, token, "text/plain")

    def do_GET(self) -> None:
        self.record(b"")
        path = urllib.parse.urlparse(self.path).path
        if path.startswith("/latest/meta-data/"):
            if self.headers.get("X-aws-ec2-metadata-token") not in tokens:
                return self.answer(401, b"", "text/plain")
            value = state().get("metadata", {}).get(path[len("/latest/meta-data/"):])
            if value is None:
                return self.answer(404, b"", "text/plain")
            return self.answer(200, value if isinstance(value, str) else json.dumps(value), "text/plain")
        if path == "/federation/credentials":
            return self.answer(200, {"roleCredentials": {
                "accessKeyId": "ASIASSOFAKE", "secretAccessKey": "sso-secret", "sessionToken": "sso-token",
                "expiration": 4102444800000}})
        self.answer(404, b"", "text/plain")

    def do_POST(self) -> None:
        raw = self.body()
        self.record(raw)
        target = self.headers.get("X-Amz-Target", "")
        current = state()
        if target.startswith("AmazonSSM."):
            return self.ssm(target.split(".", 1)[1], json.loads(raw or b"{}"), current)
        form = urllib.parse.parse_qs(raw.decode())
        if form.get("Action") == ["SignalResource"]:
            error = current.get("errors", {}).get("SignalResource")
            if error:
                return self.answer(error.get("status", 400),
                                   f"<ErrorResponse><Error><Type>Sender</Type><Code>{error['code']}</Code>"
                                   f"<Message>{error['message']}</Message></Error><RequestId>fake</RequestId></ErrorResponse>",
                                   "text/xml")
            return self.answer(200, "<SignalResourceResponse><ResponseMetadata><RequestId>fake</RequestId>"
                                    "</ResponseMetadata></SignalResourceResponse>", "text/xml")
        self.answer(400, {"__type": "UnknownOperation", "message": f"fake_aws.py does not answer {target or raw[:60]!r}"})

    def ssm(self, operation: str, request: dict, current: dict) -> None:
        error = current.get("errors", {}).get(operation)
        if error:
            return self.answer(error.get("status", 400), {"__type": error["code"], "message": error["message"]},
                               "application/x-amz-json-1.1")
        if operation == "DescribeInstanceInformation":
            pings = current.get("ssm_ping", [])
            if not pings:
                return self.answer(200, {"InstanceInformationList": []}, "application/x-amz-json-1.1")
            # the n-th call since the test emptied the log answers the n-th status
            with open(LOG) as log:
                calls = sum(1 for line in log if '"AmazonSSM.DescribeInstanceInformation"' in line)
            ping = pings[min(calls - 1, len(pings) - 1)]
            ids = [v for f in request.get("Filters", []) if f.get("Key") == "InstanceIds" for v in f.get("Values", [])]
            return self.answer(200, {"InstanceInformationList": [
                {"InstanceId": ids[0] if ids else "i-unknown", "PingStatus": ping}]}, "application/x-amz-json-1.1")
        if operation == "StartSession":
            return self.answer(200, {"SessionId": "fake-session-1", "TokenValue": "fake-stream-token",
                                     "StreamUrl": "wss://ssmmessages.invalid/v1/data-channel/fake-session-1"},
                               "application/x-amz-json-1.1")
        self.answer(400, {"__type": "UnknownOperation", "message": f"fake_aws.py does not answer SSM {operation}"},
                    "application/x-amz-json-1.1")


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
with open(PORT_FILE + ".tmp", "w") as port_file:
    port_file.write(str(server.server_address[1]))
# renamed once listening, so that a test never reads half a port
os.rename(PORT_FILE + ".tmp", PORT_FILE)
server.serve_forever()
