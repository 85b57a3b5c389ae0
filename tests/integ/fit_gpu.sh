#!/bin/sh
# oomcast fit --gpu-layers: the split of a model between RAM and GPUs, against
# a hand computation from the tensor table mkmodel writes, and the verdict per
# resource with no GPU, and with the fake NVML (tests/helpers/fakenvml.c).
# The placement is llama.cpp's as read in its source (footprint.h): no real
# offload is run here (no GPU, and node-llama-cpp's build is CPU-only).
. "$TESTLIB"
: "${MKMODEL:?MKMODEL must point at tests/runtime/mkmodel}"
: "${FAKENVML_DIR:?FAKENVML_DIR must point at the fake NVML libraries}"
GiB=1073741824
MiB=1048576
M=$TMP/h4-split.gguf
"$MKMODEL" "$M" -t q8_0 -l 4 -e 512 -H 8 -k 2 -v 1024 > /dev/null || fail "mkmodel"
FILE=$(stat -c %s "$M")
# q8_0: 34 bytes a 32 elements; norms f32. A layer: two norms 512 x 4,
# attn_q and attn_output 512 x 512, attn_k and attn_v 512 x 128 (2 KV heads
# of 64), ffn gate/up/down 512 x 2048. The output layer: output_norm and
# output 512 x 1024; token_embd (512 x 1024) stays in RAM.
LAYER=$((2 * 2048 + 2 * 262144 * 34 / 32 + 2 * 65536 * 34 / 32 + 3 * 1048576 * 34 / 32))
OUT=$((2048 + 524288 * 34 / 32))
KVL=$((2048 * 2 * 128 * 2))   # a layer's KV at -c 2048, f16
fit() { OOMCAST_DRM_ROOT=/nonexistent "$OOMCAST" fit "$M" --ctx 2048 "$@"; }

# no GPU seen: the split is given, the GPU part not judged, no verdict
OOMCAST_NVML_LIBRARY=/nonexistent fit --gpu-layers 3 --json > "$TMP/a.json"
rc=$?
[ $rc = 0 ] || fail "no GPU: exit $rc"
jqt ".gpu_split | .gpu_layers == 3 and .layers_on_gpu == 2 and .kv_offload == true
	and .gpus[0].weights == 2 * $LAYER + $OUT and .gpus[0].kv_bytes == 2 * $KVL
	and .gpus[0].index == null and .gpus[0].verdict == null
	and .ram_weights == $FILE - 2 * $LAYER - $OUT and .ram_kv == 2 * $KVL" "$TMP/a.json" ||
	fail "split: $(jq -c .gpu_split "$TMP/a.json")"
jqt '.verdict == null and .max_ctx == null and (.fits | keys) == ["ram"]' "$TMP/a.json" ||
	fail "no GPU must mean no verdict: $(jq -c '{verdict, max_ctx, fits}' "$TMP/a.json")"
jqt '.gpu_split.ram_bytes == .gpu_split.ram_weights + .gpu_split.ram_copies + .gpu_split.ram_kv
	+ .gpu_split.ram_compute + .overhead_bytes' "$TMP/a.json" || fail "RAM part does not add up"
OOMCAST_NVML_LIBRARY=/nonexistent fit --gpu-layers 3 | grep -q "GPU part not judged" ||
	fail "text: no word of the GPU part not judged"

# --no-kv-offload: the KV cache stays in RAM
OOMCAST_NVML_LIBRARY=/nonexistent fit --gpu-layers 3 --no-kv-offload --json > "$TMP/b.json"
jqt '.gpu_split | .kv_offload == false and .gpus[0].kv_bytes == 0' "$TMP/b.json" &&
	jqt '.gpu_split.ram_kv == .kv_bytes' "$TMP/b.json" || fail "-nkvo: $(jq -c .gpu_split "$TMP/b.json")"

# -ngl 5 (all 4 layers and the output) on the fake H100 and L4: roomy,
# each card judged. Shares by free memory, 77.5 : 23.5 GiB: positions
# 0, 1/5 .. 3/5 are under 0.767 (the 4 layers on the H100), 4/5 (the
# output) goes to the L4 (llama.cpp's upper_bound over the shares)
export OOMCAST_NVML_LIBRARY=$FAKENVML_DIR/libfakenvml.so
FAKENVML_PIDS="$$:0:$((2 * GiB))" fit --gpu-layers 5 --json > "$TMP/c.json"
rc=$?
[ $rc = 0 ] || fail "roomy: exit $rc"
jqt '.verdict == "fits" and .fits["gpu:0"].verdict == "fits" and .fits["gpu:1"].verdict == "fits"
	and .gpu_split.layers_on_gpu == 4 and .gpu_split.ram_kv == 0' "$TMP/c.json" ||
	fail "roomy: $(jq -c '{verdict, fits, gpu_split}' "$TMP/c.json")"
jqt ".gpu_split.gpus | length == 2 and .[0].output == false
	and .[0].layers == 4 and .[0].weights == 4 * $LAYER and .[0].kv_bytes == 4 * $KVL
	and .[1].layers == 0 and .[1].output == true and .[1].weights == $OUT and .[1].kv_bytes == 0
	and .[0].room == 80 * $GiB - 512 * $MiB - 2 * $GiB and .[0].name == \"Fake H100 80GB HBM3\"" \
	"$TMP/c.json" || fail "two cards: $(jq -c .gpu_split.gpus "$TMP/c.json")"

# --tensor-split (llama.cpp's -ts): 1,1 puts positions under 1/2 (layers
# 0-2) on the H100, the rest on the L4; 0/1 all on the L4; all zero refused
FAKENVML_PIDS="$$:0:$((2 * GiB))" fit --gpu-layers 5 --tensor-split 1,1 --json > "$TMP/t.json"
jqt '[.gpu_split.gpus[] | [.resource, .layers, .output]] == [["gpu:0", 3, false], ["gpu:1", 1, true]]' \
	"$TMP/t.json" || fail "-ts 1,1: $(jq -c .gpu_split.gpus "$TMP/t.json")"
FAKENVML_PIDS="$$:0:$((2 * GiB))" fit --gpu-layers 5 --tensor-split 0/1 --json > "$TMP/t.json"
jqt '[.gpu_split.gpus[] | [.resource, .layers, .output]] == [["gpu:0", 0, false], ["gpu:1", 4, true]]' \
	"$TMP/t.json" || fail "-ts 0/1: $(jq -c .gpu_split.gpus "$TMP/t.json")"
# all 0 over the cards (llama.cpp's all_zero; a third share past them not
# used): its default split, by free memory, as with no -ts
FAKENVML_PIDS="$$:0:$((2 * GiB))" fit --gpu-layers 5 --tensor-split 0,0/1 --json > "$TMP/t.json"
jqt '[.gpu_split.gpus[] | [.resource, .layers, .output]] == [["gpu:0", 4, false], ["gpu:1", 0, true]]' \
	"$TMP/t.json" || fail "-ts 0,0/1: $(jq -c .gpu_split.gpus "$TMP/t.json")"
for bad in -1,1 nan 3x ,1 1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1; do
	out=$(fit --gpu-layers 5 --tensor-split "$bad" 2>&1)
	[ $? = 2 ] && [ "$(printf '%s\n' "$out" | wc -l)" = 1 ] || fail "-ts $bad: $out"
done
# --split-mode none (-sm none): all on --main-gpu (-mg); row is not sized
FAKENVML_PIDS="$$:0:$((2 * GiB))" fit --gpu-layers 5 --split-mode none --main-gpu 1 --json > "$TMP/t.json"
jqt '[.gpu_split.gpus[] | [.resource, .layers, .output]] == [["gpu:0", 0, false], ["gpu:1", 4, true]]' \
	"$TMP/t.json" || fail "-sm none -mg 1: $(jq -c .gpu_split.gpus "$TMP/t.json")"
for bad in "--split-mode row" "--split-mode none --main-gpu 2" "--main-gpu -1" "--split-mode x"; do
	# shellcheck disable=SC2086
	out=$(fit --gpu-layers 5 $bad 2>&1)
	[ $? = 2 ] && [ "$(printf '%s\n' "$out" | wc -l)" = 1 ] || fail "$bad: $out"
done

# both cards nearly full (20 MiB free each): the GPU parts (each with a
# compute buffer of 39.5 MiB) will not fit; the first named, exit 1
full=$((80 * GiB - 512 * MiB - 20 * MiB)),1:1:$((24 * GiB - 512 * MiB - 20 * MiB))
FAKENVML_PIDS="$$:0:$full" fit --gpu-layers 5 --json > "$TMP/d.json"
rc=$?
[ $rc = 1 ] || fail "full: exit $rc"
jqt ".verdict == \"wont_fit\" and .scope == \"gpu:0\" and .room == 20 * $MiB
	and .missing == .gpu_split.gpus[0].bytes - 20 * $MiB and .fits.ram.verdict == \"fits\"" \
	"$TMP/d.json" || fail "full: $(jq -c '{verdict, scope, room, missing, fits}' "$TMP/d.json")"
FAKENVML_PIDS="$$:0:$full" fit --gpu-layers 5 | grep -q "^verdict: wont_fit (gpu:0)" ||
	fail "text verdict: $(FAKENVML_PIDS="$$:0:$full" fit --gpu-layers 5 | tail -1)"

# a live load with -ngl 3 that holds memory on the L4 only: judged on that
# card (its room counts what it holds), the split in loads[].gpu_split.
# A load is judged in the samples where its process was detailed before
# the loads (the fastest growers and the worst by the forecast): it grows
# (20 MiB/s) and the last sample that has it is taken.
# the loaders map a file named as llama.cpp's CUDA backend: a GPU build (a
# build whose maps show none offloads nothing: llama.cpp ignores -ngl there)
mkdir -p "$TMP/lib"
head -c 4096 /dev/zero > "$TMP/lib/libggml-cuda.so"
export MEMHOG_MAP="$TMP/lib/libggml-cuda.so"
"$MEMHOG" 400 20 60 -m "$M" -c 2048 -ngl 3 > /dev/null & a=$!
CHILDREN="$a"
wait_exec "$a" "$MEMHOG"
live() {
	OOMCAST_DRM_ROOT=/nonexistent FAKENVML_PIDS=$1 timeout 30 "$OOMCAST" --json -n 8 -d 0.4 --top 1 \
		-p "$a" > "$TMP/l.json" || fail "live: exit $?"
	jq -c --argjson p "$a" '.loads[] | select(.pid == $p)' "$TMP/l.json" | tail -1 > "$TMP/load.json"
	[ -s "$TMP/load.json" ] || fail "live: the load was in no sample's loads[]"
}
# another process fills the L4 to 10 MiB free: the load (1 MiB there) will not fit in gpu:1
live "$a:1:$MiB,$$:1:$((24 * GiB - 512 * MiB - 11 * MiB))"
jqt ".verdict == \"wont_fit\" and .scope == \"gpu:1\" and .room == 11 * $MiB
	and .missing == .gpu_split.gpus[0].bytes - 11 * $MiB" "$TMP/load.json" ||
	fail "live, card full: $(cat "$TMP/load.json")"
grep -q "gpu:1 part" "$TMP/l.json" && fail "JSON mode printed batch text"
OOMCAST_DRM_ROOT=/nonexistent FAKENVML_PIDS="$a:1:$MiB,$$:1:$((24 * GiB - 512 * MiB - 11 * MiB))" \
	timeout 30 "$OOMCAST" --batch -n 8 -d 0.4 --top 1 -p "$a" | grep "^Load .*pid $a " | tail -1 > "$TMP/b.txt"
grep -q "gpu:1 part .* wont_fit" "$TMP/b.txt" || fail "batch Load line: $(cat "$TMP/b.txt")"
# the same load by a CPU-only build (no GPU backend in its maps, which are
# read once it is past 32 MiB): -ngl offloads nothing, all of it in RAM
env -u MEMHOG_MAP "$MEMHOG" 400 0 60 -m "$M" -c 2048 -ngl 3 > "$TMP/cpu.out" & c=$!
CHILDREN="$CHILDREN $c"
wait_exec "$c" "$MEMHOG"
for _ in $(seq 1 100); do grep -q done "$TMP/cpu.out" && break; sleep 0.1; done
OOMCAST_DRM_ROOT=/nonexistent FAKENVML_PIDS="$c:1:$MiB" timeout 30 "$OOMCAST" --json -n 3 -d 0.4 \
	--top 1 -p "$c" | jq -c --argjson p "$c" '.loads[] | select(.pid == $p)' | tail -1 > "$TMP/cpu.json"
jqt '.gpu_split == null and .scope == "ram" and .verdict == "fits"' "$TMP/cpu.json" ||
	fail "CPU-only build with -ngl: $(cat "$TMP/cpu.json")"
kill "$c" 2> /dev/null

# live loads with -ts 1,3 and with -sm none -mg 1 (from LLAMA_ARG_* for
# the second): the same split over the two cards as fit's --tensor-split
# 1,3 and --split-mode none --main-gpu 1 (not the default by free memory,
# which puts the 4 layers on the H100)
mkdir -p "$TMP/bin"
cp "$MEMHOG" "$TMP/bin/llama-server"
"$TMP/bin/llama-server" 8 0 60 -m "$M" -c 2048 -ngl 5 -ts 1,3 > /dev/null & t=$!
env LLAMA_ARG_SPLIT_MODE=none LLAMA_ARG_MAIN_GPU=0 "$TMP/bin/llama-server" 8 0 60 -m "$M" -c 2048 \
	-ngl 5 --main-gpu=1 > /dev/null & u=$!
"$TMP/bin/llama-server" 8 0 60 -m "$M" -c 2048 -ngl 5 -sm row -ts 1,3 > /dev/null & r=$!
CHILDREN="$CHILDREN $t $u $r"
wait_exec "$t" "$TMP/bin/llama-server"; wait_exec "$u" "$TMP/bin/llama-server"
wait_exec "$r" "$TMP/bin/llama-server"
gpus='[.gpu_split.gpus[] | {resource, layers, output, weights, kv_bytes, bytes}]'
OOMCAST_DRM_ROOT=/nonexistent FAKENVML_PIDS="$$:0:$((2 * GiB))" timeout 30 "$OOMCAST" --json -n 2 \
	-d 0.3 --top 3 -p "$t,$u,$r" > "$TMP/ts.json" || fail "live -ts: exit $?"
for c in "$t --tensor-split 1,3" "$u --split-mode none --main-gpu 1"; do
	pid=${c%% *}
	# shellcheck disable=SC2086
	FAKENVML_PIDS="$$:0:$((2 * GiB))" fit --runtime llama-server --gpu-layers 5 ${c#* } --json |
		jq -c "$gpus" > "$TMP/want.json"
	tail -1 "$TMP/ts.json" | jq -c --argjson p "$pid" ".loads[] | select(.pid == \$p) | $gpus" \
		> "$TMP/got.json"
	[ -s "$TMP/got.json" ] && cmp -s "$TMP/want.json" "$TMP/got.json" ||
		fail "live ${c#* }: $(cat "$TMP/got.json"), fit: $(cat "$TMP/want.json")"
done
jq -e '.[0].layers == 0 and .[1].layers == 4 and .[1].output' "$TMP/want.json" > /dev/null ||
	fail "-sm none -mg 1: $(cat "$TMP/want.json")"
# -sm row (weights divided by rows, not sized): the RAM part alone, no GPU judged
tail -1 "$TMP/ts.json" | jq -e --argjson p "$r" '.loads[] | select(.pid == $p) |
	.gpu_split.gpus == [] and .gpu_split.layers_on_gpu == 4 and .gpu_split.ram_bytes > 0
	and .verdict == null' > /dev/null ||
	fail "-sm row: $(tail -1 "$TMP/ts.json" | jq -c --argjson p "$r" '.loads[] | select(.pid == $p)')"

# llama-server with no -ngl, a GPU build beside the cards: its default
# offloads all the layers that leave 1 GiB on each card (llama.cpp's --fit),
# here all of them; with both cards all but full, none (judged in RAM)
"$TMP/bin/llama-server" 8 0 60 -m "$M" -c 2048 > /dev/null & n=$!
CHILDREN="$CHILDREN $n"
wait_exec "$n" "$TMP/bin/llama-server"
OOMCAST_DRM_ROOT=/nonexistent FAKENVML_PIDS="$$:0:$((2 * GiB))" timeout 30 "$OOMCAST" --json -n 2 \
	-d 0.3 --top 1 -p "$n" | tail -1 | jq -c --argjson p "$n" '.loads[] | select(.pid == $p)' \
	> "$TMP/auto.json"
jqt '.gpu_split.gpu_layers_auto and .gpu_split.gpu_layers == 5 and .gpu_split.layers_on_gpu == 4
	and .verdict == "fits"' "$TMP/auto.json" || fail "no -ngl, room: $(cat "$TMP/auto.json")"
OOMCAST_DRM_ROOT=/nonexistent FAKENVML_PIDS="$$:0:$((80 * GiB - 512 * MiB)),$$:1:$((24 * GiB - 512 * MiB))" \
	timeout 30 "$OOMCAST" --json -n 2 -d 0.3 --top 1 -p "$n" | tail -1 |
	jq -c --argjson p "$n" '.loads[] | select(.pid == $p)' > "$TMP/auto.json"
jqt '.gpu_split == null and .scope == "ram"' "$TMP/auto.json" ||
	fail "no -ngl, cards full: $(cat "$TMP/auto.json")"

# fit --gpu-layers auto: as the live load above (all 5 with room, none with
# the cards full); no GPU seen: one line, exit 2
FAKENVML_PIDS="$$:0:$((2 * GiB))" fit --runtime llama-server --gpu-layers auto --json > "$TMP/fa.json"
jqt '.gpu_split.gpu_layers_auto and .gpu_split.gpu_layers == 5 and .gpu_split.layers_on_gpu == 4
	and .verdict == "fits"' "$TMP/fa.json" || fail "fit auto: $(jq -c .gpu_split "$TMP/fa.json")"
FAKENVML_PIDS="$$:0:$((80 * GiB - 512 * MiB)),$$:1:$((24 * GiB - 512 * MiB))" \
	fit --runtime llama-server --gpu-layers auto --json > "$TMP/fa.json"
jqt '.gpu_split == null' "$TMP/fa.json" || fail "fit auto, cards full: $(jq -c .gpu_split "$TMP/fa.json")"
out=$(OOMCAST_NVML_LIBRARY=/nonexistent fit --gpu-layers auto 2>&1)
[ $? = 2 ] && [ "$(printf '%s\n' "$out" | wc -l)" = 1 ] || fail "auto without a GPU: $out"
FAKENVML_PIDS="$$:0:$((2 * GiB))" fit --gpu-layers all --json > "$TMP/fall.json"
jqt '.gpu_split.layers_on_gpu == 4 and (.gpu_split.gpu_layers_auto | not) and .gpu_layers == 5' \
	"$TMP/fall.json" || fail "--gpu-layers all: $(jq -c .gpu_split "$TMP/fall.json")"
# a GPU build of llama.cpp's own: its 112 MiB allowance, unless --overhead
jqt ".overhead_bytes == 112 * $MiB" "$TMP/fa.json" || fail "GPU build allowance: $(jq .overhead_bytes "$TMP/fa.json")"
FAKENVML_PIDS="$$:0:$((2 * GiB))" fit --runtime llama-server --gpu-layers 3 --overhead 50 --json |
	jq -e ".overhead_bytes == 50 * $MiB" > /dev/null || fail "--overhead over the GPU build's"
# auto is llama.cpp's own programs' default: node is refused
out=$(FAKENVML_PIDS="$$:0:$((2 * GiB))" fit --gpu-layers auto 2>&1)
[ $? = 2 ] && [ "$(printf '%s\n' "$out" | wc -l)" = 1 ] || fail "auto for node: $out"
# a trained context of 2M tokens (4 GiB of KV cache) with no --ctx, on
# cards with 3 GiB and 1 GiB free: --fit cuts the context, with -ngl 5 as
# with auto; -sm none -mg 1 is the 1 GiB card alone (a smaller cut, and
# nothing on gpu:0)
B="$TMP/big-ctx.gguf"
"$MKMODEL" "$B" -t q8_0 -l 4 -e 512 -H 8 -k 2 -v 1024 -c 2097152 > /dev/null || fail "mkmodel big"
small="$$:0:$((77 * GiB - 512 * MiB)),$$:1:$((23 * GiB - 512 * MiB))"
bigfit() { OOMCAST_DRM_ROOT=/nonexistent FAKENVML_PIDS=$small "$OOMCAST" fit "$B" --runtime llama-server "$@" --json; }
bigfit --gpu-layers 5 > "$TMP/b5.json"
bigfit --gpu-layers auto > "$TMP/ba.json"
jqt '.ctx_cut and .ctx > 4096 and .ctx < 2097152 and .gpu_layers == 5' "$TMP/b5.json" ||
	fail "-ngl 5, no --ctx: $(jq -c '{ctx, ctx_cut, gpu_layers}' "$TMP/b5.json")"
[ "$(jq .ctx "$TMP/ba.json")" = "$(jq .ctx "$TMP/b5.json")" ] ||
	fail "auto and -ngl 5 cut differently: $(jq .ctx "$TMP/ba.json") $(jq .ctx "$TMP/b5.json")"
bigfit --gpu-layers auto --split-mode none --main-gpu 1 > "$TMP/bn.json"
jqt '.ctx_cut and .ctx == 4096 and .gpu_layers == 0 and .gpu_layers_auto and .gpu_split == null' \
	"$TMP/bn.json" || fail "-sm none -mg 1: $(jq -c '{ctx, gpu_layers, gpu_split}' "$TMP/bn.json")"
grep -q "cuts to [0-9]* to leave 1 GiB free on each GPU" <<EOT || fail "text: no word of the GPU cut"
$(OOMCAST_DRM_ROOT=/nonexistent FAKENVML_PIDS=$small "$OOMCAST" fit "$B" --runtime llama-server --gpu-layers auto)
EOT

# bad values: one line, exit 2
out=$(fit --gpu-layers x 2>&1)
[ $? = 2 ] && [ "$(printf '%s\n' "$out" | wc -l)" = 1 ] || fail "--gpu-layers x: $out"
pass "fit --gpu-layers and a live -ngl load: the split against the tensor table; verdict per RAM and each GPU (fake NVML); none without a GPU; -ts/-sm/-mg the same in fit and live"
