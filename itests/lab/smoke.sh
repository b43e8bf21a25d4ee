#!/usr/bin/env bash
# Smoke test of the lab: install, image, up, boot g1 on hostA, live-migrate it hostA -> hostB
# under a 100 ms HTTP probe, migrate it paused hostB -> hostC, tear down. Prints the measured
# times; exits non-zero on any failure. It owns the lab: a lab already up is torn down first.
#
# Environment: ATTUNE_SMOKE_IP (guest address, default 10.99.0.11),
# ATTUNE_SMOKE_MAX_FAILED (failed probe requests tolerated during the live migration, default 0),
# plus the ATTUNE_LAB_* variables of lab.sh.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
LAB=$HERE/lab.sh
LAB_DIR=${ATTUNE_LAB_DIR:-/run/attune-lab}
IP=${ATTUNE_SMOKE_IP:-10.99.0.11}
MAX_FAILED=${ATTUNE_SMOKE_MAX_FAILED:-0}
GUEST=g1
WORK=$(mktemp -d /tmp/attune-smoke.XXXXXX)
RESULTS=()

say() { printf '[smoke] %s\n' "$*" >&2; }
fail() { printf '[smoke] FAILED: %s\n' "$*" >&2; exit 1; }
now_ms() { date +%s%3N; }
fmt_ms() { printf '%d.%02d s' $(($1 / 1000)) $(($1 % 1000 / 10)); }
result() { RESULTS+=("$(printf '%-34s %s' "$1" "$2")"); say "$1: $2"; }

# Always tear down, whatever failed; a failing teardown fails the run.
on_exit() {
    local rc=$?
    trap - EXIT
    [[ -n ${PROBE_PID:-} ]] && kill "$PROBE_PID" 2>/dev/null && wait "$PROBE_PID" 2>/dev/null
    say "tearing down"
    "$LAB" down || { say "lab.sh down failed"; rc=1; }
    rm -rf "$WORK"
    if ((${#RESULTS[@]})); then
        echo "==== attune lab smoke: measured ===="
        printf '%s\n' "${RESULTS[@]}"
    fi
    if ((rc == 0)); then echo "SMOKE PASSED"; else echo "SMOKE FAILED (exit $rc)"; fi
    exit "$rc"
}
trap on_exit EXIT

# Times one command (milliseconds into the variable named $1).
# shellcheck disable=SC2034 # out is a nameref: it sets the caller's variable
timed() {
    local -n out=$1; shift
    local t0 rc=0; t0=$(now_ms)
    # explicit: errexit is off inside a function called as `timed ... || fail`
    "$@" || rc=$?
    out=$(($(now_ms) - t0))
    return "$rc"
}

vsh() { timeout 60 virsh -q -c "$1" "${@:2}"; }

uptime_of_guest() { curl -sf -m 3 "http://$IP/cgi-bin/uptime" | tr -d '\r\n'; }

# $1 > $2 for decimal seconds as printed by /proc/uptime
greater() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a + 0 > b + 0) }'; }

# Background HTTP probe: a GET every 100 ms until $WORK/stop exists (at most 30 s). Writes
# "ok failed max_gap_ms" to $WORK/probe.
probe() {
    local ok=0 failed=0 last t gap max_gap=0 end=$((SECONDS + 30))
    last=$(now_ms)
    while [[ ! -e $WORK/stop ]] && ((SECONDS < end)); do
        if curl -sf -o /dev/null -m 2 "http://$IP/"; then
            ok=$((ok + 1))
            t=$(now_ms); gap=$((t - last)); last=$t
            ((gap > max_gap)) && max_gap=$gap
        else
            failed=$((failed + 1))
        fi
        sleep 0.1
    done
    echo "$ok $failed $max_gap" >"$WORK/probe"
}

# Migrates $GUEST from host $1 to host $2; $3 = live|paused. Records wall and job figures.
migrate() {
    local from=$1 to=$2 mode=$3 src dst muri ms flags=()
    local v_src=HOST_${from}_URI v_dst=HOST_${to}_URI v_muri=HOST_${to}_MIGRATE_URI
    src=${!v_src} dst=${!v_dst} muri=${!v_muri}
    [[ $mode == live ]] && flags+=(--live)
    local before after
    before=$(uptime_of_guest) || fail "guest not answering before migration"
    timed ms timeout 60 virsh -q -c "$src" migrate "${flags[@]}" --persistent --undefinesource \
        "$GUEST" "$dst" --migrateuri "$muri" || fail "$mode migration $from -> $to"
    result "$mode migration $from->$to (wall)" "$(fmt_ms "$ms")"
    [[ $(vsh "$dst" domstate "$GUEST") == running ]] || fail "$GUEST not running on $to"
    if vsh "$src" list --all --name | grep -x "$GUEST" >/dev/null; then
        fail "$GUEST still defined on $from"
    fi
    local info elapsed downtime
    info=$(vsh "$dst" domjobinfo --completed "$GUEST" || true)
    elapsed=$(awk -F: '/^Time elapsed:/ { gsub(/ /, "", $2); print $2 }' <<<"$info")
    downtime=$(awk -F: '/^Total downtime:/ { gsub(/ /, "", $2); print $2 }' <<<"$info")
    result "$mode migration $from->$to (job)" "elapsed ${elapsed:-?}, downtime ${downtime:-?}"
    after=$(uptime_of_guest) || fail "guest not answering after migration"
    greater "$after" "$before" || fail "guest uptime went from $before to $after: it rebooted"
    say "uptime $before -> $after s: same boot"
}

main() {
    [[ $(id -u) -eq 0 ]] || fail "must run as root"
    local ms
    "$LAB" down >/dev/null 2>&1 || true

    timed ms "$LAB" install || fail "install"
    result "install" "$(fmt_ms "$ms")"
    timed ms "$LAB" image || fail "image"
    result "image" "$(fmt_ms "$ms")"
    timed ms "$LAB" up || fail "up"
    result "lab start-up (3 hosts)" "$(fmt_ms "$ms")"

    # shellcheck source=/dev/null
    source "$LAB_DIR/hosts.env"
    local h v
    for h in hostA hostB hostC; do
        v=HOST_${h}_URI
        [[ -n ${!v:-} ]] || fail "hosts.env has no URI for $h"
    done

    timed ms "$LAB" guest "$GUEST" hostA "$IP" >/dev/null || fail "boot $GUEST"
    result "guest boot to ATTUNE-READY" "$(fmt_ms "$ms")"
    curl -sf -m 5 "http://$IP/" | grep 'attune lab guest' >/dev/null || fail "index page"
    [[ $(curl -sf -m 5 "http://$IP/cgi-bin/hostname" | tr -d '\r\n') == "$GUEST" ]] \
        || fail "cgi-bin/hostname"
    local up; up=$(uptime_of_guest) || fail "cgi-bin/uptime"
    say "guest answers HTTP, uptime $up s"

    rm -f "$WORK/stop" "$WORK/probe"
    probe &
    PROBE_PID=$!
    sleep 1
    migrate hostA hostB live
    sleep 1
    touch "$WORK/stop"
    wait "$PROBE_PID" || true
    PROBE_PID=
    local ok failed gap
    read -r ok failed gap <"$WORK/probe" || fail "probe wrote no result"
    result "requests during live migration" "$ok ok, $failed failed, longest gap ${gap} ms"
    ((failed <= MAX_FAILED)) || fail "$failed requests failed during the live migration"

    migrate hostB hostC paused
}

main "$@"
