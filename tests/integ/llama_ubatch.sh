#!/bin/sh
# A live load's -ub (issue 11) against a real llama.cpp (node-llama-cpp
# 3.21.1's CPU binaries, load.mjs -ub N: llama.cpp's n_batch = n_ubatch = N):
# while it holds, the compute buffer `oomcast --json` gives the load in
# loads[] equals the one llama.cpp printed within 1 %, for a micro-batch
# above the default 512 (twice the buffer) and one below (half); the
# footprint is its parts, and the batch Load line names the runtime.
. "$TESTLIB"
need_llama
mkdir -p "$TMP/models"
M="$TMP/models/a-q8_0.gguf"
"$MKMODEL" "$M" -t q8_0 -l 8 -e 1024 -H 16 -k 4 -f 2816 -v 4096 -c 8192 > /dev/null || fail "mkmodel"

report=""
for ub in 1024 256; do
	o="$TMP/l.$ub.json"
	node "$LOAD" -m "$M" -c 4096 -ub "$ub" --hold 30 > "$o" 2> "$o.err" &
	pid=$!
	CHILDREN="$CHILDREN $pid"
	poll 120 test -s "$o" || fail "-ub $ub: llama.cpp did not load: $(tail -5 "$o.err")"
	jqt '.ok' "$o" || fail "-ub $ub: $(cat "$o")"
	real=$(jq '.compute_mib.CPU' "$o")
	timeout 30 "$OOMCAST" --json -n 2 -d 0.3 -p "$pid" | tail -1 > "$TMP/o.$ub.json" ||
		fail "oomcast --json: exit $?"
	l=$(jq -c --argjson p "$pid" '.loads[] | select(.pid == $p)' "$TMP/o.$ub.json")
	[ -n "$l" ] || fail "-ub $ub: no load of pid $pid in oomcast's JSON"
	est=$(echo "$l" | jq '.compute_bytes / 1048576')
	within "$est" "$real" 1 || fail "-ub $ub: compute oomcast $est MiB, llama.cpp $real MiB"
	echo "$l" | jq -e '.expected_total == .weights + .weights_added + .kv_bytes + .compute_bytes + .overhead_bytes' \
		> /dev/null || fail "-ub $ub: expected_total is not its parts: $l"
	timeout 30 "$OOMCAST" --batch -n 2 -d 0.3 -p "$pid" | grep "^Load .*pid $pid " | tail -1 > "$TMP/b.$ub.txt"
	grep -q "^Load     pid $pid node (llama.cpp): a-q8_0.gguf, ctx 4096, " "$TMP/b.$ub.txt" ||
		fail "-ub $ub: batch Load line: $(cat "$TMP/b.$ub.txt")"
	report="$report
-ub $ub: compute llama.cpp $real MiB, oomcast $est MiB"
	kill $pid 2> /dev/null
	wait $pid 2> /dev/null
done
# the default is 147.01 MiB for this shape at 4096 (tests/test_footprint.c):
# the two figures above are not it
pass "a live load's -ub sizes its compute buffer as llama.cpp does$report"
