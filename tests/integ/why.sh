#!/bin/sh
# oomcast why (issue 13): the kernel's OOM report read whole and explained.
# From a saved report (a real one made here): the victim, the cgroup whose
# limit was hit with its usage and limit, who else held memory, the entry
# and its first step with this kill's numbers; JSON the same. Live, after a
# real OOM kill in a cgroup: /dev/kmsg (root) gives that kill, also by its
# PID. Bad input: one line, exit 2; no kill: exit 1.
. "$TESTLIB"
FX="${FIXTURES:-$(dirname "$0")/../fixtures}/oom"
"$OOMCAST" why --from "$FX/memcg-3tasks-6.18.txt" > "$TMP/w" || fail "why --from: exit $?"
grep -q "^OOM kill: pid 7457 (memhog)" "$TMP/w" &&
	grep -q "the memory cgroup /oomc-multi-1251 reached its limit (96.0 MiB used of 96.0 MiB)" "$TMP/w" &&
	grep -q "who held the memory (3 tasks" "$TMP/w" && grep -Eq "7431 +sleep" "$TMP/w" &&
	grep -q "entry: cgroup-limit" "$TMP/w" &&
	grep -q "first step: .*memhog, pid 7457, was killed holding 76.4 MiB in a cgroup limited to 96.0 MiB" "$TMP/w" ||
	fail "why --from: $(cat "$TMP/w")"
"$OOMCAST" why --json --from "$FX/memcg-3tasks-6.18.txt" > "$TMP/j" || fail "why --json: exit $?"
jq -e '.kills | length == 1 and .[0].pid == 7457 and .[0].scope == "/oomc-multi-1251" and
	.[0].constraint == "memcg" and .[0].memcg_limit == 100663296 and .[0].tasks_seen == 3 and
	(.[0].tasks | map(.name)) == ["memhog", "memhog", "sleep"] and .[0].kb == "cgroup-limit"' \
	"$TMP/j" > /dev/null || fail "why --json: $(cat "$TMP/j")"
# the older phrasing, read from standard input: the kill with its memcg kind
"$OOMCAST" why --json --from - < "$FX/memcg-4.x-ltp.txt" > "$TMP/o" || fail "why on 4.x lines: exit $?"
jq -e '.kills | length == 1 and .[0].pid == 42453 and .[0].constraint == "memcg"' "$TMP/o" > /dev/null ||
	fail "why on 4.x lines: $(cat "$TMP/o")"
"$OOMCAST" why --last 2 --json --from - < "$FX/memcg-4.x-ltp.txt" | jq -e '.kills | length == 2' > /dev/null ||
	fail "--last 2"
# nothing there: exit 1; bad input: one line, exit 2
printf 'nothing here\n' > "$TMP/none"
"$OOMCAST" why --from "$TMP/none" > /dev/null; [ $? = 1 ] || fail "no kill: exit not 1"
"$OOMCAST" why --from "$TMP/nosuch" 2> "$TMP/e"; [ $? = 2 ] && [ "$(wc -l < "$TMP/e")" = 1 ] || fail "missing file: $(cat "$TMP/e")"
"$OOMCAST" why --last 0 2> "$TMP/e"; [ $? = 2 ] || fail "--last 0"
"$OOMCAST" why 12 13 2> "$TMP/e"; [ $? = 2 ] || fail "two pids"
# explain on a pasted report does the same, after its entries
"$OOMCAST" explain - < "$FX/memcg-3tasks-6.18.txt" > "$TMP/x" || fail "explain on a report: exit $?"
grep -q "The kernel's OOM report, read whole" "$TMP/x" && grep -q "^OOM kill: pid 7457 (memhog)" "$TMP/x" &&
	grep -q "reached its limit (96.0 MiB used of 96.0 MiB)" "$TMP/x" || fail "explain on a report: $(tail -12 "$TMP/x")"
pass "why explains saved reports (6.18, 4.x), JSON, and bad input; explain does it for a pasted report"

# live: a real kill, read back from /dev/kmsg
[ "$(id -u)" = 0 ] && [ -r /dev/kmsg ] || skip "reading /dev/kmsg needs root"
need_memcg "oc-why-$$"
set_limit "$CG_VER" "$CG_DIR" 67108864
spawn_in "$CG_DIR" "$MEMHOG" 256
victim=$SPAWNED
wait "$victim"
[ $? = 137 ] || fail "memhog was not OOM-killed"
"$OOMCAST" why "$victim" --json > "$TMP/l" || fail "why $victim: exit $?"
jq -e --argjson v "$victim" --arg p "$CG_PATH" '.kills | length == 1 and .[0].pid == $v and
	.[0].scope == $p and .[0].kb == "cgroup-limit" and (.[0].tasks | map(.pid) | index($v)) != null' \
	"$TMP/l" > /dev/null || fail "why $victim: $(cat "$TMP/l")"
pass "why $victim finds the real kill in /dev/kmsg, its cgroup and the entry"
