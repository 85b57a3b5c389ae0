#!/bin/sh
# llama.cpp itself (node-llama-cpp 3.21.1's prebuilt CPU binaries, no GPU, no
# download) loads complete llama-architecture GGUF files with random weights
# written by tests/runtime/mkmodel (F16, Q8_0, Q4_K with a Q6_K output, Q6_K),
# evaluates a prompt and two tokens, and what it reports is checked against
# oomcast:
#   - the KV cache llama.cpp allocates (its "llama_kv_cache: size = ..." line)
#     equals `oomcast model FILE -c N` within 1% (f16, and q8_0 for one file);
#   - K q8_0 with V f16 (llama-server -ctk q8_0: V keeps its own type):
#     llama.cpp's KV cache equals `oomcast fit --kv-type q8_0 --kv-type-v
#     f16` within 1%, and so does the live view of such a load (its -ctk read
#     from its command line); so do K f32 + V q5_1 and K iq4_nl + V bf16
#     (llama.cpp's other cache types); a q8_0 V without flash attention, and K and V
#     of different types for an MLA model, refused by llama.cpp and by fit;
#   - the weights (its "model buffer size" lines) equal the file within 5%;
#     the CPU backend's own copies of them (its AMX and CPU_REPACK buffers:
#     weights repacked for this CPU) equal `oomcast fit`'s weights_copied
#     for the kind of CPU it reads in /proc/cpuinfo within 1%, with mmap and
#     without, and --no-mmap's buffers its weights + weights_added within
#     2%; on a CPU with AMX, again through ggml's variant without AMX
#     (repacking for AVX-512: fit --cpu avx512);
#   - while one holds, `oomcast --json` names the process's model, context and
#     KV per token, and sees mmap'd weights as file pages and --no-mmap ones
#     as anonymous memory;
#   - in a memory cgroup smaller than the weights, a --no-mmap load is
#     OOM-killed (the cgroup's oom_kill counter rises), the same load with
#     mmap (cold page cache) completes with that limit plus the CPU
#     backend's copies (anonymous: with copies of more than 32 MiB it is
#     killed without them), and a --no-mmap load with room fits.
# Skips when node or tests/runtime/node_modules is missing (install:
# tests/runtime/install.sh; ./setup.sh test runs it).
. "$TESTLIB"
need_llama

# a 8-layer, 1024-wide llama with 4 KV heads of 16 (GQA), 2816 FF, 4096 tokens:
# 98 M parameters, 188 MiB at F16, 100 MiB at Q8_0, 54 MiB at Q4_K
SHAPE="-l 8 -e 1024 -H 16 -k 4 -f 2816 -v 4096 -c 8192"
CTX=3000   # not a multiple of 256: both pad to 3072 cells
mkdir -p "$TMP/models"

# mib VALUE UNIT: oomcast's "24.0 MiB" in MiB
mib() { awk -v v="$1" -v u="$2" 'BEGIN { f = u == "KiB" ? 1/1024 : u == "MiB" ? 1 : u == "GiB" ? 1024 : u == "B" ? 1/1048576 : -1; print v * f }'; }

# load OUT ARGS...: run load.mjs, fail with its message when it does not load
# hold OUT WHAT ARGS...: llama.cpp loads ARGS and holds them 30 s in the
# background (pid), its report in OUT once loaded; WHAT names it on failure
hold() {
	o=$1 what=$2; shift 2
	node "$LOAD" "$@" --hold 30 > "$o" 2> "$o.err" &
	pid=$!
	CHILDREN="$CHILDREN $pid"
	i=0
	while [ ! -s "$o" ] && [ $i -lt 600 ] && kill -0 $pid 2> /dev/null; do sleep 0.1; i=$((i + 1)); done
	[ -s "$o" ] || fail "$what: $(tail -5 "$o.err")"
}
load() {
	out=$1; shift
	timeout 180 node "$LOAD" "$@" > "$out" 2> "$out.err" ||
		fail "llama.cpp did not load $*: exit $?: $(tail -8 "$out.err")"
	jqt '.ok and (.generated | length) == 2 and (.tokens | length) > 0' "$out" ||
		fail "llama.cpp did not evaluate $*: $(cat "$out")"
}

report=""
noamx_seen=""
for t in f16 q8_0 q4_k q6_k; do
	m="$TMP/models/random-$t.gguf"
	"$MKMODEL" "$m" -t "$t" $SHAPE > /dev/null || fail "mkmodel $t"
	size=$(stat -c %s "$m")
	file_mib=$(awk -v s="$size" 'BEGIN { printf "%.2f", s / 1048576 }')
	"$OOMCAST" model "$m" -c "$CTX" > "$TMP/$t.model" || fail "oomcast model $t: exit $?"
	# the row: context, KV f16 (value unit), KV q8_0, weights+KV
	set -- $(awk -v c="$CTX" '$1 == c { print $2, $3, $4, $5 }' "$TMP/$t.model")
	[ $# -eq 4 ] || fail "no $CTX row in: $(cat "$TMP/$t.model")"
	est_f16=$(mib "$1" "$2") est_q8=$(mib "$3" "$4")
	grep -q "weights (the file): " "$TMP/$t.model" || fail "no weights line: $(cat "$TMP/$t.model")"

	# the CPU backend's own copies of weights for this CPU (AMX, or
	# repacked for AVX2/AVX-512): oomcast's, by the kind it reads in
	# /proc/cpuinfo, against llama.cpp's buffers other than the file's
	"$OOMCAST" fit "$m" --ctx "$CTX" --json > "$TMP/$t.fit"
	[ $? -le 1 ] || fail "oomcast fit $t: $(cat "$TMP/$t.fit")"
	"$OOMCAST" fit "$m" --ctx "$CTX" --no-mmap --json > "$TMP/$t.nm.fit"
	[ $? -le 1 ] || fail "oomcast fit --no-mmap $t: $(cat "$TMP/$t.nm.fit")"
	cpu=$(jq -r .cpu "$TMP/$t.fit")
	copied=$(jq '.weights_copied / 1048576' "$TMP/$t.fit")
	jqt '.copies_known' "$TMP/$t.fit" || fail "$t: oomcast does not know the copies: $(cat "$TMP/$t.fit")"
	for mm in mmap no-mmap; do
		o="$TMP/$t.$mm.json"
		if [ $mm = mmap ]; then load "$o" -m "$m" -c "$CTX"; else load "$o" -m "$m" -c "$CTX" --no-mmap; fi
		kv=$(jq '.kv_mib' "$o")
		[ "$(jq '.kv_cells' "$o")" = 3072 ] || fail "$t: llama.cpp's KV cells $(jq '.kv_cells' "$o"), expected 3072"
		within "$est_f16" "$kv" 1 || fail "$t $mm: KV llama.cpp $kv MiB, oomcast $est_f16 MiB"
		mapped=$(jq '.model_buffer_mib.CPU_Mapped // 0' "$o")
		extra=$(jq '[.model_buffer_mib | to_entries[] | select(.key != "CPU_Mapped" and .key != "CPU") | .value] | add // 0' "$o")
		all=$(jq '[.model_buffer_mib[]] | add' "$o")
		if [ "$copied" = 0 ]; then
			[ "$extra" = 0 ] || fail "$t $mm ($cpu CPU): oomcast sees no copies, llama.cpp has $(jq -c .model_buffer_mib "$o")"
		else
			within "$copied" "$extra" 1 ||
				fail "$t $mm ($cpu CPU): llama.cpp's copies $(jq -c .model_buffer_mib "$o"), oomcast $copied MiB"
		fi
		if [ $mm = no-mmap ]; then
			# every weight in memory of its own: the file, less what is
			# copied, plus the copies
			want=$(jq '(.weights + .weights_added) / 1048576' "$TMP/$t.nm.fit")
			within "$want" "$all" 2 || fail "$t no-mmap: model buffers $all MiB, oomcast $want MiB"
		elif [ "$copied" = 0 ]; then
			within "$mapped" "$file_mib" 5 || fail "$t mmap: CPU_Mapped $mapped MiB, file $file_mib MiB"
		fi
		# (with copies, CPU_Mapped is the range of the tensors left in
		# the file's pages; the copied ones were read through it)
	done
	o="$TMP/$t.mmap.json"
	report="$report
$t: file $file_mib MiB, buffers $(jq -c .model_buffer_mib "$o") / no-mmap $(jq -c .model_buffer_mib "$TMP/$t.no-mmap.json"), this $cpu CPU's copies (oomcast) $copied MiB, KV $(jq .kv_mib "$o") MiB (oomcast $est_f16), compute $(jq .compute_mib.CPU "$o") MiB"

	# on a CPU with AMX, the same loads through ggml's best variant
	# without it (node-llama-cpp's bins, the sapphirerapids one left out):
	# llama.cpp repacks for AVX-512 instead, as fit --cpu avx512 says
	noamx=$(noamx_load)
	if [ "$cpu" = amx ] && [ -n "$noamx" ]; then
		timeout 180 node "$noamx" -m "$m" -c "$CTX" > "$TMP/$t.noamx.json" 2> "$TMP/$t.noamx.err" ||
			fail "llama.cpp without AMX did not load $t: $(tail -5 "$TMP/$t.noamx.err")"
		"$OOMCAST" fit "$m" --ctx "$CTX" --cpu avx512 --json > "$TMP/$t.512.fit"
		[ $? -le 1 ] || fail "oomcast fit --cpu avx512 $t: $(cat "$TMP/$t.512.fit")"
		c512=$(jq '.weights_copied / 1048576' "$TMP/$t.512.fit")
		e512=$(jq '[.model_buffer_mib | to_entries[] | select(.key != "CPU_Mapped" and .key != "CPU") | .value] | add // 0' "$TMP/$t.noamx.json")
		jqt '.model_buffer_mib.AMX == null' "$TMP/$t.noamx.json" || fail "$t: AMX without the AMX variant: $(cat "$TMP/$t.noamx.json")"
		if [ "$c512" = 0 ]; then
			[ "$e512" = 0 ] || fail "$t without AMX: oomcast sees no copies, llama.cpp has $(jq -c .model_buffer_mib "$TMP/$t.noamx.json")"
		else
			within "$c512" "$e512" 1 || fail "$t without AMX: llama.cpp's copies $(jq -c .model_buffer_mib "$TMP/$t.noamx.json"), oomcast (--cpu avx512) $c512 MiB"
		fi
		noamx_seen="$noamx_seen $t"
		report="$report
$t through the variant without AMX: buffers $(jq -c .model_buffer_mib "$TMP/$t.noamx.json"), oomcast --cpu avx512 copies $c512 MiB"
	fi

	if [ $t = q8_0 ]; then
		# a q8_0 KV cache (llama-server -fa on -ctk q8_0 -ctv q8_0)
		load "$TMP/q8kv.json" -m "$m" -c "$CTX" --kv q8_0 --fa on
		kv=$(jq '.kv_mib' "$TMP/q8kv.json")
		within "$est_q8" "$kv" 1 || fail "q8_0 KV: llama.cpp $kv MiB, oomcast $est_q8 MiB"
		report="$report
$t with a q8_0 KV cache: KV $kv MiB (oomcast $est_q8)"
		# -ctk q8_0 alone: V stays f16 (no flash attention needed), each
		# sized at its own type; all q8_0 would be 30 % less
		load "$TMP/ctk.json" -m "$m" -c "$CTX" -ctk q8_0 --fa off
		jqt '.kv_type_k == "q8_0" and .kv_type_v == "f16" and .kv_k_mib < .kv_v_mib' "$TMP/ctk.json" ||
			fail "-ctk q8_0: llama.cpp's K and V: $(jq -c '{kv_k_mib, kv_v_mib}' "$TMP/ctk.json")"
		kv=$(jq '.kv_mib' "$TMP/ctk.json")
		"$OOMCAST" fit "$m" --ctx "$CTX" --kv-type q8_0 --kv-type-v f16 --json > "$TMP/ctk.fit"
		[ $? -le 1 ] || fail "oomcast fit --kv-type-v: $(cat "$TMP/ctk.fit")"
		jqt '.kv_type == "q8_0" and .kv_type_v == "f16"' "$TMP/ctk.fit" || fail "fit's types: $(cat "$TMP/ctk.fit")"
		est=$(jq '.kv_bytes / 1048576' "$TMP/ctk.fit")
		within "$est" "$kv" 1 || fail "K q8_0 + V f16: KV llama.cpp $kv MiB, oomcast fit $est MiB"
		within "$est_q8" "$kv" 20 && fail "K q8_0 + V f16: llama.cpp's $kv MiB is near all-q8_0's $est_q8"
		# the same load watched: oomcast reads its -ctk and leaves V f16
		hold "$TMP/ctk.live.json" "live -ctk q8_0 load" -m "$m" -c "$CTX" -ctk q8_0 --fa off
		timeout 20 "$OOMCAST" --json -n 2 -d 0.3 -p "$pid" | tail -1 > "$TMP/ctk.oomcast" ||
			fail "oomcast --json: exit $?"
		l=$(jq -c --argjson p "$pid" '.loads[] | select(.pid == $p)' "$TMP/ctk.oomcast")
		[ "$(echo "$l" | jq -r '"\(.kv_type) \(.kv_type_v)"')" = "q8_0 f16" ] ||
			fail "live -ctk q8_0: oomcast's load: $l"
		live=$(echo "$l" | jq '.kv_bytes / 1048576')
		within "$live" "$(jq .kv_mib "$o")" 1 ||
			fail "live -ctk q8_0: KV oomcast $live MiB, llama.cpp $(jq .kv_mib "$o") MiB"
		kill $pid 2> /dev/null
		wait $pid 2> /dev/null
		report="$report
$t with -ctk q8_0 (V f16): KV $kv MiB (K $(jq .kv_k_mib "$TMP/ctk.json"), V $(jq .kv_v_mib "$TMP/ctk.json")); oomcast fit $est, live $live"
		# llama.cpp's other types: f32 K (twice f16's), q5_1 V (flash
		# attention), iq4_nl K with a bf16 V (none needed)
		for kvs in "f32 q5_1 on" "iq4_nl bf16 off"; do
			set -- $kvs
			load "$TMP/kvs.json" -m "$m" -c "$CTX" -ctk "$1" -ctv "$2" --fa "$3"
			fa=""; [ "$3" = on ] && fa=--fa
			"$OOMCAST" fit "$m" --ctx "$CTX" --kv-type "$1" --kv-type-v "$2" $fa --json > "$TMP/kvs.fit"
			[ $? -le 1 ] || fail "oomcast fit --kv-type $1 --kv-type-v $2: $(cat "$TMP/kvs.fit")"
			kv=$(jq '.kv_mib' "$TMP/kvs.json") est=$(jq '.kv_bytes / 1048576' "$TMP/kvs.fit")
			within "$est" "$kv" 1 || fail "K $1 + V $2: KV llama.cpp $kv MiB, oomcast fit $est MiB"
			report="$report
$t with -ctk $1 -ctv $2: KV $kv MiB (K $(jq .kv_k_mib "$TMP/kvs.json"), V $(jq .kv_v_mib "$TMP/kvs.json")); oomcast fit $est"
		done
	fi
	[ $t = f16 ] || rm -f "$m"
done

# ---- what llama.cpp refuses, fit refuses too (llama-context.cpp) ----
# a quantised V without flash attention (a quantised K it takes: above)
m="$TMP/models/random-f16.gguf"
timeout 180 node "$LOAD" -m "$m" -c 512 -ctv q8_0 --fa off > "$TMP/nofa.json" 2> "$TMP/nofa.err" &&
	fail "llama.cpp loaded a q8_0 V cache without flash attention"
grep -q "quantized V cache requires flash_attn" "$TMP/nofa.err" || fail "-ctv q8_0 --fa off: $(tail -3 "$TMP/nofa.err")"
"$OOMCAST" fit "$m" --ctx 512 --kv-type-v q8_0 --no-fa > /dev/null 2> "$TMP/nofa.fit"
[ $? = 2 ] && grep -q "refuses a q8_0 V cache with flash attention off" "$TMP/nofa.fit" ||
	fail "fit --kv-type-v q8_0 --no-fa: $(cat "$TMP/nofa.fit")"
# K and V of different types for an MLA model (K alone is cached)
mla="$TMP/models/mla.gguf"
"$MKMODEL" "$mla" -A deepseek2 -t f16 -l 2 -e 256 -H 4 -v 512 -c 4096 > /dev/null || fail "mkmodel deepseek2"
timeout 180 node "$LOAD" -m "$mla" -c 512 -ctk q8_0 --fa on > "$TMP/mla.json" 2> "$TMP/mla.err" &&
	fail "llama.cpp loaded an MLA model with K q8_0 and V f16"
grep -q "does not support different K (q8_0) and V (f16) cache types" "$TMP/mla.err" ||
	fail "MLA -ctk q8_0: $(tail -3 "$TMP/mla.err")"
"$OOMCAST" fit "$mla" --ctx 512 --kv-type q8_0 --kv-type-v f16 > /dev/null 2> "$TMP/mla.fit"
[ $? = 2 ] && grep -q "refuses different K (q8_0) and V (f16) cache types" "$TMP/mla.fit" ||
	fail "fit MLA --kv-type q8_0 --kv-type-v f16: $(cat "$TMP/mla.fit")"
rm -f "$mla"

# ---- watched while it holds: oomcast reads the process's -m and -c ----
m="$TMP/models/random-f16.gguf"
size=$(stat -c %s "$m")
for mm in mmap no-mmap; do
	o="$TMP/live.$mm.json"
	if [ $mm = mmap ]; then set -- -m "$m" -c "$CTX"; else set -- -m "$m" -c "$CTX" --no-mmap; fi
	hold "$o" "live $mm load" "$@"
	timeout 20 "$OOMCAST" --json -n 2 -d 0.3 -p "$pid" | tail -1 > "$TMP/live.$mm.oomcast" ||
		fail "oomcast --json: exit $?"
	p=$(jq -c --argjson p "$pid" '.procs[] | select(.pid == $p)' "$TMP/live.$mm.oomcast")
	[ -n "$p" ] || fail "process $pid not in oomcast's JSON"
	[ "$(echo "$p" | jq -r .model)" = "$m" ] && [ "$(echo "$p" | jq .ctx)" = "$CTX" ] &&
		[ "$(echo "$p" | jq .model_size)" = "$size" ] || fail "$mm: model/ctx/size: $p"
	# KV per token times llama.cpp's cells is llama.cpp's KV cache
	within "$(echo "$p" | jq '.model_kv_per_token * 3072 / 1048576')" "$(jq .kv_mib "$o")" 1 ||
		fail "$mm: KV per token $(echo "$p" | jq .model_kv_per_token) x 3072 vs llama.cpp $(jq .kv_mib "$o") MiB"
	anon=$(echo "$p" | jq .anon) file=$(echo "$p" | jq .file)
	# the live load's CPU copies: this CPU's, as fit sizes them
	l=$(jq -c --argjson p "$pid" '.loads[] | select(.pid == $p)' "$TMP/live.$mm.oomcast")
	nm=""; [ $mm = no-mmap ] && nm=--no-mmap
	"$OOMCAST" fit "$m" --ctx "$CTX" $nm --json > "$TMP/live.$mm.fit"
	[ $? -le 1 ] || fail "oomcast fit $mm: $(cat "$TMP/live.$mm.fit")"
	[ "$(echo "$l" | jq -c '[.cpu, .weights_added]')" = "$(jq -c '[.cpu, .weights_added]' "$TMP/live.$mm.fit")" ] ||
		fail "$mm: live loads[] CPU copies $(echo "$l" | jq -c '{cpu, copies_off, weights_added}'), fit $(jq -c '{cpu, weights_added}' "$TMP/live.$mm.fit")"
	if [ $mm = mmap ]; then
		# the evaluation touched every weight: resident file pages hold them
		[ "$file" -ge $((size * 9 / 10)) ] || fail "mmap: file pages $file < 90% of the model ($size)"
		# and the CPU's copies are anonymous memory beside them
		added=$(echo "$l" | jq .weights_added)
		[ "$anon" -ge "$added" ] || fail "mmap: anonymous $anon < the CPU's copies ($added)"
	else
		[ "$anon" -ge "$size" ] || fail "no-mmap: anonymous $anon < the model ($size)"
	fi
	report="$report
live f16 $mm: oomcast sees rss $(($(echo "$p" | jq .rss) / MIB)) MiB, anon $((anon / MIB)) MiB, file $((file / MIB)) MiB, its CPU copies $(($(echo "$l" | jq .weights_added) / MIB)) MiB; llama.cpp rss peak $(($(jq .rss_peak_kib "$o") / 1024)) MiB"
	kill $pid 2> /dev/null
	wait $pid 2> /dev/null
done

# ---- in a memory cgroup smaller than the weights ----
cg=$(make_memcg "oomcast-llama-$$") || cg=$(make_memcg_v2 "oomcast-llama-$$") || cg=""
if [ -z "$cg" ]; then
	echo "$report"
	pass "llama.cpp loads and evaluates F16, Q8_0, Q4_K and Q6_K files; KV and weights match oomcast (cgroup part not run: needs root and a memory controller)"
	exit 0
fi
set -- $cg
ver=$1 dir=$2
oomkills() {
	if [ "$ver" = 1 ]; then awk '$1 == "oom_kill" { print $2 }' "$dir/memory.oom_control"
	else awk '$1 == "oom_kill" { print $2 }' "$dir/memory.events"; fi
}
# in_cg ARGS...: load.mjs inside the cgroup, waited for; its exit status
in_cg() {
	spawn_in "$dir" node "$LOAD" "$@"
	wait "$SPAWNED"
}
small=$((128 * MIB))   # less than the 188 MiB of F16 weights
set_limit "$ver" "$dir" "$small"
k0=$(oomkills)
[ -n "$k0" ] || fail "no oom_kill counter in $dir"
in_cg -m "$m" -c 512 --no-mmap > "$TMP/cg1.json" 2> "$TMP/cg1.err"
rc=$?
k1=$(oomkills)
[ "$rc" = 137 ] || fail "--no-mmap load in a 128 MiB cgroup: exit $rc, expected 137 (OOM kill): $(tail -3 "$TMP/cg1.err")"
[ "$k1" -gt "$k0" ] || fail "--no-mmap load killed but oom_kill did not rise ($k0 -> $k1)"
# mmap: the weights are page cache, which the cgroup reclaims and reads
# again; drop the file's cached pages first so they are charged here. The
# CPU backend's copies of them (AMX, repacking: oomcast fit's
# weights_added) are anonymous memory the cgroup must hold as a --no-mmap
# load's weights: where there are any, the mmap load is killed in 128 MiB
# as well (checked), and gets them on top of it
added=$("$OOMCAST" fit "$m" --ctx 512 --json | jq .weights_added)
[ -n "$added" ] || fail "oomcast fit: no weights_added"
mlimit=$((small + added))
if [ "$added" -gt $((32 * MIB)) ]; then
	dd if="$m" iflag=nocache count=0 2> /dev/null
	in_cg -m "$m" -c 512 > "$TMP/cg2k.json" 2> "$TMP/cg2k.err"
	rc=$?
	[ "$rc" = 137 ] || fail "mmap load with $((added / MIB)) MiB of CPU copies in a 128 MiB cgroup: exit $rc, expected 137"
	kc=$(oomkills)
	[ "$kc" -gt "$k1" ] || fail "mmap load with CPU copies killed but oom_kill did not rise ($k1 -> $kc)"
	k1=$kc
	set_limit "$ver" "$dir" "$mlimit"
fi
dd if="$m" iflag=nocache count=0 2> /dev/null
in_cg -m "$m" -c 512 > "$TMP/cg2.json" 2> "$TMP/cg2.err"
rc=$?
[ "$rc" = 0 ] || fail "mmap load in a $((mlimit / MIB)) MiB cgroup (CPU copies $((added / MIB)) MiB): exit $rc: $(tail -3 "$TMP/cg2.err")"
jqt '.ok and (.generated | length) == 2' "$TMP/cg2.json" || fail "mmap load in $((mlimit / MIB)) MiB: $(cat "$TMP/cg2.json")"
k2=$(oomkills)
[ "$k2" = "$k1" ] || fail "the mmap load in $((mlimit / MIB)) MiB raised oom_kill ($k1 -> $k2)"
# with room (a second cgroup: a v1 limit cannot rise above the memsw one)
cg=$(make_memcg "oomcast-llama-fit-$$") || cg=$(make_memcg_v2 "oomcast-llama-fit-$$") ||
	fail "cannot make a second memory cgroup"
set -- $cg
ver=$1 dir=$2
set_limit "$ver" "$dir" $((512 * MIB))
k2=$(oomkills)
in_cg -m "$m" -c 512 --no-mmap > "$TMP/cg3.json" 2> "$TMP/cg3.err"
rc=$?
[ "$rc" = 0 ] || fail "--no-mmap load in a 512 MiB cgroup: exit $rc: $(tail -3 "$TMP/cg3.err")"
[ "$(oomkills)" = "$k2" ] || fail "the load in 512 MiB raised oom_kill"
echo "$report
cgroup v$ver: --no-mmap in 128 MiB killed (oom_kill $k0 -> $k1), mmap in $((mlimit / MIB)) MiB loaded (128 + the CPU's copies $((added / MIB)) MiB; with copies, killed in 128), --no-mmap in 512 MiB loaded (rss peak $(($(jq .rss_peak_kib "$TMP/cg3.json") / 1024)) MiB)"
pass "llama.cpp loads and evaluates F16, Q8_0, Q4_K and Q6_K files; KV (f16, q8_0, K and V of their own types) within 1%, weights within 5% and the CPU backend's copies for this $cpu CPU within 1% of oomcast's${noamx_seen:+ (and without AMX:$noamx_seen)}; the cgroup OOM-kills a --no-mmap load that does not fit"
