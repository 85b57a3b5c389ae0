#!/bin/sh
# A memory cgroup at its limit that reads back what it evicts (issue 12's
# "at the limit", issue 11's mmap load that cannot stay resident): a file
# twice the limit read again and again through a mapping, as llama.cpp
# reads mmap'd weights. Nothing is killed; oomcast must not call it OK: the
# cgroup's forecast is "stalled" at warning, with what it re-reads per
# second. A copy of the same file (read, written, and the copy read back
# with read(2): page cache evicted and read again once) is not a stall.
. "$TESTLIB"
[ -x "${MMAPREAD:-}" ] || skip "mmapread helper not built"
need_memcg "oc-stall-$$"
ver=$CG_VER cgdir=$CG_DIR path=$CG_PATH
set_limit "$ver" "$cgdir" 167772160   # 160 MiB
# written past the page cache, so its pages are charged to whoever reads them
dd if=/dev/zero of="$TMP/weights.bin" bs=1M count=320 oflag=direct status=none ||
	skip "cannot write a 320 MiB file with O_DIRECT in $TMP"
sel='.forecast[] | select(.resource == $r)'

# samples FILE N: until oomcast has written N more samples than it had (a
# busy machine may slow it: counted, not slept for)
samples() {
	have=$(wc -l < "$1")
	poll 30 lines_at_least $((have + $2)) "$1" || fail "oomcast stopped sampling ($1)"
}
"$OOMCAST" --json -d 0.3 > "$TMP/s.jsonl" &
mon=$!
CHILDREN="$CHILDREN $mon"
samples "$TMP/s.jsonl" 3
spawn_in "$cgdir" "$MMAPREAD" "$TMP/weights.bin" 8
reader=$SPAWNED
wait "$reader" || fail "mmapread exited $? (it must not be killed: mmap'd pages are reclaimed)"
samples "$TMP/s.jsonl" 2
kill "$mon"; wait "$mon" 2>/dev/null
jq -c --arg r "cgroup:$path" "{t, f: ($sel | {level, stalled, reread_rate, headroom})}" "$TMP/s.jsonl" \
	> "$TMP/series"
tail -12 "$TMP/series"
n=$(jq -s '[.[] | select(.f.stalled and .f.level == "warning" and .f.reread_rate > 1048576)] | length' \
	"$TMP/series")
[ "$n" -ge 3 ] || fail "the re-reading cgroup was stalled at warning in $n samples, want >= 3"
rate=$(jq -s '[.[] | select(.f.stalled) | .f.reread_rate] | max / 1048576 | floor' "$TMP/series")
# and the knowledge base says what really happens: the mapped file re-read
jq -s -e --arg r "cgroup:$path" '[.[].forecast[] | select(.resource == $r and .stalled) | .kb] | length > 0 and all(. == "mmap-larger-than-ram")' \
	"$TMP/s.jsonl" > /dev/null || fail "stalled, but kb $(jq -c --arg r "cgroup:$path" '.forecast[] | select(.resource == $r and .stalled) | .kb' "$TMP/s.jsonl" | sort -u)"
pass "mmap'd file twice the limit: stalled at warning in $n samples, re-reading up to $rate MiB/s"

# a copy streaming the file through the same cgroup's page cache
sync; echo 1 > /proc/sys/vm/drop_caches 2>/dev/null
"$OOMCAST" --json -d 0.3 > "$TMP/c.jsonl" &
mon=$!
CHILDREN="$CHILDREN $mon"
samples "$TMP/c.jsonl" 3
spawn_in "$cgdir" sh -c "cat '$TMP/weights.bin' > '$TMP/copy.bin' && cat '$TMP/copy.bin' > /dev/null"
wait "$SPAWNED"
samples "$TMP/c.jsonl" 3
kill "$mon"; wait "$mon" 2>/dev/null
jq -e -s --arg r "cgroup:$path" "[.[] | $sel | select(.stalled or .level == \"warning\" or .level == \"critical\")] | length == 0" \
	"$TMP/c.jsonl" > /dev/null || fail "a streaming copy was called stalled: $(jq -c --arg r "cgroup:$path" "$sel | {level, stalled, reread_rate}" "$TMP/c.jsonl" | sort | uniq -c | head)"
pass "a copy streaming through the page cache is not a stall"
