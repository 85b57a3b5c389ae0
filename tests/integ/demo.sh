#!/bin/sh
# oomcast demo (issue 15): the bundled recording (demo/demo.rec, made for
# real by demo/make-demo.sh) tells the story its README tells, as the
# analysis of this oomcast finds it on replay: the model file read into the
# cgroup's page cache without an alarm; a load of it judged wont_fit with its
# figures, the cgroup's forecast critical before the kill; the OOM kill of
# the load, read from the kernel's report; advice with the limit that fits;
# that limit set and the same load holding more than the old limit, unharmed. And the ways `demo` is
# found or not: OOMCAST_DEMO, the source tree, one line and exit 2.
. "$TESTLIB"
rec=$(dirname "$FIXTURES")/../demo/demo.rec
[ -f "$rec" ] || fail "no demo/demo.rec in the source tree"
export OOMCAST_DEMO="$rec"
timeout 60 "$OOMCAST" demo --json > "$TMP/demo.jsonl" || fail "oomcast demo --json failed: exit $?"
n=$(wc -l < "$TMP/demo.jsonl")
[ "$n" -ge 20 ] || fail "the demo has $n samples"
# its cgroup: the one with a limit that had the kill
kill=$(jq -c -s '[.[] | .events[]? | select(.type == "oom_kill" and .comm == "node")][0]' "$TMP/demo.jsonl")
[ "$kill" != null ] || fail "no OOM kill in the demo"
kpid=$(echo "$kill" | jq .pid)
cg=$(echo "$kill" | jq -r .scope)
kt=$(echo "$kill" | jq .t)
echo "$kill" | jq -e '.source == "kernel_log" and .constraint == "memcg" and .comm == "node"' > /dev/null ||
	fail "the kill is not a memcg kill of node read from the kernel log: $kill"
# 1. page cache: the cgroup's file pages above 100 MiB before any load, and
#    no warning then
first_load=$(jq -s --argjson p "$kpid" '[.[] | select((.loads // []) | any(.pid == $p)) | .t][0]' "$TMP/demo.jsonl")
[ "$first_load" != null ] || fail "no load in the demo"
cache=$(jq -s --arg c "$cg" --argjson t "$first_load" \
	'[.[] | select(.t < $t) | .cgroups[] | select(.path == $c) | .file] | max' "$TMP/demo.jsonl")
[ "$cache" != null ] && [ "$cache" -ge $((100 * 1048576)) ] ||
	fail "the cgroup $cg never held 100 MiB of page cache before the load: $cache"
alarm=$(jq -s --arg r "cgroup:$cg" --argjson t "$first_load" \
	'[.[] | select(.t < $t) | .forecast[] | select(.resource == $r and (.level == "warning" or .level == "critical"))] | length' \
	"$TMP/demo.jsonl")
[ "$alarm" = 0 ] || fail "page cache alone raised $alarm alarms"
pass "page cache: $((cache / 1048576)) MiB in $cg before the load, no alarm"
# 2. the verdict before the kill, and critical before the kill
jq -s -e --argjson p "$kpid" --argjson t "$kt" \
	'[.[] | select(.t < $t) | .loads[]? | select(.pid == $p)] | length > 0 and all(.verdict == "wont_fit" and .missing > 0 and .ctx == 2048)' \
	"$TMP/demo.jsonl" > /dev/null || fail "the killed load was not judged wont_fit before the kill"
crit=$(jq -s --arg r "cgroup:$cg" --argjson t "$kt" \
	'[.[] | select(.t < $t) | .forecast[] | select(.resource == $r and .level == "critical")] | length' "$TMP/demo.jsonl")
[ "$crit" -ge 1 ] || fail "no critical forecast before the kill"
pass "the load was judged wont_fit, and the forecast critical in $crit samples, before the kill"
# 3. the fix with its numbers, and the load that then fits
fix=$(jq -r -s '[.[].advice | select(. != null) | .steps[] | capture("MemoryMax=(?<n>[0-9]+)M") | .n] | last' "$TMP/demo.jsonl")
[ -n "$fix" ] && [ "$fix" != null ] || fail "no advice with a limit"
# the banner leads with it: before the kill (the load's figures) and after
# it (the kill of that load keeps them)
jq -s -e --argjson t "$kt" --arg f "MemoryMax=${fix}M" \
	'[.[] | select(.t >= $t and .t < $t + 2) | .advice.fix] | length > 0 and all(contains($f))' \
	"$TMP/demo.jsonl" > /dev/null || fail "the kill's banner does not lead with MemoryMax=${fix}M"
lim=$(jq -s --arg c "$cg" '[.[] | .cgroups[] | select(.path == $c) | .limit] | last' "$TMP/demo.jsonl")
[ "$lim" = $((fix * 1048576)) ] || fail "the cgroup's last limit $lim is not the advised ${fix} MiB"
# the same load again in the raised limit: never killed, and it holds more
# than the old limit allowed (its verdict there is the analysis' own, and
# demo/README.md says what it is)
again=$(jq -s --argjson t "$kt" --arg r "cgroup:$cg" '[.[] | select(.t > $t) | .loads[]? | select(.scope == $r and .ctx == 2048) | .pid] | unique' "$TMP/demo.jsonl")
[ "$(echo "$again" | jq length)" = 1 ] || fail "not one load after the fix: $again"
p2=$(echo "$again" | jq '.[0]')
jq -s -e --argjson p "$p2" '[.[] | .events[]? | select(.pid == $p)] | length == 0' "$TMP/demo.jsonl" > /dev/null ||
	fail "the load after the fix ($p2) was killed"
held=$(jq -s --argjson p "$p2" '[.[] | .loads[]? | select(.pid == $p) | .loaded] | max' "$TMP/demo.jsonl")
[ "$held" -gt $((300 * 1048576)) ] || fail "the load after the fix held only $held bytes"
pass "the advised MemoryMax=${fix}M is the limit set, and the same load then holds $((held / 1048576)) MiB unharmed"
# the dashboard's text modes
"$OOMCAST" demo -b -n 2 | grep -q "sample 2" || fail "oomcast demo -b"
# where it is found, or one line and 2
OOMCAST_DEMO=$TMP/none "$OOMCAST" demo > "$TMP/out" 2> "$TMP/err"
rc=$?
[ "$rc" = 2 ] && [ "$(wc -l < "$TMP/err")" = 1 ] && [ ! -s "$TMP/out" ] ||
	fail "a missing recording: exit $rc, $(cat "$TMP/err")"
grep -q "demo recording $TMP/none (OOMCAST_DEMO) cannot be read" "$TMP/err" || fail "the message: $(cat "$TMP/err")"
unset OOMCAST_DEMO
"$OOMCAST" demo --json -n 1 > /dev/null || fail "without OOMCAST_DEMO the source tree's recording is not found"
pass "demo -b; OOMCAST_DEMO, the source tree, and a missing file (one line, exit 2)"
