#!/usr/bin/env bats
# scripts/vm/git-credential-mapu on a simulated desktop: the instance role's
# credentials and the User tag come from the loopback instance metadata
# (IMDSv2 only), STS and Secrets Manager from moto_server, where the secret
# lives in a second account (the Users account) that only the assumed role
# reaches.

bats_require_minimum_version 1.5.0
# shellcheck source-path=SCRIPTDIR source=helpers.bash
source "$BATS_TEST_DIRNAME/helpers.bash"

role=arn:aws:iam::222222222222:role/CrossAccountSecretsAccess

setup_file() {
    start_servers
}

teardown_file() {
    stop_servers
}

setup() {
    reset_world
    export MAPU_CONFIG="$BATS_TEST_TMPDIR/desktop.conf"
    printf 'MAPU_REGION=eu-west-1\nMAPU_SECRETS_ROLE_ARN=%s\nMAPU_IDLE_MINUTES=60\n' "$role" >"$MAPU_CONFIG"
    on_instance asher-sterkin
    helper=$scripts/vm/git-credential-mapu
}

ask() {  # ACTION, with git's request on stdin
    run --separate-stderr "$helper" "$@"
}

@test "get for an https host: the secret <user>/<host> of the Users account, read with the assumed role" {
    seed secret "$role" asher-sterkin/github.com '{"username": "asher", "password": "ghp_example"}'

    ask get <<<$'protocol=https\nhost=github.com\npath=mapu/mapu.git\n'

    assert_status 0
    assert_equal "$output" $'username=asher\npassword=ghp_example'
    assert_equal "$stderr" ""
    assert_equal "$(moto_requests AssumeRole | jq -r '[.RoleArn, .RoleSessionName] | @tsv')" "$role	mapu-git-asher-sterkin"
    assert_equal "$(moto_requests GetSecretValue | jq -r .SecretId)" asher-sterkin/github.com
    # the instance role assumes; the assumed role (not the instance role) reads
    assert_equal "$(moto_signers AssumeRole)" ASIAINSTANCEROLEKEY
    reader=$(moto_signers GetSecretValue)
    [[ $reader == ASIA* ]] && [ "$reader" != ASIAINSTANCEROLEKEY ]
    # the User tag was read with an IMDSv2 token
    assert_contains "$(fake_requests)" "PUT /latest/api/token"
    assert_equal "$(jq -r 'select(.path == "/latest/meta-data/tags/instance/User") | .headers["x-aws-ec2-metadata-token"]' "$FAKE_LOG")" imds-token-1
}

@test "git itself, through credential.helper: a token secret for another host and port" {
    seed secret "$role" asher-sterkin/gitlab.example.com '{"username": "oauth2", "token": "glpat-example"}'
    printf '[credential]\n\thelper = %s\n' "$helper" >"$HOME/.gitconfig"

    run --separate-stderr env GIT_CONFIG_NOSYSTEM=1 GIT_TERMINAL_PROMPT=0 git credential fill \
        <<<$'url=https://gitlab.example.com:8443/group/project.git\n'

    assert_status 0
    assert_contains "$output" $'username=oauth2\npassword=glpat-example'
    assert_equal "$(moto_requests GetSecretValue | jq -r .SecretId)" asher-sterkin/gitlab.example.com
}

@test "store, erase and unknown actions: say nothing, call nothing" {
    for action in store erase frobnicate; do
        ask "$action" <<<$'protocol=https\nhost=github.com\nusername=a\npassword=b\n'
        assert_status 0
        assert_equal "$output" ""
    done
    assert_equal "$(cat "$FAKE_LOG")" ""
    assert_equal "$(moto_requests AssumeRole)" ""
}

@test "plain http gets no password, and nothing is asked of AWS" {
    seed secret "$role" asher-sterkin/github.com '{"username": "asher", "password": "ghp_example"}'

    ask get <<<$'protocol=http\nhost=github.com\n'

    assert_status 0
    assert_equal "$output" ""
    assert_equal "$(moto_requests AssumeRole)" ""
}

@test "CodeCommit hosts go to aws codecommit credential-helper, signed by the instance role; no User tag needed" {
    on_instance ""

    ask get <<<$'protocol=https\nhost=git-codecommit.eu-west-1.amazonaws.com\npath=v1/repos/mapu\n'

    assert_status 0
    assert_contains "$(head -n 1 <<<"$output")" "username=ASIAINSTANCEROLEKEY"
    [[ $(sed -n 2p <<<"$output") =~ ^password=[0-9]{8}T[0-9]{6}Z[0-9a-f]{64}$ ]]
    refute_contains "$(fake_requests)" tags/instance/User
    assert_equal "$(moto_requests AssumeRole)" ""
}

@test "no User tag (or metadata tags off): says what the instance needs; answers nothing" {
    on_instance ""

    ask get <<<$'protocol=https\nhost=github.com\n'

    assert_status 1
    assert_equal "$output" ""
    assert_contains "$stderr" "cannot read the instance's User tag"
    assert_contains "$stderr" "InstanceMetadataTags=enabled"
    assert_equal "$(moto_requests AssumeRole)" ""
}

@test "no secret for the host: names the secret and what it must hold" {
    ask get <<<$'protocol=https\nhost=bitbucket.org\n'

    assert_status 1
    assert_equal "$output" ""
    assert_contains "$stderr" "there is no secret asher-sterkin/bitbucket.org in the account of $role"
    assert_contains "$stderr" '{"username": …, "password": …}'
}

@test "a role the instance may not assume: names sts:AssumeRole and the role" {
    eval "$(seed restricted-user secretsmanager:GetSecretValue)"

    ask get <<<$'protocol=https\nhost=github.com\n'

    assert_status 1
    assert_equal "$output" ""
    assert_contains "$stderr" "cannot assume $role (sts:AssumeRole) for asher-sterkin/github.com"
    assert_contains "$stderr" "AccessDenied"
}

@test "a secret git cannot use is refused whole: no username, no password, or a line break" {
    seed secret "$role" asher-sterkin/a.example '{"password": "p"}'
    seed secret "$role" asher-sterkin/b.example '{"username": "u"}'
    seed secret "$role" asher-sterkin/c.example $'{"username": "u", "password": "p\\nhost=evil.example"}'
    seed secret "$role" asher-sterkin/d.example 'not json'

    for host in a.example b.example c.example d.example; do
        ask get <<<"protocol=https
host=$host
"
        assert_status 1
        assert_equal "$output" ""
        case $host in
            a.example) assert_contains "$stderr" 'the secret asher-sterkin/a.example has no "username"' ;;
            b.example) assert_contains "$stderr" 'the secret asher-sterkin/b.example has neither "password" nor "token"' ;;
            c.example) assert_contains "$stderr" "holds a line break or NUL" ;;
            d.example) assert_contains "$stderr" "the secret asher-sterkin/d.example is not JSON" ;;
        esac
    done
}

@test "no secrets role configured: says that only CodeCommit is served" {
    printf 'MAPU_REGION=eu-west-1\nMAPU_SECRETS_ROLE_ARN=\n' >"$MAPU_CONFIG"

    ask get <<<$'protocol=https\nhost=github.com\n'

    assert_status 1
    assert_contains "$stderr" "no secrets role is configured"
    assert_equal "$(cat "$FAKE_LOG")" ""
}

@test "a host that is no host name is refused before any call" {
    ask get <<<$'protocol=https\nhost=../../other-user/github.com\n'

    assert_status 1
    assert_contains "$stderr" "is not a host name"
    assert_equal "$(cat "$FAKE_LOG")" ""
}

@test "nothing secret on disk, in a trace or on a command line, even run under bash -x" {
    seed secret "$role" asher-sterkin/github.com '{"username": "asher", "password": "ghp_TOPSECRET_4711"}'
    export REAL_AWS REAL_CURL
    REAL_AWS=$(command -v aws)
    REAL_CURL=$(command -v curl)
    touch "$BATS_TEST_TMPDIR/before"

    answer=$(PATH="$tests/doubles-argv:$PATH" bash -x "$helper" get \
        <<<$'protocol=https\nhost=github.com\n' 2>"$BATS_TEST_TMPDIR/trace")

    assert_equal "$answer" $'username=asher\npassword=ghp_TOPSECRET_4711'
    # what the assumed role was given, as moto saw it on the wire
    token=$(python3 -c 'import base64, json, sys
for line in open(sys.argv[1]):
    entry = json.loads(line)
    headers = {k.lower(): v for k, v in entry["headers"].items()}
    if headers.get("x-amz-target", "").endswith("GetSecretValue"):
        print(headers["x-amz-security-token"])' "$BATS_FILE_TMPDIR/moto-recording.jsonl")
    [ -n "$token" ]
    trace=$(cat "$BATS_TEST_TMPDIR/trace")
    argv=$(cat "$RECORD/argv.log")
    assert_contains "$argv" "aws --region eu-west-1 secretsmanager get-secret-value"
    for secret in ghp_TOPSECRET_4711 "$token" imds-token-; do
        refute_contains "$trace" "$secret"
        refute_contains "$argv" "$secret"
        # no file written by the run, anywhere it could write, holds it
        run grep -rlF -- "$secret" "$HOME" "$TMPDIR" "$MAPU_CONFIG"
        assert_equal "$output" ""
    done
    assert_equal "$(find "$HOME" "$TMPDIR" -newer "$BATS_TEST_TMPDIR/before" -type f)" ""
}
