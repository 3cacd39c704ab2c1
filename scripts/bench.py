#!/usr/bin/env python3
"""`make bench`: mapu side by side with the Python peer users would pick instead.

usage: bench.py [--runs N] [--warm N] [--out FILE]
       (environment: BENCH_RUNS, BENCH_WARM override the defaults, 50 and 300)

Both implementations do the same job, a DefaultVpcId Create
(events/DefaultVpcId/create.json), against the same seeded moto_server,
through the same loopback Runtime API emulator and the same loopback
ResponseURL server (both in this script), taking turns A B A B so that drift
of a busy machine hits both alike:

- mapu: the packaged `bootstrap`, from dist/ unzipped as Lambda lays it out
  (function zip → task root, layer zip → opt dir; the task root's bootstrap,
  else the opt dir's), with Lambda's environment for provided.al2023
  (`make package` runs first if there is no dist/).
- the peer: bench/peer/handler.py (boto3 for DescribeVpcs and DescribeSubnets,
  AWS's `cfnresponse` module for the reply) under `python3 -m awslambdaric`,
  every package pinned in bench/peer/requirements.txt and installed, once,
  into .build-bench/peer/task (its Lambda task root) for a virtual
  environment's python that sees nothing else.

Figures, min / median / max per side and the ratio mapu/peer of the medians:

- init: process start (just before posix_spawn) → the first GET /next reaches
  the emulator;
- cold invocation: process start → the CloudFormation response reaches the
  ResponseURL server (its body fully read);
- warm invocation: the event handed out by GET /next → the CloudFormation
  response received, on an initialised process (after warm-up invocations);
- peak RSS: VmHWM of /proc/<pid>/status of every process of the function,
  read once it is idle again, just before it is killed. mapu's bootstrap
  forks first: the process Lambda starts becomes mapu-supervisor (a small C
  program), and its child, the worker, serves events
  (/proc/<pid>/task/*/children); both are reported, with their sum, and Pss
  (pages shared between them counted once);
- package size, zipped and unzipped;
- cold invocation and peak RSS of mapu as it runs against https endpoints
  (AWS itself): libcurl loaded while the first event is awaited (a third
  function in the same rounds, with only EC2 pointed at moto).

Every response is checked (SUCCESS, the default VPC, its CIDR and default
subnets as moto has them): a benchmark of wrong answers fails. The table goes
to stdout, the figures and every sample to dist/bench.json.
"""
import argparse
import ctypes
import datetime
import hashlib
import http.server
import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
import uuid
import zipfile
from collections import deque
from http import HTTPStatus

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WORK = os.path.join(ROOT, ".build-bench")
DIST = os.path.join(ROOT, "dist")
PEER_SOURCE = os.path.join(ROOT, "bench", "peer")
EVENT = os.path.join(ROOT, "events", "DefaultVpcId", "create.json")
REGION = "us-east-1"
ACCOUNT = "123456789012"
FUNCTION_TIMEOUT_MS = 60_000  # template.json's Timeout
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
WARM_UP_COLD = 2      # discarded cold starts per side (page cache, .pyc of the handler)
WARM_UP_WARM = 3      # discarded invocations per side before the warm figures
WAIT_SECONDS = 60
TLS_SIDE = "mapu-libcurl"

now = time.perf_counter_ns
changed = threading.Condition()  # every state change of the servers below is announced here


class BenchError(Exception):
    pass


# --------------------------------------------------------------------------
# The loopback servers

class QuietHandler(http.server.BaseHTTPRequestHandler):
    """HTTP/1.1 with keep-alive; each answer leaves in one write (no Nagle
    stalls), nothing is logged."""
    protocol_version = "HTTP/1.1"

    def setup(self):
        super().setup()
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, *arguments):
        pass

    def read_body(self) -> bytes:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            body = b""
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return body
                body += self.rfile.read(size)
                self.rfile.readline()
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))

    def reply(self, status: int, body: bytes = b"", headers: tuple = ()) -> None:
        lines = [f"HTTP/1.1 {status} {HTTPStatus(status).phrase}", f"Content-Length: {len(body)}"]
        lines += [f"{name}: {value}" for name, value in headers]
        if self.close_connection:
            lines.append("Connection: close")
        self.wfile.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body)


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    request_queue_size = 64


class Invocation:
    def __init__(self, request_id: str, body: bytes):
        self.request_id = request_id
        self.body = body
        self.handed_out = None    # ns, just before the GET /next answer is written
        self.answered = None      # ns, POST …/response or …/error read
        self.outcome = None       # "response" or "error"
        self.answer = b""


class RuntimeAPI:
    """The Lambda Runtime API 2018-06-01, on 127.0.0.1, for one function.
    Each function (side) gets an instance of its own, as each Lambda sandbox
    has its own endpoint; the code is the same."""

    def __init__(self, name: str):
        self.name = name
        self.generation = 0
        self.pending = deque()
        self.invocations = {}
        self.nexts = []           # arrival times of GET /next, ns
        self.init_errors = []
        self.closed = False
        api = self

        class Handler(QuietHandler):
            def do_GET(self):
                if self.path != "/2018-06-01/runtime/invocation/next":
                    return self.reply(404, b'{"errorType":"NotFound"}')
                arrived = now()
                with changed:
                    generation = api.generation
                    api.nexts.append(arrived)
                    changed.notify_all()
                    while not api.pending and api.generation == generation and not api.closed:
                        changed.wait()
                    if api.generation != generation or api.closed:
                        self.close_connection = True  # the run is over: no event
                        return
                    invocation = api.pending.popleft()
                headers = (
                    ("Content-Type", "application/json"),
                    ("Lambda-Runtime-Aws-Request-Id", invocation.request_id),
                    ("Lambda-Runtime-Deadline-Ms", str(int(time.time() * 1000) + FUNCTION_TIMEOUT_MS)),
                    ("Lambda-Runtime-Invoked-Function-Arn", f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:dev-platform-DefaultVpcId"),
                    ("Lambda-Runtime-Trace-Id", f"Root=1-{int(time.time()):08x}-{uuid.uuid4().hex[:24]};Parent={uuid.uuid4().hex[:16]};Sampled=0"),
                )
                handed_out = now()
                with changed:
                    invocation.handed_out = handed_out
                self.reply(200, invocation.body, headers)

            def do_POST(self):
                body = self.read_body()
                arrived = now()
                if self.path == "/2018-06-01/runtime/init/error":
                    with changed:
                        api.init_errors.append(body)
                        changed.notify_all()
                    return self.reply(202, b'{"status":"OK"}', (("Content-Type", "application/json"),))
                match = re.fullmatch(r"/2018-06-01/runtime/invocation/([^/]+)/(response|error)", self.path)
                with changed:
                    invocation = api.invocations.get(match.group(1)) if match else None
                    if invocation is None or invocation.answered is not None:
                        status = 404 if match is None else 400
                    else:
                        invocation.answered, invocation.outcome, invocation.answer = arrived, match.group(2), body
                        changed.notify_all()
                        status = 202
                self.reply(status, b'{"status":"OK"}' if status == 202 else b'{"errorType":"InvalidRequestID"}',
                           (("Content-Type", "application/json"),))

        self.server = Server(("127.0.0.1", 0), Handler)
        self.address = f"127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, name=f"runtime-api-{name}", daemon=True).start()

    def reset(self) -> None:
        """Forgets everything; a GET /next still waiting gets no event."""
        with changed:
            self.generation += 1
            self.pending.clear()
            self.invocations.clear()
            self.nexts = []
            self.init_errors = []
            changed.notify_all()

    def submit(self, event: bytes) -> Invocation:
        invocation = Invocation(str(uuid.uuid4()), event)
        with changed:
            self.invocations[invocation.request_id] = invocation
            self.pending.append(invocation)
            changed.notify_all()
        return invocation

    def close(self) -> None:
        with changed:
            self.closed = True
            changed.notify_all()
        self.server.shutdown()
        self.server.server_close()


class ResponseURLServer:
    """The pre-signed S3 URL CloudFormation hands out, on 127.0.0.1: records
    every PUT by the RequestId of its body, answers 200 as S3 does."""

    def __init__(self):
        self.responses = {}   # CloudFormation RequestId → (ns, body dict, content type, path)
        self.unreadable = []
        server = self

        class Handler(QuietHandler):
            def do_PUT(self):
                body = self.read_body()
                arrived = now()
                try:
                    parsed = json.loads(body)
                    key = parsed["RequestId"]
                except (ValueError, KeyError, TypeError):
                    parsed, key = None, None
                with changed:
                    if key is None:
                        server.unreadable.append(body)
                    else:
                        server.responses.setdefault(key, (arrived, parsed, self.headers.get("Content-Type"), self.path))
                    changed.notify_all()
                self.reply(200)

            def do_GET(self):
                self.reply(405)

            do_POST = do_GET

        self.server = Server(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, name="response-url", daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


# --------------------------------------------------------------------------
# moto_server

def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_moto(log) -> tuple:
    program = shutil.which("moto_server")
    if program is None:
        raise BenchError("moto_server is not on PATH: `make setup` (scripts/setup) installs moto[server]==5.2.1")
    failures = []
    for _ in range(5):  # a port found free can be taken before moto binds it
        port = free_port()
        process = subprocess.Popen([program, "-H", "127.0.0.1", "-p", str(port)], stdout=log, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL, start_new_session=True)
        endpoint = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and process.poll() is None:
            try:
                with urllib.request.urlopen(endpoint + "/moto-api/data.json", timeout=2) as answer:
                    if answer.status == 200:
                        return process, endpoint
            except OSError:
                time.sleep(0.1)
        failures.append(f"port {port}: exit {process.poll()}")
        stop_popen(process)
    raise BenchError(f"moto_server did not start: {'; '.join(failures)} (its log: {log.name})")


def stop_popen(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def seed(endpoint: str) -> dict:
    """Seeds moto as `make run` does and returns what DefaultVpcId must answer."""
    run = subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "seed_moto.py"), endpoint, REGION],
                         capture_output=True, text=True)
    if run.returncode != 0:
        raise BenchError(f"scripts/seed_moto.py failed: {run.stderr.strip()}")
    program = r"""
import json, sys, boto3
ec2 = boto3.client("ec2", endpoint_url=sys.argv[1], region_name=sys.argv[2],
                   aws_access_key_id="AKIAIOSFODNN7EXAMPLE", aws_secret_access_key="bench")
vpc = ec2.describe_vpcs(Filters=[{"Name": "is-default", "Values": ["true"]}])["Vpcs"][0]
subnets = ec2.describe_subnets(Filters=[{"Name": "vpc-id", "Values": [vpc["VpcId"]]},
                                        {"Name": "default-for-az", "Values": ["true"]}])["Subnets"]
subnets.sort(key=lambda s: (s["AvailabilityZone"], s["SubnetId"]))
print(json.dumps({"VpcId": vpc["VpcId"], "CidrBlock": vpc["CidrBlock"],
                  "SubnetIds": ",".join(s["SubnetId"] for s in subnets)}))
"""
    run = subprocess.run([sys.executable, "-c", program, endpoint, REGION], capture_output=True, text=True)
    if run.returncode != 0:
        raise BenchError(f"reading the default VPC from moto failed: {run.stderr.strip()}")
    return json.loads(run.stdout)


def moto_floor(endpoint: str, vpc_id: str, count: int) -> dict:
    """What moto itself takes for the job's two EC2 calls (DescribeVpcs,
    DescribeSubnets, as the functions send them), over one keep-alive
    connection from this script: the floor under every invocation."""
    import http.client
    host, port = endpoint.rsplit("/", 1)[1].split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=30)
    headers = {"Content-Type": "application/x-www-form-urlencoded; charset=utf-8",
               "Authorization": f"AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20261126/{REGION}/ec2/aws4_request, "
                                "SignedHeaders=host, Signature=0"}
    calls = ("Action=DescribeVpcs&Version=2016-11-15&Filter.1.Name=is-default&Filter.1.Value.1=true",
             f"Action=DescribeSubnets&Version=2016-11-15&Filter.1.Name=vpc-id&Filter.1.Value.1={vpc_id}"
             "&Filter.2.Name=default-for-az&Filter.2.Value.1=true")
    samples = []
    for _ in range(count + 3):
        start = now()
        for body in calls:
            connection.request("POST", "/", body, headers)
            answer = connection.getresponse()
            answer.read()
            if answer.status != 200:
                raise BenchError(f"moto answered HTTP {answer.status} to {body.split('&')[0]}")
        samples.append((now() - start) / 1e6)
    connection.close()
    return summary(samples[3:])


# --------------------------------------------------------------------------
# The two functions, laid out as Lambda would

def write_zip(path: str, entries: list) -> None:
    """As scripts/package.py writes them: sorted, fixed dates and modes, deflate 9."""
    with zipfile.ZipFile(path, "w") as archive:
        for name, source, mode in sorted(entries):
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.create_system = 3
            info.external_attr = (0o100000 | mode) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            with open(source, "rb") as file:
                archive.writestr(info, file.read(), compresslevel=9)


def unzip(archive: str, target: str) -> int:
    """Unzips keeping each entry's mode, as Lambda does; returns the unzipped bytes."""
    os.makedirs(target, exist_ok=True)
    total = 0
    with zipfile.ZipFile(archive) as opened:
        for info in opened.infolist():
            os.chmod(opened.extract(info, target), (info.external_attr >> 16) & 0o777 or 0o644)
            total += info.file_size
    return total


def sha256(path: str) -> str:
    with open(path, "rb") as file:
        return hashlib.sha256(file.read()).hexdigest()


def lambda_environment(task_root: str, opt: str, handler: str, api: RuntimeAPI, endpoint: str, extra: dict) -> dict:
    """What Lambda sets for a function (no HOME), plus the emulator's endpoint
    and dummy credentials."""
    return {
        "PATH": f"/usr/local/bin:/usr/bin/:/bin:{opt}/bin",
        "LD_LIBRARY_PATH": f"/var/lang/lib:/lib64:/usr/lib64:/var/runtime:/var/runtime/lib:{task_root}:{task_root}/lib:{opt}/lib",
        "LAMBDA_TASK_ROOT": task_root,
        "LAMBDA_RUNTIME_DIR": "/var/runtime",
        "LANG": "en_US.UTF-8",
        "TZ": ":UTC",
        "_HANDLER": handler,
        "AWS_LAMBDA_RUNTIME_API": api.address,
        "AWS_LAMBDA_FUNCTION_NAME": "dev-platform-DefaultVpcId",
        "AWS_LAMBDA_FUNCTION_VERSION": "$LATEST",
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "128",
        "AWS_LAMBDA_LOG_GROUP_NAME": "/aws/lambda/dev-platform-DefaultVpcId",
        "AWS_LAMBDA_LOG_STREAM_NAME": "2026/11/26/[$LATEST]0123456789abcdef0123456789abcdef",
        "AWS_LAMBDA_INITIALIZATION_TYPE": "on-demand",
        "AWS_REGION": REGION,
        "AWS_DEFAULT_REGION": REGION,
        "AWS_ACCESS_KEY_ID": "AKIAIOSFODNN7EXAMPLE",
        "AWS_SECRET_ACCESS_KEY": "bench-secret",
        "AWS_SESSION_TOKEN": "bench-token",
        "AWS_ENDPOINT_URL": endpoint,
        **extra,
    }


class Side:
    def __init__(self, name: str, argv: list, cwd: str, environment: dict, log_path: str):
        self.name = name
        self.argv = argv
        self.cwd = cwd
        self.environment = environment
        self.log_path = log_path


def prepare_mapu() -> dict:
    """dist/'s zips (made by `make package` first when missing) unzipped to
    .build-bench/mapu/{task,opt}, as Lambda lays them out."""
    base = os.path.join(WORK, "mapu")
    shutil.rmtree(base, ignore_errors=True)
    task, opt = os.path.join(base, "task"), os.path.join(base, "opt")
    os.makedirs(task)
    os.makedirs(opt)
    function_zip, layer_zip = os.path.join(DIST, "mapu-function.zip"), os.path.join(DIST, "mapu-layer.zip")
    if not (os.path.isfile(function_zip) and os.path.isfile(layer_zip)):
        print("bench: no dist/: running `make package` first", file=sys.stderr)
        subprocess.run(["make", "package"], cwd=ROOT, check=True)
    unzipped = unzip(function_zip, task) + unzip(layer_zip, opt)
    in_task = os.path.join(task, "bootstrap")
    bootstrap = in_task if os.path.exists(in_task) else os.path.join(opt, "bootstrap")
    if not os.access(bootstrap, os.X_OK):
        raise BenchError(f"no executable bootstrap in dist/'s zips (looked in the function's root, then the layer's): run `make package`")
    return {
        "layout": "dist/ (make package): function zip → task root, layer zip → opt dir",
        "bootstrap": bootstrap, "task": task, "opt": opt,
        "zipped": os.path.getsize(function_zip) + os.path.getsize(layer_zip), "unzipped": unzipped,
        "zips": {name: {"bytes": os.path.getsize(path), "sha256": sha256(path)}
                 for name, path in (("mapu-function.zip", function_zip), ("mapu-layer.zip", layer_zip))},
    }


def read_pins() -> list:
    pins = []
    with open(os.path.join(PEER_SOURCE, "requirements.txt")) as file:
        for line in file:
            line = line.split("#")[0].strip()
            if line:
                name, version = line.split("==")
                pins.append((name, version))
    return pins


def prepare_peer() -> dict:
    """A virtual environment's python (sees no site-packages) and the task
    root with handler.py and the pinned packages; installed once, again only
    when requirements.txt, handler.py or the python change."""
    base = os.path.join(WORK, "peer")
    venv, task = os.path.join(base, "venv"), os.path.join(base, "task")
    python = os.path.join(venv, "bin", "python3")
    requirements = os.path.join(PEER_SOURCE, "requirements.txt")
    handler = os.path.join(PEER_SOURCE, "handler.py")
    digest = hashlib.sha256()
    for path in (requirements, handler):
        with open(path, "rb") as file:
            digest.update(file.read())
    digest.update(sys.version.encode())
    stamp = os.path.join(base, "installed.sha256")
    installed = open(stamp).read() if os.path.exists(stamp) else ""
    if installed != digest.hexdigest() or not os.path.isdir(task) or not os.path.exists(python):
        shutil.rmtree(venv, ignore_errors=True)
        subprocess.run([sys.executable, "-m", "venv", "--without-pip", venv], check=True)
        print(f"bench: installing the peer's pinned packages into {os.path.relpath(task, ROOT)}", file=sys.stderr)
        staging = task + ".new"
        shutil.rmtree(staging, ignore_errors=True)
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                        "--no-warn-conflicts", "--only-binary", ":all:", "--target", staging, "-r", requirements],
                       check=True, env={**os.environ, "PIP_ROOT_USER_ACTION": "ignore"})
        found = sorted(re.sub(r"-[^-]+\.dist-info$", "", entry).lower().replace("_", "-")
                       for entry in os.listdir(staging) if entry.endswith(".dist-info"))
        wanted = sorted(name.lower().replace("_", "-") for name, _ in read_pins())
        if found != wanted:
            raise BenchError(f"bench/peer/requirements.txt does not pin exactly what it installs: installed {found}, pinned {wanted}")
        shutil.copyfile(handler, os.path.join(staging, "handler.py"))
        shutil.rmtree(task, ignore_errors=True)
        os.rename(staging, task)
        with open(stamp, "w") as file:
            file.write(digest.hexdigest())
    # The zips a user would upload (without __pycache__, as Lambda cannot write
    # one to its read-only task root anyway): on the managed python3.11
    # runtime, which brings boto3, botocore, urllib3 and its own runtime
    # client, the function zip holds the handler and cfnresponse; self-contained
    # (provided.al2023 or a container image), everything in the task root.
    files = []
    for directory, subdirectories, names in os.walk(task):
        subdirectories[:] = sorted(d for d in subdirectories if d != "__pycache__")
        for name in names:
            path = os.path.join(directory, name)
            files.append((os.path.relpath(path, task), path, 0o755 if os.access(path, os.X_OK) else 0o644))
    managed = [entry for entry in files if entry[0] == "handler.py" or entry[0].split("/")[0] in ("cfnresponse", "cfnresponse-1.1.5.dist-info")]
    sizes = {}
    for label, entries in (("managed", managed), ("self_contained", files)):
        path = os.path.join(base, f"peer-{label}.zip")
        write_zip(path, entries)
        sizes[label] = {"zipped": os.path.getsize(path), "unzipped": sum(os.path.getsize(source) for _, source, _ in entries),
                        "files": len(entries)}
    version = subprocess.run([python, "-c", "import sys; print(sys.version.split()[0])"], capture_output=True, text=True).stdout.strip()
    return {"python": python, "python_version": version, "task": task, "sizes": sizes,
            "packages": {name: version for name, version in read_pins()}}


# --------------------------------------------------------------------------
# Processes

def spawn(side: Side) -> tuple:
    """posix_spawn in a session of its own (so that the whole function, the
    supervisor and its worker, can be ended by its process group), from its
    task root, output appended to its log. Returns (start ns, pid)."""
    log = os.open(side.log_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    actions = [(os.POSIX_SPAWN_OPEN, 0, "/dev/null", os.O_RDONLY, 0),
               (os.POSIX_SPAWN_DUP2, log, 1), (os.POSIX_SPAWN_DUP2, log, 2), (os.POSIX_SPAWN_CLOSE, log)]
    os.chdir(side.cwd)  # posix_spawn has no cwd of its own; nothing else here uses relative paths
    try:
        start = now()
        pid = os.posix_spawn(side.argv[0], side.argv, side.environment, file_actions=actions, setsid=True)
    finally:
        os.chdir(ROOT)
        os.close(log)
    return start, pid


def descendants(pid: int) -> list:
    found = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except FileNotFoundError:
        return found
    for task in tasks:
        try:
            with open(f"/proc/{pid}/task/{task}/children") as file:
                children = [int(child) for child in file.read().split()]
        except FileNotFoundError:
            continue
        for child in children:
            found += [child] + descendants(child)
    return found


def memory(pid: int) -> dict:
    """KiB: VmHWM (peak RSS), VmRSS, RssAnon, RssFile from status; Pss from smaps_rollup."""
    figures = {}
    with open(f"/proc/{pid}/status") as file:
        for line in file:
            name, _, value = line.partition(":")
            if name in ("VmHWM", "VmRSS", "RssAnon", "RssFile", "RssShmem"):
                figures[name] = int(value.split()[0])
    try:
        with open(f"/proc/{pid}/smaps_rollup") as file:
            for line in file:
                if line.startswith("Pss:"):
                    figures["Pss"] = int(line.split()[1])
    except OSError:
        pass
    return figures


def mappings(pid: int, top: int = 8) -> list:
    """Where a process's resident pages are: Rss and Pss (KiB) by mapped file
    ([anon], [heap], [stack] for the rest), largest first."""
    totals = {}
    name = None
    with open(f"/proc/{pid}/smaps") as file:
        for line in file:
            head = line.split()
            if re.match(r"^[0-9a-f]+-[0-9a-f]+ ", line):
                name = head[5] if len(head) > 5 else "[anon]"
            elif head and head[0] in ("Rss:", "Pss:"):
                entry = totals.setdefault(name, {"Rss": 0, "Pss": 0})
                entry[head[0][:-1]] += int(head[1])
    ranked = sorted(totals.items(), key=lambda item: -item[1]["Rss"])
    return [{"mapping": mapping, **figures} for mapping, figures in ranked[:top] if figures["Rss"]]


def snapshot(pid: int, detail: bool = False) -> dict:
    """The memory of the function's processes: the one Lambda started and its
    descendants; with `detail`, where their resident pages are."""
    def one(process: int) -> dict:
        figures = memory(process)
        if detail:
            figures["mappings"] = mappings(process)
        return figures
    return {"pid": pid, "self": one(pid), "descendants": [{"pid": child, **one(child)} for child in descendants(pid)]}


def stop(pid: int) -> None:
    """SIGKILL to the function's process group (ours: made by setsid), then
    reaps it and, as this process is their subreaper, its orphans."""
    orphans = descendants(pid)
    try:
        os.killpg(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    for child in [pid] + orphans:
        try:
            os.waitpid(child, 0)
        except ChildProcessError:
            pass


def wait_until(predicate, pid: int, what: str, side: Side) -> None:
    """Waits for predicate() (under `changed`); raises if the process exits first or time runs out."""
    deadline = time.monotonic() + WAIT_SECONDS
    with changed:
        while not predicate():
            if time.monotonic() > deadline:
                raise BenchError(f"{side.name}: no {what} within {WAIT_SECONDS} s; its log: {side.log_path}")
            changed.wait(0.05)
            done, _ = os.waitpid(pid, os.WNOHANG)
            if done:
                raise BenchError(f"{side.name} exited before {what}; its log ({side.log_path}):\n{log_tail(side)}")


def log_tail(side: Side, lines: int = 20) -> str:
    try:
        with open(side.log_path, errors="replace") as file:
            return "".join(file.readlines()[-lines:])
    except OSError:
        return ""


# --------------------------------------------------------------------------
# The runs

class Bench:
    def __init__(self, endpoint: str, expected: dict, responses: ResponseURLServer):
        self.endpoint = endpoint
        self.expected = expected
        self.responses = responses
        with open(EVENT) as file:
            self.template = json.load(file)

    def event(self) -> tuple:
        """create.json with a fresh RequestId and its ResponseURL moved to the loopback server."""
        event = json.loads(json.dumps(self.template))
        request_id = str(uuid.uuid4())
        url = event["ResponseURL"].replace(event["RequestId"], request_id)
        path = url.split("amazonaws.com", 1)[1]
        event["RequestId"] = request_id
        event["ResponseURL"] = f"http://127.0.0.1:{self.responses.port}{path}"
        return request_id, json.dumps(event).encode()

    def check(self, side: Side, request_id: str) -> None:
        _, body, _, _ = self.responses.responses[request_id]
        problems = []
        if body.get("Status") != "SUCCESS":
            problems.append(f"Status {body.get('Status')}: {body.get('Reason')}")
        if body.get("PhysicalResourceId") != self.expected["VpcId"]:
            problems.append(f"PhysicalResourceId {body.get('PhysicalResourceId')}")
        if body.get("Data") != self.expected:
            problems.append(f"Data {body.get('Data')} instead of {self.expected}")
        if body.get("LogicalResourceId") != self.template["LogicalResourceId"] or body.get("StackId") != self.template["StackId"]:
            problems.append("StackId or LogicalResourceId not those of the event")
        if problems:
            raise BenchError(f"{side.name} answered CloudFormation wrongly: {'; '.join(problems)}")

    def invoked(self, api: RuntimeAPI, invocation: Invocation, request_id: str, nexts_before: int):
        """The invocation is over: CloudFormation has its response, Lambda its
        answer, and the function asks for the next event."""
        return lambda: bool(api.init_errors) or (
            request_id in self.responses.responses and invocation.answered is not None and len(api.nexts) > nexts_before)

    def cold(self, side: Side, api: RuntimeAPI) -> dict:
        api.reset()
        request_id, event = self.event()
        invocation = api.submit(event)
        start, pid = spawn(side)
        try:
            wait_until(self.invoked(api, invocation, request_id, 1), pid, "CloudFormation response", side)
            if api.init_errors:
                raise BenchError(f"{side.name} reported an init error: {api.init_errors[0][:500]!r}")
            memory = snapshot(pid)  # idle again, asking for its next event: just before the kill
        finally:
            stop(pid)
        if invocation.outcome != "response":
            raise BenchError(f"{side.name} reported the invocation as failed: {invocation.answer[:500]!r}")
        self.check(side, request_id)
        return {
            "init_ms": (api.nexts[0] - start) / 1e6,
            "cold_ms": (self.responses.responses[request_id][0] - start) / 1e6,
            "cold_lambda_response_ms": (invocation.answered - start) / 1e6,
            "memory": memory,
        }

    def start_warm(self, side: Side, api: RuntimeAPI) -> int:
        api.reset()
        _, pid = spawn(side)
        wait_until(lambda: bool(api.nexts), pid, "first GET /next", side)
        return pid

    def warm(self, side: Side, api: RuntimeAPI, pid: int) -> dict:
        with changed:
            nexts_before = len(api.nexts)
        request_id, event = self.event()
        invocation = api.submit(event)
        wait_until(self.invoked(api, invocation, request_id, nexts_before), pid, "CloudFormation response", side)
        if invocation.outcome != "response":
            raise BenchError(f"{side.name} reported the invocation as failed: {invocation.answer[:500]!r}")
        self.check(side, request_id)
        return {
            "warm_ms": (self.responses.responses[request_id][0] - invocation.handed_out) / 1e6,
            "warm_lambda_response_ms": (invocation.answered - invocation.handed_out) / 1e6,
        }


# --------------------------------------------------------------------------
# Figures and the table

def summary(samples: list) -> dict:
    return {"min": min(samples), "median": statistics.median(samples), "max": max(samples), "n": len(samples)}


def peak_rss(memory: dict) -> dict:
    """KiB: the process Lambda started and its descendants; their sum."""
    own = memory["self"]
    children = memory["descendants"]
    return {
        "started": own["VmHWM"],
        "descendants": sum(child["VmHWM"] for child in children),
        "sum": own["VmHWM"] + sum(child["VmHWM"] for child in children),
        "pss": own.get("Pss", 0) + sum(child.get("Pss", 0) for child in children),
        "processes": 1 + len(children),
    }


def machine() -> dict:
    model = ""
    with open("/proc/cpuinfo") as file:
        for line in file:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    swift = shutil.which("swift") or ("/opt/swift/usr/bin/swift" if os.path.exists("/opt/swift/usr/bin/swift") else None)
    swift_version = ""
    if swift:
        try:
            swift_version = subprocess.run([swift, "--version"], capture_output=True, text=True, timeout=30).stdout.splitlines()[0]
        except (OSError, subprocess.TimeoutExpired, IndexError):
            pass
    os_name = ""
    if os.path.exists("/etc/os-release"):
        with open("/etc/os-release") as file:
            os_name = dict(line.rstrip("\n").split("=", 1) for line in file if "=" in line).get("PRETTY_NAME", "").strip('"')
    commit = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    dirty = bool(subprocess.run(["git", "-C", ROOT, "status", "--porcelain", "--untracked-files=no"], capture_output=True, text=True).stdout.strip())
    return {"host": platform.node(), "os": os_name, "kernel": platform.release(), "cpu": model, "cores": os.cpu_count(),
            "memory_gib": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
            "swift": swift_version, "git": commit + ("-dirty" if dirty else "")}


def ratio(a: float, b: float) -> float:
    return a / b if b else float("inf")


def render(result: dict) -> str:
    figures, settings, machine_info = result["figures"], result["settings"], result["machine"]
    packages = result["peer"]["packages"]
    lines = [
        f"mapu vs the Python peer: DefaultVpcId Create against moto_server; {settings['cold_starts']} cold starts and "
        f"{settings['warm_invocations']} warm invocations per side, taken A B A B",
        f"  mapu: {result['mapu']['layout']}",
        f"  peer: python {result['peer']['python_version']} -m awslambdaric handler.lambda_handler (awslambdaric "
        f"{packages['awslambdaric']}, boto3 {packages['boto3']}, cfnresponse {packages['cfnresponse']})",
        "",
    ]
    label_width, cell_width = 42, 28

    def triple(summary_: dict, scale: float, digits: int) -> str:
        return " ".join(f"{summary_[key] / scale:8.{digits}f}" for key in ("min", "median", "max")).rjust(cell_width)

    def single(value: float, digits: int) -> str:
        return f"{value:,.{digits}f}".rjust(cell_width)

    def row(label: str, unit: str, mapu: str, peer: str, ratio_: float = None) -> None:
        tail = f"{ratio_:10.3f}" if ratio_ is not None else ""
        lines.append(f"{label:<{label_width}}{unit:>4} {mapu}   {peer}   {tail}")

    head = f"{'':<{label_width}}{'':>4} " + "mapu".center(cell_width) + "   " + "peer".center(cell_width) + "   " + "mapu/peer"
    lines.append(head)
    lines.append(f"{'':<{label_width}}{'':>4} " + "min   median      max".rjust(cell_width) + "   "
                 + "min   median      max".rjust(cell_width) + "   " + "(medians)")
    lines.append("-" * len(head))
    for label, key in (("init: start → first GET /next", "init_ms"),
                       ("cold invocation: start → CFN response", "cold_ms"),
                       ("warm invocation: event → CFN response", "warm_ms")):
        figure = figures[key]
        row(label, "ms", triple(figure["mapu"], 1, 2), triple(figure["peer"], 1, 2), figure["ratio"])
    tls = figures["cold_ms_with_libcurl"]
    row("  mapu, libcurl preloaded (https setup)", "ms", triple(tls["mapu"], 1, 2), "".rjust(cell_width), tls["ratio"])
    floor = figures["moto_floor_ms"]
    row("  moto alone: the same 2 EC2 calls", "ms", triple(floor, 1, 2), triple(floor, 1, 2))
    rss = figures["peak_rss_kib"]
    row("peak RSS (VmHWM), all processes", "MiB", triple(rss["sum"]["mapu"], 1024, 2), triple(rss["sum"]["peer"], 1024, 2),
        rss["sum"]["ratio"])
    row("  mapu, libcurl preloaded (https setup)", "MiB", triple(rss["sum"][TLS_SIDE], 1024, 2), "".rjust(cell_width),
        ratio(rss["sum"][TLS_SIDE]["median"], rss["sum"]["peer"]["median"]))
    row("  mapu worker (serves the events)", "MiB", triple(rss["worker"]["mapu"], 1024, 2), "—".rjust(cell_width))
    row("  mapu-supervisor (Lambda's pid)", "MiB", triple(rss["supervisor"]["mapu"], 1024, 2), "—".rjust(cell_width))
    row("  Pss, all processes", "MiB", triple(rss["pss"]["mapu"], 1024, 2), triple(rss["pss"]["peer"], 1024, 2),
        rss["pss"]["ratio"])
    after = figures["peak_rss_after_warm_kib"]
    row(f"peak RSS after {settings['warm_invocations'] + settings['discarded_warm_invocations']} warm invocations", "MiB",
        single(after["mapu"] / 1024, 2), single(after["peer"] / 1024, 2), ratio(after["mapu"], after["peer"]))
    sizes = figures["package_bytes"]
    for kind in ("zipped", "unzipped"):
        for label, key in (("peer: managed py3.11", "peer_managed"), ("peer: self-contained", "peer_self_contained")):
            row(f"package {kind} ({label})", "B", single(sizes["mapu"][kind], 0), single(sizes[key][kind], 0),
                ratio(sizes["mapu"][kind], sizes[key][kind]))
    lines += [
        "",
        "start: just before posix_spawn; times from this script's monotonic clock as the loopback servers see the requests.",
        "warm: after " + str(settings["discarded_warm_invocations"]) + " discarded invocations on the same process; "
        "moto alone: the same two calls sent from this script.",
        "mapu forks first: Lambda's pid becomes mapu-supervisor (C), its child the worker that serves events; VmHWM is summed",
        "over both, Pss counts shared pages once. RSS read when the function is idle again, before SIGKILL.",
        "Both sides call moto over plain http:// on loopback: mapu then uses its own HTTP/1.1 client and never loads libcurl",
        "or TLS. With https endpoints (AWS itself, as in Lambda) it loads libcurl, and OpenSSL with it, while waiting for its",
        "first event: the rows 'libcurl preloaded' are that setup (only EC2 points at moto), in the same A B A B rounds,",
        "though no call is https, so no TLS handshake is counted. This machine's libcurl is Debian's, with ~25 libraries",
        "(gnutls, krb5, ldap…) that AL2023's libcurl-minimal lacks.",
        "package, mapu: function zip + layer zip. Peer on the managed python3.11 runtime: handler.py + cfnresponse (that",
        "runtime brings Python, boto3, botocore, urllib3 and its own runtime client). Peer self-contained: handler.py and",
        "every pinned package (awslambdaric, boto3 and their dependencies), no __pycache__, the interpreter not counted.",
        f"machine: {machine_info['cpu']}, {machine_info['cores']} cores, {machine_info['os']}, {machine_info['swift']}; "
        f"git {machine_info['git']}; load average {result['load_before']} before, {result['load_after']} after.",
    ]
    return "\n".join(lines)


# --------------------------------------------------------------------------

def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=int(os.environ.get("BENCH_RUNS", "50")), help="cold starts per side (BENCH_RUNS)")
    parser.add_argument("--warm", type=int, default=int(os.environ.get("BENCH_WARM", "300")), help="warm invocations per side (BENCH_WARM)")
    parser.add_argument("--out", default=os.path.join(DIST, "bench.json"))
    arguments = parser.parse_args()
    if arguments.runs < 1 or arguments.warm < 1:
        parser.error("--runs and --warm must be at least 1")
    if arguments.runs < 20 or arguments.warm < 100:
        print(f"bench: {arguments.runs} cold starts and {arguments.warm} warm invocations per side: a quick run; "
              "the figures to quote need at least 20 and 100 (the defaults are 50 and 300)", file=sys.stderr)

    # Orphans of the function (mapu's worker once its supervisor is killed) come to us to be reaped.
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER

    os.makedirs(os.path.join(WORK, "logs"), exist_ok=True)
    load_before = " ".join(open("/proc/loadavg").read().split()[:3])
    mapu = prepare_mapu()
    peer = prepare_peer()

    moto_log = open(os.path.join(WORK, "logs", "moto.log"), "w")
    moto, endpoint = start_moto(moto_log)
    responses = ResponseURLServer()
    apis = {"mapu": RuntimeAPI("mapu"), "peer": RuntimeAPI("peer"), TLS_SIDE: RuntimeAPI(TLS_SIDE)}
    try:
        expected = seed(endpoint)
        sides = {
            "mapu": Side("mapu", [mapu["bootstrap"]], mapu["task"],
                         lambda_environment(mapu["task"], mapu["opt"], "DefaultVpcId", apis["mapu"], endpoint, {}),
                         os.path.join(WORK, "logs", "mapu.log")),
            # As in Lambda, where AWS is https: only EC2 points at moto, the
            # other endpoints keep their https defaults, so mapu loads libcurl
            # (and OpenSSL with it) while it waits for its first event.
            TLS_SIDE: Side(TLS_SIDE, [mapu["bootstrap"]], mapu["task"],
                           {key: value for key, value in lambda_environment(mapu["task"], mapu["opt"], "DefaultVpcId", apis[TLS_SIDE],
                                                                            endpoint, {"AWS_ENDPOINT_URL_EC2": endpoint}).items()
                            if key != "AWS_ENDPOINT_URL"},
                           os.path.join(WORK, "logs", f"{TLS_SIDE}.log")),
            "peer": Side("peer", [peer["python"], "-m", "awslambdaric", "handler.lambda_handler"], peer["task"],
                         lambda_environment(peer["task"], os.path.join(WORK, "peer", "opt"), "handler.lambda_handler",
                                            apis["peer"], endpoint, {"AWS_EXECUTION_ENV": "AWS_Lambda_python3.11"}),
                         os.path.join(WORK, "logs", "peer.log")),
        }
        for side in sides.values():
            open(side.log_path, "w").close()
        bench = Bench(endpoint, expected, responses)
        order = ("mapu", "peer")

        print(f"bench: {WARM_UP_COLD} + {arguments.runs} cold starts per side, A B A B … (and mapu with libcurl loaded)", file=sys.stderr)
        cold = {name: [] for name in order + (TLS_SIDE,)}
        for run in range(WARM_UP_COLD + arguments.runs):
            for name in order + (TLS_SIDE,):
                sample = bench.cold(sides[name], apis[name])
                if run >= WARM_UP_COLD:
                    cold[name].append(sample)

        print(f"bench: {WARM_UP_WARM} + {arguments.warm} warm invocations per side, A B A B …", file=sys.stderr)
        pids = {}
        warm = {name: [] for name in order}
        try:
            for name in order:
                pids[name] = bench.start_warm(sides[name], apis[name])
            for run in range(WARM_UP_WARM + arguments.warm):
                for name in order:
                    sample = bench.warm(sides[name], apis[name], pids[name])
                    if run >= WARM_UP_WARM:
                        warm[name].append(sample)
            after_warm = {name: snapshot(pid, detail=True) for name, pid in pids.items()}
        finally:
            for pid in pids.values():
                stop(pid)
        floor = moto_floor(endpoint, expected["VpcId"], max(20, min(arguments.warm, 100)))
    finally:
        for api in apis.values():
            api.close()
        responses.close()
        stop_popen(moto)
        moto_log.close()
    load_after = " ".join(open("/proc/loadavg").read().split()[:3])

    def both(extract) -> dict:
        mapu_summary, peer_summary = summary([extract(s) for s in cold["mapu"]]), summary([extract(s) for s in cold["peer"]])
        return {"mapu": mapu_summary, "peer": peer_summary, "ratio": ratio(mapu_summary["median"], peer_summary["median"])}

    def both_warm(key) -> dict:
        mapu_summary, peer_summary = summary([s[key] for s in warm["mapu"]]), summary([s[key] for s in warm["peer"]])
        return {"mapu": mapu_summary, "peer": peer_summary, "ratio": ratio(mapu_summary["median"], peer_summary["median"])}

    rss = {name: [peak_rss(sample["memory"]) for sample in cold[name]] for name in order + (TLS_SIDE,)}
    for name in order:
        counts = {entry["processes"] for entry in rss[name]}
        if name == "mapu" and counts != {2}:
            print(f"bench: note: mapu ran as {sorted(counts)} processes (expected supervisor + worker)", file=sys.stderr)
        if name == "peer" and counts != {1}:
            print(f"bench: note: the peer ran as {sorted(counts)} processes; all are summed", file=sys.stderr)
    peak = {
        "sum": {name: summary([entry["sum"] for entry in rss[name]]) for name in order},
        "pss": {name: summary([entry["pss"] for entry in rss[name]]) for name in order},
        "worker": {"mapu": summary([entry["descendants"] for entry in rss["mapu"]])},
        "supervisor": {"mapu": summary([entry["started"] for entry in rss["mapu"]])},
    }
    peak["sum"][TLS_SIDE] = summary([entry["sum"] for entry in rss[TLS_SIDE]])
    peak["sum"]["ratio"] = ratio(peak["sum"]["mapu"]["median"], peak["sum"]["peer"]["median"])
    peak["pss"]["ratio"] = ratio(peak["pss"]["mapu"]["median"], peak["pss"]["peer"]["median"])
    figures = {
        "init_ms": both(lambda s: s["init_ms"]),
        "cold_ms": both(lambda s: s["cold_ms"]),
        "cold_lambda_response_ms": both(lambda s: s["cold_lambda_response_ms"]),
        "cold_ms_with_libcurl": {"mapu": summary([s["cold_ms"] for s in cold[TLS_SIDE]]),
                                 "ratio": ratio(summary([s["cold_ms"] for s in cold[TLS_SIDE]])["median"],
                                                summary([s["cold_ms"] for s in cold["peer"]])["median"])},
        "warm_ms": both_warm("warm_ms"),
        "warm_lambda_response_ms": both_warm("warm_lambda_response_ms"),
        "moto_floor_ms": floor,
        "peak_rss_kib": peak,
        "peak_rss_after_warm_kib": {name: peak_rss(after_warm[name])["sum"] for name in order},
        "package_bytes": {
            "mapu": {"zipped": mapu["zipped"], "unzipped": mapu["unzipped"]},
            "peer_managed": peer["sizes"]["managed"],
            "peer_self_contained": peer["sizes"]["self_contained"],
        },
    }
    result = {
        "generated": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "command": "make bench (python3 scripts/bench.py)",
        "settings": {"cold_starts": arguments.runs, "warm_invocations": arguments.warm,
                     "discarded_cold_starts": WARM_UP_COLD, "discarded_warm_invocations": WARM_UP_WARM,
                     "order": "A B A B (mapu, peer)", "region": REGION, "event": os.path.relpath(EVENT, ROOT)},
        "machine": machine(),
        "load_before": load_before,
        "load_after": load_after,
        "mapu": {key: mapu[key] for key in ("layout", "zips")},
        "peer": {"python_version": peer["python_version"], "packages": peer["packages"], "sizes": peer["sizes"],
                 "runtime_client": "awslambdaric (python3 -m awslambdaric handler.lambda_handler)",
                 "package_note": "managed: handler.py + cfnresponse (the python3.11 managed runtime provides boto3, "
                                 "botocore, urllib3 and its runtime client); self_contained: every pinned package; "
                                 "no __pycache__; the interpreter not counted"},
        "expected": expected,
        "figures": figures,
        "samples": {
            "cold": {name: [{key: sample[key] for key in ("init_ms", "cold_ms", "cold_lambda_response_ms")}
                            | {"peak_rss_kib": peak_rss(sample["memory"]), "memory": sample["memory"]} for sample in cold[name]]
                     for name in order + (TLS_SIDE,)},
            "warm": warm,
            "after_warm_memory": after_warm,
        },
    }
    table = render(result)
    result["table"] = table
    os.makedirs(os.path.dirname(os.path.abspath(arguments.out)), exist_ok=True)
    with open(arguments.out, "w") as file:
        json.dump(result, file, indent=1)
        file.write("\n")
    print(table)
    shown = os.path.relpath(arguments.out, ROOT)
    print(f"\nbench: figures and samples in {shown if not shown.startswith('..') else os.path.abspath(arguments.out)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BenchError as error:
        print(f"bench: {error}", file=sys.stderr)
        sys.exit(1)
