#!/bin/sh
# `oomcast fit` against a real llama.cpp (issue 11): the footprint it
# computes from a GGUF header equals what llama.cpp reserves (its model
# buffers, KV cache and compute buffer lines) within 5 %, for two model
# shapes, two contexts, with and without flash attention; and its verdicts
# and figures hold when tried in a memory cgroup with a --no-mmap load whose
# prompt fills the context (as a long conversation does: llama.cpp touches
# its compute buffer as the context fills):
#   - a limit it calls "fits" loads;
#   - a limit it calls "wont_fit" is OOM-killed, and raising that limit by
#     the "missing" it printed makes the same load succeed;
#   - the "max_ctx" it prints for a limit loads at that context, and so does
#     "max_ctx_q8_0" with a q8_0 KV cache and flash attention (llama.cpp
#     refuses a quantised V cache without it);
#   - one step beyond each figure does not load: the limit raised by 96 MiB
#     less than "missing", and max_ctx + 2048 tokens (84 MiB more for this
#     model). The step is larger than the spread of the runtime's own memory
#     that the 160 MiB allowance covers (87 to 151 MiB measured, footprint.h):
#     a figure cannot be closer to the edge than that spread.
. "$TESTLIB"
need_llama
mkdir -p "$TMP/models"

# two shapes: 8 layers 1024 wide, 16 heads (4 KV), vocabulary 4096; and 4
# layers 2048 wide, 32 heads (8 KV), vocabulary 8192
A="$TMP/models/a-q8_0.gguf" B="$TMP/models/b-q8_0.gguf"
"$MKMODEL" "$A" -t q8_0 -l 8 -e 1024 -H 16 -k 4 -f 2816 -v 4096 -c 8192 > /dev/null || fail "mkmodel a"
"$MKMODEL" "$B" -t q8_0 -l 4 -e 2048 -H 32 -k 8 -f 5632 -v 8192 -c 8192 > /dev/null || fail "mkmodel b"

# ---- the footprint against llama.cpp's own figures --------------------------
table=""
for m in "$A" "$B"; do
	for ctx in 3000 8192; do
		for fa in off on; do
			flag=""; [ "$fa" = on ] && flag=--fa
			timeout 180 node "$LOAD" -m "$m" -c "$ctx" --fa "$fa" > "$TMP/l.json" 2> "$TMP/l.err" ||
				fail "llama.cpp did not load $m -c $ctx --fa $fa: $(tail -5 "$TMP/l.err")"
			"$OOMCAST" fit "$m" --ctx "$ctx" $flag --json > "$TMP/f.json"
			[ $? -le 1 ] || fail "oomcast fit $m: $(cat "$TMP/f.json")"
			# llama.cpp's reservations, MiB as it rounds them
			# (the file stands for its mapped range: the CPU backend's
			# copies of weights, AMX or repacked, are read through the
			# mapping, which then keeps only the range of the rest)
			real=$(jq --argjson f "$(stat -c %s "$m")" '([.model_buffer_mib | to_entries[] | if .key == "CPU_Mapped" then $f / 1048576 else .value end] | add) + .kv_mib + ([.compute_mib[]] | add) + ([.output_mib[]] | add // 0)' "$TMP/l.json")
			est=$(jq '(.weights + .weights_added + .kv_bytes + .compute_bytes) / 1048576' "$TMP/f.json")
			comp_real=$(jq '[.compute_mib[]] | add' "$TMP/l.json")
			comp_est=$(jq '.compute_bytes / 1048576' "$TMP/f.json")
			line=$(printf '%s ctx %s fa %s: llama.cpp %.2f MiB (compute %.2f), oomcast %.2f MiB (compute %.2f)' \
				"$(basename "$m")" "$ctx" "$fa" "$real" "$comp_real" "$est" "$comp_est")
			table="$table
$line"
			within "$est" "$real" 5 || fail "footprint off by more than 5%: $line"
		done
	done
done
echo "$table"
pass "oomcast fit's footprint is within 5% of llama.cpp's reservations (2 shapes, 2 contexts, FA off and on)"

# ---- the verdicts and figures, tried in a memory cgroup -----------------------
cg=$(make_memcg "oomcast-fit-$$") || cg=$(make_memcg_v2 "oomcast-fit-$$") ||
	skip "no writable memory cgroup (needs root and a memory controller)"
set -- $cg
ver=$1 dir=$2
# limit BYTES: set (up or down) the cgroup's limit, no swap
limit() { set_limit "$ver" "$dir" "$1"; }
# in_cg CMD...: run CMD inside the cgroup, wait; its exit status
in_cg() { spawn_in "$dir" "$@"; wait "$SPAWNED"; }
m="$A" ctx=4096

# a limit oomcast calls enough
limit $((640 * MIB))
in_cg "$OOMCAST" fit "$m" --ctx $ctx --no-mmap --json > "$TMP/fits.json"
jq -e '.verdict == "fits" or .verdict == "tight"' "$TMP/fits.json" > /dev/null ||
	fail "640 MiB for a 100 MiB model at 4096: $(jq -c '{verdict, scope, room, expected_total}' "$TMP/fits.json")"
jq -e '.scope | startswith("cgroup:")' "$TMP/fits.json" > /dev/null ||
	fail "the scope is not the cgroup: $(jq -c '{scope}' "$TMP/fits.json")"
in_cg node "$LOAD" -m "$m" -c $ctx --prompt $((ctx - 8)) --no-mmap > "$TMP/l1.json" 2> "$TMP/l1.err" ||
	fail "a load oomcast called $(jq -r .verdict "$TMP/fits.json") failed: exit $?: $(tail -3 "$TMP/l1.err")"
echo "640 MiB: $(jq -r .verdict "$TMP/fits.json"), loaded (peak RSS $(($(jq .rss_peak_kib "$TMP/l1.json") / 1024)) MiB)"

# a limit it calls too small: killed; raised by what it said was missing: loads
limit $((160 * MIB))
in_cg "$OOMCAST" fit "$m" --ctx $ctx --no-mmap --json > "$TMP/wont.json"
jq -e '.verdict == "wont_fit" and .missing > 0' "$TMP/wont.json" > /dev/null ||
	fail "160 MiB: $(jq -c '{verdict, missing, room, expected_total}' "$TMP/wont.json")"
missing=$(jq .missing "$TMP/wont.json")
in_cg node "$LOAD" -m "$m" -c $ctx --prompt $((ctx - 8)) --no-mmap > /dev/null 2> "$TMP/l2.err"
rc=$?
[ "$rc" = 137 ] || fail "a load oomcast called wont_fit in 160 MiB exited $rc, expected 137 (OOM kill)"
limit $((160 * MIB + missing - 96 * MIB))
in_cg node "$LOAD" -m "$m" -c $ctx --prompt $((ctx - 8)) --no-mmap > /dev/null 2> "$TMP/l2b.err"
rc=$?
[ "$rc" = 137 ] || fail "raised by 96 MiB less than the missing $((missing / MIB)) MiB, the load exited $rc, expected 137: the figure is too generous"
limit $((160 * MIB + missing))
in_cg node "$LOAD" -m "$m" -c $ctx --prompt $((ctx - 8)) --no-mmap > "$TMP/l3.json" 2> "$TMP/l3.err" ||
	fail "raised by the missing $((missing / MIB)) MiB, the load still failed: exit $?: $(tail -3 "$TMP/l3.err")"
echo "160 MiB: wont_fit, killed; +$((missing / MIB)) MiB missing: loaded"

# the largest context it says fits a limit loads at that context
limit $((400 * MIB))
in_cg "$OOMCAST" fit "$m" --ctx $ctx --no-mmap --json > "$TMP/max.json"
max=$(jq .max_ctx "$TMP/max.json")
[ "$max" -ge 256 ] || fail "no context fits 400 MiB: $(jq -c '{max_ctx, room}' "$TMP/max.json")"
in_cg node "$LOAD" -m "$m" -c "$max" --prompt $((max - 8)) --no-mmap > "$TMP/l4.json" 2> "$TMP/l4.err" ||
	fail "max_ctx $max for 400 MiB did not load: exit $?: $(tail -3 "$TMP/l4.err")"
echo "400 MiB: max_ctx $max, loaded at it"
beyond=$((max + 2048))
in_cg node "$LOAD" -m "$m" -c $beyond --prompt $((beyond - 8)) --no-mmap > /dev/null 2> "$TMP/l5.err"
rc=$?
[ "$rc" = 137 ] || fail "max_ctx $max + 2048 in 400 MiB exited $rc, expected 137 (OOM kill): max_ctx is too small"
maxq=$(jq .max_ctx_q8_0 "$TMP/max.json")
[ "$maxq" -gt "$max" ] || fail "max_ctx_q8_0 $maxq is not larger than max_ctx $max"
in_cg node "$LOAD" -m "$m" -c "$maxq" --prompt $((maxq - 8)) --no-mmap --kv q8_0 --fa on > "$TMP/l6.json" 2> "$TMP/l6.err" ||
	fail "max_ctx_q8_0 $maxq for 400 MiB did not load with -fa on -ctk q8_0 -ctv q8_0: exit $?: $(tail -3 "$TMP/l6.err")"
echo "400 MiB: max_ctx $max + 2048 killed; max_ctx_q8_0 $maxq loaded with a q8_0 KV cache and flash attention"
pass "fit's verdicts hold in a v$ver cgroup: fits loads, wont_fit is killed and loads when raised by missing (not by 96 MiB less), max_ctx and max_ctx_q8_0 load (max_ctx + 2048 does not)"
