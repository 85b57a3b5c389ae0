#!/bin/sh
# fit_quant against the real llama.cpp (issue 11): the sizes `oomcast fit`
# gives for llama-quantize's mixes (Q8_0 ... Q3_K_M) are the sizes of the
# files llama.cpp's own llama_model_quantize() writes, to the byte, for two
# shapes (one whose rows are not whole K-quant blocks, so the fallbacks
# count), and so are the CPU backend's copies of their tensors for this CPU
# (from the f16 file as from the mix's own; for Q8_0, Q4_K_M and Q3_K_M as
# llama.cpp makes them, within 1 %); and in a memory cgroup where the f16 file will not load, the
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
		# the CPU backend's copies of the mix's tensors, for this CPU
		# (AMX, repacking): as oomcast said from the f16 file, as it
		# says from the mix's own file
		cest=$(jq --arg t "$t" '.quants[] | select(.type == $t) | .weights_copied' "$TMP/f.json")
		"$OOMCAST" fit "$out" --ctx 1024 --json > "$TMP/q.json"
		[ $? -le 1 ] || fail "oomcast fit $out: $(cat "$TMP/q.json")"
		[ "$(jq .weights_copied "$TMP/q.json")" = "$cest" ] ||
			fail "$(basename "$m") $t: CPU copies $cest from the f16 file, $(jq .weights_copied "$TMP/q.json") from the mix's own"
		line="$(basename "$m") $t: $real bytes, as oomcast said"
		# and as llama.cpp makes them: the mixes whose types differ most
		if [ "$t" = Q4_K_M ] || [ "$t" = Q3_K_M ] || [ "$t" = Q8_0 ]; then
			timeout 180 node "$LOAD" -m "$out" -c 1024 > "$TMP/ql.json" 2> "$TMP/ql.err" ||
				fail "llama.cpp did not load $(basename "$out"): $(tail -3 "$TMP/ql.err")"
			extra=$(jq '[.model_buffer_mib | to_entries[] | select(.key != "CPU_Mapped" and .key != "CPU") | .value] | add // 0' "$TMP/ql.json")
			c=$(awk -v b="$cest" 'BEGIN { print b / 1048576 }')
			if [ "$cest" = 0 ]; then
				[ "$extra" = 0 ] || fail "$(basename "$out"): oomcast sees no CPU copies, llama.cpp: $(jq -c .model_buffer_mib "$TMP/ql.json")"
			else
				within "$c" "$extra" 1 ||
					fail "$(basename "$out"): llama.cpp's CPU copies $(jq -c .model_buffer_mib "$TMP/ql.json"), oomcast $c MiB"
			fi
			line="$line; its CPU copies $c MiB ($(jq -r .cpu "$TMP/q.json")), llama.cpp $(jq -c .model_buffer_mib "$TMP/ql.json")"
			# on an AMX CPU, again through the variant without AMX:
			# repacked for AVX-512, as fit --cpu avx512 says from the f16
			noamx=$(noamx_load)
			if [ "$(jq -r .cpu "$TMP/q.json")" = amx ] && [ -n "$noamx" ]; then
				"$OOMCAST" fit "$m" --ctx 1024 --cpu avx512 --json > "$TMP/f512.json"
				[ $? -le 1 ] || fail "oomcast fit --cpu avx512 $m: $(cat "$TMP/f512.json")"
				c=$(jq --arg t "$t" '.quants[] | select(.type == $t) | .weights_copied / 1048576' "$TMP/f512.json")
				timeout 180 node "$noamx" -m "$out" -c 1024 > "$TMP/qn.json" 2> "$TMP/qn.err" ||
					fail "llama.cpp without AMX did not load $(basename "$out"): $(tail -3 "$TMP/qn.err")"
				extra=$(jq '[.model_buffer_mib | to_entries[] | select(.key != "CPU_Mapped" and .key != "CPU") | .value] | add // 0' "$TMP/qn.json")
				if [ "$c" = 0 ]; then
					[ "$extra" = 0 ] || fail "$(basename "$out") without AMX: oomcast sees no copies, llama.cpp: $(jq -c .model_buffer_mib "$TMP/qn.json")"
				else
					within "$c" "$extra" 1 ||
						fail "$(basename "$out") without AMX: llama.cpp's copies $(jq -c .model_buffer_mib "$TMP/qn.json"), oomcast $c MiB"
				fi
				line="$line; without AMX $c MiB, llama.cpp $(jq -c .model_buffer_mib "$TMP/qn.json")"
			fi
		fi
		echo "$line"
	done
done
pass "the sizes of llama-quantize's 7 mixes are llama.cpp's own, to the byte (2 shapes), and so are the CPU's copies of three"

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
