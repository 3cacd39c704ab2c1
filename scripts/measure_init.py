#!/usr/bin/env python3
"""Measures a Lambda runtime's init: process start to its first GET /next.

usage: measure_init.py [--runs N] [--env NAME=VALUE]... BOOTSTRAP

A loopback Runtime API (this script) records when the first request line
arrives; the clock starts just before posix_spawn. Each run is a fresh
process (a cold start), killed once it has asked for its first event.
Prints min / median / max in milliseconds. A measurement, not a test.
"""
import argparse
import os
import signal
import socket
import statistics
import sys
import threading
import time


def serve_once(listener: socket.socket, arrived: list, done: threading.Event) -> None:
    connection, _ = listener.accept()
    data = b""
    while b"\r\n" not in data:
        chunk = connection.recv(4096)
        if not chunk:
            break
        data += chunk
    arrived.append(time.perf_counter_ns())
    first_line = data.split(b"\r\n", 1)[0]
    arrived.append(first_line)
    done.set()
    connection.close()


def one_run(binary: str, handler: str, extra: dict) -> float:
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    port = listener.getsockname()[1]
    arrived: list = []
    done = threading.Event()
    thread = threading.Thread(target=serve_once, args=(listener, arrived, done), daemon=True)
    thread.start()
    environment = {
        "AWS_LAMBDA_RUNTIME_API": f"127.0.0.1:{port}",
        "_HANDLER": handler,
        "AWS_REGION": "us-east-1",
        "AWS_ACCESS_KEY_ID": "AKIAIOSFODNN7EXAMPLE",
        "AWS_SECRET_ACCESS_KEY": "secret",
        "AWS_SESSION_TOKEN": "token",
        "AWS_LAMBDA_FUNCTION_NAME": "measure-init",
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "128",
        "AWS_LAMBDA_LOG_GROUP_NAME": "/aws/lambda/measure-init",
        "AWS_LAMBDA_LOG_STREAM_NAME": "2026/11/26/[$LATEST]measure",
        **extra,
    }
    with open(os.devnull, "wb") as devnull:
        file_actions = [(os.POSIX_SPAWN_DUP2, devnull.fileno(), 1), (os.POSIX_SPAWN_DUP2, devnull.fileno(), 2)]
        start = time.perf_counter_ns()
        pid = os.posix_spawn(binary, [binary], environment, file_actions=file_actions)
    finished = done.wait(10)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    listener.close()
    if not finished:
        raise RuntimeError(f"{binary} made no request to the Runtime API within 10 s")
    if not arrived[1].startswith(b"GET /2018-06-01/runtime/invocation/next "):
        raise RuntimeError(f"first request was {arrived[1]!r}, not GET /next")
    return (arrived[0] - start) / 1e6


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--handler", default="DefaultVpcId")
    parser.add_argument("--env", action="append", default=[], metavar="NAME=VALUE",
                        help="more environment, e.g. LD_LIBRARY_PATH for a layout with shared libraries")
    parser.add_argument("binary")
    arguments = parser.parse_args()
    binary = os.path.abspath(arguments.binary)
    extra = dict(item.split("=", 1) for item in arguments.env)
    for _ in range(3):  # page cache and CPU frequency settle
        one_run(binary, arguments.handler, extra)
    samples = sorted(one_run(binary, arguments.handler, extra) for _ in range(arguments.runs))
    print(f"init (process start → first GET /next) of {binary}, {arguments.runs} cold starts:")
    print(f"  min {samples[0]:.2f} ms   median {statistics.median(samples):.2f} ms   max {samples[-1]:.2f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
