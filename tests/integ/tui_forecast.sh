#!/bin/sh
# The dashboard during a real OOM in a memory cgroup: the forecast row turns
# WARNING or CRITICAL with an ETA before the kill, then the OOM KILL line
# names the child.
. "$TESTLIB"
command -v tmux > /dev/null || skip "tmux is not installed"
[ -x "${MEMHOG:-}" ] || skip "memhog helper not built"
need_memcg "oc-tf-$$"
ver=$CG_VER dir=$CG_DIR
set_limit "$ver" "$dir" 536870912
spawn_in "$dir" sleep 120
keeper=$SPAWNED
T new-session -d -s s -x 140 -y 36 "env TERM=xterm-256color $OOMCAST -d 0.5 -p $keeper"
wait_for 'PID' || fail "dashboard did not start"
sleep 3
spawn_in "$dir" "$MEMHOG" 1024 40
victim=$SPAWNED
wait_for "^cg oc-tf-$$ +(WARNING|CRITICAL) +ETA [0-9]+s" 12 ||
	fail "no warning with an ETA in the forecast rows"
grep -q "driver $victim memhog" "$TMP/pane" || fail "driver not named"
wait "$victim"
wait_for "OOM KILL .*pid $victim memhog" 6 || fail "no OOM KILL line for $victim"
# the event log lists it with its time
T send-keys -t s e
wait_for "[0-9]{2}:[0-9]{2}:[0-9]{2}  OOM kill  pid $victim memhog" || fail "event log (e) lacks the kill"
T send-keys -t s q
pass "dashboard forecast and OOM kill line during a real OOM in cgroup v$ver"
