#!/usr/bin/env bats
# scripts/desktop-ssh, the SSH ProxyCommand, against moto_server (EC2, EC2
# Instance Connect, STS, IAM authorization) and the loopback fake (SSM, the
# Identity Center portal); the Session Manager plugin is a double on PATH.

bats_require_minimum_version 1.5.0
# shellcheck source-path=SCRIPTDIR source=helpers.bash
source "$BATS_TEST_DIRNAME/helpers.bash"

desktop=asher-sterkin-t4g-large-desktop

setup_file() {
    start_servers
}

teardown_file() {
    stop_servers
}

setup() {
    reset_world
    export MAPU_DESKTOP_SSH_POLL=0.2
    ssh-keygen -q -t ed25519 -N '' -C test-key -f "$HOME/key" </dev/null
    key="$HOME/key.pub"
}

connect() {  # desktop-ssh's arguments; the SSH stream is "ssh-bytes"
    run --separate-stderr "$scripts/desktop-ssh" --region "$region" --key "$key" "$@" <<<"ssh-bytes"
}

@test "the premise: this AWS CLI honours AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_<SERVICE>" {
    run aws sts get-caller-identity --query Arn --output text
    assert_status 0
    assert_equal "$output" arn:aws:sts::123456789012:user/moto  # moto's answer to unknown keys
    fake_state '{"ssm_ping": ["Online"]}'
    run aws ssm describe-instance-information --query 'InstanceInformationList[0].PingStatus' --output text
    assert_equal "$output" Online
    assert_equal "$(fake_requests)" "POST / AmazonSSM.DescribeInstanceInformation"
}

@test "two live instances with the desktop's name: names both, connects to neither" {
    first=$(seed desktop "$desktop" asher-sterkin)
    second=$(seed desktop "$desktop" asher-sterkin --state stopped)

    connect "$desktop"

    assert_status 1
    assert_contains "$stderr" "several instances are named $desktop: $first (running) $second (stopped)"
    assert_equal "$(moto_requests StartInstances)" ""
}

@test "a running desktop: pushes the key for the OS user, then carries SSH to port 22 through the plugin" {
    id=$(seed desktop "$desktop" asher-sterkin)
    fake_state '{"ssm_ping": ["Online"]}'

    connect "$desktop" ec2-user 22

    assert_status 0
    # stdout is the SSH stream and nothing else: what the plugin passed through
    assert_equal "$output" "ssh-bytes"
    pushed=$(moto_requests SendSSHPublicKey)
    assert_equal "$(jq -r '[.InstanceId, .InstanceOSUser, .SSHPublicKey] | @tsv' <<<"$pushed")" \
        "$id	ec2-user	$(cat "$key")"
    expected=$(jq -nSc --arg id "$id" '{DocumentName: "AWS-StartSSHSession", Parameters: {portNumber: ["22"]}, Target: $id}')
    assert_equal "$(fake_bodies StartSession | jq -Sc .)" "$expected"
    # the AWS CLI hands the session to the plugin: region, operation, profile, request
    plugin=$(cat "$RECORD/session-manager-plugin.jsonl")
    assert_equal "$(jq -c '.argv[1:4]' <<<"$plugin")" '["eu-west-1","StartSession",""]'
    assert_equal "$(jq -Sc '.argv[4] | fromjson' <<<"$plugin")" "$expected"
    # nothing was started, and nothing is left behind
    assert_equal "$(moto_requests StartInstances)" ""
    assert_equal "$(ls -A "$TMPDIR")" ""
}

@test "the key is pushed just before the session: after the instance runs and its agent is online" {
    seed desktop "$desktop" asher-sterkin >/dev/null
    fake_state '{"ssm_ping": ["Online"]}'

    connect "$desktop" ubuntu 2222

    assert_status 0
    assert_equal "$(moto_requests SendSSHPublicKey | jq -r .InstanceOSUser)" ubuntu
    assert_equal "$(fake_bodies StartSession | jq -c .Parameters)" '{"portNumber":["2222"]}'
    order=$(fake_requests | sed -n 's/.*AmazonSSM\.//p' | tr '\n' ' ')
    assert_equal "$order" "DescribeInstanceInformation StartSession "
}

@test "a stopped desktop is started and waited for, with progress on stderr" {
    id=$(seed desktop "$desktop" asher-sterkin --state stopped)
    fake_state '{"ssm_ping": ["ConnectionLost", "ConnectionLost", "Online"]}'

    connect "$desktop"

    assert_status 0
    assert_equal "$output" "ssh-bytes"
    assert_contains "$stderr" "desktop-ssh: starting $desktop ($id)"
    assert_contains "$stderr" "waiting for the SSM agent of $desktop: ConnectionLost"
    assert_equal "$(moto_requests StartInstances | jq -r '."InstanceId.1"')" "$id"
    assert_equal "$(aws ec2 describe-instances --instance-ids "$id" --query 'Reservations[0].Instances[0].State.Name' --output text)" running
    assert_equal "$(moto_requests SendSSHPublicKey | jq -r .InstanceId)" "$id"
}

@test "an agent that never comes online: gives up at the deadline, pushes no key, opens no session" {
    seed desktop "$desktop" asher-sterkin >/dev/null
    fake_state '{"ssm_ping": ["ConnectionLost"]}'

    connect --timeout 1 "$desktop"

    assert_status 1
    assert_contains "$stderr" "gave up after 1s: the SSM agent of $desktop"
    assert_contains "$stderr" "is ConnectionLost"
    assert_equal "$(moto_requests SendSSHPublicKey)" ""
    [ ! -e "$RECORD/session-manager-plugin.jsonl" ]
}

@test "an instance the agent has never registered says so while waiting" {
    seed desktop "$desktop" asher-sterkin >/dev/null

    connect --timeout 0 "$desktop"

    assert_status 1
    assert_contains "$stderr" "the SSM agent of $desktop"
    assert_contains "$stderr" "is not registered yet"
}

@test "no such desktop: lists the caller's own desktops and their states, no one else's" {
    eval "$(seed sso-identity asher-sterkin)"
    seed desktop asher-sterkin-t3-large-build asher-sterkin --state stopped >/dev/null
    seed desktop asher-sterkin-m7g-medium-desktop asher-sterkin >/dev/null
    seed desktop maria-t3-large-desktop maria >/dev/null

    connect asher-sterkin-t4g-large-desktopp

    assert_status 1
    assert_contains "$stderr" "no desktop named asher-sterkin-t4g-large-desktopp in eu-west-1. Yours:"
    assert_contains "$stderr" "    asher-sterkin-m7g-medium-desktop (running)"
    assert_contains "$stderr" "    asher-sterkin-t3-large-build (stopped)"
    refute_contains "$stderr" maria
    assert_equal "$output" ""
}

@test "no such desktop and none of the caller's: says how to get one" {
    eval "$(seed sso-identity asher-sterkin)"

    connect "$desktop"

    assert_status 1
    assert_contains "$stderr" "no desktop named $desktop in eu-west-1, and none tagged User=asher-sterkin there"
}

@test "a terminated desktop: says so and how to get a new one; starts nothing" {
    id=$(seed desktop "$desktop" asher-sterkin --state terminated)

    connect "$desktop"

    assert_status 1
    assert_contains "$stderr" "desktop $desktop ($id) has been terminated: recreate its stack"
    assert_equal "$(moto_requests StartInstances)" ""
}

@test "access denied at the instance lookup names the permission and the permission set RemoteDeveloper" {
    seed desktop "$desktop" asher-sterkin >/dev/null
    eval "$(seed restricted-user sts:GetCallerIdentity)"

    connect "$desktop"

    assert_status 1
    assert_contains "$stderr" "access denied for ec2:DescribeInstances as arn:aws:iam::123456789012:user/mapu-restricted"
    assert_contains "$stderr" "permission set RemoteDeveloper"
}

@test "access denied at the key push names ec2-instance-connect:SendSSHPublicKey and RemoteDeveloper" {
    seed desktop "$desktop" asher-sterkin >/dev/null
    fake_state '{"ssm_ping": ["Online"]}'
    eval "$(seed restricted-user sts:GetCallerIdentity 'ec2:Describe*' ec2:StartInstances)"

    connect "$desktop"

    assert_status 1
    assert_contains "$stderr" "access denied for ec2-instance-connect:SendSSHPublicKey"
    assert_contains "$stderr" "permission set RemoteDeveloper"
    [ ! -e "$RECORD/session-manager-plugin.jsonl" ]
}

@test "access denied at the session names ssm:StartSession and RemoteDeveloper" {
    seed desktop "$desktop" asher-sterkin >/dev/null
    fake_state '{"ssm_ping": ["Online"], "errors": {"StartSession": {"code": "AccessDeniedException", "message": "User is not authorized to perform: ssm:StartSession on resource"}}}'

    connect "$desktop"

    assert_status 1
    assert_contains "$stderr" "access denied for ssm:StartSession"
    assert_contains "$stderr" "permission set RemoteDeveloper"
    assert_equal "$output" ""
}

@test "the Session Manager plugin missing: says where to get it, before any AWS call" {
    seed desktop "$desktop" asher-sterkin >/dev/null
    mkdir "$BATS_TEST_TMPDIR/bin"
    ln -s "$(real_aws)" "$BATS_TEST_TMPDIR/bin/aws"
    for tool in bash mktemp rm; do ln -s "$(command -v "$tool")" "$BATS_TEST_TMPDIR/bin/$tool"; done

    run --separate-stderr env PATH="$BATS_TEST_TMPDIR/bin" "$scripts/desktop-ssh" --key "$key" "$desktop" </dev/null

    assert_status 1
    assert_contains "$stderr" "the Session Manager plugin is not installed: https://docs.aws.amazon.com/systems-manager/latest/userguide/session-manager-working-with-install-plugin.html"
    assert_equal "$(cat "$BATS_FILE_TMPDIR/moto-recording.jsonl" 2>/dev/null)" ""
}

@test "no key: points to the installer" {
    run --separate-stderr "$scripts/desktop-ssh" --key "$HOME/missing.pub" "$desktop" </dev/null

    assert_status 1
    assert_contains "$stderr" "no public key $HOME/missing.pub: run install-desktop-ssh"
}

@test "an expired IAM Identity Center session: signs in once (its output kept off the SSH stream), then connects" {
    id=$(seed desktop "$desktop" asher-sterkin)
    fake_state '{"ssm_ping": ["Online"]}'
    mkdir -p "$HOME/.aws"
    cat >"$HOME/.aws/config" <<'EOF'
[profile mapu]
sso_session = corp
sso_account_id = 123456789012
sso_role_name = RemoteDeveloper
region = eu-west-1
[sso-session corp]
sso_start_url = https://example.awsapps.com/start
sso_region = eu-west-1
EOF
    unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY
    export REAL_AWS SSO_SESSION=corp
    REAL_AWS=$(command -v aws)

    PATH="$tests/doubles-sso:$PATH" connect --profile mapu "$desktop"

    assert_status 0
    assert_equal "$output" "ssh-bytes"
    assert_contains "$stderr" "your AWS sign-in (profile mapu) has expired: signing in with aws sso login"
    assert_contains "$stderr" "Successfully logged into Start URL"
    assert_equal "$(tr '\n' ' ' <"$RECORD/sso-login.args")" "--profile mapu --region eu-west-1 sso login "
    # the role credentials came from the portal, with the cached token
    assert_contains "$(fake_requests)" "GET /federation/credentials?role_name=RemoteDeveloper&account_id=123456789012"
    assert_equal "$(moto_requests SendSSHPublicKey | jq -r .InstanceId)" "$id"
    # the plugin is told the profile, to renew its own credentials
    assert_equal "$(jq -r '.argv[3]' "$RECORD/session-manager-plugin.jsonl")" mapu
}

@test "--list prints the caller's desktops: name, state and OS user" {
    eval "$(seed sso-identity asher-sterkin)"
    seed desktop asher-sterkin-t4g-large-desktop asher-sterkin --os al2023 >/dev/null
    seed desktop asher-sterkin-t3-large-build asher-sterkin --os ubuntu-24.04 --state stopped >/dev/null
    seed desktop asher-sterkin-t3-large-old asher-sterkin --state terminated >/dev/null
    seed desktop maria-t3-large-desktop maria >/dev/null

    run --separate-stderr "$scripts/desktop-ssh" --region "$region" --list

    assert_status 0
    assert_equal "$output" "asher-sterkin-t3-large-build	stopped	ubuntu
asher-sterkin-t4g-large-desktop	running	ec2-user"
}

@test "usage errors: no host (status 2), a host that is no stack name (status 1)" {
    run --separate-stderr "$scripts/desktop-ssh" --key "$key"
    assert_status 2
    assert_contains "$stderr" "usage: desktop-ssh"

    run --separate-stderr "$scripts/desktop-ssh" --key "$key" 'evil;rm -rf ~'
    assert_status 1
    assert_contains "$stderr" "is not a desktop name"
}

@test "no credentials, or no region: says how to set them up" {
    unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY

    connect "$desktop"
    assert_status 1
    assert_contains "$stderr" "no AWS credentials: configure it with 'aws configure sso' (permission set RemoteDeveloper)"

    unset AWS_DEFAULT_REGION
    export AWS_ACCESS_KEY_ID=AKIAMAPUTESTCALLER AWS_SECRET_ACCESS_KEY=mapu-test-caller-secret
    run --separate-stderr "$scripts/desktop-ssh" --key "$key" "$desktop" </dev/null
    assert_status 1
    assert_contains "$stderr" "no AWS region: pass --region or set one in the profile"
}
