#!/bin/sh
# fit_quant against the real llama.cpp (issue 11): the sizes `oomcast fit`
# gives for llama-quantize's mixes (Q8_0 ... Q3_K_M) are the sizes of the
# files llama.cpp's own llama_model_quantize() writes, to the byte, for two
# shapes (one whose rows are not whole K-quant blocks, so the fallbacks
# count); and in a memory cgroup where the f16 file will not load, the
# fit_quant it names, made by llama.cpp, loads with a prompt that fills the
# context, while the f16 file it called wont_fit is OOM-killed.
. "$TESTLIB"
need_llama
: "${QUANTIZE:?QUANTIZE must point at tests/runtime/quantize}"
LIBLLAMA=$(libllama)
[ -n "$LIBLLAMA" ] || skip "node-llama-cpp's libllama is not installed"
mkdir -p "$TMP/models"

A="$TMP/models/a-f16.gguf" B="$TMP/models/b-f16.gguf"
"$MKMODEL" "$A" -t f16 -l 8 -e 1024 -H 16 -k 4 -f 2816 -v 4096 -c 8192 > /dev/null || fail "mkmodel a"
# 2080 wide feed-forward: not whole 256-element blocks, llama-quantize falls
# back (Q4_K to Q5_0, Q6_K to Q8_0...) for ffn_down
"$MKMODEL" "$B" -t f16 -l 16 -e 768 -H 12 -k 4 -f 2080 -v 3000 -c 4096 > /dev/null || fail "mkmodel b"

# ---- the sizes, against the files llama.cpp writes ---------------------------
for m in "$A" "$B"; do
	"$OOMCAST" fit "$m" --ctx 1024 --json > "$TMP/f.json"
	[ $? -le 1 ] || fail "oomcast fit $m: $(cat "$TMP/f.json")"
	n=$(jq '.quants | length' "$TMP/f.json")
	[ "$n" = 7 ] || fail "$(basename "$m"): $n mixes listed, expected 7: $(jq -c .quants "$TMP/f.json")"
	for t in $(jq -r '.quants[].type' "$TMP/f.json"); do
		out="$TMP/models/$(basename "$m" .gguf)-$t.gguf"
		"$QUANTIZE" "$LIBLLAMA" "$m" "$out" "$(mix_ftype "$t")" > "$TMP/q.log" 2>&1 ||
			fail "llama.cpp could not quantise $(basename "$m") to $t: $(tail -3 "$TMP/q.log")"
		real=$(stat -c %s "$out")
		est=$(jq --arg t "$t" '.quants[] | select(.type == $t) | .file_bytes' "$TMP/f.json")
		[ "$real" = "$est" ] ||
			fail "$(basename "$m") $t: llama.cpp wrote $real bytes, oomcast said $est"
		echo "$(basename "$m") $t: $real bytes, as oomcast said"
	done
done
pass "the sizes of llama-quantize's 7 mixes are llama.cpp's own, to the byte (2 shapes)"

# ---- fit_quant, tried in a memory cgroup -------------------------------------
cg=$(make_memcg "oomcast-quant-$$") || cg=$(make_memcg_v2 "oomcast-quant-$$") ||
	skip "no writable memory cgroup (needs root and a memory controller)"
set -- $cg
ver=$1 dir=$2
limit() { set_limit "$ver" "$dir" "$1"; }
in_cg() { spawn_in "$dir" "$@"; wait "$SPAWNED"; }
ctx=2048

# a limit between the f16 file's footprint and a smaller mix's: the f16
# load needs 527 MiB at 4096 (388 at 2048); 330 MiB leaves room for Q4_K_M
# and smaller, not for Q8_0
limit $((330 * MIB))
in_cg "$OOMCAST" fit "$A" --ctx $ctx --no-mmap --json > "$TMP/wont.json"
jq -e '.verdict == "wont_fit" and (.fit_quant | type) == "string"' "$TMP/wont.json" > /dev/null ||
	fail "330 MiB: $(jq -c '{verdict, fit_quant, room, expected_total, quants}' "$TMP/wont.json")"
q=$(jq -r .fit_quant "$TMP/wont.json")
qfile="$TMP/models/a-f16-$q.gguf"
[ -f "$qfile" ] || fail "no $q file was made above"
in_cg node "$LOAD" -m "$A" -c $ctx --prompt $((ctx - 8)) --no-mmap > /dev/null 2> "$TMP/l1.err"
rc=$?
[ "$rc" = 137 ] || fail "the f16 file oomcast called wont_fit in 330 MiB exited $rc, expected 137 (OOM kill)"
in_cg node "$LOAD" -m "$qfile" -c $ctx --prompt $((ctx - 8)) --no-mmap > "$TMP/l2.json" 2> "$TMP/l2.err" ||
	fail "fit_quant $q in 330 MiB did not load: exit $?: $(tail -3 "$TMP/l2.err")"
echo "330 MiB: f16 wont_fit, killed; fit_quant $q (made by llama.cpp) loaded, peak RSS $(($(jq .rss_peak_kib "$TMP/l2.json") / 1024)) MiB"
pass "fit_quant holds in a v$ver cgroup: the file it names loads where the f16 file is killed"
