#!/bin/sh
# Names from the system never reach the terminal raw: processes named with a
# retitling escape (ESC ] 0 ; ... BEL), a newline and invalid UTF-8, a hostile
# command line, and a memory cgroup with an escape in its name. -b escapes
# them as \xNN and --json as \u00XX (jq reads them back); neither output
# holds a raw ESC or BEL, and the names can still be read. A known error in a
# watched log with control bytes is escaped too.
. "$TESTLIB"

ESC=$(printf '\033') BEL=$(printf '\007')

# spawn_named COMM [CGDIR]: a shell that renames itself (the comm, 15 bytes
# at most) and waits, in the memory cgroup CGDIR when given; its command
# line carries hostile arguments. Not exec'd: exec would set the comm back
# to the program's name. It waits on a FIFO no one writes, not in a sleep
# loop: a sleep child in the cgroup could be named its forecast's victim.
# Once in its cgroup and renamed, it says so in $TMP/ready.PID: a comm that
# is no longer "sh" said nothing (before its exec the child bears the
# test's shell's name, "bash" under make check: oomcast then saw it still
# outside its cgroup, or named "sh", and the test failed now and then).
mkfifo "$TMP/never"
spawn_named() {
	sh -c '[ -z "$2" ] || echo $$ > "$2/cgroup.procs"
		printf "%b" "$1" > /proc/self/comm; : > "$4/ready.$$"; read x < "$3"' sh "$1" "${2:-}" \
		"$TMP/never" "$TMP" "arg${ESC}]0;cmdline-pwn${BEL}" "two
lines" "$(printf 'bad\377utf')" &
	SPAWNED=$!
	CHILDREN="$CHILDREN $SPAWNED"
}

# a memory cgroup whose name holds ESC, BEL and invalid UTF-8 (the kernel
# refuses a newline in a cgroup's name), with a limit; the ESC-named process
# runs in it, so the cgroup's forecast line names it as the victim
CGNAME=$(printf 'oc\033]0;cg\007\377')
CG_DIR=
if cg=$(make_memcg "$CGNAME"); then
	set -- $cg
	CG_VER=$1 CG_DIR=$2
	set_limit "$CG_VER" "$CG_DIR" 314572800
else
	echo "note: no writable memory cgroup, the cgroup part is not checked"
fi
spawn_named 'e\033]0;pwn\007x' "$CG_DIR"; P1=$SPAWNED
spawn_named 'nl\nname'; P2=$SPAWNED
spawn_named 'bad\377\376utf'; P3=$SPAWNED
spawn_named 'back\\slash'; P4=$SPAWNED
spawn_named '\0'; P5=$SPAWNED   # no name at all (prctl(PR_SET_NAME, ""))
# a second cgroup named with the text that shows the first's bytes (\x1b,
# \x07, \xff): it must not show as the first does (its backslashes escaped)
CG2_DIR=
if [ -n "$CG_DIR" ] && cg=$(make_memcg 'oc\x1b]0;cg\x07\xff'); then
	set -- $cg
	CG2_DIR=$2
	set_limit "$1" "$CG2_DIR" 209715200
fi
spawn_named 'plain' "$CG2_DIR"; P6=$SPAWNED
PINS="$P1,$P2,$P3,$P4,$P5,$P6"
# the renames are done (polled: a busy machine may be slow to run them)
renamed() { for p in $P1 $P2 $P3 $P4 $P5 $P6; do [ -e "$TMP/ready.$p" ] || return 1; done; }
poll 20 renamed || fail "the test's processes did not rename themselves"

LOG="$TMP/runtime.log"
: > "$LOG"
timeout 20 "$OOMCAST" -b -n 4 -d 0.3 -p "$PINS" --watch-log "$LOG" > "$TMP/b.txt" &
mon=$!
# the log is written after the start: once the first sample is out
poll 20 test -s "$TMP/b.txt" || fail "oomcast -b printed no sample"
printf 'cudaMalloc failed: out of memory \033]0;log-pwn\007 \302\233 \377\n' >> "$LOG"
wait $mon || fail "oomcast -b exit $?"

# no raw ESC or BEL, and no C1 CSI, anywhere
for b in '\033' '\007' '\302\233'; do
	grep -q "$(printf "$b")" "$TMP/b.txt" && fail "-b output holds a raw $b"
done
grep -qF 'arg\x1b]0;cmdline-pwn\x07 two\x0alines bad\xffutf' "$TMP/b.txt" ||
	fail "-b: the command line is not shown escaped"
# one row per pinned process: the newline in an argument split none
for p in $P1 $P2 $P3 $P4; do
	[ "$(grep -c "^ *$p root .* sh -c .*bad\\\\xffutf\$" "$TMP/b.txt")" = 4 ] ||
		fail "-b: the rows of $p are not one line each"
done
if [ -n "$CG_DIR" ]; then
	grep -qF 'oc\x1b]0;cg\x07\xff: limit 300M' "$TMP/b.txt" || fail "-b: the cgroup line"
	grep -F 'Forecast cgroup:' "$TMP/b.txt" | grep -F 'oc\x1b]0;cg\x07\xff headroom' |
		grep -qF "victim $P1 e\\x1b]0;pwn\\x07x" ||
		{ grep -aF "Forecast" "$TMP/b.txt"
		  # which processes the cgroup holds (seen once in a distcheck on a
		  # busy machine: "victim PID sh", not P1's name)
		  echo "P1 $P1; in the cgroup now:"
		  while read -r p; do echo "$p $(od -c "/proc/$p/comm" 2> /dev/null | head -2)"; done \
			< "$CG_DIR/cgroup.procs"
		  # (seen again in a fresh clone's make check: no victim at all)
		  echo "P1's oom_score $(cat /proc/$P1/oom_score), adj $(cat /proc/$P1/oom_score_adj)," \
		       "memory cgroup: $(grep -a :memory: /proc/$P1/cgroup | od -c | head -3)"
		  "$OOMCAST" --json -n 2 -d 0.3 -p "$P1" | tail -1 |
			jq -c "(.forecast[] | select(.resource | endswith(\"/oc\u001b]0;cg\u0007\ufffd\")) |
			        {resource, victim_pid, driver_pid}),
			       (.procs[] | select(.pid == $P1) | {pid, cgroup, oom_score, oom_score_adj})"
		  fail "-b: the cgroup's forecast line (path, victim's comm)"; }
fi
# a known error in the log: its control bytes escaped
grep -F 'Event    known error [gpu-oom]' "$TMP/b.txt" | grep -F 'log-pwn' |
	grep -qF '\x1b]0;log-pwn\x07 \xc2\x9b \xff' || fail "-b: the logged error's line"

timeout 20 "$OOMCAST" --json -n 3 -d 0.2 -p "$PINS" > "$TMP/j.jsonl" || fail "--json exit $?"
jq -e . "$TMP/j.jsonl" > /dev/null || fail "not valid JSON"
for b in '\033' '\007'; do
	grep -q "$(printf "$b")" "$TMP/j.jsonl" && fail "--json output holds a raw $b"
done
tail -1 "$TMP/j.jsonl" > "$TMP/last.json"
# jq gives back the real names: the comm's bytes, the kernel's escaping undone
jqt "[.procs[] | select(.pid == $P1) | .comm == \"e\\u001b]0;pwn\\u0007x\"] == [true]" \
	"$TMP/last.json" || fail "--json: comm of $P1: $(jq ".procs[] | select(.pid == $P1) | .comm" "$TMP/last.json")"
jqt "[.procs[] | select(.pid == $P2) | .comm == \"nl\\nname\"] == [true]" "$TMP/last.json" ||
	fail "--json: comm of $P2 is not the real newline: $(jq ".procs[] | select(.pid == $P2) | .comm" "$TMP/last.json")"
jqt "[.procs[] | select(.pid == $P3) | .comm == \"bad\\ufffd\\ufffdutf\"] == [true]" "$TMP/last.json" ||
	fail "--json: invalid UTF-8 comm"
jqt "[.procs[] | select(.pid == $P4) | .comm == \"back\\\\slash\"] == [true]" "$TMP/last.json" ||
	fail "--json: backslash comm: $(jq ".procs[] | select(.pid == $P4) | .comm" "$TMP/last.json")"
jqt "[.procs[] | select(.pid == $P5) | .comm == \"\"] == [true]" "$TMP/last.json" ||
	fail "--json: an empty comm is not \"\": $(jq ".procs[] | select(.pid == $P5) | .comm" "$TMP/last.json")"
jqt "[.procs[] | select(.pid == $P1) | .cmdline | contains(\"arg\\u001b]0;cmdline-pwn\\u0007 two\\nlines\")] == [true]" \
	"$TMP/last.json" || fail "--json: cmdline"
if [ -n "$CG_DIR" ]; then
	jqt '[.cgroups[].path | select(endswith("/oc\u001b]0;cg\u0007\ufffd"))] | length == 1' \
		"$TMP/last.json" || fail "--json: cgroup path"
	jqt '[.cgroups[] | select(.path | endswith("/oc\u001b]0;cg\u0007\ufffd")) | .limit] == [314572800]' \
		"$TMP/last.json" || fail "--json: cgroup limit"
fi
if [ -n "$CG2_DIR" ]; then
	grep -qF 'oc\x5cx1b]0;cg\x5cx07\x5cxff: limit 200M' "$TMP/b.txt" ||
		fail "-b: the cgroup named with the text \\x1b: $(grep -a 'limit 200M' "$TMP/b.txt" | head -1)"
	jqt '[.cgroups[].path | select(endswith("/oc\\x1b]0;cg\\x07\\xff"))] | length == 1' \
		"$TMP/last.json" || fail "--json: the cgroup named with the text \\x1b"
fi

# the dashboard: the same escapes, the pane's title untouched, and the end of
# the cgroup's name (what tells it apart) kept where the row is narrow
if command -v tmux > /dev/null; then
	for size in 200x50 80x30; do
		T new-session -d -s s -x "${size%x*}" -y "${size#*x}" \
			"env TERM=xterm-256color LANG=C.UTF-8 $OOMCAST -d 0.3 -p $PINS"
		wait_for "e\\\\x1b\\]0;pwn\\\\x07x" 15 || fail "$size: the dashboard's escaped comm"
		# the forecast's row of each cgroup, its name's end kept (not cut
		# off by the cell: measured as escaped), the two told apart
		if [ -n "$CG2_DIR" ]; then
			wait_for_all 10 '^cg .*\\x07\\xff ' '^cg .*x07\\x5cxff ' ||
				fail "$size: the cgroups' forecast rows"
		fi
		# the details of the first row (a pinned one, all with the same
		# command line): the name and the command escaped once, not twice
		T send-keys -t s Enter
		wait_for 'Command: ' 10 || fail "$size: Enter opened no details"
		wait_for 'cmdline-pwn' 10 || fail "$size: the details lack the command line"
		grep -q 'x5cx1b\]0;cmdline\|x5cx1b\]0;pwn' "$TMP/pane" && fail "$size: the details escape twice"
		T send-keys -t s Escape
		title=$(T display -p -t s '#{pane_title}')
		case $title in *pwn*|*cg*) fail "$size: the pane's title became '$title'" ;; esac
		T send-keys -t s q
		# its exit (with ASan, the leak check) before the server ends: a
		# SIGHUP in the middle of LeakSanitizer's check left it spinning
		gone() { ! T has-session -t s 2> /dev/null; }
		poll 20 gone
		tmux_fresh
	done
fi
pass "hostile names escaped in -b, --json and the dashboard"
