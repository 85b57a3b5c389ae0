#!/bin/sh
# The forecast against a real OOM: a child grows anonymous memory at 40 MiB/s
# in a memory cgroup limited to 512 MiB. oomcast must put the cgroup at
# warning or critical with an ETA within 25% of the real time left, at least
# 3 s before the kill; then record an oom_kill event naming that child; and
# keep sampling on time throughout.
. "$TESTLIB"
[ -x "${MEMHOG:-}" ] || skip "memhog helper not built"
need_memcg "oomcast-fc-$$"
ver=$CG_VER dir=$CG_DIR path=$CG_PATH
set_limit "$ver" "$dir" 536870912
spawn_in "$dir" sleep 120
keeper=$SPAWNED
# (ended 2 s after the kill; -n only bounds it)
timeout 90 "$OOMCAST" --json -d 0.5 -n 150 --top 5 -p "$keeper" > "$TMP/f.jsonl" &
mon=$!
# a few calm samples first
poll 30 lines_at_least 8 "$TMP/f.jsonl" || fail "oomcast took no samples"
# oomcast guards itself (as root): a low OOM priority where the kernel lets
# it (lowering needs CAP_SYS_RESOURCE, which some containers drop), and then
# its memory locked; where it cannot, it stays unlocked (selfguard.h)
if [ "$(id -u)" = 0 ]; then
	oc=$(pgrep -P "$mon" | head -1)   # $mon is timeout(1); oomcast is its child
	lck=$(awk '/^VmLck:/ {print $2}' "/proc/$oc/status")
	adj=$(cat "/proc/$oc/oom_score_adj")
	if sh -c 'echo -1 > /proc/self/oom_score_adj' 2> /dev/null; then
		[ "$adj" = -500 ] || fail "oomcast's oom_score_adj is $adj, expected -500"
		# (AddressSanitizer's terabytes of shadow mappings cannot be locked)
		[ "${lck:-0}" -gt 0 ] || [ -n "${OOMCAST_TEST_SANITIZED:-}" ] ||
			fail "oomcast did not lock its memory (VmLck $lck kB)"
	else
		echo "note: no CAP_SYS_RESOURCE here; oom_score_adj stays $adj, memory unlocked"
		[ "${lck:-0}" = 0 ] || fail "memory locked ($lck kB) though the score stays $adj"
	fi
fi
spawn_in "$dir" "$MEMHOG" 1024 40
victim=$SPAWNED
wait "$victim"
vrc=$?
kill_t=$(date +%s.%N)
[ "$vrc" = 137 ] || fail "memhog exited $vrc, expected 137 (OOM kill)"
sleep 2
poll 10 saw_kill "$TMP/f.jsonl" "$victim"
kill "$mon" 2>/dev/null
wait "$mon" 2>/dev/null
jq -e . "$TMP/f.jsonl" > /dev/null || fail "not valid JSON"

# the cgroup's forecast, sample by sample: t, level, eta
jq -c --arg r "cgroup:$path" '{t, f: (.forecast[] | select(.resource == $r) | {level, eta_s, eta_low_s, eta_high_s, driver_pid, victim_pid})}' \
	"$TMP/f.jsonl" > "$TMP/series"
[ -s "$TMP/series" ] || fail "no forecast for cgroup:$path"
good=$(jq -s --argjson k "$kill_t" --argjson v "$victim" '
	map(select(.t <= $k - 3 and (.f.level == "warning" or .f.level == "critical")
		and .f.eta_s != null
		and ((.f.eta_s - ($k - .t)) | fabs) <= 0.25 * ($k - .t)
		and .f.driver_pid == $v and .f.victim_pid == $v)) | length' "$TMP/series")
echo "kill at $kill_t; samples with a good warning at least 3 s before it: $good"
jq -c --argjson k "$kill_t" '{left: ($k - .t), level: .f.level, eta: .f.eta_s}' "$TMP/series" | tail -25
[ "$good" -ge 1 ] || fail "no warning with an ETA within 25% at least 3 s before the kill"

# the kill, named
jq -e --arg p "$path" --argjson v "$victim" \
	'[.events[] | select(.type == "oom_kill" and .pid == $v and .scope == $p)] | length == 1' \
	-s "$TMP/f.jsonl" > /dev/null 2>&1 ||
	jq -s -e --arg p "$path" --argjson v "$victim" \
	'[.[].events[] | select(.type == "oom_kill" and .pid == $v and .scope == $p)] | length == 1' \
	"$TMP/f.jsonl" > /dev/null || fail "no oom_kill event for pid $victim in $path: $(jq -c '.events' "$TMP/f.jsonl" | grep -v '^\[\]$')"

# the knowledge base: the warning and the kill point at the cgroup-limit entry
jq -s -e --arg r "cgroup:$path" '[.[].forecast[] | select(.resource == $r and
	(.level == "warning" or .level == "critical"))] | length > 0 and all(.kb == "cgroup-limit")' \
	"$TMP/f.jsonl" > /dev/null || fail "forecast items at warning lack kb cgroup-limit"
jq -s -e '[.[].forecast[] | select(.level == "ok" or .level == "watch") | .kb] | all(. == null)' \
	"$TMP/f.jsonl" > /dev/null || fail "kb given below warning"
jq -s -e --argjson v "$victim" '[.[].events[] | select(.type == "oom_kill" and .pid == $v) | .kb]
	== ["cgroup-limit"]' "$TMP/f.jsonl" > /dev/null || fail "oom_kill event lacks kb cgroup-limit"
# (the advice is the machine's most urgent: ours, named "cg NAME", at least
# once; another test's cgroup may have it at other moments)
jq -s -e --arg w "cg ${path##*/}" '[.[].advice | select(. != null and .what == $w
	and .kb == "cgroup-limit" and .level == "critical"
	and (.now | test("left, eaten at")) and (.fix | test("See which limit applies")))] | length > 0' \
	"$TMP/f.jsonl" > /dev/null || fail "no advice object for the cgroup: $(jq -c .advice "$TMP/f.jsonl" | sort -u | head -3)"
# its first command, pasted as it is, shows this cgroup's own limit (a
# generic one once named name=systemd's cgroup on v1, and v2's file)
show=$(jq -r -s --arg w "cg ${path##*/}" '[.[].advice | select(. != null and .what == $w) | .fix
	| capture("`(?<c>[(]cd [^`]+)`") | .c] | last' "$TMP/f.jsonl")
lim=memory.max; [ "$ver" = 1 ] && lim=memory.limit_in_bytes
sh -c "$show" > "$TMP/show" 2>&1 && grep -qx "$lim:536870912" "$TMP/show" ||
	fail "the advice's '$show' said: $(cat "$TMP/show")"

# oomcast kept its pace: no gap between samples over 0.5 s + 0.3 s
jq -s -e '[range(1; length) as $i | .[$i].t - .[$i - 1].t] | max <= 0.8' "$TMP/f.jsonl" > /dev/null ||
	fail "sampling fell behind: largest gap $(jq -s '[range(1; length) as $i | .[$i].t - .[$i - 1].t] | max' "$TMP/f.jsonl") s"
pass "forecast warned before the OOM kill in cgroup v$ver, named the victim and the kb entry"
