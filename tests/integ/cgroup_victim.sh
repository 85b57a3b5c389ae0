#!/bin/sh
# A cgroup's victim is the one its OOM kill really takes: its largest member,
# whether oomcast read it in detail or not. In a memory cgroup limited to
# 256 MiB, a large idle member (160 MiB) and a small one growing at 4 MiB/s;
# outside it, eight processes larger than either, so the idle member is not
# among the machine's largest (which are read in detail) nor a row on screen
# (--top 1), while the grower is read in detail for its growth. The kernel
# kills the idle member when the cgroup fills (its badness, 160 MiB, against
# the grower's 100 or so); oomcast must have named it all along, not the
# grower whose oom_score it happened to read.
. "$TESTLIB"
[ -x "${MEMHOG:-}" ] || skip "memhog helper not built"
need_memcg "oomcast-victim-$$"
set_limit "$CG_VER" "$CG_DIR" 268435456
for i in 1 2 3 4 5 6 7 8; do
	"$MEMHOG" 200 0 120 > /dev/null &
	CHILDREN="$CHILDREN $!"
done
spawn_in "$CG_DIR" "$MEMHOG" 160 0 120
big=$SPAWNED
# its 160 MiB touched before the grower starts
poll 20 sh -c "[ \$(awk '/^VmRSS:/ {print \$2}' /proc/$big/status) -ge 160000 ]" ||
	fail "the idle member did not touch its 160 MiB"
timeout 90 "$OOMCAST" --json -d 0.3 -n 300 --top 1 > "$TMP/f.jsonl" &
mon=$!
poll 30 lines_at_least 3 "$TMP/f.jsonl" || fail "oomcast took no samples"
spawn_in "$CG_DIR" "$MEMHOG" 200 4 120
grower=$SPAWNED
wait "$big"
brc=$?
[ "$brc" = 137 ] || fail "the idle member exited $brc, expected 137 (OOM kill)"
sleep 1.5
poll 10 saw_kill "$TMP/f.jsonl" "$big"
kill "$mon" 2> /dev/null
wait "$mon" 2> /dev/null
kill -0 "$grower" 2> /dev/null || fail "the grower is gone too: the kernel took both"

# the kill the kernel made, seen: the idle member, in this cgroup
jq -s -e --arg p "$CG_PATH" --argjson v "$big" \
	'[.[].events[] | select(.type == "oom_kill" and .pid == $v and .scope == $p)] | length == 1' \
	"$TMP/f.jsonl" > /dev/null ||
	fail "no oom_kill event for pid $big in $CG_PATH: $(jq -c '.events' "$TMP/f.jsonl" | grep -v '^\[\]$')"
# while the grower grew (its growth known: the driver) and before the kill
# (the first sample that tells of it, less two: the kill came between
# samples), the cgroup's victim was the idle member, in every sample
# (this kill's: another test's may come at any time on a busy machine)
kt=$(jq -s --argjson v "$big" '[.[] | select(any(.events[]; .type == "oom_kill" and .pid == $v)) | .t] | min' \
	"$TMP/f.jsonl")
jq -c --arg r "cgroup:$CG_PATH" --argjson k "$kt" 'select(.t < $k - 0.6) | .t as $t |
	.forecast[] | select(.resource == $r) | {t: $t, level, driver_pid, victim_pid}' \
	"$TMP/f.jsonl" > "$TMP/series"
n=$(jq -s --argjson g "$grower" '[.[] | select(.driver_pid == $g)] | length' "$TMP/series")
bad=$(jq -s --argjson g "$grower" --argjson v "$big" \
	'[.[] | select(.driver_pid == $g and .victim_pid != $v)] | length' "$TMP/series")
echo "samples before the kill with the grower driving: $n; with another victim than $big: $bad"
[ "$n" -ge 5 ] || fail "the grower was the driver in $n samples only: $(tail -3 "$TMP/series")"
[ "$bad" = 0 ] || fail "victim not the idle member ($big) in $bad samples: $(jq -c --argjson v "$big" \
	'select(.victim_pid != $v) | del(.t)' "$TMP/series" | sort | uniq -c | head -3)"
pass "the cgroup's victim was its largest member, read in detail or not, and the kernel took it"
