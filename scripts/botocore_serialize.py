#!/usr/bin/env python3
"""Serializes API calls with botocore's own serializer, the reference the
Swift JSON 1.1 bodies are cross-checked against
(Tests/AWSAccessTests/JSON11BotocoreCrossCheckTests.swift).

usage:  botocore_serialize.py [JOB_FILE]   (the job from stdin without one)
job:    [{"service": "ssm", "operation": "GetParameter",
          "params": {"Name": "/x"}}, ...]   (params in the order to send)
stdout: [{"method", "path", "headers": {name: value}, "body_base64"}, ...]
        on one line
Exit 3 when botocore cannot be imported, so the caller can say so clearly.
"""
import base64
import collections
import json
import sys

try:
    import botocore.serialize
    import botocore.session
except ImportError as error:
    print(f"botocore is not installed for {sys.executable}: {error}", file=sys.stderr)
    sys.exit(3)


def main():
    if len(sys.argv) > 1:
        with open(sys.argv[1], encoding="utf-8") as job:
            calls = json.load(job, object_pairs_hook=collections.OrderedDict)
    else:
        calls = json.load(sys.stdin, object_pairs_hook=collections.OrderedDict)
    session = botocore.session.get_session()
    results = []
    for call in calls:
        model = session.get_service_model(call["service"])
        operation = model.operation_model(call["operation"])
        serializer = botocore.serialize.create_serializer(model.metadata["protocol"], include_validation=True)
        request = serializer.serialize_to_request(call["params"], operation)
        body = request["body"]
        if isinstance(body, str):
            body = body.encode("utf-8")
        results.append({
            "method": request["method"],
            "path": request["url_path"],
            "headers": dict(request["headers"]),
            "body_base64": base64.b64encode(body).decode("ascii"),
        })
    print(json.dumps(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
