# Shared by the desktop-script tests (bats). Per test file: one moto_server
# and one loopback fake (fake_aws.py) on ports the kernel picks on 127.0.0.1.
# Per test: both emptied, a private HOME and TMPDIR, the AWS CLI pointed at
# them (AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_<SERVICE>), the instance metadata
# service of botocore and of the scripts pointed at the fake, the test doubles
# first on PATH. Nothing here ever names a host other than 127.0.0.1.

# shellcheck disable=SC2034 # repo, scripts and region are for the test files
repo=$(cd "$BATS_TEST_DIRNAME/../../.." && pwd)
# shellcheck disable=SC2034
scripts=$repo/scripts
tests=$BATS_TEST_DIRNAME
doubles=$tests/doubles
# shellcheck disable=SC2034
region=eu-west-1
# bats' run --separate-stderr sets it; declared here so that shellcheck knows it
# shellcheck disable=SC2034
stderr=

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# setup_file: moto_server with request recording; exports MOTO_URL. A port can
# be taken between free_port and the bind, so a few attempts.
start_moto() {
    local attempt port pid _
    for attempt in 1 2 3 4 5; do
        port=$(free_port)
        MOTO_ENABLE_RECORDING=1 MOTO_RECORDER_FILEPATH="$BATS_FILE_TMPDIR/moto-recording.jsonl" \
            moto_server -H 127.0.0.1 -p "$port" >"$BATS_FILE_TMPDIR/moto.log" 2>&1 3>&- &
        pid=$!
        for _ in $(seq 150); do
            # moto proves it is moto: its own API answers, and this process is the one listening
            if curl -sf --max-time 2 -o /dev/null "http://127.0.0.1:$port/moto-api/data.json" 2>/dev/null &&
                ss -Hltnp "( sport = :$port )" | grep -q "pid=$pid,"; then
                echo "$pid" >"$BATS_FILE_TMPDIR/moto.pid"
                export MOTO_URL="http://127.0.0.1:$port"
                return 0
            fi
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        kill "$pid" 2>/dev/null || true
        echo "moto_server did not start on port $port (attempt $attempt):" >&2
        tail -n 5 "$BATS_FILE_TMPDIR/moto.log" >&2
    done
    return 1
}

# setup_file: the loopback fake; exports FAKE_URL, FAKE_STATE, FAKE_LOG.
start_fake() {
    export FAKE_STATE="$BATS_FILE_TMPDIR/fake-state.json" FAKE_LOG="$BATS_FILE_TMPDIR/fake-log.jsonl"
    local port_file="$BATS_FILE_TMPDIR/fake.port" _
    echo '{}' >"$FAKE_STATE"
    python3 "$tests/fake_aws.py" "$FAKE_STATE" "$FAKE_LOG" "$port_file" \
        >"$BATS_FILE_TMPDIR/fake.out" 2>&1 3>&- &
    echo $! >"$BATS_FILE_TMPDIR/fake.pid"
    for _ in $(seq 100); do
        if [ -s "$port_file" ]; then
            FAKE_URL="http://127.0.0.1:$(cat "$port_file")"
            export FAKE_URL
            return 0
        fi
        sleep 0.05
    done
    echo "fake_aws.py did not start:" >&2
    cat "$BATS_FILE_TMPDIR/fake.out" >&2
    return 1
}

start_servers() {
    start_moto
    start_fake
}

stop_servers() {
    local file
    for file in "$BATS_FILE_TMPDIR/moto.pid" "$BATS_FILE_TMPDIR/fake.pid"; do
        if [ -f "$file" ]; then kill "$(cat "$file")" 2>/dev/null || true; fi
    done
}

# setup: an empty moto (authorization off) and fake, a private HOME and TMPDIR,
# credentials that only moto knows, the doubles first on PATH.
reset_world() {
    curl -sf -X POST "$MOTO_URL/moto-api/reset-auth" -H 'Content-Type: text/plain' -d inf >/dev/null
    curl -sf -X POST "$MOTO_URL/moto-api/reset" >/dev/null
    curl -sf -X POST "$MOTO_URL/moto-api/recorder/reset-recording" >/dev/null
    echo '{}' >"$FAKE_STATE"
    : >"$FAKE_LOG"
    export HOME="$BATS_TEST_TMPDIR/home" TMPDIR="$BATS_TEST_TMPDIR/tmp" RECORD="$BATS_TEST_TMPDIR/record"
    mkdir -p "$HOME" "$TMPDIR" "$RECORD"
    unset AWS_PROFILE AWS_DEFAULT_PROFILE AWS_REGION AWS_SESSION_TOKEN AWS_CONFIG_FILE AWS_SHARED_CREDENTIALS_FILE
    export AWS_DEFAULT_REGION=$region
    export AWS_ACCESS_KEY_ID=AKIAMAPUTESTCALLER AWS_SECRET_ACCESS_KEY=mapu-test-caller-secret
    export AWS_ENDPOINT_URL=$MOTO_URL
    export AWS_ENDPOINT_URL_SSM=$FAKE_URL AWS_ENDPOINT_URL_CLOUDFORMATION=$FAKE_URL AWS_ENDPOINT_URL_SSO=$FAKE_URL
    # botocore's own instance-metadata lookups (credentials, region) go to the fake too
    export AWS_EC2_METADATA_SERVICE_ENDPOINT=$FAKE_URL AWS_EC2_METADATA_DISABLED=true
    export MAPU_IMDS_ENDPOINT=$FAKE_URL
    export PATH="$doubles:$PATH"
}

# The fake's state, e.g. fake_state '{"ssm_ping": ["Online"]}'.
fake_state() {
    printf '%s\n' "$1" >"$FAKE_STATE"
}

# Bodies of the requests moto recorded for an operation (EC2 Query Action or
# JSON X-Amz-Target suffix), one JSON object per line.
moto_requests() {
    python3 - "$BATS_FILE_TMPDIR/moto-recording.jsonl" "$1" <<'PY'
import base64, json, sys, urllib.parse
path, operation = sys.argv[1:3]
try:
    lines = open(path).read().splitlines()
except FileNotFoundError:
    lines = []
for line in lines:
    entry = json.loads(line)
    body = entry.get("body") or ""
    if entry.get("body_encoded"):
        body = base64.b64decode(body).decode("utf-8", "replace")
    target = {k.lower(): v for k, v in entry["headers"].items()}.get("x-amz-target", "")
    if target.endswith("." + operation):
        print(json.dumps(json.loads(body or "{}"), sort_keys=True))
    else:
        form = urllib.parse.parse_qs(body)
        if form.get("Action") == [operation]:
            print(json.dumps({k: v[0] for k, v in form.items()}, sort_keys=True))
PY
}

# Requests the fake received, as "METHOD PATH [X-Amz-Target or Action]" lines.
fake_requests() {
    python3 - "$FAKE_LOG" <<'PY'
import json, sys, urllib.parse
for line in open(sys.argv[1]).read().splitlines():
    entry = json.loads(line)
    what = entry["headers"].get("x-amz-target") or urllib.parse.parse_qs(entry["body"]).get("Action", [""])[0]
    print(" ".join(x for x in (entry["method"], entry["path"], what) if x))
PY
}

# The body of the fake's requests for one operation, one JSON object per line.
fake_bodies() {
    python3 - "$FAKE_LOG" "$1" <<'PY'
import json, sys, urllib.parse
for line in open(sys.argv[1]).read().splitlines():
    entry = json.loads(line)
    if entry["headers"].get("x-amz-target", "").endswith("." + sys.argv[2]):
        print(json.dumps(json.loads(entry["body"]), sort_keys=True))
    elif urllib.parse.parse_qs(entry["body"]).get("Action") == [sys.argv[2]]:
        print(json.dumps({k: v[0] for k, v in urllib.parse.parse_qs(entry["body"]).items()}, sort_keys=True))
PY
}

# Access key ids that signed moto's recorded requests for an operation, one a line.
moto_signers() {
    python3 - "$BATS_FILE_TMPDIR/moto-recording.jsonl" "$1" <<'PY'
import base64, json, re, sys, urllib.parse
path, operation = sys.argv[1:3]
for line in open(path).read().splitlines():
    entry = json.loads(line)
    headers = {k.lower(): v for k, v in entry["headers"].items()}
    body = entry.get("body") or ""
    if entry.get("body_encoded"):
        body = base64.b64decode(body).decode("utf-8", "replace")
    if headers.get("x-amz-target", "").endswith("." + operation) or urllib.parse.parse_qs(body).get("Action") == [operation]:
        print(re.search(r"Credential=([^/]+)/", headers["authorization"]).group(1))
PY
}

# The VM's view: no credentials in the environment; botocore takes the
# instance role's from the fake instance metadata, which also carries the
# instance id and the User tag (USER; none when empty). Extra metadata as JSON.
on_instance() {  # USER [EXTRA_METADATA_JSON]
    unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN AWS_EC2_METADATA_DISABLED
    local extra=${2:-}
    [ -n "$extra" ] || extra='{}'
    jq -n --arg user "$1" --argjson extra "$extra" '{metadata: ({
        "instance-id": "i-0123456789abcdef0",
        "placement/region": "eu-west-1",
        "iam/security-credentials/": "mapu-desktop",
        "iam/security-credentials/mapu-desktop": {Code: "Success", Type: "AWS-HMAC",
            AccessKeyId: "ASIAINSTANCEROLEKEY", SecretAccessKey: "instance-role-secret",
            Token: "instance-role-token", Expiration: "2099-01-01T00:00:00Z",
            LastUpdated: "2025-01-01T00:00:00Z"}
    } + (if $user == "" then {} else {"tags/instance/User": $user} end) + $extra)}' >"$FAKE_STATE"
}

# The AWS CLI itself, not a shim that needs the rest of PATH (pyenv's), for
# tests that run a script with a PATH of their own.
real_aws() {
    local beside_python
    beside_python=$(python3 -c 'import os, sys; print(os.path.join(os.path.dirname(sys.executable), "aws"))')
    if [ -x "$beside_python" ]; then printf '%s\n' "$beside_python"; else command -v aws; fi
}

# Seeds moto (seed.py), then empties moto's recording: it holds only what the
# script under test asks.
seed() {
    python3 "$tests/seed.py" "$@"
    curl -sf -X POST "$MOTO_URL/moto-api/recorder/reset-recording" >/dev/null
}

# Assertions that print what they saw when they fail.
assert_contains() {  # haystack needle
    if [[ $1 != *"$2"* ]]; then
        printf 'expected to find:\n  %s\nin:\n%s\n' "$2" "$1" >&2
        return 1
    fi
}

refute_contains() {  # haystack needle
    if [[ $1 == *"$2"* ]]; then
        printf 'expected NOT to find:\n  %s\nin:\n%s\n' "$2" "$1" >&2
        return 1
    fi
}

assert_equal() {  # actual expected
    if [ "$1" != "$2" ]; then
        printf 'expected:\n%s\ngot:\n%s\n' "$2" "$1" >&2
        return 1
    fi
}

# shellcheck disable=SC2154 # bats' run sets status and output
assert_status() {  # expected (uses bats' $status and $output)
    if [ "$status" -ne "$1" ]; then
        printf 'expected exit status %s, got %s; output:\n%s\n' "$1" "$status" "$output" >&2
        return 1
    fi
}
