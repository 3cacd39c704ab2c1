#!/usr/bin/env python3
"""Renders the user data a CloudFormation template embeds, for comparison with
scripts/vm/render-user-data.

  template_user_data.py find TEMPLATE...     one line per UserData holding mapu's
                                             user data: TEMPLATE<TAB>JSON path
  template_user_data.py render TEMPLATE PATH the text it renders to: Fn::Base64,
                                             Fn::Join, Fn::Sub, Ref, Fn::GetAtt,
                                             Fn::ImportValue resolved; pseudo
                                             parameters as in eu-west-1, other
                                             Refs as their Default or <Ref:Name>
  template_user_data.py normalize            stdin to stdout, the base64 archive
                                             replaced by a listing of its files
                                             (name, mode, SHA-256), so that two
                                             zlib versions compare equal
"""
import base64
import gzip
import hashlib
import io
import json
import re
import sys
import tarfile

PSEUDO = {"AWS::Region": "eu-west-1", "AWS::StackName": "asher-sterkin-t4g-large-desktop-Vm-1A2B3C4D5E6F",
          "AWS::AccountId": "123456789012", "AWS::Partition": "aws", "AWS::URLSuffix": "amazonaws.com",
          "AWS::StackId": "arn:aws:cloudformation:eu-west-1:123456789012:stack/x/00000000-0000-0000-0000-000000000000"}
MARKER = "mapu desktop user data"


def user_data_nodes(node, path=""):
    if isinstance(node, dict):
        for key, value in node.items():
            here = f"{path}.{key}" if path else key
            if key == "UserData" and MARKER in json.dumps(value):
                yield here, value
            else:
                yield from user_data_nodes(value, here)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from user_data_nodes(value, f"{path}[{index}]")


def resolve(node, template):
    parameters = template.get("Parameters", {})

    def ref(name):
        if name in PSEUDO:
            return PSEUDO[name]
        if "Default" in parameters.get(name, {}):
            return str(parameters[name]["Default"])
        return f"<Ref:{name}>"

    if isinstance(node, str):
        return node
    if isinstance(node, dict) and len(node) == 1:
        (function, argument), = node.items()
        if function == "Fn::Base64":
            return resolve(argument, template)
        if function == "Fn::Join":
            return resolve(argument[0], template).join(resolve(part, template) for part in argument[1])
        if function == "Ref":
            return ref(argument)
        if function == "Fn::GetAtt":
            return "<GetAtt:" + (argument if isinstance(argument, str) else ".".join(argument)) + ">"
        if function == "Fn::ImportValue":
            return f"<ImportValue:{resolve(argument, template)}>"
        if function == "Fn::Sub":
            text, variables = (argument, {}) if isinstance(argument, str) else argument
            values = {k: resolve(v, template) for k, v in variables.items()}

            def substitute(match):
                name = match.group(1)
                if name.startswith("!"):
                    return "${" + name[1:] + "}"
                if name in values:
                    return values[name]
                if "." in name:
                    return f"<GetAtt:{name}>"
                return ref(name)
            return re.sub(r"\$\{([^}]*)\}", substitute, text)
    raise SystemExit(f"template_user_data.py: cannot render {json.dumps(node)[:120]}")


def normalize(text):
    def listing(match):
        archive = gzip.decompress(base64.b64decode(match.group(2)))
        lines = []
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            for member in tar.getmembers():
                data = tar.extractfile(member).read() if member.isfile() else b""
                lines.append(f"{member.name} {member.mode:o} {hashlib.sha256(data).hexdigest()}\n")
        return match.group(1) + "".join(lines) + match.group(3)
    return re.sub(r"(<<'MAPU_FILES'[^\n]*\n)([A-Za-z0-9+/=\n]+?)(MAPU_FILES\n)", listing, text)


def main(arguments):
    command = arguments[0]
    if command == "find":
        for name in arguments[1:]:
            with open(name) as file:
                template = json.load(file)
            for path, _ in user_data_nodes(template):
                print(f"{name}\t{path}")
    elif command == "render":
        name, wanted = arguments[1:3]
        with open(name) as file:
            template = json.load(file)
        for path, node in user_data_nodes(template):
            if path == wanted:
                sys.stdout.write(resolve(node, template))
                return 0
        raise SystemExit(f"template_user_data.py: no mapu user data at {wanted} in {name}")
    elif command == "normalize":
        sys.stdout.write(normalize(sys.stdin.read()))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
