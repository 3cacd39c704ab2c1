#!/usr/bin/env python3
"""Measures the ways of splitting mapu between a function zip and a layer zip,
by size and by cold start, to choose one. A measurement, not a test.

usage: measure_split.py [--runs N] STATIC_BOOTSTRAP DYNAMIC_BOOTSTRAP

STATIC_BOOTSTRAP: `swift build -c release --static-swift-stdlib --product bootstrap`;
DYNAMIC_BOOTSTRAP: `swift build -c release --product bootstrap` (the Swift
runtime as shared libraries). `make measure-split` builds both and runs this.

Layouts, each zipped as `make package` zips (stripped, reproducible):
- runtime-in-layer: the static bootstrap as /opt/bootstrap; the function zip
  holds a manifest only (what `make package` ships);
- runtime-in-function: the static bootstrap as /var/task/bootstrap, in the
  function zip (each of the three functions would carry its own copy); an
  empty layer;
- swift-libs-in-layer: the dynamic bootstrap in the function zip, the Swift
  runtime libraries it needs in the layer's lib/ (found through Lambda's
  LD_LIBRARY_PATH, /opt/lib).

For each: zipped and unzipped sizes, what the compatibility check says, and
init (process start → first GET /next, scripts/measure_init.py) run from the
unzipped layout with LD_LIBRARY_PATH as Lambda sets it.
"""
import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import check_compat  # noqa: E402
import measure_init  # noqa: E402
import package  # noqa: E402


def stripped(binary: str, into: str) -> bytes:
    out = os.path.join(into, os.path.basename(binary) + ".stripped")
    subprocess.run(["strip", "--strip-all", "-o", out, binary], check=True)
    package.normalize(out)
    with open(out, "rb") as file:
        return file.read()


def swift_libraries(binary: str) -> list[str]:
    """The shared libraries of the Swift toolchain that `binary` loads."""
    out = subprocess.run(["ldd", binary], capture_output=True, text=True, check=True).stdout
    return sorted(path for path in re.findall(r"=> (/\S+)", out) if "/swift/" in path)


def measure(starts: dict[str, tuple[str, str]], runs: int) -> dict[str, str]:
    """Cold starts of each layout, taken in turn so that a busy machine slows all alike."""
    samples: dict[str, list[float]] = {name: [] for name in starts}
    for turn in range(runs + 3):
        for name, (bootstrap, library_path) in starts.items():
            elapsed = measure_init.one_run(bootstrap, "DefaultVpcId", {"LD_LIBRARY_PATH": library_path})
            if turn >= 3:  # page cache and CPU frequency settle first
                samples[name].append(elapsed)
    return {name: f"min {min(values):.2f} ms   median {statistics.median(values):.2f} ms   max {max(values):.2f} ms"
            for name, values in samples.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("static_bootstrap")
    parser.add_argument("dynamic_bootstrap")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="mapu-split-") as scratch:
        static = stripped(arguments.static_bootstrap, scratch)
        dynamic = stripped(arguments.dynamic_bootstrap, scratch)
        libraries = []
        for path in swift_libraries(arguments.dynamic_bootstrap):
            libraries.append((f"lib/{os.path.basename(path)}", stripped(path, scratch), 0o755))
        manifest = (b'{"runtime": "/opt/bootstrap, from the layer"}\n', 0o644)
        layouts = {
            "runtime-in-layer": ([("mapu-function.json", *manifest)], [("bootstrap", static, 0o755)]),
            "runtime-in-function": ([("bootstrap", static, 0o755)], [("README", b"nothing shared\n", 0o644)]),
            "swift-libs-in-layer": ([("bootstrap", dynamic, 0o755)], libraries),
        }
        rows, starts, verdicts = [], {}, []
        for name, (function_entries, layer_entries) in layouts.items():
            root = os.path.join(scratch, name)
            function_zip, layer_zip = os.path.join(root, "function.zip"), os.path.join(root, "layer.zip")
            os.makedirs(root)
            package.write_zip(function_zip, function_entries)
            package.write_zip(layer_zip, layer_entries)
            task, opt = os.path.join(root, "task"), os.path.join(root, "opt")
            for archive, target in ((function_zip, task), (layer_zip, opt)):
                with zipfile.ZipFile(archive) as opened:
                    opened.extractall(target)
                    for info in opened.infolist():
                        os.chmod(os.path.join(target, info.filename), (info.external_attr >> 16) & 0o777)
            bootstrap = os.path.join(task, "bootstrap")
            if not os.path.exists(bootstrap):
                bootstrap = os.path.join(opt, "bootstrap")
            starts[name] = (bootstrap, f"/lib64:/usr/lib64:{task}:{task}/lib:{opt}/lib")
            sizes = [os.path.getsize(function_zip), os.path.getsize(layer_zip)]
            unzipped = sum(len(content) for _, content, _ in function_entries + layer_entries)
            rows.append((name, f"{name:<22} {sizes[0]:>13,} {sizes[1]:>11,} {sum(sizes):>11,} {unzipped:>12,}"))
            problems, _ = check_compat.check(function_zip, [layer_zip])
            verdicts.append(f"{name}: " + ("passes the compatibility check" if not problems else
                                          f"fails the compatibility check: "
                                          + "; ".join(problem.replace(root + "/", "") for problem in problems)))
        inits = measure(starts, arguments.runs)
        print(f"{'layout':<22} {'function zip':>13} {'layer zip':>11} {'together':>11} {'unzipped':>12}  "
              f"init of {arguments.runs} cold starts each (process start → first GET /next)")
        for name, row in rows:
            print(f"{row}  {inits[name]}")
        print()
        for verdict in verdicts:
            print(verdict)
    return 0


if __name__ == "__main__":
    sys.exit(main())
