#!/bin/sh
# Page cache is not lost memory: writing a 1 GiB file, inside a memory cgroup
# of 768 MiB and on the machine, raises no warning.
. "$TESTLIB"
need_memcg "oomcast-pc-$$"
ver=$CG_VER dir=$CG_DIR path=$CG_PATH
set_limit "$ver" "$dir" 805306368
# the file on a disk, not tmpfs (tmpfs would be shared memory, not cache)
target=${OOMCAST_TEST_DISKDIR:-/var/tmp}/oomcast-pc-$$.bin
[ "$(stat -f -c %T "$(dirname "$target")")" = tmpfs ] && skip "$(dirname "$target") is tmpfs"
spawn_in "$dir" sleep 120
keeper=$SPAWNED
timeout 60 "$OOMCAST" --json -d 0.25 -n 60 --top 5 -p "$keeper" > "$TMP/p.jsonl" &
mon=$!
poll 30 lines_at_least 8 "$TMP/p.jsonl" || fail "oomcast took no samples"   # calm ones first
spawn_in "$dir" dd if=/dev/zero of="$target" bs=1M count=1024 status=none
writer=$SPAWNED
wait "$writer" || { rm -f "$target"; fail "dd failed"; }
sync
spawn_in "$dir" sh -c 'cat "$1" > /dev/null' sh "$target"
reader=$SPAWNED
wait $reader
wait "$mon"
rm -f "$target"
jq -e . "$TMP/p.jsonl" > /dev/null || fail "not valid JSON"
# the file really went through the cgroup's page cache
jq -s -e --arg p "$path" '[.[].cgroups[] | select(.path == $p) | .file] | max >= 268435456' \
	"$TMP/p.jsonl" > /dev/null || fail "the cgroup never held much page cache: test did not exercise it"
# Only this test's cgroup, and RAM. Other processes may eat RAM meanwhile
# (other tests, make -j, a busy machine): a RAM alarm that oomcast itself
# puts on a process not of this test, explaining most of the rate, is not
# this test's; one with no driver, or ours, or a small share, is.
alarms=$(jq -c --arg r "cgroup:$path" --argjson ours "[$keeper, $writer, $reader]" '.forecast[]
	| select(.resource == $r or .resource == "ram")
	| select(.level == "warning" or .level == "critical")
	| select(.resource == $r or .driver_pid == null or ([.driver_pid] | inside($ours))
		or (.driver_share // 0) < 0.5)' "$TMP/p.jsonl")
[ -z "$alarms" ] || fail "page cache raised an alarm: $(echo "$alarms" | head -3)"
others=$(jq -c '.forecast[] | select(.resource == "ram" and (.level == "warning" or .level == "critical"))' \
	"$TMP/p.jsonl" | wc -l)
[ "$others" = 0 ] || echo "note: $others RAM alarm(s) driven by other processes, not counted"
pass "1 GiB of page cache in cgroup v$ver: no warning"
