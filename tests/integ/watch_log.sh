#!/bin/sh
# --watch-log: a runtime's log followed like tail -F. Lines written after
# the start that the knowledge base knows become events (JSON log_error with
# kb and line; batch "Event known error"); ordinary lines do not; the file
# rotated (renamed, a new one created) and truncated is followed; the
# dashboard's banner names the entry. A missing file: one line, exit 2.
. "$TESTLIB"
LOG="$TMP/runtime.log"
echo "torch.OutOfMemoryError: CUDA out of memory (written before the start: ignored)" > "$LOG"
timeout 30 "$OOMCAST" --json -d 0.2 -n 40 --top 1 --watch-log "$LOG" > "$TMP/w.jsonl" &
mon=$!
# samples: until oomcast has taken two more than it had (so it has looked at
# the file at least once since the last change), whatever the machine's load
settle() {
	n=$(wc -l < "$TMP/w.jsonl")
	poll 20 lines_at_least $((n + 2)) "$TMP/w.jsonl" || fail "oomcast stopped sampling"
}
# the first sample: the log is open and read to its end
poll 20 lines_at_least 1 "$TMP/w.jsonl" || fail "oomcast took no sample"
echo "INFO:     127.0.0.1:54536 - \"POST /v1/chat/completions HTTP/1.1\" 200 OK" >> "$LOG"
printf '%s\n' "ggml_backend_cuda_buffer_type_alloc_buffer: allocating 590.07 MiB on device 0: cudaMalloc failed: out of memory" >> "$LOG"
settle
mv "$LOG" "$LOG.1"
echo "[rank0]: ValueError: No available memory for the cache blocks. Try increasing gpu_memory_utilization." > "$LOG"
settle
: > "$LOG"   # truncated: read from the start again
printf 'partial line without newline... ' >> "$LOG"
settle
echo "ERROR: Unexpected bus error encountered in worker. This might be caused by insufficient shared memory (shm)." >> "$LOG"
wait $mon || fail "oomcast exit $?"
jq -e . "$TMP/w.jsonl" > /dev/null || fail "not valid JSON"
jq -s -c '[.[].events[] | select(.type == "log_error") | {kb, source, scope, line}]' "$TMP/w.jsonl" > "$TMP/ev"
jq -e --arg f "$LOG" 'length == 3 and all(.source == "watched_log" and .scope == $f)
	and (map(.kb) == ["gpu-oom", "vllm-kv-cache", "shm-too-small"])
	and (.[0].line | test("cudaMalloc failed"))
	and (.[2].line | startswith("partial line without newline... ERROR: Unexpected bus error"))' \
	"$TMP/ev" > /dev/null || fail "events: $(cat "$TMP/ev")"

# the dashboard: the banner names the logged error's entry
T new-session -d -s s -x 120 -y 30 "env TERM=xterm-256color $OOMCAST -d 0.3 --watch-log $LOG"
wait_for 'PID' || fail "dashboard did not start"
# The banner shows the newest kill or logged error (a critical forecast
# before them): on a busy machine another test's OOM kill may take it from
# ours. Only then is the line written again, a new event, at most five times.
for try in 1 2 3 4 5; do
	kills=$(vm_oom_kills)
	echo "RuntimeError: Not enough memory. Please try to increase --mem-fraction-static." >> "$LOG"
	wait_for "CRITICAL log: \\[sglang-memory\\] SGLang" 20 && break
	[ "$try" -lt 5 ] && [ "$(vm_oom_kills)" -gt "$kills" ] || fail "no banner for the logged error"
	echo "note: another process's OOM kill took the banner; writing the line again"
done
grep -q "Fix: At start" "$TMP/pane" || fail "banner lacks the fix"
T send-keys -t s q

"$OOMCAST" -b -n 1 --watch-log "$TMP/none.log" 2> "$TMP/e"
[ $? -eq 2 ] && [ "$(wc -l < "$TMP/e")" -eq 1 ] && grep -q "cannot read $TMP/none.log" "$TMP/e" ||
	fail "missing log: $(cat "$TMP/e")"
"$OOMCAST" -b -n 1 --watch-log "$TMP" 2> "$TMP/e"
[ $? -eq 2 ] && grep -q "Is a directory" "$TMP/e" || fail "a directory: $(cat "$TMP/e")"
pass "watched log: known errors become events across rotation and truncation; banner; bad paths"
