#!/bin/sh
# oomcast fit --runtime and --cache-ram: the program's own memory, flash
# attention and llama-server's prompt cache taken as live loads take them
# (load_program_opts, load_cache_short), checked in a memory cgroup against
# the rule, and against the live verdict of a stand-in llama-server (perl
# named llama-server, its command line a server's: oomcast reads the load
# from it) in the same cgroup. No real llama-server runs here; the bench
# (bench/llama_server_overhead.sh) tries the figure on the real one.
. "$TESTLIB"
: "${MKMODEL:?MKMODEL must point at tests/runtime/mkmodel}"
command -v perl > /dev/null || skip "perl is not installed"
MiB=1048576
M=$TMP/h8-rt.gguf
"$MKMODEL" "$M" -t q8_0 -l 4 -e 512 -H 8 -k 2 -v 1024 > /dev/null || fail "mkmodel"
need_memcg "oomcast-h8-fit-$$"
set_limit "$CG_VER" "$CG_DIR" $((512 * MiB))
# fit as oomcast's own scope sees it: run inside the cgroup
fit() { sh -c 'echo $$ > "$1/cgroup.procs" && shift && exec "$@"' sh "$CG_DIR" \
	"$OOMCAST" fit "$M" --ctx 2048 "$@"; }

# no --runtime: node-llama-cpp's, as before (160 MiB, flash attention off)
fit --json > "$TMP/n.json" || fail "fit: exit $?"
jqt ".overhead_bytes == 160 * $MiB and .flash_attn == false and .prompt_cache_max == null
	and .cache_ram_fits == null" "$TMP/n.json" || fail "default: $(cat "$TMP/n.json")"
fit --runtime node --json > "$TMP/n2.json"
jqt '.overhead_bytes == 160 * 1048576 and .flash_attn == false' "$TMP/n2.json" || fail "node"
# llama-cli: its own 32 MiB, "auto" flash attention on the CPU, no cache
fit --runtime llama-cli --json > "$TMP/c.json"
jqt ".overhead_bytes == 32 * $MiB and .flash_attn == true and .prompt_cache_max == null
	and .verdict == \"fits\"" "$TMP/c.json" || fail "llama-cli: $(cat "$TMP/c.json")"
fit --runtime llama-cli --no-fa --json | jq -e '.flash_attn == false' > /dev/null || fail "--no-fa"
fit --runtime node --fa --json | jq -e '.flash_attn == true' > /dev/null || fail "--fa"
fit --runtime llama-cli --gpu-layers 2 --json 2> /dev/null | jq -e '.flash_attn == false' > /dev/null ||
	fail "-ngl: flash attention must be off (the device may not run it)"

# llama-server: 8192 MiB of prompt cache by default, more than the 512 MiB
# cgroup leaves after the load: tight, and the -cram that fits is what the
# room leaves after the load (room - expected_total, whole MiB)
fit --runtime llama-server --json > "$TMP/s.json"
rc=$?
[ $rc = 0 ] || fail "llama-server: exit $rc"
jqt ".overhead_bytes == 32 * $MiB and .flash_attn == true and .prompt_cache_max == 8192 * $MiB
	and .verdict == \"tight\" and .scope == \"cgroup:$CG_PATH\"
	and .cache_ram_fits == ((.room - .expected_total) / $MiB | floor)
	and .cache_ram_fits > 300" "$TMP/s.json" ||
	fail "llama-server: $(jq -c '{verdict, scope, room, expected_total, prompt_cache_max, cache_ram_fits}' "$TMP/s.json")"
cram=$(jq .cache_ram_fits "$TMP/s.json")
# the text says the same, read from a room of its own: the cgroup holds what
# fit itself holds, a MiB more or less from one call to the next on a busy
# machine (a CI run saw 438 in one call, another in the next), so the text's
# -cram is the JSON's within 2 MiB
fit --runtime llama-server > "$TMP/s.txt"
tcram=$(sed -n 's/^ *prompt cache up to 8.00 GiB, .*; -cram \([0-9][0-9]*\) fits$/\1/p' "$TMP/s.txt")
[ -n "$tcram" ] && [ "$tcram" -ge $((cram - 2)) ] && [ "$tcram" -le $((cram + 2)) ] ||
	fail "text: no -cram line near the JSON's $cram: $(cat "$TMP/s.txt")"
# with that -cram it fits; 0 is off; -1 no limit is tight again. The room
# is read again, and the cgroup holds what fit itself holds (a MiB more or
# less from one call to the next, on a busy machine): where the room fell
# by d MiB since, the -cram that fits now is the one before less d, at most
room1=$(jq .room "$TMP/s.json")
fit --runtime llama-server --cache-ram "$cram" --json > "$TMP/s2.json"
jqt ".prompt_cache_max == $cram * $MiB and
	((.verdict == \"fits\" and .cache_ram_fits == null) or
	 (.room < $room1 and .cache_ram_fits != null and
	  .cache_ram_fits >= $cram - ((($room1 - .room) / $MiB) | ceil)))" "$TMP/s2.json" ||
	fail "-cram $cram: $(jq -c '{verdict, room, prompt_cache_max, cache_ram_fits}' "$TMP/s2.json") (room before $room1)"
fit --runtime llama-server --cache-ram 0 --json | jq -e '.verdict == "fits" and .prompt_cache_max == null' \
	> /dev/null || fail "-cram 0"
# no size limit (any negative -cram): llama.cpp keeps no more states than
# the context's tokens, twice the KV cache at the peak: fits here
for neg in -1 -2; do
	fit --runtime llama-server --cache-ram $neg --json > "$TMP/n.json"
	jqt '.verdict == "fits" and .prompt_cache_max == 2 * .kv_bytes and .cache_ram_fits == null' \
		"$TMP/n.json" || fail "-cram $neg: $(jq -c '{verdict, kv_bytes, prompt_cache_max, cache_ram_fits}' "$TMP/n.json")"
done
fit --runtime llama-server --cache-ram -1 | grep -q "prompt cache with no size limit (-cram -1) up to" ||
	fail "-cram -1: $(fit --runtime llama-server --cache-ram -1 | grep prompt)"
# with layers on a GPU the cache is not judged (as live): no figure
OOMCAST_NVML_LIBRARY=/nonexistent OOMCAST_DRM_ROOT=/nonexistent \
	fit --runtime llama-server --gpu-layers 2 --json > "$TMP/g.json"
jqt '.cache_ram_fits == null and .prompt_cache_max == 8192 * 1048576' "$TMP/g.json" || fail "-ngl: $(cat "$TMP/g.json")"
fit --runtime llama-server --gpu-layers 2 2> /dev/null | grep -q "prompt cache.*not judged with --gpu-layers" ||
	fail "-ngl: no word of the cache not judged"
# bad input: one line, exit 2
for bad in "--runtime ollama" "--cache-ram 5" "--runtime llama-server --cache-ram -2147483649" \
	"--runtime llama-server --cache-ram 2147483648" "--runtime llama-server --cache-ram --5" "--runtime llama-server --cache-ram x"; do
	out=$("$OOMCAST" fit "$M" $bad 2>&1)
	[ $? = 2 ] && [ "$(printf '%s\n' "$out" | wc -l)" = 1 ] || fail "$bad: $out"
done

# the live verdict of a llama-server in that cgroup: the same rule, the same
# figure within what oomcast fit itself was charged there (it runs in the
# cgroup; the stand-in's memory counts as the load's own, live)
mkdir -p "$TMP/bin"
ln -s "$(command -v perl)" "$TMP/bin/llama-server"
live() {
	spawn_in "$CG_DIR" "$TMP/bin/llama-server" -e 'sleep 300' -- -m "$M" -c 2048 "$@"
	srv=$SPAWNED
	"$OOMCAST" --json -d 0.5 -n 3 > "$TMP/live.all" 2> "$TMP/live.err"
	lrc=$?
	tail -1 "$TMP/live.all" | jq -c --argjson p "$srv" \
		'.loads[] | select(.pid == $p) | {verdict, room, expected_total, prompt_cache_max, cache_ram_fits}' \
		> "$TMP/live.json"
	kill "$srv"
	wait "$srv" 2> /dev/null
}
# what each sample knew of the stand-in, where live.json says nothing
live_seen() {
	echo "oomcast exit $lrc, stderr: $(head -c 300 "$TMP/live.err")"
	jq -c --argjson p "$srv" --arg c "$CG_PATH" '{t, load: [.loads[] | select(.pid == $p) | .verdict],
		proc: [.procs[] | select(.pid == $p) | {comm, cgroup, model}],
		cgroup: [.cgroups[] | select(.path == $c) | .path]}' "$TMP/live.all"
}
live
lcram=$(jq .cache_ram_fits "$TMP/live.json")
jqt ".verdict == \"tight\" and .expected_total == $(jq .expected_total "$TMP/s.json")
	and .prompt_cache_max == 8192 * $MiB" "$TMP/live.json" || fail "live: $(cat "$TMP/live.json") $(live_seen)"
# fit ran alone in the cgroup: what the cgroup had used then is its own
self=$(( (512 * MiB - $(jq .room "$TMP/s.json") + MiB - 1) / MiB ))
# (less the kernel's own memory charged there since, and a whole MiB
# floored either side of a boundary: 2 MiB under fit's figure at most)
[ "$lcram" -ge $((cram - 2)) ] && [ "$lcram" -le $((cram + self)) ] ||
	fail "live -cram $lcram, fit's $cram: more apart than the $self MiB fit itself held there"
# the stand-in with fit's figure (or the live one, where the room fell
# since): live, it fits
use=$cram; [ "$lcram" -ge "$cram" ] || use=$lcram
live -cram "$use"
jqt '.verdict == "fits" and .cache_ram_fits == null' "$TMP/live.json" ||
	fail "live -cram $use: $(cat "$TMP/live.json") $(live_seen)"
# a context past the trained one (4096): it may fit, and fit says what
# llama.cpp says of it (its log: "n_ctx_seq (N) > n_ctx_train (M) --
# possible training context overflow"); the largest that fits is capped there
"$OOMCAST" fit "$M" --ctx 8192 > "$TMP/big.txt" || fail "fit --ctx 8192: exit $?"
grep -q "past the model's trained context (4096): llama.cpp loads it, warning of a \"possible training context overflow\"" \
	"$TMP/big.txt" && grep -q "largest context that fits: 4096 (all the model was trained for)" "$TMP/big.txt" ||
	fail "fit --ctx 8192: $(cat "$TMP/big.txt")"
"$OOMCAST" fit "$M" --ctx 2048 | grep -q "past the model's trained" && fail "--ctx 2048 called past the trained context"
"$OOMCAST" fit "$M" --ctx 2048 --json | jq -e '.ctx_train == 4096' > /dev/null || fail "JSON ctx_train"
pass "fit --runtime: overheads, flash attention, llama-server's -cram $cram (live $lcram, fit held $self MiB) as live loads judge them"
