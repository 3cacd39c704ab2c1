#!/usr/bin/env bats
# scripts/install-desktop-ssh: prerequisites, the installed ProxyCommand, the
# key, the ~/.ssh/config block as OpenSSH itself reads it (ssh -G), and one
# real `ssh` run through the block, desktop-ssh, moto and the plugin double.

bats_require_minimum_version 1.5.0
# shellcheck source-path=SCRIPTDIR source=helpers.bash
source "$BATS_TEST_DIRNAME/helpers.bash"

setup_file() {
    start_servers
}

teardown_file() {
    stop_servers
}

setup() {
    reset_world
    export MAPU_DESKTOP_SSH_POLL=0.2
}

# ssh's effective setting for a host: ssh_setting HOST KEYWORD
ssh_setting() {
    ssh -G -F "$HOME/.ssh/config" "$1" | awk -v key="$2" '$1 == key { $1 = ""; sub(/^ /, ""); print }'
}

@test "names every missing prerequisite with where to get it, and changes nothing" {
    mkdir "$BATS_TEST_TMPDIR/bin"
    ln -s "$(command -v bash)" "$BATS_TEST_TMPDIR/bin/bash"

    run --separate-stderr env PATH="$BATS_TEST_TMPDIR/bin" "$scripts/install-desktop-ssh" some-desktop

    assert_status 1
    assert_contains "$stderr" "missing: the OpenSSH client (ssh, ssh-keygen) — install it: https://www.openssh.com/portable.html"
    assert_contains "$stderr" "missing: the AWS CLI v2 (aws) — install it: https://docs.aws.amazon.com/cli/latest/userguide/getting-started-install.html"
    assert_contains "$stderr" "missing: the Session Manager plugin for the AWS CLI (session-manager-plugin) — install it: https://docs.aws.amazon.com/systems-manager/latest/userguide/session-manager-working-with-install-plugin.html"
    assert_equal "$(ls -A "$HOME")" ""
}

@test "only the plugin missing: names just the plugin" {
    mkdir "$BATS_TEST_TMPDIR/bin"
    for tool in bash ssh ssh-keygen grep; do ln -s "$(command -v "$tool")" "$BATS_TEST_TMPDIR/bin/$tool"; done
    ln -s "$(real_aws)" "$BATS_TEST_TMPDIR/bin/aws"

    run --separate-stderr env PATH="$BATS_TEST_TMPDIR/bin" "$scripts/install-desktop-ssh" some-desktop

    assert_status 1
    assert_contains "$stderr" "missing: the Session Manager plugin"
    refute_contains "$stderr" "missing: the OpenSSH"
    refute_contains "$stderr" "missing: the AWS CLI"
    # the CLI here is v1: a note, not a failure
    assert_contains "$stderr" "note: this is the AWS CLI v1; signing in with IAM Identity Center (aws sso login) needs v2"
}

@test "named desktops and patterns: installs desktop-ssh, creates the key, and ssh reads the block as meant" {
    run --separate-stderr "$scripts/install-desktop-ssh" --profile mapu --region eu-west-1 \
        asher-sterkin-t4g-large-desktop '*-build'

    assert_status 0
    cmp "$scripts/desktop-ssh" "$HOME/.local/bin/desktop-ssh"
    [ -x "$HOME/.local/bin/desktop-ssh" ]
    assert_contains "$(cat "$HOME/.ssh/mapu-desktop_ed25519.pub")" "ssh-ed25519 "
    assert_equal "$(stat -c %a "$HOME/.ssh/config")" 600
    for host in asher-sterkin-t4g-large-desktop asher-sterkin-t3-large-build; do
        assert_equal "$(ssh_setting "$host" proxycommand)" \
            "'$HOME/.local/bin/desktop-ssh' --profile 'mapu' --region 'eu-west-1' --key '$HOME/.ssh/mapu-desktop_ed25519.pub' %h %r %p"
        assert_equal "$(ssh_setting "$host" user)" ec2-user
        assert_equal "$(ssh_setting "$host" identityfile)" "$HOME/.ssh/mapu-desktop_ed25519"
        assert_equal "$(ssh_setting "$host" identitiesonly)" yes
    done
    # other hosts are left alone
    assert_equal "$(ssh_setting github.com proxycommand)" ""
    assert_contains "$stderr" "wrote 2 host(s) to $HOME/.ssh/config"
}

@test "a rerun replaces its block, keeps the user's own config and the existing key" {
    mkdir -p "$HOME/.ssh"
    printf 'Host github.com\n    User git\n' >"$HOME/.ssh/config"
    "$scripts/install-desktop-ssh" --os-user ubuntu first-desktop 2>/dev/null
    key_before=$(cat "$HOME/.ssh/mapu-desktop_ed25519.pub")

    run --separate-stderr "$scripts/install-desktop-ssh" second-desktop

    assert_status 0
    config=$(cat "$HOME/.ssh/config")
    assert_equal "$(grep -c '>>> mapu desktops' <<<"$config")" 1
    refute_contains "$config" first-desktop
    assert_equal "$(ssh_setting second-desktop user)" ec2-user
    assert_equal "$(ssh_setting github.com user)" git
    assert_equal "$(tail -n 2 <<<"$config")" "Host github.com
    User git"
    assert_equal "$(cat "$HOME/.ssh/mapu-desktop_ed25519.pub")" "$key_before"
}

@test "no names: writes the caller's desktops from desktop-ssh --list, Ubuntu ones with User ubuntu" {
    eval "$(seed sso-identity asher-sterkin)"
    seed desktop asher-sterkin-t4g-large-desktop asher-sterkin --os al2023 >/dev/null
    seed desktop asher-sterkin-t3-large-build asher-sterkin --os ubuntu-24.04 --state stopped >/dev/null
    seed desktop maria-t3-large-desktop maria >/dev/null

    run --separate-stderr "$scripts/install-desktop-ssh" --region eu-west-1

    assert_status 0
    assert_equal "$(ssh_setting asher-sterkin-t4g-large-desktop user)" ec2-user
    assert_equal "$(ssh_setting asher-sterkin-t3-large-build user)" ubuntu
    refute_contains "$(cat "$HOME/.ssh/config")" maria
}

@test "no names and no desktops: says so and writes no config" {
    eval "$(seed sso-identity asher-sterkin)"

    run --separate-stderr "$scripts/install-desktop-ssh" --region eu-west-1

    assert_status 1
    assert_contains "$stderr" "you have no desktops in eu-west-1 yet"
    [ ! -e "$HOME/.ssh/config" ]
}

@test "no names and access denied: desktop-ssh names RemoteDeveloper, the installer says how to go on" {
    eval "$(seed restricted-user sts:GetCallerIdentity)"

    run --separate-stderr "$scripts/install-desktop-ssh" --region eu-west-1

    assert_status 1
    assert_contains "$stderr" "access denied for ec2:DescribeInstances"
    assert_contains "$stderr" "permission set RemoteDeveloper"
    assert_contains "$stderr" "could not list your desktops (see above); name them instead"
}

@test "ssh through the written block: ssh runs desktop-ssh with the host, user and port; the key reaches the instance" {
    id=$(seed desktop asher-sterkin-t4g-large-desktop asher-sterkin)
    fake_state '{"ssm_ping": ["Online"]}'
    "$scripts/install-desktop-ssh" --region eu-west-1 --os-user ubuntu asher-sterkin-t4g-large-desktop 2>/dev/null

    # the plugin double ends the session at once: ssh reports a closed connection
    PLUGIN_CLOSES=1 run timeout 60 ssh -F "$HOME/.ssh/config" -o BatchMode=yes asher-sterkin-t4g-large-desktop true

    assert_status 255
    assert_contains "$output" "Connection closed"
    assert_equal "$(moto_requests SendSSHPublicKey | jq -r '[.InstanceId, .InstanceOSUser, .SSHPublicKey] | @tsv')" \
        "$id	ubuntu	$(cat "$HOME/.ssh/mapu-desktop_ed25519.pub")"
    assert_equal "$(jq -r '.argv[4] | fromjson | [.Target, .Parameters.portNumber[0]] | @tsv' "$RECORD/session-manager-plugin.jsonl")" "$id	22"
}
