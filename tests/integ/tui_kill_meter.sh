#!/bin/sh
# The dashboard's cgroup meter stays for a cgroup whose last process the
# OOM killer just took (issue 10): the only process pinned with -p is the
# loader in its own limited cgroup, as a container's would be; after the
# kill the meter row still shows that cgroup, and the kill line names it.
. "$TESTLIB"
command -v tmux > /dev/null || skip "tmux is not installed"
[ -x "${MEMHOG:-}" ] || skip "memhog helper not built"
need_memcg "oc-km-$$"
ver=$CG_VER dir=$CG_DIR path=$CG_PATH
set_limit "$ver" "$dir" 268435456
spawn_in "$dir" "$MEMHOG" 1024 60
victim=$SPAWNED
T new-session -d -s s -x 160 -y 40 "env TERM=xterm-256color $OOMCAST -d 0.3 -p $victim"
wait_for "^Cg .*oc-km-$$" 10 || fail "no meter row for the victim's cgroup"
wait "$victim"
[ $? = 137 ] || fail "memhog was not OOM-killed"
wait_for "OOM kill in cgroup $path: pid $victim memhog" 8 || fail "no kill line for $victim in $path"
sleep 1
T capture-pane -p -t s > "$TMP/pane"
grep -q "^Cg .*oc-km-$$" "$TMP/pane" ||
	fail "the cgroup's meter left with its last process: $(grep '^Cg ' "$TMP/pane" || echo 'no Cg row')"
T send-keys -t s q
pass "the meter of a cgroup whose last process was OOM-killed stays (v$ver)"
