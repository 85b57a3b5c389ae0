#!/bin/sh
# JSON mode against the real system: valid JSON Lines (also for hostile
# process names), the documented keys, figures that match the kernel's.
. "$TESTLIB"

timeout 20 "$OOMCAST" --json -n 3 -d 0.1 > "$TMP/s.jsonl" || fail "oomcast --json exit $?"
[ "$(wc -l < "$TMP/s.jsonl")" = 3 ] || fail "expected 3 lines"
jq -e . "$TMP/s.jsonl" > /dev/null || fail "not valid JSON"
tail -1 "$TMP/s.jsonl" > "$TMP/last.json"
for k in '.t' '.mem.total' '.mem.free' '.mem.available' '.mem.cached' '.mem.buffers' \
	'.mem.shmem' '.mem.anon' '.mem.mlocked' '.swap.total' '.swap.free' \
	'.vm.oom_kills' '.vm.pgmajfault' '.nprocs'; do
	jqt "$k | type == \"number\"" "$TMP/last.json" || fail "$k is not a number"
done
for k in psi.some_avg10 psi.full_avg10; do
	jqt ".$k | (type == \"number\" or type == \"null\")" "$TMP/last.json" || fail "$k"
done
jqt '.cgroups | type == "array"' "$TMP/last.json" || fail "cgroups"
jqt '.procs | length > 0 and length <= 20' "$TMP/last.json" || fail "procs count (default --top 20)"
for k in pid ppid user comm cmdline rss anon file shmem swap oom_score oom_score_adj growth age_s; do
	jqt "[.procs[] | has(\"$k\")] | all" "$TMP/last.json" || fail "procs lack $k"
done
jqt '[.procs[].rss] | . == (sort | reverse)' "$TMP/last.json" || fail "procs not sorted by rss"
# the sizes are the kernel's, in bytes
kib=$(awk '/^MemTotal:/ {print $2}' /proc/meminfo)
jqt ".mem.total == $kib * 1024" "$TMP/last.json" || fail "mem.total != MemTotal"
# growth is known from the second sample on for a process present throughout
# (pid 1, listed with -p: on a busy machine it need not be among the top 20)
timeout 20 "$OOMCAST" --json -n 3 -d 0.1 --top 1 -p 1 | tail -1 > "$TMP/init.json" || fail "exit $?"
jqt '[.procs[] | select(.pid == 1) | .growth | type == "number"] | length >= 1 and all' "$TMP/init.json" ||
	fail "pid 1 growth unknown on the third sample"
# anon + file + shmem adds up to rss for every process (status says so)
jqt '[.procs[] | .anon + .file + .shmem == .rss] | all' "$TMP/last.json" || fail "rss split"

# a process whose name and arguments hold hostile bytes
odd="$TMP/$(printf 'od\001d"\\\377\033x')"
cp "$MEMHOG" "$odd"
"$odd" 1 0 30 "$(printf 'arg\nwith\tcontrol\033[2J')" > /dev/null &
odd_pid=$!
CHILDREN="$CHILDREN $odd_pid"
wait_exec "$odd_pid" "$odd"
timeout 20 "$OOMCAST" --json -n 1 --top 1 -p "$odd_pid" > "$TMP/odd.json" || fail "exit $?"
iconv -f UTF-8 -t UTF-8 "$TMP/odd.json" > /dev/null || fail "output is not valid UTF-8"
jq -e . "$TMP/odd.json" > /dev/null || fail "hostile names broke the JSON"
jqt "[.procs[] | select(.pid == $odd_pid)] | length == 1" "$TMP/odd.json" || fail "-p process missing"
# its age: since it started, a few seconds at most here; pid 1's is more
jqt "[.procs[] | select(.pid == $odd_pid) | .age_s | . >= 0 and . < 60] | all" "$TMP/odd.json" ||
	fail "age_s of a fresh process: $(jq -c '.procs[] | {pid, age_s}' "$TMP/odd.json")"
jqt '[.procs[] | select(.pid == 1) | .age_s > 1] | all' "$TMP/init.json" || fail "pid 1's age_s"
jqt ".procs | length == 2" "$TMP/odd.json" || fail "--top 1 plus -p should list 2"
jqt "[.procs[] | select(.pid == $odd_pid) | .cmdline | contains(\"control\\u001b[2J\")] | all" \
	"$TMP/odd.json" || fail "cmdline bytes not escaped as expected"
# libproc2 already replaces control bytes in comm ('.' and '?'); it stays a string
jqt "[.procs[] | select(.pid == $odd_pid) | .comm | startswith(\"od\")] | all" \
	"$TMP/odd.json" || fail "comm not as expected: $(jq -c '.procs' "$TMP/odd.json")"
# batch text never passes control bytes to the terminal
timeout 20 "$OOMCAST" -b -n 1 --top 1 -p "$odd_pid" > "$TMP/odd.txt" || fail "batch exit $?"
if tr -d '\n' < "$TMP/odd.txt" | LC_ALL=C grep -q '[[:cntrl:]]'; then
	fail "batch output holds control characters"
fi

# --top 0 lists every process
timeout 20 "$OOMCAST" --json -n 1 --top 0 > "$TMP/all.json" || fail "exit $?"
jqt '.nprocs == (.procs | length)' "$TMP/all.json" || fail "--top 0 does not list all"
# kernel threads have no command line: shown as [comm], like ps
jqt '[.procs[] | select(.pid == 2) | .cmdline == "[kthreadd]"] | all' "$TMP/all.json" ||
	fail "kernel thread cmdline"

# oomcast says how well it protected itself: the oom_score_adj it runs with,
# and memory locked only where the score could be lowered
# (read from oomcast itself, started here, once it has sampled; it runs
# until it is stopped, so a slow busy machine cannot end it first)
"$OOMCAST" --json -d 0.25 > "$TMP/self.jsonl" &
me=$!
CHILDREN="$CHILDREN $me"
poll 20 lines_at_least 1 "$TMP/self.jsonl" || fail "oomcast took no sample"
runs "$me" "$OOMCAST" || fail "pid $me is not oomcast"
adj=$(cat "/proc/$me/oom_score_adj")
lock=$(awk '/^VmLck/ {print $2}' "/proc/$me/status")
poll 20 lines_at_least 3 "$TMP/self.jsonl" || fail "oomcast took fewer than 3 samples"
kill "$me"; wait "$me" 2> /dev/null
jq -s -e --argjson a "$adj" 'all(.[]; .self.oom_score_adj == $a)' "$TMP/self.jsonl" > /dev/null ||
	fail "self.oom_score_adj is not $a: $(jq -c .self "$TMP/self.jsonl" | head -1)"
if [ "$adj" -le -500 ]; then
	jq -s -e 'all(.[]; .self.protected)' "$TMP/self.jsonl" > /dev/null || fail "adj $adj, not protected"
else
	jq -s -e 'all(.[]; .self.protected == false and .self.mlocked == false)' "$TMP/self.jsonl" \
		> /dev/null || fail "adj $adj not lowered, but said protected or locked"
	[ "${lock:-0}" = 0 ] || fail "memory locked ($lock kB) though the score could not be lowered"
fi
echo "self: adj $adj, VmLck ${lock:-?} kB: $(jq -c .self "$TMP/self.jsonl" | head -1)"
pass "JSON mode"
