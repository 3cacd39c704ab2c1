#!/usr/bin/env python3
"""`make text-order`: which functions a cold start runs, in the order it runs
them, for the linker to lay out side by side.

usage: text_order.py [--out FILE] BOOTSTRAP

BOOTSTRAP is a release build (`make release`). It runs once, under
`valgrind --tool=callgrind`, through the benchmark's job (scripts/bench.py: a
DefaultVpcId Create against a seeded moto_server, through the loopback
Runtime API and ResponseURL servers), with mapu-supervisor beside it as in
the layer; then SIGTERM ends it, so that callgrind writes what every process
of it executed (the supervisor is not traced). The functions of the bootstrap
itself, first call first, go to FILE (default scripts/text-order.txt), which
`make release` hands to lld as `--symbol-ordering-file`.

Why: the kernel maps a binary's code 64 KiB around every page a process
touches, so a cold start's few hundred KiB of code, scattered over the 9 MB
of the static binary, kept ~5.5 MiB of it resident in the worker. Laid out
together they keep ~2 MiB less (README, "Benchmark"). An out-of-date list
costs only that gain: a function missing from it is laid out as before.
"""
import argparse
import glob
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import bench  # noqa: E402

DEFAULT_OUT = os.path.join(HERE, "text-order.txt")
DEFINITION = re.compile(r"^(ob|cob|fn|cfn)=\((\d+)\)(?: (.*))?$")


def executed(profile: str, binary_name: str) -> list:
    """Functions with costs in a callgrind profile whose object is the
    binary, in the order they first appear; callgrind's recursion marks
    (`name'2`) dropped."""
    names = {"ob": {}, "fn": {}}
    current_object = None
    found, seen = [], set()
    with open(profile, errors="replace") as file:
        for line in file:
            match = DEFINITION.match(line.rstrip("\n"))
            if not match:
                continue
            kind, ident, name = match.groups()
            table = names["ob" if kind in ("ob", "cob") else "fn"]
            if name is not None:
                table[ident] = name
            if kind == "ob":
                current_object = table[ident]
            elif kind == "fn" and current_object and os.path.basename(current_object) == binary_name:
                function = re.sub(r"'\d+$", "", table[ident])
                if function not in seen and not function.startswith(("0x", "(")):
                    seen.add(function)
                    found.append(function)
    return found


def profile(binary: str, work: str) -> list:
    """Runs the benchmark's cold invocation of `binary` under callgrind;
    returns the profiles written."""
    os.makedirs(work, exist_ok=True)
    mapu = bench.prepare_mapu()
    log = open(os.path.join(work, "moto.log"), "w")
    moto, endpoint = bench.start_moto(log)
    responses, api = bench.ResponseURLServer(), bench.RuntimeAPI("mapu")
    bench.WAIT_SECONDS = 180  # callgrind runs ~50 times slower
    killed = bench.stop

    def gently(pid: int) -> None:
        """SIGTERM first: callgrind writes its profile only at a clean exit."""
        try:
            os.killpg(pid, signal.SIGTERM)
        except ProcessLookupError:
            return
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and os.waitpid(pid, os.WNOHANG) == (0, 0):
            time.sleep(0.2)
        killed(pid)

    bench.stop = gently
    try:
        expected = bench.seed(endpoint)
        argv = [shutil.which("valgrind"), "--tool=callgrind", "--demangle=no", "--dump-instr=no",
                f"--callgrind-out-file={work}/callgrind.%p", binary]
        side = bench.Side("mapu", argv, mapu["task"],
                          bench.lambda_environment(mapu["task"], mapu["opt"], "DefaultVpcId", api, endpoint, {}),
                          os.path.join(work, "bootstrap.log"))
        open(side.log_path, "w").close()
        bench.Bench(endpoint, expected, responses).cold(side, api)
    finally:
        bench.stop = killed
        api.close()
        responses.close()
        bench.stop_popen(moto)
        log.close()
    return sorted(glob.glob(os.path.join(work, "callgrind.*")))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", default=DEFAULT_OUT)
    parser.add_argument("binary")
    arguments = parser.parse_args()
    if not shutil.which("valgrind"):
        print("text_order: needs valgrind (apt-get install valgrind)", file=sys.stderr)
        return 2
    if not os.path.isfile(arguments.binary):
        print(f"text_order: no binary at {arguments.binary}: run `make release` first", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="mapu-text-order-") as work:
        # valgrind 3.19 cannot read the DWARF 5 of Swift 6's clang; the symbol table is all it needs.
        binary = os.path.join(work, "bootstrap")
        subprocess.run(["strip", "--strip-debug", "-o", binary, arguments.binary], check=True)
        # Beside it, as in the layer, so that the parent becomes the C supervisor
        # and the profile holds no Swift supervision a Lambda never runs.
        subprocess.run(["cc", "-O2", "-o", os.path.join(work, "mapu-supervisor"),
                        os.path.join(os.path.dirname(HERE), "Sources", "mapu-supervisor", "main.c")], check=True)
        profiles = profile(binary, work)
        functions, seen = [], set()
        for path in profiles:
            for function in executed(path, "bootstrap"):
                if function not in seen:
                    seen.add(function)
                    functions.append(function)
    if not functions:
        print(f"text_order: the profiles ({len(profiles)}) name no function of the bootstrap", file=sys.stderr)
        return 1
    with open(arguments.out, "w") as file:
        file.write("".join(f"{function}\n" for function in functions))
    print(f"text_order: {len(functions)} functions from {len(profiles)} processes → {os.path.relpath(arguments.out)}")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except bench.BenchError as error:
        print(f"text_order: {error}", file=sys.stderr)
        sys.exit(1)
