#!/bin/sh
# NVIDIA through NVML, with the fake libnvidia-ml.so (tests/helpers/fakenvml.c)
# in place of the driver's: the real binary in JSON mode against each
# scripted case. Processes named to NVML are real ones started here.
. "$TESTLIB"
: "${FAKENVML_DIR:?FAKENVML_DIR must point at the fake NVML libraries}"
NEW=$FAKENVML_DIR/libfakenvml.so
OLD=$FAKENVML_DIR/libfakenvml-old.so
GiB=1073741824
MiB=1048576
sleep 60 & a=$!; sleep 60 & b=$!
CHILDREN="$a $b"
# sample LIB FLAGS PIDS N: the last of N JSON samples into $TMP/j.json
sample() {
	OOMCAST_DRM_ROOT=/nonexistent OOMCAST_NVML_LIBRARY=$1 FAKENVML=$2 FAKENVML_PIDS=$3 \
		timeout 20 "$OOMCAST" --json -n "$4" -d 0.2 --top 1 -p "$a,$b" | tail -1 > "$TMP/j.json" ||
		fail "$2: exit $?"
}
show() { jq -c "$1" "$TMP/j.json"; }
gpu_of() { jq -r --argjson p "$1" '.procs[] | select(.pid == $p) | .gpu' "$TMP/j.json"; }

# current driver: _v2 memory (reserved apart), _v3 lists; a process in both
# the compute and the graphics list counted once; n/a shown as null
sample "$NEW" "" "$a:0:$((20 * GiB)):b,$b:1:na" 2
jqt '.gpus | length == 2' "$TMP/j.json" || fail "cards: $(show .gpus)"
jqt ".gpus[0] | .index == 0 and .vendor == \"nvidia\" and .name == \"Fake H100 80GB HBM3\"
	and .total == 80 * $GiB and .used == 20 * $GiB and .reserved == 512 * $MiB
	and .free == (60 * $GiB - 512 * $MiB) and .unified == false and .mig == null" "$TMP/j.json" ||
	fail "card 0: $(show '.gpus[0]')"
[ "$(gpu_of "$a")" = $((20 * GiB)) ] || fail "pid in both lists: gpu $(gpu_of "$a") (double counted?)"
[ "$(gpu_of "$b")" = null ] || fail "n/a per-process memory must be null, got $(gpu_of "$b")"
jqt "[.gpu_procs[] | select(.gpu == 1 and .used == null)] | length == 1" "$TMP/j.json" ||
	fail "gpu_procs: $(show .gpu_procs)"
jqt "[.forecast[] | select(.resource == \"gpu:0\") | .headroom == (60 * $GiB - 512 * $MiB)
	and .victim_pid == $a] == [true]" "$TMP/j.json" || fail "forecast: $(show .forecast)"
"$OOMCAST" -V | grep -q NVML || fail "-V says nothing of NVML"
OOMCAST_NVML_LIBRARY=$NEW "$OOMCAST" -V | grep -q "memory call v2, process lists v3" ||
	fail "-V: $(OOMCAST_NVML_LIBRARY=$NEW "$OOMCAST" -V)"

# an old driver: no _v2/_v3 symbols at all; v1 used includes the reserve
sample "$OLD" "" "$a:0:$((3 * GiB))" 1
jqt ".gpus[0] | .used == 3 * $GiB + 512 * $MiB and .reserved == null" "$TMP/j.json" ||
	fail "old driver card: $(show '.gpus[0]')"
[ "$(gpu_of "$a")" = $((3 * GiB)) ] || fail "old driver process: $(gpu_of "$a")"
OOMCAST_NVML_LIBRARY=$OLD "$OOMCAST" -V | grep -q "memory call v1, process lists v1" ||
	fail "old -V: $(OOMCAST_NVML_LIBRARY=$OLD "$OOMCAST" -V)"

# a driver with the _v2 symbol that refuses it: v1 for memory, the rest kept
sample "$NEW" v2mismatch "$a:0:$GiB" 1
jqt ".gpus[0].used == $GiB + 512 * $MiB" "$TMP/j.json" || fail "v2 refused: $(show '.gpus[0]')"
[ "$(gpu_of "$a")" = "$GiB" ] || fail "v2 refused, process: $(gpu_of "$a")"

# a process that starts between the two list calls (INSUFFICIENT_SIZE twice)
sample "$NEW" grow "$a:0:$GiB,$b:0:$((2 * GiB))" 1
[ "$(gpu_of "$a")" = "$GiB" ] && [ "$(gpu_of "$b")" = $((2 * GiB)) ] ||
	fail "list grew between calls: $(show .gpu_procs)"

# the driver is not loaded: no cards, a reason, nothing unknown invented
sample "$NEW" initfail "" 1
jqt '.gpus == [] and (.gpu_note | test("driver not loaded"))' "$TMP/j.json" ||
	fail "init failure: $(show '{gpus, gpu_note}')"

# a card that falls off the bus on the third read
sample "$NEW" lost "$a:1:$GiB" 4
jqt '.gpus[1] | .lost == true and .total == null' "$TMP/j.json" || fail "lost card: $(show '.gpus[1]')"
jqt '(.gpu_note | test("fell off the bus")) and ([.forecast[].resource] | index("gpu:1") == null)' \
	"$TMP/j.json" || fail "lost card note/forecast: $(show '{gpu_note, f: [.forecast[].resource]}')"

# a card with no memory of its own: unified, used = what processes hold
sample "$NEW" unified "$a:0:$((6 * GiB))" 1
jqt ".gpus[0] | .unified == true and .total == null and .used == 6 * $GiB" "$TMP/j.json" ||
	fail "unified: $(show '.gpus[0]')"
jqt '[.forecast[].resource] | index("gpu:0") == null' "$TMP/j.json" ||
	fail "unified memory is RAM: no gpu:0 forecast item"

# MIG mode: the instances are listed; per-process memory needs root
sample "$NEW" mig "$a:0:$GiB" 1
jqt '[.gpus[] | select(.index == 0) | .mig] == [null, 0, 2] and .gpus[0].mig_parent == true' \
	"$TMP/j.json" || fail "MIG instances: $(show '[.gpus[] | {index, mig, name}]')"
jqt '(.gpu_note | test("MIG mode: per-process memory needs root"))
	and ([.forecast[].resource] | index("gpu:0/mig2") != null and index("gpu:0") == null)' \
	"$TMP/j.json" || fail "MIG note/forecast: $(show '{gpu_note, f: [.forecast[].resource]}')"
[ "$(gpu_of "$a")" = null ] || fail "MIG per-process must be null: $(gpu_of "$a")"

# one card may not be opened: the other is still read
sample "$NEW" noperm "$a:0:$GiB" 1
jqt '(.gpus | length == 1) and (.gpu_note | test("GPU 1: no permission"))' "$TMP/j.json" ||
	fail "noperm: $(show '{n: (.gpus | length), gpu_note}')"

# a file that is not NVML, and a path that does not exist: a reason, no crash
sample /nonexistent/libnvidia-ml.so.1 "" "" 1
jqt '.gpus == [] and (.gpu_note | test("cannot load NVML from /nonexistent"))' "$TMP/j.json" ||
	fail "missing library: $(show .gpu_note)"
sample "$FIXTURES/drm/fdinfo-amdgpu" "" "" 1
jqt '.gpus == [] and (.gpu_note | test("cannot load NVML"))' "$TMP/j.json" ||
	fail "not a library: $(show .gpu_note)"
pass "NVML through a fake libnvidia-ml: versions, fallbacks, n/a, MIG, unified, lost cards"
