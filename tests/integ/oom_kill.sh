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
t_spawn=$(date +%s.%N)
spawn_in "$dir" "$MEMHOG" 256
victim=$SPAWNED
wait "$victim"
vrc=$?
t_dead=$(date +%s.%N)
[ "$vrc" = 137 ] || fail "memhog exited $vrc, expected 137 (SIGKILL by the OOM killer)"
wait "$mon" || fail "oomcast exit $?"
# the kill's time: the kernel's, where its report was read (root): after
# the sample before the one that tells of it and before that one, between
# the victim's start and its death seen here; else that sample's own
jq -s -c --argjson v "$victim" '. as $s | range(1; length) as $i |
	$s[$i].events[]? | select(.type == "oom_kill" and .pid == $v) |
	{t, source, sample: $s[$i].t, before: $s[$i - 1].t}' "$TMP/o.jsonl" > "$TMP/kill.json"
[ "$(wc -l < "$TMP/kill.json")" = 1 ] || fail "not one oom_kill event for $victim: $(cat "$TMP/kill.json")"
if jq -e '.source == "kernel_log"' "$TMP/kill.json" > /dev/null; then
	jq -e --argjson a "$t_spawn" --argjson b "$t_dead" \
		'.t > .before and .t < .sample and .t > $a and .t <= $b' "$TMP/kill.json" > /dev/null ||
		fail "the kill's time is not the kernel's (victim started $t_spawn, seen dead $t_dead): $(cat "$TMP/kill.json")"
	echo "the kill at $(jq .t "$TMP/kill.json"), the kernel's time; its sample's $(jq .sample "$TMP/kill.json")"
else
	jq -e '.t == .sample' "$TMP/kill.json" > /dev/null || fail "a kill without a report not at its sample's time: $(cat "$TMP/kill.json")"
fi
head -1 "$TMP/o.jsonl" > "$TMP/first.json"
tail -1 "$TMP/o.jsonl" > "$TMP/last.json"
k0=$(jq '.vm.oom_kills' "$TMP/first.json"); k1=$(jq '.vm.oom_kills' "$TMP/last.json")
[ "$k1" -gt "$k0" ] || fail "vm.oom_kills did not rise ($k0 -> $k1)"
c0=$(jq "[.cgroups[] | select(.path == \"$path\") | .oom_kills][0]" "$TMP/first.json")
c1=$(jq "[.cgroups[] | select(.path == \"$path\") | .oom_kills][0]" "$TMP/last.json")
[ "$c0" = 0 ] && [ "$c1" -ge 1 ] || fail "cgroup oom_kills $c0 -> $c1"
pass "OOM kill in cgroup v$ver seen: vm.oom_kills $k0 -> $k1, cgroup $c0 -> $c1"
