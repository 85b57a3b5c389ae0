#!/bin/sh
# --watch-log never drops the line that matters (issue 10): the OOM at the
# end of a 400-line traceback written at once; a CUDA OOM 10 KiB into a
# JSON log line; text after a NUL byte; and an error right after a 50 MB
# line arrives within seconds, not minutes.
. "$TESTLIB"
LOG="$TMP/runtime.log"
: > "$LOG"
timeout 60 "$OOMCAST" --json -d 0.5 --top 1 --watch-log "$LOG" > "$TMP/w.jsonl" &
mon=$!
CHILDREN="$CHILDREN $mon"
# the log is written after the start: once the first sample is out
poll 20 lines_at_least 1 "$TMP/w.jsonl" || fail "oomcast took no sample"
# a long traceback, its last line the one that matters
{
	echo "Traceback (most recent call last):"
	for i in $(seq 400); do
		echo "  File \"/opt/app/model.py\", line $i, in forward"
		echo "    x = self.layer$i(x)"
	done
	echo "torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB. GPU 0 has a total capacity of 79.19 GiB of which 1.07 GiB is free."
} >> "$LOG"
# a JSON log line with the message 10 KiB in
pad=$(head -c 10240 /dev/zero | tr '\0' 'x')
printf '{"level":"error","pad":"%s","msg":"ggml_backend_cuda_buffer_type_alloc_buffer: allocating 590.07 MiB on device 0: cudaMalloc failed: out of memory"}\n' "$pad" >> "$LOG"
# text after a NUL byte
printf 'worker 3 \000[rank0]: ValueError: No available memory for the cache blocks. Try increasing gpu_memory_utilization.\n' >> "$LOG"
# those three seen before the 50 MB line (counted, not slept for)
three() { [ "$(jq -s '[.[].events[] | select(.type == "log_error")] | length' "$TMP/w.jsonl" 2>/dev/null)" -ge 3 ]; }
poll 20 three || fail "the first lines did not become events: $(jq -c .events "$TMP/w.jsonl" | grep -v '^\[\]$')"
# a 50 MB line, then an error
head -c 52428800 /dev/zero | tr '\0' 'y' >> "$LOG"
echo >> "$LOG"
echo "ERROR: Unexpected bus error encountered in worker. This might be caused by insufficient shared memory (shm)." >> "$LOG"
t_err=$(date +%s.%N)
# it must be seen within 3 s
deadline=$(( $(date +%s) + 6 ))
until jq -e 'select(.events | map(.kb) | index("shm-too-small"))' "$TMP/w.jsonl" > /dev/null 2>&1; do
	[ "$(date +%s)" -lt "$deadline" ] || break
	sleep 0.2
done
sleep 0.6
kill "$mon"; wait "$mon" 2>/dev/null
jq -s -c '[.[].events[] | select(.type == "log_error") | {kb, t}]' "$TMP/w.jsonl" > "$TMP/ev"
echo "events: $(cat "$TMP/ev")"
jq -e 'map(.kb) == ["gpu-oom", "gpu-oom", "vllm-kv-cache", "shm-too-small"]' "$TMP/ev" > /dev/null ||
	fail "not every known line became an event: $(cat "$TMP/ev")"
late=$(jq --argjson t "$t_err" '.[3].t - $t' "$TMP/ev")
echo "the error after the 50 MB line was seen $late s after it was written"
jq -e --argjson t "$t_err" '.[3].t - $t <= 3' "$TMP/ev" > /dev/null ||
	fail "the error after a 50 MB line came $late s late"
pass "watched log: a traceback's last line, a long JSON line, text after NUL, an error after 50 MB"
