#!/bin/sh
# AMD and Intel GPU memory, pointed at a fixture tree with OOMCAST_DRM_ROOT:
# sysfs has an AMD card (16 GiB of VRAM, 4 GiB used) and an Intel iGPU (no
# memory of its own); proc/ has DRM fds of real processes started here, with
# the fdinfo text the kernel prints (units KiB and MiB, a client shared by
# two fds and by two processes, a non-DRM fd). Checks JSON gpus[], each
# process's gpu figure, gpu_procs and the forecast item.
. "$TESTLIB"
R="$TMP/root"
mkdir -p "$R"
cp -R "$FIXTURES/drm/amd/sys" "$R/"
sleep 60 & a=$!; sleep 60 & b=$!; sleep 60 & c=$!; sleep 60 & d=$!; sleep 60 & e=$!
CHILDREN="$a $b $c $d $e"
drmfd() {   # PID FD TARGET FDINFO-FILE
	mkdir -p "$R/proc/$1/fd" "$R/proc/$1/fdinfo"
	ln -s "$3" "$R/proc/$1/fd/$2"
	cp "$4" "$R/proc/$1/fdinfo/$2"
}
F=$FIXTURES/drm
drmfd "$a" 5 /dev/dri/renderD128 "$F/fdinfo-amdgpu"     # client 1442: 8 GiB VRAM
drmfd "$a" 6 /dev/dri/card1 "$F/fdinfo-amdgpu"          # the same client again
drmfd "$b" 5 /dev/dri/renderD128 "$F/fdinfo-amdgpu"     # inherited: still 1442
sed 's/^drm-client-id:.*/drm-client-id:\t1443/; s/^drm-memory-vram:.*/drm-memory-vram:\t512 MiB/' \
	"$F/fdinfo-amdgpu" > "$TMP/fdinfo-1443"
drmfd "$c" 7 /dev/dri/renderD128 "$TMP/fdinfo-1443"     # 512 MiB
drmfd "$d" 3 /dev/null "$F/fdinfo-notdrm"               # not a GPU
drmfd "$e" 4 /dev/dri/renderD129 "$F/fdinfo-i915"       # iGPU: 1536 + 60 MiB
mkdir -p "$R/proc/$d/fd"

OOMCAST_NVML_LIBRARY=off OOMCAST_DRM_ROOT="$R" timeout 20 "$OOMCAST" --json -n 2 -d 0.2 --top 1 \
	-p "$a,$b,$c,$d,$e" | tail -1 > "$TMP/g.json" || fail "exit $?"
jqt '.gpus | length == 2' "$TMP/g.json" || fail "gpus: $(jq -c .gpus "$TMP/g.json")"
jqt '.gpus[1] | .index == 1 and .vendor == "amd" and .name == "card1 0000:03:00.0"
	and .total == 17163091968 and .used == 4294967296 and .free == 12868124672
	and .gtt_used == 1073741824 and .unified == false
	and .procs_used == (8589934592 + 536870912)' "$TMP/g.json" ||
	fail "amd card: $(jq -c '.gpus[1]' "$TMP/g.json")"
jqt '.gpus[0] | .index == 0 and .vendor == "intel" and .unified == true and .total == null
	and .used == (1536 + 60) * 1048576' "$TMP/g.json" ||
	fail "intel iGPU: $(jq -c '.gpus[0]' "$TMP/g.json")"
g() { jq -r --argjson p "$1" '.procs[] | select(.pid == $p) | .gpu' "$TMP/g.json"; }
[ "$(g "$a")" = 8589934592 ] || fail "pid a (one client on two fds) gpu $(g "$a")"
[ "$(g "$b")" = 0 ] || fail "pid b shares a's client: counted once, got $(g "$b")"
[ "$(g "$c")" = 536870912 ] || fail "pid c (MiB units) gpu $(g "$c")"
[ "$(g "$d")" = 0 ] || fail "pid d has no DRM fd: gpu $(g "$d")"
[ "$(g "$e")" = $(((1536 + 60) * 1048576)) ] || fail "pid e (i915 iGPU) gpu $(g "$e")"
jqt '.gpu_procs | length == 3' "$TMP/g.json" || fail "gpu_procs: $(jq -c .gpu_procs "$TMP/g.json")"
jqt '[.forecast[] | select(.resource == "gpu:1") | .headroom == 12868124672 and .capacity == 17163091968
	and .victim_pid == '"$a"'] == [true]' "$TMP/g.json" ||
	fail "forecast item for the card: $(jq -c .forecast "$TMP/g.json")"
jqt '[.forecast[] | select(.resource == "gpu:0")] == []' "$TMP/g.json" ||
	fail "a unified iGPU is RAM, not a resource of its own"

# no GPU at all: empty lists, a reason, gpu unknown for every process
OOMCAST_NVML_LIBRARY=off OOMCAST_DRM_ROOT=/nonexistent timeout 20 "$OOMCAST" --json -n 1 > "$TMP/n.json"
jqt '.gpus == [] and .gpu_procs == [] and (.gpu_note | test("no AMD/Intel GPU"))
	and ([.procs[].gpu] | all(. == null))' "$TMP/n.json" ||
	fail "no GPU: $(jq -c '{gpus, gpu_note}' "$TMP/n.json")"
pass "AMD and Intel GPU memory per card and per process from sysfs and fdinfo fixtures"
