#!/usr/bin/env bats
# scripts/vm/mapu-idle-shutdown and its systemd units. Its inputs are
# injected: /proc (stat, uptime) from a fixture folder, sessions from ss and
# pgrep doubles, the clock (MAPU_NOW), the first-boot markers; the stop is a
# real StopInstances against moto_server with the instance role's credentials
# and the instance id from the loopback instance metadata.

bats_require_minimum_version 1.5.0
# shellcheck source-path=SCRIPTDIR source=helpers.bash
source "$BATS_TEST_DIRNAME/helpers.bash"

now=1800000000

setup_file() {
    start_servers
}

teardown_file() {
    stop_servers
}

setup() {
    reset_world
    instance_id=$(seed desktop asher-sterkin-t4g-large-desktop asher-sterkin)
    on_instance asher-sterkin "{\"instance-id\": \"$instance_id\"}"
    export MAPU_CONFIG="$BATS_TEST_TMPDIR/desktop.conf" MAPU_STATE_DIR="$BATS_TEST_TMPDIR/state" \
        MAPU_MARKER_DIR="$BATS_TEST_TMPDIR/markers" MAPU_PROC_DIR="$BATS_TEST_TMPDIR/proc" MAPU_NOW=$now
    printf 'MAPU_REGION=eu-west-1\nMAPU_IDLE_MINUTES=60\n' >"$MAPU_CONFIG"
    mkdir -p "$MAPU_STATE_DIR" "$MAPU_MARKER_DIR" "$MAPU_PROC_DIR"
    # a finished first boot, up for a day, CPU at 2% since the last run
    echo $((now - 86400)) >"$MAPU_MARKER_DIR/first-boot.started"
    echo "0 $((now - 86000))" >"$MAPU_MARKER_DIR/first-boot.done"
    uptime_minutes $((24 * 60))
    cpu_since_last_run 2
}

uptime_minutes() {
    echo "$(($1 * 60)).42 1234.56" >"$MAPU_PROC_DIR/uptime"
}

# /proc/stat now and the previous run's sample, PERCENT busy in between.
cpu_since_last_run() {
    local busy=$((10000 + $1 * 100)) idle=$((90000 + 10000 - $1 * 100))
    echo "100000 90000" >"$MAPU_STATE_DIR/cpu"
    printf 'cpu  %s 0 0 %s 0 0 0 0 0 0\ncpu0 1 2 3 4 5 6 7 8 9 10\n' "$busy" "$idle" >"$MAPU_PROC_DIR/stat"
}

idle_since_minutes_ago() {
    echo $((now - $1 * 60)) >"$MAPU_STATE_DIR/idle-since"
}

check() {
    run --separate-stderr env PATH="$tests/doubles-idle:$PATH" "$scripts/vm/mapu-idle-shutdown"
}

instance_state() {
    aws ec2 describe-instances --instance-ids "$instance_id" --query 'Reservations[0].Instances[0].State.Name' --output text
}

@test "idle for the limit: stops this instance (id from IMDSv2) with the instance role, and says why" {
    idle_since_minutes_ago 61

    check

    assert_status 0
    assert_equal "$output" "stopping $instance_id: idle for 61 min (limit 60)"
    assert_equal "$(moto_requests StopInstances | jq -r '."InstanceId.1"')" "$instance_id"
    assert_equal "$(moto_signers StopInstances)" ASIAINSTANCEROLEKEY
    assert_contains "$(instance_state)" stop
}

@test "idle below the limit: counts and keeps the clock" {
    idle_since_minutes_ago 30

    check

    assert_status 0
    assert_equal "$output" "idle for 30 of 60 min: 0 SSH connection(s), 0 SSM session(s), CPU 2.0% (below 10%)"
    assert_equal "$(cat "$MAPU_STATE_DIR/idle-since")" $((now - 30 * 60))
    assert_equal "$(moto_requests StopInstances)" ""
}

@test "the first idle run starts the clock at now" {
    check

    assert_status 0
    assert_equal "$output" "idle for 0 of 60 min: 0 SSH connection(s), 0 SSM session(s), CPU 2.0% (below 10%)"
    assert_equal "$(cat "$MAPU_STATE_DIR/idle-since")" "$now"
}

@test "an SSH connection (VSCode, ssh) keeps it running and resets the clock" {
    idle_since_minutes_ago 600

    SSH_CONNECTIONS=2 check

    assert_status 0
    assert_equal "$output" "in use: 2 SSH connection(s), 0 SSM session(s), CPU 2.0%"
    [ ! -e "$MAPU_STATE_DIR/idle-since" ]
    assert_equal "$(moto_requests StopInstances)" ""
}

@test "an SSM session keeps it running" {
    idle_since_minutes_ago 600

    SSM_SESSIONS=1 check

    assert_status 0
    assert_equal "$output" "in use: 0 SSH connection(s), 1 SSM session(s), CPU 2.0%"
    assert_equal "$(moto_requests StopInstances)" ""
}

@test "a busy CPU (at the threshold) keeps it running; the threshold is configurable" {
    idle_since_minutes_ago 600
    cpu_since_last_run 10

    check
    assert_equal "$output" "in use: 0 SSH connection(s), 0 SSM session(s), CPU 10.0%"

    printf 'MAPU_REGION=eu-west-1\nMAPU_IDLE_MINUTES=60\nMAPU_IDLE_CPU_PERCENT=25\n' >"$MAPU_CONFIG"
    cpu_since_last_run 24
    idle_since_minutes_ago 30
    check
    assert_equal "$output" "idle for 30 of 60 min: 0 SSH connection(s), 0 SSM session(s), CPU 24.0% (below 25%)"
    assert_equal "$(moto_requests StopInstances)" ""
}

@test "the first run after a boot only measures the CPU: in use, no stop" {
    rm "$MAPU_STATE_DIR/cpu"
    idle_since_minutes_ago 600

    check

    assert_equal "$output" "in use: 0 SSH connection(s), 0 SSM session(s), CPU not measured yet"
    [ -s "$MAPU_STATE_DIR/cpu" ]
    assert_equal "$(moto_requests StopInstances)" ""
}

@test "the idle clock never starts before the boot" {
    idle_since_minutes_ago 600
    uptime_minutes 20

    check

    assert_equal "$output" "idle for 20 of 60 min: 0 SSH connection(s), 0 SSM session(s), CPU 2.0% (below 10%)"
    assert_equal "$(moto_requests StopInstances)" ""
}

@test "never during the first boot setup, however idle" {
    rm "$MAPU_MARKER_DIR/first-boot.done"
    echo $((now - 20 * 60)) >"$MAPU_MARKER_DIR/first-boot.started"
    idle_since_minutes_ago 600

    check

    assert_status 0
    assert_equal "$output" "first boot setup is running: not stopping (0 SSH connection(s), 0 SSM session(s), CPU 2.0%)"
    assert_equal "$(moto_requests StopInstances)" ""
}

@test "a first boot setup that never finished: after the grace period, idle rules apply" {
    rm "$MAPU_MARKER_DIR/first-boot.done"
    echo $((now - 181 * 60)) >"$MAPU_MARKER_DIR/first-boot.started"
    idle_since_minutes_ago 90

    check

    assert_status 0
    assert_equal "$(head -n 1 <<<"$output")" "note: the first boot setup started 181 min ago and never finished; idle rules apply"
    assert_equal "$(tail -n 1 <<<"$output")" "stopping $instance_id: idle for 90 min (limit 60)"
}

@test "the limit is configurable, and 0 turns idle shutdown off" {
    idle_since_minutes_ago 20
    printf 'MAPU_IDLE_MINUTES=15\nMAPU_REGION=eu-west-1\n' >"$MAPU_CONFIG"
    check
    assert_equal "$output" "stopping $instance_id: idle for 20 min (limit 15)"

    printf 'MAPU_IDLE_MINUTES=0\n' >"$MAPU_CONFIG"
    idle_since_minutes_ago 6000
    check
    assert_equal "$output" "idle shutdown is off (MAPU_IDLE_MINUTES=0)"

    printf 'MAPU_IDLE_MINUTES=soon\n' >"$MAPU_CONFIG"
    check
    assert_status 1
    assert_contains "$output" "idle_minutes in $MAPU_CONFIG is 'soon', not a whole number"
}

@test "a refused stop is logged with AWS's words and exits 1, for systemd to show; the next run retries" {
    idle_since_minutes_ago 61
    eval "$(seed restricted-user 'ec2:Describe*')"

    check

    assert_status 1
    assert_contains "$output" "error: ec2:StopInstances on $instance_id failed, trying again next run:"
    assert_contains "$output" "not authorized to perform: ec2:StopInstances"
    assert_equal "$(cat "$MAPU_STATE_DIR/idle-since")" $((now - 61 * 60))
}

@test "no instance metadata: logs it, stops nothing" {
    idle_since_minutes_ago 61
    fake_state '{}'

    check

    assert_status 1
    assert_contains "$output" "error: cannot read this instance's id from the instance metadata"
    assert_equal "$(moto_requests StopInstances)" ""
}

@test "the real ss and pgrep accept the queries the doubles pin, and pgrep finds a session worker" {
    run --separate-stderr ss -Htn state established '( sport = :22 )'
    assert_status 0
    assert_equal "$stderr" ""

    run --separate-stderr pgrep -c -f '(^|/)ssm-session-worker( |$)'
    assert_equal "$output" 0
    assert_equal "$stderr" ""

    # a process named like the agent's worker, under a path as on AL2023 or the Ubuntu snap
    mkdir -p "$BATS_TEST_TMPDIR/snap/amazon-ssm-agent/1234"
    worker="$BATS_TEST_TMPDIR/snap/amazon-ssm-agent/1234/ssm-session-worker"
    cp "$(command -v sleep)" "$worker"
    "$worker" 30 3>&- &
    pid=$!
    run pgrep -c -f '(^|/)ssm-session-worker( |$)'
    kill "$pid"
    assert_equal "$output" 1
}

@test "the systemd units: valid, timer every 5 minutes from boot, service runs the script once" {
    units="$BATS_TEST_TMPDIR/units"
    mkdir "$units"
    cp "$scripts/vm/mapu-idle-shutdown.timer" "$units/"
    # verify wants the command to exist: the repository's copy stands in for /usr/local/sbin's
    sed "s|^ExecStart=/usr/local/sbin/mapu-idle-shutdown$|ExecStart=$scripts/vm/mapu-idle-shutdown|" \
        "$scripts/vm/mapu-idle-shutdown.service" >"$units/mapu-idle-shutdown.service"
    refute_contains "$(cat "$units/mapu-idle-shutdown.service")" /usr/local/sbin

    run systemd-analyze verify "$units/mapu-idle-shutdown.service" "$units/mapu-idle-shutdown.timer"

    assert_status 0
    assert_equal "$(grep -v 'sysinit.target not found' <<<"$output")" ""
    timer=$(cat "$scripts/vm/mapu-idle-shutdown.timer")
    assert_contains "$timer" "OnBootSec=5min"
    assert_contains "$timer" "OnUnitActiveSec=5min"
    assert_contains "$timer" "WantedBy=timers.target"
    assert_contains "$(cat "$scripts/vm/mapu-idle-shutdown.service")" "Type=oneshot"
}
