#!/bin/sh
# A real OOM kill inside a memory cgroup: vm.oom_kills and the cgroup's
# oom_kills both go up while oomcast watches.
. "$TESTLIB"
need_memcg "oomcast-oom-$$"
ver=$CG_VER dir=$CG_DIR path=$CG_PATH
set_limit "$ver" "$dir" 67108864
# a small resident keeps the cgroup in view after the victim is gone
spawn_in "$dir" sleep 60
keeper=$SPAWNED
timeout 30 "$OOMCAST" --json -d 0.2 -n 30 -p "$keeper" > "$TMP/o.jsonl" &
mon=$!
# the first sample, before the kill
poll 20 lines_at_least 1 "$TMP/o.jsonl" || fail "oomcast took no sample"
spawn_in "$dir" "$MEMHOG" 256
victim=$SPAWNED
wait "$victim"
vrc=$?
[ "$vrc" = 137 ] || fail "memhog exited $vrc, expected 137 (SIGKILL by the OOM killer)"
wait "$mon" || fail "oomcast exit $?"
head -1 "$TMP/o.jsonl" > "$TMP/first.json"
tail -1 "$TMP/o.jsonl" > "$TMP/last.json"
k0=$(jq '.vm.oom_kills' "$TMP/first.json"); k1=$(jq '.vm.oom_kills' "$TMP/last.json")
[ "$k1" -gt "$k0" ] || fail "vm.oom_kills did not rise ($k0 -> $k1)"
c0=$(jq "[.cgroups[] | select(.path == \"$path\") | .oom_kills][0]" "$TMP/first.json")
c1=$(jq "[.cgroups[] | select(.path == \"$path\") | .oom_kills][0]" "$TMP/last.json")
[ "$c0" = 0 ] && [ "$c1" -ge 1 ] || fail "cgroup oom_kills $c0 -> $c1"
pass "OOM kill in cgroup v$ver seen: vm.oom_kills $k0 -> $k1, cgroup $c0 -> $c1"
