#!/bin/sh
# oomcast explain and oomcast kb, the real binary: a pasted message, a whole
# log on standard input (best entry first, the matching line shown), --json,
# nothing matched (exit 1), --follow printing a match while the stream is
# still open, the entry list and one entry, a user folder with a good, a
# replacing and a malformed entry (reported, skipped, never fatal).
. "$TESTLIB"
export HOME="$TMP/home" XDG_CONFIG_HOME=
mkdir -p "$HOME"

"$OOMCAST" explain "torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB." > "$TMP/o" ||
	fail "explain of a CUDA OOM: exit $?"
grep -q '^== gpu-oom' "$TMP/o" || fail "no gpu-oom entry: $(head -3 "$TMP/o")"
grep -q -- '--query-compute-apps=pid,used_memory' "$TMP/o" || fail "no fix step"
grep -q '{now}\|{driver}' "$TMP/o" && fail "placeholders left in the output"

cat > "$TMP/log" <<'LOG'
time=2026-11-26T10:00:00Z level=INFO source=server.go:400 msg="starting llama server"
ggml_backend_cuda_buffer_type_alloc_buffer: allocating 13285.50 MiB on device 0: cudaMalloc failed: out of memory
llama_init_from_model: failed to initialize the context: failed to allocate buffer for kv cache
srv  update_slots: all slots are idle
LOG
"$OOMCAST" explain - < "$TMP/log" > "$TMP/o" || fail "explain -: exit $?"
[ "$(grep '^== ' "$TMP/o" | cut -d' ' -f2 | tr '\n' ' ')" = "kv-cache-long-context gpu-oom " ] ||
	fail "order: $(grep '^== ' "$TMP/o")"
grep -q 'matched line 3: llama_init_from_model' "$TMP/o" || fail "matching line not shown"
"$OOMCAST" explain --json - < "$TMP/log" > "$TMP/j" || fail "--json: exit $?"
jqt '.matches | length == 2 and .[0].id == "kv-cache-long-context" and .[0].score > .[1].score
	and (.[1].line | test("cudaMalloc failed")) and (.[0].title | length > 0)' "$TMP/j" ||
	fail "json: $(cat "$TMP/j")"

"$OOMCAST" explain "all is well" > "$TMP/o"
[ $? -eq 1 ] || fail "nothing matched must exit 1"
"$OOMCAST" explain --json "all is well" | jq -e '.matches == []' > /dev/null || fail "json of no match"
# hostile bytes in a piped log: a NUL does not end the line, control bytes
# are shown escaped (not as '?'), a long line is cut before a whole
# character, never inside one (its first 4 KiB are matched)
printf 'Killed \000\033]0;pwn\007 CUDA out of memory. Tried to allocate 2.00 GiB\n' |
	"$OOMCAST" explain - > "$TMP/o" || fail "explain - of a line with a NUL: exit $?"
grep -q '^== gpu-oom' "$TMP/o" || fail "a NUL ended the line: $(head -3 "$TMP/o")"
grep -qF 'matched line 1: Killed  \x1b]0;pwn\x07 CUDA out of memory' "$TMP/o" ||
	fail "the matched line's control bytes: $(grep 'matched line' "$TMP/o" | od -c | head -3)"
grep -q "$(printf '\033')" "$TMP/o" && fail "explain - printed a raw ESC"
{ printf 'CUDA out of memory. '; i=0; while [ $i -lt 300 ]; do printf '\344\270\255'; i=$((i + 1)); done
  echo; } | "$OOMCAST" explain --json - > "$TMP/j" || fail "explain of a long line: exit $?"
jq -e '.matches[0].line | endswith("\u4e2d") and (contains("\ufffd") | not)' "$TMP/j" > /dev/null ||
	fail "a long line cut inside a character: $(jq -c '.matches[0].line[-4:]' "$TMP/j")"
"$OOMCAST" explain 2> "$TMP/e"; [ $? -eq 2 ] && [ "$(wc -l < "$TMP/e")" -eq 1 ] || fail "no text: $(cat "$TMP/e")"
"$OOMCAST" explain --bogus x 2> "$TMP/e"; [ $? -eq 2 ] || fail "bad option"
"$OOMCAST" explain --follow "text" 2> "$TMP/e"; [ $? -eq 2 ] || fail "--follow needs -"

# --follow: the match is printed while the writer is still going
mkfifo "$TMP/fifo"
"$OOMCAST" explain --follow --json - < "$TMP/fifo" > "$TMP/f" &
ex=$!
exec 3> "$TMP/fifo"
echo "Nov 27 01:02:03 box kernel: Memory cgroup out of memory: Killed process 31337 (python) total-vm:1kB, anon-rss:1kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:1kB oom_score_adj:0" >&3
poll 20 test -s "$TMP/f"
jq -e '.matches[0].id == "cgroup-limit"' "$TMP/f" > /dev/null || { exec 3>&-; fail "--follow printed nothing while open: $(cat "$TMP/f")"; }
echo "unrelated" >&3
exec 3>&-
wait $ex || fail "--follow exit $? after a match"

"$OOMCAST" kb > "$TMP/k" || fail "kb: exit $?"
for id in oom-killer cgroup-limit ollama-system-memory gpu-oom kv-cache-long-context vllm-kv-cache \
	vllm-engine-dead sglang-memory swap-thrashing mmap-larger-than-ram ram-alloc-failed page-cache \
	gpu-partial-offload mlock-failed shm-too-small; do
	grep -q "^$id " "$TMP/k" || fail "kb lists no $id"
done
"$OOMCAST" kb vllm-kv-cache | grep -q -- '--max-model-len' || fail "kb ID does not show the fix"
"$OOMCAST" kb no-such-entry 2> "$TMP/e"; [ $? -eq 2 ] && grep -q "no entry 'no-such-entry'" "$TMP/e" ||
	fail "unknown id: $(cat "$TMP/e")"

# a user folder: added, replacing, malformed (one line on stderr, skipped)
mkdir -p "$HOME/.config/oomcast/kb"
cp "$FIXTURES"/kb/user/* "$HOME/.config/oomcast/kb/"
"$OOMCAST" kb > "$TMP/k" 2> "$TMP/e" || fail "kb with a bad user entry: exit $?"
grep -q '^my-own ' "$TMP/k" || fail "user entry not listed"
grep -q '^broken ' "$TMP/k" && fail "malformed entry listed"
[ "$(wc -l < "$TMP/e")" -eq 1 ] && grep -q 'skipped .*bad-regex.txt: line 4' "$TMP/e" ||
	fail "malformed entry not reported in one line: $(cat "$TMP/e")"
"$OOMCAST" kb page-cache 2> /dev/null | grep -q 'Local wording' || fail "user entry does not replace"
"$OOMCAST" explain "MYAPP ran out of arena" 2> /dev/null | grep -q '^== my-own' || fail "user entry not matched"
# a user entry with a back-reference (glibc backtracks: tens of seconds a
# line) is reported in one line and skipped; explain answers at once
mkdir -p "$TMP/home2/.config/oomcast/kb"
cat > "$TMP/home2/.config/oomcast/kb/slow.txt" <<'KB'
id: slow
title: A back-reference
category: runtime
signature: ^(a|aa|aaa)*(b|ab)*\2\1x
cause:
x
fix:
- y
KB
line=$(printf 'a%.0s' $(seq 60))
HOME="$TMP/home2" timeout 10 "$OOMCAST" explain "$line" > /dev/null 2> "$TMP/e"
rc=$?
[ $rc = 1 ] || fail "explain with a back-reference entry: exit $rc"
[ "$(wc -l < "$TMP/e")" -eq 1 ] && grep -q 'skipped .*slow.txt: line 4: back-references' "$TMP/e" ||
	fail "back-reference entry not reported in one line: $(cat "$TMP/e")"
# the matched line is shown escaped: no C1 control (CSI) or invalid byte
# reaches the terminal
printf 'cudaMalloc failed: out of memory \302\233[2J \033]0;t\007 \377 end\n' | "$OOMCAST" explain - > "$TMP/esc"
grep -q 'matched line 1: cudaMalloc failed: out of memory \\xc2\\x9b\[2J' "$TMP/esc" ||
	fail "matched line not escaped: $(grep matched "$TMP/esc" | od -c | head -3)"
if LC_ALL=C grep -q "$(printf '\302\233')\|$(printf '\033')\|$(printf '\377')" "$TMP/esc"; then
	fail "explain printed a raw control or invalid byte"
fi
# how sure it is: a bare "Killed" is a weak hint with what to check; a
# CUDA OOM line an exact match
"$OOMCAST" explain Killed > "$TMP/weak"
grep -q "^== oom-kill-scope-unknown (score [0-9]*, a weak hint)" "$TMP/weak" &&
	grep -q "Confirm it was the OOM killer" "$TMP/weak" || fail "Killed: $(head -3 "$TMP/weak")"
"$OOMCAST" explain --json Killed | jq -e '.matches[0].confidence == "weak"' > /dev/null ||
	fail "Killed: JSON confidence not weak"
"$OOMCAST" explain --json "torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB" |
	jq -e '.matches[0].confidence == "exact"' > /dev/null || fail "CUDA OOM: JSON confidence not exact"
# the size the line asked for, as the line says it; a size no machine has
# is called a wrong size
"$OOMCAST" explain "ggml_backend_cpu_buffer_type_alloc_buffer: failed to allocate buffer of size 4294967296" > "$TMP/size"
grep -q "^  it asked for 4.00 GiB (4294967296 bytes)$" "$TMP/size" || fail "asked size: $(sed -n 2,4p "$TMP/size")"
"$OOMCAST" explain "failed to allocate 127.99TiB (140729850295296 bytes) from device: HIP_ERROR_OutOfMemory" |
	grep -q "more memory than any machine has" || fail "a 128 TiB request not called a wrong size"
"$OOMCAST" explain --json "Error: model requires more system memory (63.6 GiB) than is available (18.9 GiB)" |
	jq -e '.matches[0].asked_bytes == 68289980006 and .matches[0].available_bytes == 20293720474' > /dev/null ||
	fail "ollama's figures not in the JSON"
pass "explain (text, stdin, --json, --follow, the asked size) and kb (list, show, user folder)"
