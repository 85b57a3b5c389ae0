#!/bin/sh
# The dashboard during a real OOM in a memory cgroup: the forecast row turns
# WARNING or CRITICAL with an ETA before the kill, and the knowledge-base
# banner names the cgroup-limit entry with its first fix step and this
# machine's numbers; x opens the whole entry; then the OOM kill line names
# the child and the banner stays on the kill.
. "$TESTLIB"
command -v tmux > /dev/null || skip "tmux is not installed"
[ -x "${MEMHOG:-}" ] || skip "memhog helper not built"
need_memcg "oc-tf-$$"
ver=$CG_VER dir=$CG_DIR path=$CG_PATH
set_limit "$ver" "$dir" 536870912
spawn_in "$dir" sleep 120
keeper=$SPAWNED
T new-session -d -s s -x 140 -y 36 "env TERM=xterm-256color $OOMCAST -d 0.5 -p $keeper"
wait_for "^cg (…|~)?oc-tf-$$ +OK" || fail "dashboard did not start with the cgroup's forecast row"
sleep 2   # a few calm samples first
# named like a llama.cpp load of a Q8_0 file of 600 MiB (sparse)
model="$TMP/llama-3.1-8b-instruct-Q8_0.gguf"
truncate -s 600M "$model"
kills0=$(vm_oom_kills)
spawn_in "$dir" "$MEMHOG" 1024 40 3600 --model "$model"
victim=$SPAWNED
wait_for "^cg (…|~)?oc-tf-$$ +(WARNING|CRITICAL) +ETA [0-9]+s" 12 ||
	fail "no warning with an ETA in the forecast rows"
grep -q "driver $victim memhog" "$TMP/pane" || fail "driver not named"
# (the banner shows the most urgent of what oomcast sees: on a busy machine
# another test's cgroup may hold it for a moment)
wait_for "(WARNING|CRITICAL) cg oc-tf-$$ \\((growing|loading)\\): \\[cgroup-limit\\] Out of memory at a memory limit" ||
	fail "no knowledge-base banner for the cgroup"
grep -Eq "^ Now: [0-9.]+ [KMG]iB left, eaten at \\+[0-9.]+M/s, out in ~[0-9]+ s" "$TMP/pane" ||
	fail "banner lacks this machine's numbers: $(grep 'Now:' "$TMP/pane")"
grep -Eq "^ Now: .*; the model file alone is 600 MiB, [0-9.]+ [KM]iB more than fits" "$TMP/pane" ||
	fail "banner does not size the model against the room: $(grep 'Now:' "$TMP/pane")"
grep -Eq "^ Fix: See which limit applies and how full it is" "$TMP/pane" ||
	fail "banner lacks the first fix step: $(grep 'Fix:' "$TMP/pane")"
T send-keys -t s x
wait_for "Cause:" 3 || fail "x did not open the entry"
grep -Eq "memory.(max|limit_in_bytes)" "$TMP/pane" || fail "the whole entry is not shown"
T send-keys -t s Escape
wait_gone "Cause:" 3 || fail "the entry did not close"
wait "$victim"
# The OOM kill line and the banner show the newest kill. Where the machine
# killed others too meanwhile (another test's cgroup), they may show that one:
# then the kill log below must still list ours.
others_killed() {
	n=$(($(vm_oom_kills) - kills0 - 1))
	[ "$n" -gt 0 ] && echo "note: $n other OOM kill(s) on this machine beside ours: the newest may be shown"
}
wait_for "OOM kill in cgroup $path: pid $victim memhog" || others_killed ||
	fail "no OOM kill line for $victim in $path"
# the banner on the kill, naming it, in one frame
# (or, on a busy machine, another resource's critical forecast, which the
# banner puts first: the event log below must still list ours)
others_critical() {
	grep -E "^ CRITICAL (cg|RAM|gpu)" "$TMP/pane" | grep -vq "oc-tf-$$" &&
		echo "note: another resource is critical: the banner shows it"
}
wait_for_all 10 "CRITICAL OOM kill: \\[cgroup-limit\\] Out of memory at a memory limit" "memhog, pid $victim, killed holding" ||
	others_killed || others_critical || {
	grep -Eq "CRITICAL OOM kill: \\[cgroup-limit\\] Out of memory at a memory limit" "$TMP/pane" || fail "banner does not stay on the kill"
	fail "the kill banner lacks the victim"
}
# the event log lists it with its time
T send-keys -t s E
wait_for "[0-9]{2}:[0-9]{2}:[0-9]{2}  OOM kill in cgroup $path: pid $victim memhog" || fail "event log (E) lacks the kill"
T send-keys -t s q
pass "dashboard forecast and OOM kill line during a real OOM in cgroup v$ver"
