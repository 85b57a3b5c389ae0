#!/bin/sh
# A child in a memory cgroup with a 300 MiB limit: oomcast shows the cgroup,
# its limit and its usage. cgroup_limit_v2.sh runs the same for cgroup v2.
. "$TESTLIB"
want=${CGVER:-1}
if [ "$want" = 1 ]; then
	cg=$(make_memcg "oomcast-limit-$$") || skip "no writable cgroup v1 memory controller (needs root)"
	set -- $cg
	[ "$1" = 1 ] || skip "memory is accounted by cgroup v2 here, not v1 (see cgroup_limit_v2.sh)"
else
	cg=$(make_memcg_v2 "oomcast-limit-$$") || skip "no cgroup v2 with the memory controller that we may write (a v1 or hybrid host, or not root)"
	set -- $cg
fi
ver=$1 dir=$2 path=$3
set_limit "$ver" "$dir" 314572800
spawn_in "$dir" "$MEMHOG" 64 0 60
child=$SPAWNED
# until its 64 MiB are touched
usage_64m() {
	u=$(cat "$dir/memory.usage_in_bytes" 2>/dev/null || cat "$dir/memory.current")
	[ "${u:-0}" -ge 67108864 ]
}
poll 20 usage_64m || fail "memhog did not touch its 64 MiB"
timeout 20 "$OOMCAST" --json -n 2 -d 0.2 -p "$child" | tail -1 > "$TMP/c.json" || fail "exit $?"
jqt "[.procs[] | select(.pid == $child) | .cgroup == \"$path\"] == [true]" "$TMP/c.json" ||
	fail "child's cgroup is not $path: $(jq -c ".procs[] | select(.pid == $child)" "$TMP/c.json")"
jqt "[.cgroups[] | select(.path == \"$path\") | .version == $ver and .limit == 314572800 and .limited and .effective_limit == 314572800] == [true]" \
	"$TMP/c.json" || fail "cgroup entry wrong: $(jq -c .cgroups "$TMP/c.json")"
jqt "[.cgroups[] | select(.path == \"$path\") | .usage >= 67108864 and .oom_kills == 0] == [true]" \
	"$TMP/c.json" || fail "usage or oom_kills wrong: $(jq -c .cgroups "$TMP/c.json")"
# when its figures were read: after the sample began (t, to the
# millisecond), within the sample, on the same clock
jqt ".t as \$t | [.cgroups[] | select(.path == \"$path\") | .read_t >= \$t - 0.001 and .read_t < \$t + 5] == [true]" \
	"$TMP/c.json" || fail "read_t not within the sample: $(jq -c "[.t, (.cgroups[] | .read_t)]" "$TMP/c.json")"
# the kernel memory it cannot give back, against the child's own page
# tables (VmPTE): on v1 a lower bound (its page tables, no more), on v2
# memory.stat's, which holds them; the headroom counts it as used
pte=$(awk '$1 == "VmPTE:" {print $2 * 1024}' "/proc/$child/status")
[ -n "$pte" ] && [ "$pte" -gt 0 ] || fail "no VmPTE for $child"
if [ "$ver" = 1 ]; then
	jqt "[.cgroups[] | select(.path == \"$path\") | .kernel > 0 and .kernel <= $pte and .kernel <= .usage - .anon - .file] == [true]" \
		"$TMP/c.json" || fail "v1 kernel not within the page tables ($pte B): $(jq -c .cgroups "$TMP/c.json")"
else
	jqt "[.cgroups[] | select(.path == \"$path\") | .kernel >= $pte] == [true]" \
		"$TMP/c.json" || fail "v2 kernel under the page tables ($pte B): $(jq -c .cgroups "$TMP/c.json")"
fi
jqt "(.cgroups[] | select(.path == \"$path\")) as \$c | [.forecast[] | select(.resource == \"cgroup:$path\") | .headroom == \$c.effective_limit - \$c.anon - \$c.shmem - \$c.kernel] == [true]" \
	"$TMP/c.json" || fail "headroom not the limit less anon, shmem and kernel: $(jq -c '[.cgroups, .forecast]' "$TMP/c.json")"
# v1: a cgroup without a limit of its own inside it is bounded by it (the
# kernel's hierarchical_memory_limit, not a walk of the ancestors' files)
if [ "$ver" = 1 ]; then
	mkdir "$dir/inner" && echo "$dir/inner" >> "$CGLIST" || fail "cannot make $dir/inner"
	spawn_in "$dir/inner" "$MEMHOG" 8 0 60
	inner=$SPAWNED
	timeout 20 "$OOMCAST" --json -n 2 -d 0.2 -p "$inner" | tail -1 > "$TMP/i.json" || fail "exit $?"
	jqt "[.cgroups[] | select(.path == \"$path/inner\") | (.limited | not) and .effective_limit == 314572800] == [true]" \
		"$TMP/i.json" || fail "inner cgroup not bounded by its parent: $(jq -c .cgroups "$TMP/i.json")"
fi
# oomcast's own cgroup is in view too
jqt '.self_cgroup as $s | [.cgroups[].path] | index($s) != null' "$TMP/c.json" || fail "self_cgroup"
pass "cgroup v$ver limit of a real child"
