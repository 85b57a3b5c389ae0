#!/bin/sh
# A real OOM kill inside a memory cgroup: vm.oom_kills and the cgroup's
# oom_kills both go up while oomcast watches.
. "$TESTLIB"
need_memcg "oomcast-oom-$$"
ver=$CG_VER dir=$CG_DIR path=$CG_PATH
set_limit "$ver" "$dir" 67108864
# a small resident keeps the cgroup in view after the victim is gone
spawn_in "$dir" sleep 60
keeper=$SPAWNED
timeout 30 "$OOMCAST" --json -d 0.2 -n 30 -p "$keeper" > "$TMP/o.jsonl" &
mon=$!
# the first sample, before the kill
poll 20 lines_at_least 1 "$TMP/o.jsonl" || fail "oomcast took no sample"
# the kernel's clock against the wall clock: a line of our own into its
# log, between two reads of the wall clock (root; else no such check)
mark="oomcast-test-$$ clock mark"
t_mark0=$(date +%s.%N)
echo "$mark" 2> /dev/null > /dev/kmsg && t_mark1=$(date +%s.%N) || t_mark1=
spawn_in "$dir" "$MEMHOG" 256
victim=$SPAWNED
wait "$victim"
vrc=$?
[ "$vrc" = 137 ] || fail "memhog exited $vrc, expected 137 (SIGKILL by the OOM killer)"
wait "$mon" || fail "oomcast exit $?"
# one kill event in the cgroup; its time, where oomcast read the kernel's
# report, the kernel's: within a few ms of the time the kernel logged the
# kill at, on the wall clock by our mark (the sample that saw it came up
# to 0.2 s later)
jq -c --arg p "$path" '.events[]? | select(.type == "oom_kill" and .scope == $p)' \
	"$TMP/o.jsonl" > "$TMP/kill.json"
[ "$(wc -l < "$TMP/kill.json")" = 1 ] || fail "not one oom_kill event in $path: $(cat "$TMP/kill.json")"
# the kernel log's time of a line matching ERE $1 (s since boot), or nothing
logged_at() {
	dmesg 2> /dev/null | grep -E "$1" | tail -1 | sed -n 's/^\[ *\([0-9.]*\)\].*/\1/p'
}
k_mark=$(logged_at "$mark") k_kill=$(logged_at "Killed process $victim ")
if ! jq -e '.source == "kernel_log"' "$TMP/kill.json" > /dev/null; then
	echo "the kernel's report was not read: the kill's time is a sample's"
elif [ -z "$t_mark1" ] || [ -z "$k_mark" ] || [ -z "$k_kill" ]; then
	echo "the kernel log cannot be read back here: the kill's time not checked"
else
	jq -e --argjson lo "$t_mark0" --argjson hi "$t_mark1" --argjson m "$k_mark" --argjson k "$k_kill" \
		'.t >= $lo - $m + $k - 0.005 and .t <= $hi - $m + $k + 0.005' "$TMP/kill.json" > /dev/null ||
		fail "the kill's time $(jq .t "$TMP/kill.json") is not the kernel's: logged at $k_kill s, our mark at $k_mark s between $t_mark0 and $t_mark1"
	echo "the kill at $(jq .t "$TMP/kill.json"), the kernel's time (logged at $k_kill s, our mark at $k_mark s at $t_mark0)"
fi
head -1 "$TMP/o.jsonl" > "$TMP/first.json"
tail -1 "$TMP/o.jsonl" > "$TMP/last.json"
k0=$(jq '.vm.oom_kills' "$TMP/first.json"); k1=$(jq '.vm.oom_kills' "$TMP/last.json")
[ "$k1" -gt "$k0" ] || fail "vm.oom_kills did not rise ($k0 -> $k1)"
c0=$(jq "[.cgroups[] | select(.path == \"$path\") | .oom_kills][0]" "$TMP/first.json")
c1=$(jq "[.cgroups[] | select(.path == \"$path\") | .oom_kills][0]" "$TMP/last.json")
[ "$c0" = 0 ] && [ "$c1" -ge 1 ] || fail "cgroup oom_kills $c0 -> $c1"
pass "OOM kill in cgroup v$ver seen: vm.oom_kills $k0 -> $k1, cgroup $c0 -> $c1"
