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
# real reports posted elsewhere (sources in tests/fixtures/oom/README.md):
# a whole-machine kill is called machine-wide, never a cgroup's; a cpuset's
# or a memory policy's is the NUMA nodes', not the machine's
"$OOMCAST" why --from "$FX/global-5.13-journal.txt" > "$TMP/g" || fail "global report: exit $?"
grep -q "^OOM kill: pid 662 (baloo_file)$" "$TMP/g" &&
	grep -q "scope: the whole machine ran out of memory" "$TMP/g" && ! grep -q "memory cgroup" "$TMP/g" &&
	grep -q "its own cgroup: /user.slice/user-1000.slice/session-2.scope" "$TMP/g" &&
	grep -q "the allocation that failed: llvm-tblgen's (order 0, GFP_HIGHUSER_MOVABLE)" "$TMP/g" &&
	grep -q "who held the memory (76 tasks" "$TMP/g" && grep -Eq "856 +baloo_file_extr +256 MiB" "$TMP/g" &&
	grep -q "entry: oom-killer" "$TMP/g" &&
	grep -q "first step: .*baloo_file, pid 662, was killed holding 279 MiB when the whole machine was out of memory" "$TMP/g" ||
	fail "global report: $(cat "$TMP/g")"
"$OOMCAST" why --json --from "$FX/global-5.13-journal.txt" | jq -e '.kills | length == 1 and
	.[0].scope == "system" and .[0].constraint == "none" and .[0].oom_memcg == null and
	.[0].kb == "oom-killer" and .[0].tasks_seen == 76 and .[0].tasks[0].pid == 662 and
	.[0].anon == 292188160 and .[0].cut == false and .[0].trigger == "llvm-tblgen" and .[0].order == 0 and
	.[0].gfp_mask == 17829066 and .[0].gfp_flags == "GFP_HIGHUSER_MOVABLE"' > /dev/null || fail "global report, JSON"
"$OOMCAST" why --json --from - < "$FX/global-3.x-perl-excerpt.txt" | jq -e '.kills | length == 1 and
	.[0].pid == 18694 and .[0].scope == "system" and .[0].shmem == null and .[0].gfp_mask == 164058 and
	.[0].gfp_flags == null' > /dev/null || fail "3.x report"
"$OOMCAST" why --from "$FX/global-5.14-nomemcg-quoted.txt" | grep -q "scope: the whole machine ran out of memory" ||
	fail "global report quoted in a mail"
"$OOMCAST" why --from "$FX/global-kernlog-commafeed.txt" |
	grep -q "scope: the whole machine ran out of memory (\"Out of memory\", not a cgroup's limit; this kernel does not print the constraint)" ||
	fail "global report from kern.log"
"$OOMCAST" why --json --from "$FX/memcg-v1-3.19-syslog-excerpt.txt" | jq -e '.kills | length == 1 and
	.[0].pid == 19715 and .[0].constraint == "memcg" and .[0].scope == null and .[0].kb == "cgroup-limit"' \
	> /dev/null || fail "3.19 sacrifice child"
"$OOMCAST" why --last 7 --json --from "$FX/memcg-5.x-many-kills-excerpt.txt" | jq -e '.kills | length == 7 and
	(map(.constraint) | unique) == ["memcg"] and .[6].pid == 141320' > /dev/null || fail "seven kills in a row"
"$OOMCAST" why 989 --from "$FX/memcg-5.4-eks-excerpt.txt" | grep -q "scope: the memory cgroup /podruntime.slice reached its limit" ||
	fail "5.4 report by its pid"
"$OOMCAST" why --from "$FX/cpuset-5.8-quoted.txt" > "$TMP/c" || fail "cpuset report: exit $?"
grep -q "scope: the NUMA nodes its cpuset allows (cpuset.mems) ran out; not the whole machine" "$TMP/c" &&
	! grep -q "whole machine ran out" "$TMP/c" && grep -q "allocation that failed: runc:\[2:INIT\]'s" "$TMP/c" &&
	grep -q "entry: oom-numa-constraint" "$TMP/c" || fail "cpuset report: $(cat "$TMP/c")"
"$OOMCAST" why --from "$FX/mempolicy-5.19-nrss.txt" | grep -q "entry: oom-numa-constraint" ||
	fail "memory policy report: not the NUMA entry"
"$OOMCAST" why --json --from "$FX/mempolicy-5.19-nrss.txt" | jq -e '.kills[0].scope == "memory_policy"' > /dev/null ||
	fail "memory policy report"
# a memory cgroup's kill names the cgroup: v1 under dmesg -T, v1 4.x quoted
# in a mail (the child of "sacrifice child" is the victim), a report cut
# before its kill line, v2 wrapped by a mail (the path lost, the kind kept)
"$OOMCAST" why --from "$FX/memcg-v1-5.3-dmesg-T.txt" > "$TMP/m" || fail "dmesg -T report: exit $?"
grep -q "scope: the memory cgroup /kubepods.slice/kubepods-burstable.slice/kubepods-burstable-podef91e487_dec5_4613_800b_eb23e1a1617d.slice reached its limit (64.4 GiB used of 64.4 GiB)" "$TMP/m" &&
	grep -q "the allocation that failed: CPU 11/KVM's (order 0, GFP_KERNEL)" "$TMP/m" &&
	grep -Eq "70870 +qemu-system-x86 +63.8 GiB +oom_score_adj 830" "$TMP/m" && grep -q "entry: cgroup-limit" "$TMP/m" ||
	fail "dmesg -T report: $(cat "$TMP/m")"
"$OOMCAST" why --from "$FX/memcg-v1-4.16-quoted.txt" > "$TMP/q" || fail "4.16 report: exit $?"
grep -q "^OOM kill: pid 3876 (dd)$" "$TMP/q" &&
	grep -q "scope: the memory cgroup /test reached its limit (50.0 MiB used of 50.0 MiB)" "$TMP/q" ||
	fail "4.16 report: $(cat "$TMP/q")"
"$OOMCAST" why --json --from "$FX/memcg-v1-5.14-journal-cut.txt" > "$TMP/x" || fail "cut report: exit $?"
jq -e '.kills | length == 1 and .[0].cut and .[0].pid == 39079 and .[0].rss == null and
	.[0].scope == "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod968a06fb_9ab9_4819_8caf_0392ddff3d9b.slice" and
	.[0].memcg_limit == 17432924160 and .[0].kb == "cgroup-limit"' "$TMP/x" > /dev/null || fail "cut report: $(cat "$TMP/x")"
"$OOMCAST" why --from "$FX/memcg-v1-5.14-journal-cut.txt" | grep -q "its size at death: not in the report" ||
	fail "cut report: its size"
"$OOMCAST" why --from "$FX/memcg-v2-6.18-wrapped.txt" > "$TMP/w2" || fail "wrapped report: exit $?"
grep -q "scope: a memory cgroup (its path is not in the report) reached its limit (512 MiB used of 512 MiB)" "$TMP/w2" &&
	grep -q "entry: cgroup-limit" "$TMP/w2" || fail "wrapped report: $(cat "$TMP/w2")"
# nothing there: exit 1; bad input: one line, exit 2
printf 'nothing here\n' > "$TMP/none"
"$OOMCAST" why --from "$TMP/none" > "$TMP/o"; [ $? = 1 ] || fail "no kill: exit not 1"
grep -qx "No OOM kill in $TMP/none." "$TMP/o" || fail "no kill: $(cat "$TMP/o")"
# a directory opens, then cannot be read: an error, not "no kill there"
"$OOMCAST" why --from "$TMP" > /dev/null 2> "$TMP/e"; [ $? = 2 ] && grep -q "Is a directory" "$TMP/e" ||
	fail "a directory: $(cat "$TMP/e")"
"$OOMCAST" why --from "$TMP/nosuch" 2> "$TMP/e"; [ $? = 2 ] && [ "$(wc -l < "$TMP/e")" = 1 ] || fail "missing file: $(cat "$TMP/e")"
# a CRLF file: no '\r' in the names; NULs before a line (a syslog file
# after a crash) do not lose the line after them
sed 's/$/\r/' "$FX/memcg-3tasks-6.18.txt" > "$TMP/crlf.txt"
"$OOMCAST" why --json --from "$TMP/crlf.txt" | jq -e '.kills[0] | .comm == "memhog" and
	([.tasks[].name] == ["memhog", "memhog", "sleep"]) and .scope == "/oomc-multi-1251"' > /dev/null ||
	fail "why on a CRLF file: $("$OOMCAST" why --json --from "$TMP/crlf.txt" | head -c 400)"
awk '/Killed process|oom-kill:/ { printf "%c%c%c", 0, 0, 0 } { print }' "$FX/memcg-3tasks-6.18.txt" > "$TMP/nul.txt"
"$OOMCAST" why --json --from "$TMP/nul.txt" | jq -e '.kills[0] | .pid == 7457 and .cut == false and .rss != null' > /dev/null ||
	fail "why with NULs before the kill line: $("$OOMCAST" why --json --from "$TMP/nul.txt" | head -c 400)"
# a device is no log; one endless line is read in a bounded buffer (it
# once took the machine's memory)
"$OOMCAST" why --from /dev/zero > /dev/null 2> "$TMP/e"; [ $? = 2 ] && [ "$(wc -l < "$TMP/e")" = 1 ] &&
	grep -q "is a device" "$TMP/e" || fail "why --from /dev/zero: $(cat "$TMP/e")"
"$OOMCAST" why --last 0 2> "$TMP/e"; [ $? = 2 ] || fail "--last 0"
"$OOMCAST" why 12 13 2> "$TMP/e"; [ $? = 2 ] || fail "two pids"
# explain on a pasted report does the same, after its entries
"$OOMCAST" explain - < "$FX/memcg-3tasks-6.18.txt" > "$TMP/x" || fail "explain on a report: exit $?"
grep -q "The kernel's OOM report, read whole" "$TMP/x" && grep -q "^OOM kill: pid 7457 (memhog)" "$TMP/x" &&
	grep -q "reached its limit (96.0 MiB used of 96.0 MiB)" "$TMP/x" || fail "explain on a report: $(tail -12 "$TMP/x")"
pass "why explains saved reports (6.18, 4.x; real global, cpuset, memory policy, v1, v2, cut reports), JSON, and bad input; explain does it for a pasted report"

# live: a real kill, read back from /dev/kmsg
[ "$(id -u)" = 0 ] && [ -r /dev/kmsg ] || skip "reading /dev/kmsg needs root"
need_memcg "oc-why-$$"
set_limit "$CG_VER" "$CG_DIR" 67108864
spawn_in "$CG_DIR" "$MEMHOG" 256
victim=$SPAWNED
wait "$victim"
[ $? = 137 ] || fail "memhog was not OOM-killed"
killed_at=$(date +%s)
"$OOMCAST" why "$victim" --json > "$TMP/l" || fail "why $victim: exit $?"
# when, by the wall clock: the kill came within seconds of memhog's end
jq -e --argjson t "$killed_at" '.kills[0].time > $t - 10 and .kills[0].time <= $t + 1' "$TMP/l" > /dev/null ||
	fail "why $victim: the kill's time $(jq .kills[0].time "$TMP/l"), memhog ended at $killed_at"
"$OOMCAST" why "$victim" | head -1 | grep -q "^OOM kill: pid $victim (memhog), [0-9.]* s after boot ($(date +%Y-%m-%d) [0-9:]*, [0-9]* s ago)$" ||
	[ "$(date +%H%M)" = 0000 ] || fail "why $victim: no time of day: $("$OOMCAST" why "$victim" | head -1)"
jq -e --argjson v "$victim" --arg p "$CG_PATH" '.kills | length == 1 and .[0].pid == $v and
	.[0].scope == $p and .[0].kb == "cgroup-limit" and (.[0].tasks | map(.pid) | index($v)) != null' \
	"$TMP/l" > /dev/null || fail "why $victim: $(cat "$TMP/l")"
# one endless line (200 MB) read in a 128 MiB cgroup: a bounded buffer
# (getline's grew to the line and was OOM-killed)
head -c 200000000 /dev/zero | tr '\0' x > "$TMP/long.log"
set_limit "$CG_VER" "$CG_DIR" 134217728
spawn_in "$CG_DIR" "$OOMCAST" why --from "$TMP/long.log"
wait "$SPAWNED"
rc=$?
rm -f "$TMP/long.log"
[ $rc = 1 ] || fail "why on one 200 MB line in 128 MiB: exit $rc"
pass "why $victim finds the real kill in /dev/kmsg, when it came, its cgroup and the entry; one endless line in bounded memory"
