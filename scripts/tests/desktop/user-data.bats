#!/usr/bin/env bats
# The desktop's user data as scripts/vm/render-user-data renders it (and as
# the templates embed it), run in a folder standing in for / (MAPU_ROOT):
# dnf, apt-get, snap and systemctl are doubles that record; git, tar, curl and
# the AWS CLI are real; CloudFormation's SignalResource and the instance
# metadata are the loopback fake; the installed credential helper is then
# driven by git against moto_server.

bats_require_minimum_version 1.5.0
# shellcheck source-path=SCRIPTDIR source=helpers.bash
source "$BATS_TEST_DIRNAME/helpers.bash"

role=arn:aws:iam::222222222222:role/CrossAccountSecretsAccess
stack=asher-sterkin-t4g-large-desktop-Vm-1A2B3C4D5E6F

setup_file() {
    start_servers
}

teardown_file() {
    stop_servers
}

setup() {
    reset_world
    on_instance asher-sterkin '{"instance-id": "i-0a1b2c3d4e5f60718"}'
    export MAPU_ROOT="$BATS_TEST_TMPDIR/root" MAPU_SIGNAL_RETRY_SECONDS=0 REAL_AWS
    REAL_AWS=$(real_aws)
    mkdir -p "$MAPU_ROOT/etc" "$MAPU_ROOT/home/ec2-user" "$MAPU_ROOT/home/ubuntu" "$MAPU_ROOT/root"
    os_release al2023
    user_data="$BATS_TEST_TMPDIR/user-data"
    render MAPU_SECRETS_ROLE_ARN=$role MAPU_IDLE_MINUTES=45
}

render() {  # extra NAME=VALUE
    "$scripts/vm/render-user-data" MAPU_REGION=eu-west-1 MAPU_STACK_NAME=$stack MAPU_SIGNAL_RESOURCE=Instance "$@" >"$user_data"
}

os_release() {
    case $1 in
        al2023) printf 'NAME="Amazon Linux"\nVERSION="2023"\nID="amzn"\nID_LIKE="fedora"\nVERSION_ID="2023"\n' ;;
        ubuntu-22.04) printf 'NAME="Ubuntu"\nVERSION_ID="22.04"\nID=ubuntu\nID_LIKE=debian\n' ;;
        ubuntu-24.04) printf 'NAME="Ubuntu"\nVERSION_ID="24.04"\nID=ubuntu\nID_LIKE=debian\n' ;;
        debian-12) printf 'NAME="Debian GNU/Linux"\nVERSION_ID="12"\nID=debian\n' ;;
    esac >"$MAPU_ROOT/etc/os-release"
}

boot() {  # runs the user data as cloud-init would, with the command doubles first on PATH
    run --separate-stderr env PATH="$tests/doubles-boot:$PATH" bash "$user_data"
}

signals() {
    fake_bodies SignalResource | jq -r '[.StackName, .LogicalResourceId, .UniqueId, .Status] | @tsv'
}

@test "Amazon Linux 2023: packages, files, configuration, git, the timer; then SUCCESS for the instance" {
    boot

    assert_status 0
    assert_equal "$(cat "$RECORD/commands.log")" "dnf install -y git make python3 awscli-2 ec2-instance-connect
systemctl daemon-reload
systemctl enable --now mapu-idle-shutdown.timer"
    # the files, byte for byte, with their modes
    for file in usr/local/bin/git-credential-mapu:git-credential-mapu:755 usr/local/sbin/mapu-idle-shutdown:mapu-idle-shutdown:755 \
        etc/systemd/system/mapu-idle-shutdown.service:mapu-idle-shutdown.service:644 \
        etc/systemd/system/mapu-idle-shutdown.timer:mapu-idle-shutdown.timer:644; do
        IFS=: read -r target source mode <<<"$file"
        cmp "$scripts/vm/$source" "$MAPU_ROOT/$target"
        assert_equal "$(stat -c %a "$MAPU_ROOT/$target")" "$mode"
    done
    assert_equal "$(cat "$MAPU_ROOT/etc/mapu/desktop.conf")" "MAPU_REGION=eu-west-1
MAPU_SECRETS_ROLE_ARN=$role
MAPU_IDLE_MINUTES=45"
    assert_equal "$(git config --file "$MAPU_ROOT/etc/gitconfig" credential.helper)" mapu
    assert_equal "$(git config --file "$MAPU_ROOT/etc/gitconfig" credential.https://git-codecommit.eu-west-1.amazonaws.com.useHttpPath)" true
    assert_contains "$(cat "$MAPU_ROOT/etc/profile.d/mapu-aws.sh")" "export AWS_DEFAULT_REGION=eu-west-1"
    assert_equal "$(cat "$MAPU_ROOT/home/ec2-user/.aws/config")" $'[default]\nregion = eu-west-1'
    assert_equal "$(cat "$MAPU_ROOT/root/.aws/config")" $'[default]\nregion = eu-west-1'
    [ ! -e "$MAPU_ROOT/home/ubuntu/.aws" ]
    # the markers the idle shutdown waits for
    [[ $(cat "$MAPU_ROOT/var/lib/mapu/first-boot.started") =~ ^[0-9]+$ ]]
    [[ $(cat "$MAPU_ROOT/var/lib/mapu/first-boot.done") =~ ^0\ [0-9]+\ start\ the\ idle\ shutdown\ timer$ ]]
    assert_equal "$(signals)" "$stack	Instance	i-0a1b2c3d4e5f60718	SUCCESS"
    assert_equal "$(moto_signers SignalResource)" ""  # (CloudFormation is the fake's, not moto's)
    assert_equal "$(fake_requests | grep -c SignalResource)" 1
    assert_contains "$output" "mapu: signalled SUCCESS to $stack/Instance"
}

@test "then, on the booted desktop, git gets credentials through the installed helper" {
    boot
    assert_status 0
    seed secret "$role" asher-sterkin/github.com '{"username": "asher", "password": "ghp_from_boot"}'

    run --separate-stderr env GIT_CONFIG_SYSTEM="$MAPU_ROOT/etc/gitconfig" GIT_CONFIG_GLOBAL=/dev/null \
        GIT_TERMINAL_PROMPT=0 MAPU_CONFIG="$MAPU_ROOT/etc/mapu/desktop.conf" \
        PATH="$MAPU_ROOT/usr/local/bin:$PATH" git credential fill <<<$'url=https://github.com/mapu/mapu.git\n'

    assert_status 0
    assert_contains "$output" $'username=asher\npassword=ghp_from_boot'
}

@test "Ubuntu 24.04 without the AWS CLI: apt-get, then the CLI from its snap, which then signals" {
    os_release ubuntu-24.04

    run --separate-stderr env PATH="$tests/doubles-boot:/usr/bin:/bin" bash "$user_data"

    assert_status 0
    assert_equal "$(grep -v systemctl "$RECORD/commands.log")" "apt-get update -q
apt-get install -y -q git make python3 curl ec2-instance-connect
snap wait system seed.loaded
snap install aws-cli --classic"
    assert_equal "$(cat "$MAPU_ROOT/home/ubuntu/.aws/config")" $'[default]\nregion = eu-west-1'
    [ ! -e "$MAPU_ROOT/home/ec2-user/.aws" ]
    assert_equal "$(signals)" "$stack	Instance	i-0a1b2c3d4e5f60718	SUCCESS"
}

@test "Ubuntu 22.04 with the AWS CLI: no snap; an existing ~/.aws/config is left alone" {
    os_release ubuntu-22.04
    mkdir -p "$MAPU_ROOT/home/ubuntu/.aws"
    printf '[default]\nregion = us-east-2\n' >"$MAPU_ROOT/home/ubuntu/.aws/config"

    boot

    assert_status 0
    refute_contains "$(cat "$RECORD/commands.log")" snap
    assert_equal "$(cat "$MAPU_ROOT/home/ubuntu/.aws/config")" $'[default]\nregion = us-east-2'
    assert_equal "$(signals)" "$stack	Instance	i-0a1b2c3d4e5f60718	SUCCESS"
}

@test "a failing step: stops there, records it, and signals FAILURE naming the step" {
    FAIL_COMMANDS=dnf boot

    assert_status 1
    assert_contains "$output" "mapu: first boot FAILED in step 'install packages' (exit status 1)"
    refute_contains "$(cat "$RECORD/commands.log")" systemctl
    [ ! -e "$MAPU_ROOT/usr/local/bin/git-credential-mapu" ]
    [[ $(cat "$MAPU_ROOT/var/lib/mapu/first-boot.done") =~ ^1\ [0-9]+\ install\ packages$ ]]
    assert_equal "$(signals)" "$stack	Instance	i-0a1b2c3d4e5f60718 failed: install packages	FAILURE"
}

@test "a bad parameter: FAILURE at the check, naming the parameter" {
    render MAPU_IDLE_MINUTES=soon

    boot

    assert_status 1
    assert_contains "$output" "mapu: parameter MAPU_IDLE_MINUTES is 'soon', which does not match"
    assert_equal "$(signals)" "$stack	Instance	i-0a1b2c3d4e5f60718 failed: check parameters	FAILURE"
    [ ! -e "$RECORD/commands.log" ]
}

@test "an operating system mapu does not support: FAILURE naming it" {
    os_release debian-12

    boot

    assert_status 1
    assert_contains "$output" "unsupported operating system 'debian 12'"
    assert_equal "$(signals)" "$stack	Instance	i-0a1b2c3d4e5f60718 failed: detect the operating system	FAILURE"
}

@test "platform steps appended after the common ones run before the signal; a failing one is named" {
    printf 'step "install docker" dnf install -y docker\n' >>"$user_data"
    boot
    assert_status 0
    assert_equal "$(tail -n 2 "$RECORD/commands.log")" "systemctl enable --now mapu-idle-shutdown.timer
dnf install -y docker"
    assert_equal "$(signals)" "$stack	Instance	i-0a1b2c3d4e5f60718	SUCCESS"

    : >"$FAKE_LOG"
    rm -rf "${MAPU_ROOT:?}/usr" "${MAPU_ROOT:?}/var"
    printf 'step "start the platform" false\n' >>"$user_data"
    boot
    assert_status 1
    assert_equal "$(signals)" "$stack	Instance	i-0a1b2c3d4e5f60718 failed: start the platform	FAILURE"
}

@test "CloudFormation refusing the signal: tried 5 times, then says the stack will wait; the boot itself succeeded" {
    on_instance asher-sterkin '{"instance-id": "i-0a1b2c3d4e5f60718"}'
    jq '.errors = {SignalResource: {code: "ValidationError", message: "Stack is not in a state to accept signals"}}' \
        "$FAKE_STATE" >"$FAKE_STATE.new" && mv "$FAKE_STATE.new" "$FAKE_STATE"

    boot

    assert_status 0
    assert_equal "$(fake_requests | grep -c SignalResource)" 5
    assert_contains "$output" "could not signal CloudFormation: the stack waits until its CreationPolicy times out"
    assert_contains "$stderr" "Stack is not in a state to accept signals"
}

@test "the render: shellcheck-clean bash, within EC2's 16 KB, the same text in --cfn form" {
    shellcheck -s bash "$user_data"
    bash -n "$user_data"
    [ "$(wc -c <"$user_data")" -le 16384 ]
    # the --cfn form, with its expressions given the same values, is the same text
    "$scripts/vm/render-user-data" --cfn MAPU_SECRETS_ROLE_ARN=$role MAPU_IDLE_MINUTES=45 >"$BATS_TEST_TMPDIR/user-data.json"
    printf '{"Resources": {"Instance": {"Properties": {"UserData": %s}}}}' "$(cat "$BATS_TEST_TMPDIR/user-data.json")" \
        >"$BATS_TEST_TMPDIR/template.json"
    python3 "$tests/template_user_data.py" render "$BATS_TEST_TMPDIR/template.json" Resources.Instance.Properties.UserData \
        >"$BATS_TEST_TMPDIR/from-cfn"
    # AWS::StackName renders as $stack; the signal resource default is Instance
    cmp "$BATS_TEST_TMPDIR/from-cfn" "$user_data"
    # the same sources render the same bytes
    render MAPU_SECRETS_ROLE_ARN=$role MAPU_IDLE_MINUTES=45
    cmp "$BATS_TEST_TMPDIR/from-cfn" "$user_data"
}

@test "the templates embed the current render of the user data" {
    templates=()
    for template in "$repo/template.json" "$repo"/templates/*.json; do
        [ -f "$template" ] && templates+=("$template")
    done
    found=$(python3 "$tests/template_user_data.py" find "${templates[@]}")
    [ -n "$found" ] || skip "no template embeds the mapu user data yet (templates/generic-desktop-vm.json: UserData from scripts/vm/render-user-data --cfn)"

    while IFS=$'\t' read -r template path; do
        python3 "$tests/template_user_data.py" render "$template" "$path" >"$BATS_TEST_TMPDIR/embedded"
        # render ours with the values the template's parameters render to
        values=()
        for name in MAPU_REGION MAPU_STACK_NAME MAPU_SIGNAL_RESOURCE MAPU_SECRETS_ROLE_ARN MAPU_IDLE_MINUTES; do
            values+=("$name=$(sed -n "s/^$name='\(.*\)'\$/\1/p" "$BATS_TEST_TMPDIR/embedded" | head -n 1)")
        done
        "$scripts/vm/render-user-data" "${values[@]}" >"$BATS_TEST_TMPDIR/ours"
        ours=$(python3 "$tests/template_user_data.py" normalize <"$BATS_TEST_TMPDIR/ours")
        embedded=$(python3 "$tests/template_user_data.py" normalize <"$BATS_TEST_TMPDIR/embedded")
        # platform templates may append steps; the common part must be today's
        if [[ $embedded != "$ours"* ]]; then
            diff <(printf '%s\n' "$ours") <(printf '%s\n' "$embedded") | head -n 20 >&2 || true
            echo "$template ($path) embeds an outdated user data: render it again with scripts/vm/render-user-data --cfn" >&2
            return 1
        fi
    done <<<"$found"
}
