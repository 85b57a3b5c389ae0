#!/bin/sh
# Real OOM kills in their true scope (issue 10): the loader is its memory
# cgroup's only process, as in a container, and nothing pins the cgroup in
# view. Every kill must be reported once, with the victim's pid, the
# cgroup whose limit was hit as its scope (never "system"), from the
# kernel's report when /dev/kmsg is readable and from the counters when it
# is not (as nobody). A limit on a parent with the process in a child is
# one kill, in the parent's scope.
. "$TESTLIB"
need_memcg "oomcast-scope-$$"
ver=$CG_VER cgdir=$CG_DIR path=$CG_PATH
set_limit "$ver" "$cgdir" 67108864

# kills DIR N: start N memhogs one after another in DIR (each killed);
# their pids appended to $TMP/victims
kills() {
	where=$1 n=$2
	for i in $(seq "$n"); do
		# at 20 MiB/s it lives some 3 s in 64 MiB: many samples see it before it
		# dies, even on a busy machine (without /dev/kmsg, a victim no sample
		# saw cannot be named)
		spawn_in "$where" "$MEMHOG" 256 20
		v=$SPAWNED
		wait "$v"
		rc=$?
		[ "$rc" = 137 ] || fail "memhog $v exited $rc, expected 137 (OOM-killed)"
		echo "$v" >> "$TMP/victims"
		sleep 0.4
	done
}

# samples FILE N: until oomcast has written N more samples to FILE than it
# had (a busy machine may slow it: counted, not slept for)
samples() {
	have=$(wc -l < "$1")
	poll 30 lines_at_least $((have + $2)) "$1" || fail "oomcast stopped sampling ($1)"
}

# events FILE: the oom_kill events as {pid, scope, source, constraint}
events() {
	jq -c '.events[] | select(.type == "oom_kill") | {pid, scope, source, constraint}' "$1"
}

# watched OUT DIR N: N kills in DIR (kills) with `oomcast --json` writing
# OUT from five samples before them to seven after; the victims' pids in
# $TMP/victims, afresh
watched() {
	: > "$TMP/victims"
	"$OOMCAST" --json -d 0.2 > "$1" 2> "$1.err" &
	mon=$!
	CHILDREN="$CHILDREN $mon"
	samples "$1" 5
	kills "$2" "$3"
	samples "$1" 7
	kill "$mon"; wait "$mon" 2>/dev/null
}

# --- with the kernel's report --------------------------------------------------
watched "$TMP/k.jsonl" "$cgdir" 4
events "$TMP/k.jsonl" > "$TMP/k.ev"
echo "events with /dev/kmsg:"; cat "$TMP/k.ev"
for v in $(cat "$TMP/victims"); do
	n=$(jq -s --argjson v "$v" --arg p "$path" '[.[] | select(.pid == $v and .scope == $p
		and .source == "kernel_log" and .constraint == "memcg")] | length' "$TMP/k.ev")
	[ "$n" = 1 ] || fail "victim $v: $n events in scope $path from the kernel log, want 1"
done
# no other kill in our cgroup, and none of ours called machine-wide
mine=$(jq -s --arg p "$path" '[.[] | select(.scope == $p)] | length' "$TMP/k.ev")
[ "$mine" = 4 ] || fail "$mine events in $path for 4 kills"
for v in $(cat "$TMP/victims"); do
	jq -s -e --argjson v "$v" '[.[] | select(.pid == $v and .scope == "system")] | length == 0' \
		"$TMP/k.ev" > /dev/null || fail "victim $v reported machine-wide"
done
# the cgroup stays in view after its last process is gone
jq -s -e --arg p "$path" '.[-1].cgroups | map(select(.path == $p)) | length == 1' "$TMP/k.jsonl" \
	> /dev/null || fail "cgroup $path left the view after its kills"
pass "4 kills in v$ver cgroup $path: each once, its pid, scope the cgroup, from the kernel log"

# --- a limit on the parent, the process in a child -----------------------------
mkdir "$cgdir/child" && echo "$cgdir/child" >> "$CGLIST"
# the child must go before its parent at cleanup
{ echo "$cgdir/child"; grep -vx "$cgdir/child" "$CGLIST"; } > "$TMP/cgl" && cp "$TMP/cgl" "$CGLIST"
watched "$TMP/c.jsonl" "$cgdir/child" 1
events "$TMP/c.jsonl" > "$TMP/c.ev"
v=$(cat "$TMP/victims")
jq -s -e --argjson v "$v" --arg p "$path" '[.[] | select(.pid == $v)] | length == 1 and
	.[0].scope == $p' "$TMP/c.ev" > /dev/null ||
	fail "kill in the child of a limited cgroup: $(cat "$TMP/c.ev")"
pass "a kill in $path/child is one event, in the scope of the limit ($path)"

# --- a cgroup named with the bytes /dev/kmsg escapes ---------------------------
# The kernel's report writes its ESC, its \377 and its backslash as \xNN; the
# counters give the name's own bytes. One kill is one event all the same, in
# the cgroup as its name is (the report's escapes undone: "\x41" here is the
# name's four characters, which the report writes "\x5cx41").
if [ -r /dev/kmsg ] && cg=$(make_memcg "$(printf 'oc-esc\033\\x41\377')-$$"); then
	set -- $cg
	set_limit "$1" "$2" 67108864
	watched "$TMP/e.jsonl" "$2" 1
	v=$(cat "$TMP/victims")
	# the cgroup's path as the JSON gives it (\377 is not UTF-8: U+FFFD there)
	p=$(jq -c '.cgroups[] | select(.path | contains("oc-esc")) | .path' "$TMP/e.jsonl" | tail -1)
	[ -n "$p" ] && printf '%s' "$p" | jq -r . | grep -qF "oc-esc$(printf '\033')\\x41" ||
		fail "the odd cgroup's path in the JSON: $p"
	jq -c '.events[] | select(.type == "oom_kill") | {pid, scope, source}' "$TMP/e.jsonl" |
		jq -s -e --argjson v "$v" --argjson p "$p" '[.[] | select(.scope != null and
			(.scope | contains("oc-esc")))] as $mine | ($mine | length) == 1 and
			$mine[0].pid == $v and $mine[0].scope == $p and $mine[0].source == "kernel_log"' \
		> /dev/null || fail "a kill in $(printf '%s' "$p"): $(jq -c '.events[] | select(.type == "oom_kill")' "$TMP/e.jsonl")"
	pass "a kill in a cgroup named with ESC, \\x41 and \\377 is one event, in that cgroup, from the kernel log"
else
	echo "note: /dev/kmsg unreadable or no second cgroup: the escaped report is not checked"
fi

# --- without the kernel's report: the counters ------------------------------------
command -v setpriv > /dev/null || skip "setpriv missing (util-linux)"
cp "$OOMCAST" "$TMP/oomcast" && chmod 755 "$TMP" "$TMP/oomcast"
kills0=$(vm_oom_kills)   # the machine's, from before oomcast starts
setpriv --reuid=65534 --regid=65534 --clear-groups "$TMP/oomcast" --json -d 0.2 \
	> "$TMP/u.jsonl" 2> "$TMP/u.err" &
mon=$!
CHILDREN="$CHILDREN $mon"
: > "$TMP/victims"
samples "$TMP/u.jsonl" 5
if setpriv --reuid=65534 --regid=65534 --clear-groups head -c1 /dev/kmsg > /dev/null 2>&1; then
	kill "$mon"
	skip "nobody may read /dev/kmsg here (dmesg_restrict=0): the counter path cannot be isolated"
fi
kills "$cgdir" 1
kills "$cgdir/child" 1
samples "$TMP/u.jsonl" 7
kill "$mon"; wait "$mon" 2>/dev/null
events "$TMP/u.jsonl" > "$TMP/u.ev"
echo "events as nobody:"; cat "$TMP/u.ev"
# both in the scope of the limit: the parent's (one of them lived in the child)
for v in $(cat "$TMP/victims"); do
	jq -s -e --argjson v "$v" --arg p "$path" '[.[] | select(.pid == $v and .scope == $p
		and .source == "counter")] | length == 1' "$TMP/u.ev" > /dev/null ||
		fail "as nobody, victim $v not reported once in $path from the counters"
done
# (other tests' kills on this machine are events too: only ours are counted,
# and machine-wide events may be no more than the other kills meanwhile)
# (another suite's kill that only the machine's counter saw has no scope)
mine=$(jq -s --arg p "$path" '[.[] | select(.scope != null and (.scope == $p or (.scope | startswith($p + "/"))))] | length' "$TMP/u.ev")
[ "$mine" = 2 ] || fail "as nobody: $mine events in $path for 2 kills"
others=$(($(vm_oom_kills) - kills0 - 2))
sys=$(jq -s '[.[] | select(.scope == "system")] | length' "$TMP/u.ev")
[ "$sys" -le "$others" ] ||
	fail "as nobody, a cgroup kill was called machine-wide ($sys system events, $others other kills)"
pass "without /dev/kmsg: each kill once, its pid, scope the cgroup, from the counters"
