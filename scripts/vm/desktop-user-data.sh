# desktop-user-data.sh — the common first boot of a mapu desktop (Amazon Linux
# 2023, Ubuntu 22.04 and 24.04), run once by cloud-init, as root.
# shellcheck shell=bash
#
# Not run as it is: scripts/vm/render-user-data puts in front of it the
# parameters below and mapu_install_files (which unpacks the credential helper,
# the idle shutdown and its systemd units under $root/); the template embeds
# that render.
#
#   MAPU_REGION            the stack's region (AWS::Region)
#   MAPU_STACK_NAME        the stack that holds the instance (AWS::StackName)
#   MAPU_SIGNAL_RESOURCE   the instance's logical id, which has the CreationPolicy
#   MAPU_SECRETS_ROLE_ARN  CrossAccountSecretsAccess in the Users account ('' = CodeCommit only)
#   MAPU_IDLE_MINUTES      idle time before the desktop stops itself (0 = never)
#
# Steps: installs git, make, python3, curl and the AWS CLI where the OS lacks
# them, and EC2 Instance Connect; sets the AWS CLI's region; writes
# /etc/mapu/desktop.conf and the files; makes git use git-credential-mapu;
# starts the idle-shutdown timer. A platform template appends its own steps
# after this script, each as one line:
#
#   step "install docker" dnf install -y docker
#
# Whatever happens, at exit: /var/lib/mapu/first-boot.done records the outcome
# (the idle shutdown waits for it), and CloudFormation gets SignalResource
# SUCCESS, or FAILURE with the failing step in its UniqueId (shown in the
# stack's events), so that a stack never waits on a broken boot. The output is
# in /var/log/cloud-init-output.log.
#
# Test seams: MAPU_ROOT (a folder standing in for /), MAPU_IMDS_ENDPOINT
# (loopback only), MAPU_SIGNAL_RETRY_SECONDS.
set -euo pipefail
umask 022

root=${MAPU_ROOT:-}
imds=http://169.254.169.254
if [[ ${MAPU_IMDS_ENDPOINT:-} =~ ^http://127\.0\.0\.1:[0-9]+$ ]]; then imds=$MAPU_IMDS_ENDPOINT; fi
export PATH="$PATH:$root/snap/bin:/usr/local/bin"
current_step=start

say() { printf 'mapu: %s\n' "$*"; }

step() {
    current_step=$1
    shift
    say "step: $current_step"
    "$@"
}

imds_get() {
    local token
    token=$(curl -sf --connect-timeout 2 --max-time 5 -X PUT \
        -H 'X-aws-ec2-metadata-token-ttl-seconds: 300' "$imds/latest/api/token") || return 1
    printf 'X-aws-ec2-metadata-token: %s\n' "$token" |
        curl -sf --connect-timeout 2 --max-time 5 -H @- "$imds/latest/meta-data/$1"
}

signal() {  # SUCCESS or FAILURE
    local instance_id unique attempt
    if ! instance_id=$(imds_get instance-id); then
        say "cannot read the instance id from the instance metadata: CloudFormation gets no signal"
        return 1
    fi
    unique=$instance_id
    [ "$1" = SUCCESS ] || unique="$instance_id failed: $current_step"
    for attempt in 1 2 3 4 5; do
        if aws cloudformation signal-resource --region "$MAPU_REGION" --stack-name "$MAPU_STACK_NAME" \
            --logical-resource-id "$MAPU_SIGNAL_RESOURCE" --unique-id "${unique:0:64}" --status "$1"; then
            say "signalled $1 to $MAPU_STACK_NAME/$MAPU_SIGNAL_RESOURCE"
            return 0
        fi
        say "signal attempt $attempt failed"
        [ "$attempt" -eq 5 ] || sleep "${MAPU_SIGNAL_RETRY_SECONDS:-10}"
    done
    say "could not signal CloudFormation: the stack waits until its CreationPolicy times out"
    return 1
}

finish() {
    local status=$? outcome=SUCCESS
    trap - EXIT
    set +eu
    if [ "$status" -eq 0 ]; then
        say "first boot done"
    else
        outcome=FAILURE
        say "first boot FAILED in step '$current_step' (exit status $status)"
    fi
    mkdir -p "$root/var/lib/mapu"
    echo "$status $(date +%s) $current_step" >"$root/var/lib/mapu/first-boot.done"
    signal "$outcome"
    exit "$status"
}

check_parameters() {
    local name value pattern
    for name in MAPU_REGION MAPU_STACK_NAME MAPU_SIGNAL_RESOURCE MAPU_SECRETS_ROLE_ARN MAPU_IDLE_MINUTES; do
        value=${!name-}
        case $name in
            MAPU_REGION) pattern='^[a-z]{2}(-[a-z]+)+-[0-9]+$' ;;
            MAPU_STACK_NAME) pattern='^([A-Za-z][A-Za-z0-9-]*|arn:aws[a-z-]*:cloudformation:[a-z0-9-]+:[0-9]{12}:stack/[A-Za-z0-9-]+/[a-f0-9-]+)$' ;;
            MAPU_SIGNAL_RESOURCE) pattern='^[A-Za-z0-9]+$' ;;
            MAPU_SECRETS_ROLE_ARN) pattern='^(arn:aws[a-z-]*:iam::[0-9]{12}:role/[A-Za-z0-9+=,.@_/-]+)?$' ;;
            MAPU_IDLE_MINUTES) pattern='^[0-9]+$' ;;
        esac
        if ! [[ $value =~ $pattern ]]; then
            say "parameter $name is '$value', which does not match $pattern"
            return 1
        fi
    done
}

detect_os() {
    local id version
    # shellcheck disable=SC1091 # the OS's own file
    id=$(. "$root/etc/os-release" && echo "${ID:-}")
    # shellcheck disable=SC1091
    version=$(. "$root/etc/os-release" && echo "${VERSION_ID:-}")
    case $id:$version in
        amzn:2023*) os=al2023 default_user=ec2-user ;;
        ubuntu:22.04 | ubuntu:24.04) os=ubuntu default_user=ubuntu ;;
        *) say "unsupported operating system '$id $version' (mapu desktops: Amazon Linux 2023, Ubuntu 22.04, 24.04)"; return 1 ;;
    esac
    say "operating system: $os"
}

install_packages() {
    case $os in
        al2023)
            # curl-minimal is there already; installing curl would conflict with it
            dnf install -y git make python3 awscli-2 ec2-instance-connect ;;
        ubuntu)
            export DEBIAN_FRONTEND=noninteractive
            apt-get update -q
            apt-get install -y -q git make python3 curl ec2-instance-connect
            if ! command -v aws >/dev/null 2>&1; then
                snap wait system seed.loaded
                snap install aws-cli --classic
            fi ;;
    esac
    command -v aws >/dev/null 2>&1 || { say "the AWS CLI is still missing"; return 1; }
}

# ~/.aws/config with the region for the OS's user and root, unless they have one.
configure_aws_region() {
    mkdir -p "$root/etc/profile.d"
    printf 'export AWS_REGION=%s\nexport AWS_DEFAULT_REGION=%s\n' "$MAPU_REGION" "$MAPU_REGION" \
        >"$root/etc/profile.d/mapu-aws.sh"
    local home
    for home in "$root/home/$default_user" "$root/root"; do
        [ -d "$home" ] || continue
        mkdir -p "$home/.aws"
        if [ ! -f "$home/.aws/config" ]; then
            printf '[default]\nregion = %s\n' "$MAPU_REGION" >"$home/.aws/config"
        fi
        chown -R --reference="$home" "$home/.aws"
    done
}

install_files() {
    mapu_install_files
    mkdir -p "$root/etc/mapu"
    printf 'MAPU_REGION=%s\nMAPU_SECRETS_ROLE_ARN=%s\nMAPU_IDLE_MINUTES=%s\n' \
        "$MAPU_REGION" "$MAPU_SECRETS_ROLE_ARN" "$MAPU_IDLE_MINUTES" >"$root/etc/mapu/desktop.conf"
}

configure_git() {
    git config --file "$root/etc/gitconfig" credential.helper mapu
    # CodeCommit signs the repository path
    git config --file "$root/etc/gitconfig" "credential.https://git-codecommit.$MAPU_REGION.amazonaws.com.useHttpPath" true
}

enable_idle_shutdown() {
    systemctl daemon-reload
    systemctl enable --now mapu-idle-shutdown.timer
}

trap finish EXIT
mkdir -p "$root/var/lib/mapu"
date +%s >"$root/var/lib/mapu/first-boot.started"
step "check parameters" check_parameters
step "detect the operating system" detect_os
step "install packages" install_packages
step "set the AWS CLI region" configure_aws_region
step "install the mapu files" install_files
step "make git use git-credential-mapu" configure_git
step "start the idle shutdown timer" enable_idle_shutdown
