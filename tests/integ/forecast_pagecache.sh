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
sleep 0.3
timeout 60 "$OOMCAST" --json -d 0.25 -n 60 --top 5 -p "$keeper" > "$TMP/p.jsonl" &
mon=$!
sleep 2
spawn_in "$dir" dd if=/dev/zero of="$target" bs=1M count=1024 status=none
writer=$SPAWNED
wait "$writer" || { rm -f "$target"; fail "dd failed"; }
sync
spawn_in "$dir" sh -c 'cat "$1" > /dev/null' sh "$target"
wait $SPAWNED
wait "$mon"
rm -f "$target"
jq -e . "$TMP/p.jsonl" > /dev/null || fail "not valid JSON"
# the file really went through the cgroup's page cache
jq -s -e --arg p "$path" '[.[].cgroups[] | select(.path == $p) | .file] | max >= 268435456' \
	"$TMP/p.jsonl" > /dev/null || fail "the cgroup never held much page cache: test did not exercise it"
# (only this test's cgroup and RAM: other tests may run alongside, make -j)
alarms=$(jq -c --arg r "cgroup:$path" '.forecast[] | select(.resource == $r or .resource == "ram")
	| select(.level == "warning" or .level == "critical")' "$TMP/p.jsonl")
[ -z "$alarms" ] || fail "page cache raised an alarm: $(echo "$alarms" | head -3)"
pass "1 GiB of page cache in cgroup v$ver: no warning"
