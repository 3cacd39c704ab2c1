#!/usr/bin/env python3
"""Writes the Lambda zips of mapu into dist/, byte-reproducibly, once they pass
the compatibility check.

usage: package.py [--out DIR] BOOTSTRAP

BOOTSTRAP is the release build (`swift build -c release --static-swift-stdlib
--product bootstrap`). The split, chosen by measurement (README, "Packaging"):

- mapu-layer.zip: `bootstrap` (0755), the one runtime the three functions
  share; Lambda starts it as /opt/bootstrap, and `_HANDLER` picks the handler;
  and `mapu-supervisor` (0755), the small C program the bootstrap's first
  process becomes once it has forked its worker, compiled here with the
  system's C compiler from Sources/mapu-supervisor/main.c: SwiftPM links
  every executable with swiftc, whose start-up object ties it to
  libswiftCore.so, which provided.al2023 does not have.
- mapu-function.zip: `mapu-function.json` (0644), which names the handlers of
  that bootstrap and the layer it was packaged with. Lambda needs function code;
  the functions need none of their own.
- generic-desktop-vm.json: templates/generic-desktop-vm.json as it is, the
  template desktop stacks nest (CloudFormation reads nested templates from S3).
- SHA256SUMS: the checksums of the three (`sha256sum -c` reads it); `make
  upload` names the S3 objects by them.

The same binary gives the same bytes: the binary is stripped, its one
nondeterministic section (`.swift_modhash`, a hash swiftc fills differently in
every compile and nothing reads at run time) is zeroed and its build id set
from the result; zip entries are sorted, dated 1980-01-01 00:00, with fixed
modes and no extra fields. dist/ changes only when the check passes.
"""
import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import check_compat  # noqa: E402

LAYER_ZIP = "mapu-layer.zip"
FUNCTION_ZIP = "mapu-function.zip"
CHECKSUMS = "SHA256SUMS"
DESKTOP_TEMPLATE = "generic-desktop-vm.json"
TEMPLATES = os.path.join(os.path.dirname(HERE), "templates")
MANIFEST = "mapu-function.json"
SUPERVISOR = "mapu-supervisor"
SUPERVISOR_SOURCE = os.path.join(os.path.dirname(HERE), "Sources", SUPERVISOR, "main.c")
ZIP_DATE = (1980, 1, 1, 0, 0, 0)


def sections(path: str) -> dict[str, tuple[int, int]]:
    """Section name → (file offset, size)."""
    out = subprocess.run(["readelf", "-SW", path], capture_output=True, text=True, check=True,
                         env={**os.environ, "LC_ALL": "C"}).stdout
    found = {}
    for line in out.splitlines():
        match = re.match(r"\s*\[\s*\d+\]\s+(\S+)\s+\S+\s+[0-9a-f]+\s+([0-9a-f]+)\s+([0-9a-f]+)", line)
        if match:
            found[match.group(1)] = (int(match.group(2), 16), int(match.group(3), 16))
    return found


def normalize(path: str) -> None:
    """Zeroes .swift_modhash and derives the GNU build id from the content."""
    found = sections(path)
    with open(path, "r+b") as file:
        data = bytearray(file.read())
        if ".swift_modhash" in found:
            offset, size = found[".swift_modhash"]
            data[offset:offset + size] = bytes(size)
        if ".note.gnu.build-id" in found:
            offset, size = found[".note.gnu.build-id"]
            name_size = int.from_bytes(data[offset:offset + 4], "little")
            desc_size = int.from_bytes(data[offset + 4:offset + 8], "little")
            desc = offset + 12 + (name_size + 3) // 4 * 4
            if desc + desc_size <= offset + size:
                data[desc:desc + desc_size] = bytes(desc_size)
                data[desc:desc + desc_size] = hashlib.sha1(data).digest()[:desc_size].ljust(desc_size, b"\0")
        file.seek(0)
        file.write(data)


def handlers(bootstrap: str) -> list[str]:
    """The handler names the binary's usage text lists."""
    usage = subprocess.run([bootstrap, "--help"], capture_output=True, text=True, env={"PATH": "/usr/bin:/bin"}, timeout=30)
    match = re.search(r"^Handlers \(_HANDLER\): (.+)$", usage.stdout, re.MULTILINE)
    if usage.returncode != 0 or not match:
        raise SystemExit(f"package: {bootstrap} --help did not list its handlers (exit {usage.returncode}): {usage.stdout}{usage.stderr}")
    return [name.strip() for name in match.group(1).split(",")]


def write_zip(path: str, entries: list[tuple[str, bytes, int]]) -> None:
    """A zip whose bytes depend on the entries only: (name, content, mode)."""
    with zipfile.ZipFile(path, "w") as archive:
        for name, content, mode in sorted(entries):
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.create_system = 3  # Unix, so that the mode below is honoured
            info.external_attr = (0o100000 | mode) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, content, compresslevel=9)


def sha256(path: str) -> str:
    with open(path, "rb") as file:
        return hashlib.sha256(file.read()).hexdigest()


def package(binary: str, out: str) -> list[str]:
    """Writes the zips, the nested template and SHA256SUMS to `out`; returns
    the check's problems (then `out` is untouched)."""
    with tempfile.TemporaryDirectory(prefix="mapu-package-") as stage:
        layer = []
        compiled = os.path.join(stage, "compiled-" + SUPERVISOR)
        subprocess.run(["cc", "-O2", "-Wall", "-Werror", "-o", compiled, SUPERVISOR_SOURCE], check=True)
        for name, source in (("bootstrap", binary), (SUPERVISOR, compiled)):
            staged = os.path.join(stage, name)
            subprocess.run(["strip", "--strip-all", "-o", staged, source], check=True)
            normalize(staged)
            os.chmod(staged, 0o755)
            with open(staged, "rb") as file:
                layer.append((name, file.read(), 0o755))
        bootstrap = os.path.join(stage, "bootstrap")
        write_zip(os.path.join(stage, LAYER_ZIP), layer)
        manifest = {
            "runtime": "/opt/bootstrap, from the layer",
            "handlers": handlers(bootstrap),
            "layerSha256": sha256(os.path.join(stage, LAYER_ZIP)),
        }
        write_zip(os.path.join(stage, FUNCTION_ZIP),
                  [(MANIFEST, (json.dumps(manifest, indent=2, sort_keys=True) + "\n").encode(), 0o644)])
        problems, notes = check_compat.check(os.path.join(stage, FUNCTION_ZIP), [os.path.join(stage, LAYER_ZIP)])
        if problems:
            return problems
        for note in notes:
            print(f"check_compat: ok: {note.replace(stage, out)}")
        shutil.copyfile(os.path.join(TEMPLATES, DESKTOP_TEMPLATE), os.path.join(stage, DESKTOP_TEMPLATE))
        with open(os.path.join(stage, CHECKSUMS), "w") as file:
            for name in (FUNCTION_ZIP, LAYER_ZIP, DESKTOP_TEMPLATE):
                file.write(f"{sha256(os.path.join(stage, name))}  {name}\n")
        os.makedirs(out, exist_ok=True)
        for name in (FUNCTION_ZIP, LAYER_ZIP, DESKTOP_TEMPLATE, CHECKSUMS):
            shutil.copyfile(os.path.join(stage, name), os.path.join(out, name))
            os.chmod(os.path.join(out, name), 0o644)
    return []


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", default="dist")
    parser.add_argument("binary")
    arguments = parser.parse_args()
    if not os.path.isfile(arguments.binary):
        print(f"package: no binary at {arguments.binary}: build it with "
              "`swift build -c release --static-swift-stdlib --product bootstrap` (make package does)", file=sys.stderr)
        return 2
    problems = package(arguments.binary, arguments.out)
    for problem in problems:
        print(f"check_compat: {problem}", file=sys.stderr)
    if problems:
        print(f"package: {len(problems)} problem(s): {arguments.out}/ left as it was", file=sys.stderr)
        return 1
    for name in (FUNCTION_ZIP, LAYER_ZIP, DESKTOP_TEMPLATE, CHECKSUMS):
        print(f"package: {arguments.out}/{name} ({os.path.getsize(os.path.join(arguments.out, name)):,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
