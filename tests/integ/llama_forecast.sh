#!/bin/sh
# The forecast knows the end of a load (issue 11): a real llama.cpp loads a
# model with --no-mmap into a memory cgroup while oomcast --json watches.
#   - a load that fits: JSON loads[] names it (pid, path, ctx, the footprint
#     within 5 % of llama.cpp's own reservations plus the runtime allowance),
#     its verdict is "fits", and the cgroup's forecast never rises above
#     "watch" while it loads, though the burst alone would read as critical;
#   - a load that will not fit: verdict "wont_fit" with what is missing, and
#     the cgroup's forecast is "critical" before the kernel kills it.
. "$TESTLIB"
need_llama
: "${QUANTIZE:?QUANTIZE must point at tests/runtime/quantize}"
m="$TMP/llama-f16.gguf"
"$MKMODEL" "$m" -t f16 -l 8 -e 1024 -H 16 -k 4 -f 2816 -v 4096 -c 8192 > /dev/null || fail "mkmodel"

# watch LIMIT NAME: a cgroup with LIMIT, oomcast watching, a --no-mmap load
# of the model at 2048 in it, with a prompt that fills the context (llama.cpp
# touches its compute buffer as the context fills: a short prompt leaves most
# of it untouched, and the load dies later, at a long prompt); its exit
# status in $rc, the samples in NAME.jsonl
watch() {
	need_memcg "oc-lf-$2-$$"
	set_limit "$CG_VER" "$CG_DIR" "$1"
	"$OOMCAST" --json -d 0.2 > "$TMP/$2.jsonl" &
	mon=$!
	CHILDREN="$CHILDREN $mon"
	sleep 1
	spawn_in "$CG_DIR" node "$LOAD" -m "$m" -c 2048 --no-mmap --prompt 2040 --hold 2 \
		> "$TMP/$2.load" 2> "$TMP/$2.err"
	loader=$SPAWNED
	wait "$loader"
	rc=$?
	sleep 1
	[ "$rc" != 137 ] || poll 10 saw_kill "$TMP/$2.jsonl" "$loader"
	kill "$mon"; wait "$mon" 2> /dev/null
	res="cgroup:$CG_PATH"
}

# ---- a load that fits --------------------------------------------------------
watch $((640 * MIB)) fits
[ "$rc" = 0 ] || fail "the load in 640 MiB failed: exit $rc: $(tail -3 "$TMP/fits.err")"
jq -c --argjson p "$loader" '.loads[] | select(.pid == $p) | {verdict, ctx, expected_total, loaded, scope, room}' \
	"$TMP/fits.jsonl" > "$TMP/fits.loads"
[ -s "$TMP/fits.loads" ] || fail "the loading process $loader was never in loads[]"
tail -3 "$TMP/fits.loads"
jq -s -e --arg r "$res" 'all(.[]; .verdict == "fits" and .ctx == 2048 and .scope == $r)' "$TMP/fits.loads" \
	> /dev/null || fail "not judged 'fits' in $res throughout: $(sort -u "$TMP/fits.loads" | head -3)"
# the footprint against llama.cpp's own figures (+ the runtime allowance)
real=$(jq '([.model_buffer_mib[]] | add) + .kv_mib + ([.compute_mib[]] | add)' "$TMP/fits.load")
est=$(jq -s --argjson p "$loader" '[.[].loads[] | select(.pid == $p)][0] | (.weights + .weights_added + .kv_bytes + .compute_bytes) / 1048576' "$TMP/fits.jsonl")
within "$est" "$real" 5 || fail "loads[] footprint $est MiB, llama.cpp reserved $real MiB"
# never above watch while its end was known
levels=$(jq -r --arg r "$res" --argjson p "$loader" '.forecast[] | select(.resource == $r and .load_pid == $p) | .level' \
	"$TMP/fits.jsonl" | sort | uniq -c | tr '\n' ' ')
echo "cgroup levels while the load was known: $levels"
[ -n "$levels" ] || fail "the cgroup's forecast never tied the load to it (load_pid)"
echo "$levels" | grep -Eq "warning|critical" && fail "a load that fits raised an alarm: $levels"
pass "a load that fits: loads[] verdict fits, footprint $est MiB vs llama.cpp's $real MiB, no alarm"

# ---- a load that will not fit -------------------------------------------------
watch $((330 * MIB)) wont
[ "$rc" = 137 ] || fail "the load in 330 MiB exited $rc, expected 137 (OOM kill)"
jq -c --argjson p "$loader" '.loads[] | select(.pid == $p) | {verdict, missing, max_ctx, scope, room}' \
	"$TMP/wont.jsonl" > "$TMP/wont.loads"
tail -2 "$TMP/wont.loads"
jq -s -e 'length > 0 and all(.[]; .verdict == "wont_fit" and .missing > 0)' "$TMP/wont.loads" > /dev/null ||
	fail "not judged wont_fit: $(sort -u "$TMP/wont.loads" | head -3)"
# critical before the kill: the sample that reports the kill comes after
kill_t=$(jq -s --argjson p "$loader" '[.[] | select(.events | map(select(.type == "oom_kill" and .pid == $p)) | length > 0) | .t][0]' "$TMP/wont.jsonl")
[ "$kill_t" != null ] || fail "the kill of $loader was not seen"
crit=$(jq -s --arg r "$res" --argjson k "$kill_t" '[.[] | select(.t < $k) | .forecast[] | select(.resource == $r and .level == "critical")] | length' "$TMP/wont.jsonl")
[ "$crit" -ge 1 ] || fail "no critical forecast for $res before the kill"
# the advice says so with the load's own figures
jq -s -e --arg r "$res" '[.[].advice | select(. != null and (.now | test("the load needs [0-9.]+ MiB at -c 2048 .*MiB missing in " + $r)))] | length > 0' \
	"$TMP/wont.jsonl" > /dev/null || fail "the advice lacks the load's figures: $(jq -c '.advice.now' "$TMP/wont.jsonl" | grep -v null | sort -u | head -2)"
pass "a load that will not fit: wont_fit with $(jq -s '.[0].missing / 1048576 | floor' "$TMP/wont.loads") MiB missing, critical in $crit samples before the kill"

# the fix commands carry the figure, and the figure holds: the limit in the
# advice's `systemctl set-property ... MemoryMax=NM` / `docker update
# --memory NM` / `echo NM > FILE`, set on the cgroup by that last command
# itself, as a person would paste it, lets the same load complete
fixlim=$(jq -r -s '[.[].advice | select(. != null) | .steps[] | capture("MemoryMax=(?<n>[0-9]+)M") | .n] | last' \
	"$TMP/wont.jsonl")
[ "$fixlim" != null ] && [ -n "$fixlim" ] ||
	fail "no fix step carried a computed limit: $(jq -c '.advice.steps' "$TMP/wont.jsonl" | grep -v null | sort -u | head -2)"
jq -r -s '[.[].advice | select(. != null) | .steps[] | select(test("docker update --memory [0-9]+M"))] | length > 0' \
	"$TMP/wont.jsonl" | grep -q true || fail "the docker command lacks the computed limit"
raw=$(jq -r -s '[.[].advice | select(. != null) | .steps[] | capture("`(?<c>([(]cd [^`]+ && )?echo [0-9]+M > [^`]+)`") | .c] | last' \
	"$TMP/wont.jsonl")
# (v1 with swap limited too, as set_limit leaves it: memory and swap
# together first, or the kernel refuses the memory limit above it)
if [ "$CG_VER" != 1 ]; then
	want="echo ${fixlim}M > $CG_DIR/memory.max"
elif [ -f "$CG_DIR/memory.memsw.limit_in_bytes" ]; then
	want="(cd $CG_DIR && echo ${fixlim}M > memory.memsw.limit_in_bytes && echo ${fixlim}M > memory.limit_in_bytes)"
else
	want="echo ${fixlim}M > $CG_DIR/memory.limit_in_bytes"
fi
[ "$raw" = "$want" ] || fail "the cgroup's own command: '$raw', expected '$want'"
sh -c "$raw" || fail "the advised command failed: $raw"
spawn_in "$CG_DIR" node "$LOAD" -m "$m" -c 2048 --no-mmap --prompt 2040 > /dev/null 2> "$TMP/fixed.err"
wait "$SPAWNED" || fail "with the advised limit of ${fixlim}M the load still failed: exit $?: $(tail -3 "$TMP/fixed.err")"
pass "the advised MemoryMax=${fixlim}M (330 MiB + what was missing, whole MiB up), set by the advice's own '$raw', lets the load complete"

# the live load's fit_quant holds too: the mix it named, written by
# llama.cpp's own quantiser, loads in the 330 MiB the F16 file was killed in
fq=$(jq -r -s --argjson p "$loader" '[.[].loads[] | select(.pid == $p and .verdict == "wont_fit") | .fit_quant] | last' \
	"$TMP/wont.jsonl")
case $fq in
Q*) ;;
*) fail "loads[] named no fit_quant for the F16 load in 330 MiB: $fq" ;;
esac
LIBLLAMA=$(libllama)
ft=$(mix_ftype "$fq")
"$QUANTIZE" "$LIBLLAMA" "$m" "$TMP/fq.gguf" "$ft" > "$TMP/q.log" 2>&1 || fail "llama.cpp could not write $fq: $(tail -3 "$TMP/q.log")"
set_limit "$CG_VER" "$CG_DIR" $((330 * MIB))
spawn_in "$CG_DIR" node "$LOAD" -m "$TMP/fq.gguf" -c 2048 --no-mmap --prompt 2040 > /dev/null 2> "$TMP/fq.err"
wait "$SPAWNED" || fail "the $fq file loads[] named did not load in 330 MiB: exit $?: $(tail -3 "$TMP/fq.err")"
pass "loads[] fit_quant $fq, made by llama.cpp, loads in the 330 MiB the F16 file was killed in"
