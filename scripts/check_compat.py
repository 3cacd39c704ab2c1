#!/usr/bin/env python3
"""Checks that Lambda zips would start on provided.al2023 x86_64.

usage: check_compat.py --function FUNCTION_ZIP [--layer LAYER_ZIP]...

Nothing on a Debian build machine is Amazon Linux, so compatibility is proven
by inspection. The zips are laid out as Lambda lays them out (the function in
/var/task, the layers in /opt) and every ELF file in them is read with
binutils' readelf. One line per problem names the zip, the file and what to
do; the exit status is 1 when there is any. A problem is:

- no executable `bootstrap` in /var/task or /opt (Lambda looks there, in
  that order);
- an ELF file that is not 64-bit little-endian x86-64, or whose program
  interpreter is not /lib64/ld-linux-x86-64.so.2;
- a library it needs (`NEEDED`) or loads with dlopen (a `lib*.so*` string in
  the file) that is neither part of provided.al2023 (ALLOWED below) nor
  shipped in the zips where its run path or Lambda's LD_LIBRARY_PATH finds it;
- a symbol version above what provided.al2023 has (LIMITS: glibc 2.34, gcc
  11's libstdc++);
- an unzipped size over 250 MB (function and layers together) or a zip over
  50 MB; a zip that is damaged.
"""
import argparse
import os
import posixpath
import re
import subprocess
import sys
import tempfile
import zipfile

# Libraries provided.al2023 itself has.
ALLOWED = {
    "libc.so.6", "libm.so.6", "libdl.so.2", "libpthread.so.0", "librt.so.1", "ld-linux-x86-64.so.2",
    "libgcc_s.so.1", "libstdc++.so.6", "libz.so.1", "libcurl.so.4", "libssl.so.3", "libcrypto.so.3",
}
# The newest symbol version of each family that provided.al2023 has: glibc
# 2.34 and the libstdc++ of gcc 11.
LIMITS = {"GLIBC": (2, 34), "GLIBCXX": (3, 4, 29), "CXXABI": (1, 3, 13)}
INTERPRETER = "/lib64/ld-linux-x86-64.so.2"
# Lambda's LD_LIBRARY_PATH, as far as it points into the zips.
LAMBDA_LIBRARY_PATH = ["/var/task", "/var/task/lib", "/opt/lib"]
MAX_UNZIPPED = 250 * 1024 * 1024  # Lambda: function and all layers, unzipped
MAX_ZIPPED = 50 * 1024 * 1024     # Lambda: one zip
EM_X86_64 = 62
MACHINES = {3: "i386", 8: "MIPS", 20: "PowerPC", 21: "PowerPC64", 22: "s390", 40: "ARM", 62: "x86-64",
            183: "AArch64", 243: "RISC-V"}
SONAME_STRING = re.compile(rb"(?<![A-Za-z0-9_.+-])(lib[A-Za-z0-9_+-]+(?:\.[A-Za-z0-9_+-]+)*\.so(?:\.[0-9]+)*)\x00")


def readelf(*arguments: str) -> str:
    result = subprocess.run(["readelf", *arguments], capture_output=True, text=True,
                            env={**os.environ, "LC_ALL": "C"})
    if result.returncode != 0:
        raise RuntimeError(f"readelf {' '.join(arguments)} failed: {result.stderr.strip()}")
    return result.stdout


def elf_header_problem(header: bytes) -> str | None:
    """What keeps this ELF from running on x86-64 Linux, if anything."""
    elf_class, data = header[4], header[5]
    if elf_class != 2 or data != 1:
        kind = {1: "32-bit", 2: "64-bit"}.get(elf_class, "unknown-class")
        order = {1: "little-endian", 2: "big-endian"}.get(data, "unknown byte order")
        return f"is a {kind} {order} ELF, not 64-bit little-endian x86-64"
    machine = int.from_bytes(header[18:20], "little")
    if machine != EM_X86_64:
        return f"is an ELF for {MACHINES.get(machine, f'machine {machine}')}, not x86-64"
    return None


def version_tuple(text: str) -> tuple[int, ...] | None:
    return tuple(int(part) for part in text.split(".")) if re.fullmatch(r"\d+(\.\d+)*", text) else None


class ELFFacts:
    """What the dynamic loader will ask for when it loads one file."""

    def __init__(self, path: str):
        dynamic = readelf("-dW", path)
        self.needed = re.findall(r"\(NEEDED\)\s+Shared library: \[([^]]+)\]", dynamic)
        self.soname = next(iter(re.findall(r"\(SONAME\)\s+Library soname: \[([^]]+)\]", dynamic)), None)
        self.run_path = [entry for match in re.findall(r"\((?:RUNPATH|RPATH)\)\s+Library r(?:un)?path: \[([^]]*)\]", dynamic)
                         for entry in match.split(":") if entry]
        program = readelf("-lW", path)
        self.interpreter = next(iter(re.findall(r"\[Requesting program interpreter: ([^]]+)\]", program)), None)
        # (library, version) pairs from .gnu.version_r: what the loader checks.
        self.version_needs: list[tuple[str, str]] = []
        library = None
        for line in readelf("-VW", path).splitlines():
            if match := re.search(r"File: (\S+)\s+Cnt:", line):
                library = match.group(1)
            elif library and (match := re.search(r"Name: (\S+)\s+Flags:", line)):
                self.version_needs.append((library, match.group(1)))
            elif line.startswith("Version symbols section") or line.startswith("Version definition section"):
                library = None
        self.symbols_by_version: dict[str, list[str]] = {}
        for line in readelf("--dyn-syms", "-W", path).splitlines():
            if match := re.search(r"\sUND\s+([^@\s]+)@+(\S+)", line):
                self.symbols_by_version.setdefault(match.group(2), []).append(match.group(1))
        with open(path, "rb") as file:
            strings = {name.decode() for name in SONAME_STRING.findall(file.read())}
        self.dlopened = sorted(strings - set(self.needed) - {self.soname} - {posixpath.basename(self.interpreter or "")})


def version_problems(facts: ELFFacts) -> list[str]:
    problems = []
    for library, version in facts.version_needs:
        family, _, number = version.partition("_")
        if family not in LIMITS:
            continue
        needed = version_tuple(number)
        limit = LIMITS[family]
        if needed is None:
            problems.append(f"needs {version} from {library}: not a public symbol version, and provided.al2023's may differ")
        elif needed > limit:
            symbols = ", ".join(sorted(set(facts.symbols_by_version.get(version, [])))) or "unknown symbols"
            problems.append(f"needs {version} from {library} ({symbols}); provided.al2023 has at most "
                            f"{family}_{'.'.join(map(str, limit))}: provide these symbols or link against an older version")
    return problems


def newest_versions(facts: ELFFacts) -> list[str]:
    """The newest version needed of each limited family, e.g. GLIBC_2.34."""
    newest: dict[str, tuple[tuple[int, ...], str]] = {}
    for _, version in facts.version_needs:
        family, _, number = version.partition("_")
        parsed = version_tuple(number)
        if family in LIMITS and parsed is not None and (family not in newest or parsed > newest[family][0]):
            newest[family] = (parsed, version)
    return [version for _, version in newest.values()]


def library_problems(facts: ELFFacts, lambda_path: str, shipped: set[str]) -> list[str]:
    origin = posixpath.dirname(lambda_path)
    search = [entry.replace("$ORIGIN", origin).replace("${ORIGIN}", origin) for entry in facts.run_path] + LAMBDA_LIBRARY_PATH
    problems = []
    for how, names in (("needs", facts.needed), ("loads with dlopen", facts.dlopened)):
        for name in names:
            if name in ALLOWED:
                continue
            if any(posixpath.normpath(posixpath.join(directory, name)) in shipped for directory in search):
                continue
            elsewhere = sorted(path for path in shipped if posixpath.basename(path) == name)
            hint = (f"it is shipped at {', '.join(elsewhere)}, which neither its run path nor LD_LIBRARY_PATH reaches"
                    if elsewhere else "ship it in the layer's lib/ or link it statically")
            problems.append(f"{how} {name}, which provided.al2023 does not have: {hint}")
    return problems


def check(function_zip: str, layer_zips: list[str]) -> tuple[list[str], list[str]]:
    """(problems, notes): one line each, prefixed with the zip and file concerned."""
    problems: list[str] = []
    notes: list[str] = []
    mounts = [(function_zip, "/var/task")] + [(layer, "/opt") for layer in layer_zips]
    unzipped = 0
    members: list[tuple[str, zipfile.ZipFile, zipfile.ZipInfo, str]] = []
    for path, mount in mounts:
        zipped = os.path.getsize(path)
        if zipped > MAX_ZIPPED:
            problems.append(f"{path}: {zipped:,} bytes zipped, over Lambda's {MAX_ZIPPED:,} (50 MB)")
        archive = zipfile.ZipFile(path)
        if (damaged := archive.testzip()) is not None:
            problems.append(f"{path}: {damaged} is damaged (CRC mismatch)")
        for info in archive.infolist():
            if info.is_dir():
                continue
            unzipped += info.file_size
            members.append((path, archive, info, posixpath.normpath(posixpath.join(mount, info.filename))))
    if unzipped > MAX_UNZIPPED:
        problems.append(f"{', '.join(path for path, _ in mounts)}: {unzipped:,} bytes unzipped together, "
                        f"over Lambda's {MAX_UNZIPPED:,} (250 MB)")
    shipped = {lambda_path for *_, lambda_path in members}

    bootstraps = [(path, info) for path, _, info, lambda_path in members if lambda_path in ("/var/task/bootstrap", "/opt/bootstrap")]
    if not bootstraps:
        problems.append(f"{', '.join(path for path, _ in mounts)}: no bootstrap at the root of the function zip or a layer; "
                        "Lambda starts /var/task/bootstrap, else /opt/bootstrap")
    elif (info := bootstraps[0][1]) and not (info.external_attr >> 16) & 0o111:
        problems.append(f"{bootstraps[0][0]}: {info.filename} is not executable (mode {oct((info.external_attr >> 16) & 0o7777)}); "
                        "Lambda cannot start it")

    with tempfile.TemporaryDirectory(prefix="check-compat-") as scratch:
        for index, (path, archive, info, lambda_path) in enumerate(members):
            with archive.open(info) as member:
                header = member.read(64)
            if not header.startswith(b"\x7fELF"):
                continue
            where = f"{path}: {info.filename}"
            if len(header) < 20:
                problems.append(f"{where}: is a truncated ELF file")
                continue
            if problem := elf_header_problem(header):
                problems.append(f"{where}: {problem}")
                continue
            extracted = os.path.join(scratch, str(index))
            with archive.open(info) as member, open(extracted, "wb") as out:
                out.write(member.read())
            facts = ELFFacts(extracted)
            if facts.interpreter is not None and facts.interpreter != INTERPRETER:
                problems.append(f"{where}: asks for the program interpreter {facts.interpreter}, not {INTERPRETER}")
            problems += [f"{where}: {problem}" for problem in version_problems(facts)]
            problems += [f"{where}: {problem}" for problem in library_problems(facts, lambda_path, shipped)]
            notes.append(f"{where} → {lambda_path}: x86-64; needs {', '.join(facts.needed) or 'nothing'}; "
                         f"loads with dlopen {', '.join(facts.dlopened) or 'nothing'}; newest versions "
                         f"{', '.join(newest_versions(facts)) or 'none'}")
    notes.append(f"{unzipped:,} bytes unzipped; " + ", ".join(f"{os.path.basename(path)} {os.path.getsize(path):,} bytes" for path, _ in mounts))
    return problems, notes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--function", required=True, help="the function zip (unzipped to /var/task)")
    parser.add_argument("--layer", action="append", default=[], help="a layer zip (unzipped to /opt); repeatable")
    parser.add_argument("--quiet", action="store_true", help="print problems only")
    arguments = parser.parse_args()
    for path in [arguments.function, *arguments.layer]:
        if not os.path.isfile(path):
            print(f"check_compat: {path} does not exist (run `make package`)", file=sys.stderr)
            return 2
        if not zipfile.is_zipfile(path):
            print(f"check_compat: {path} is not a zip file", file=sys.stderr)
            return 1
    problems, notes = check(arguments.function, arguments.layer)
    for problem in problems:
        print(f"check_compat: {problem}", file=sys.stderr)
    if problems:
        print(f"check_compat: {len(problems)} problem(s): these zips would not start on provided.al2023 x86_64", file=sys.stderr)
        return 1
    if not arguments.quiet:
        for note in notes:
            print(f"check_compat: ok: {note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
