#!/bin/sh
# The dashboard, driven in tmux like a person would: at 200x50, 80x24 and
# 40x10 it shows its header, a 200 MiB child with its RSS, sorts, filters,
# opens help, survives resizing, and q (or SIGTERM) gives the shell back with
# the terminal as it was.
# The machine may be busy (larger processes, other tests' memhogs): the
# child is pinned with -p and has a name of its own to filter by.
. "$TESTLIB"
# the hog's 200 MiB; built with AddressSanitizer it holds an eighth more
# (the shadow of its heap) and the sanitizer's own runtime
rss_re='20[0-9]M'
[ -n "${OOMCAST_TEST_SANITIZED:-}" ] && rss_re='2[0-4][0-9]M'
command -v tmux > /dev/null || skip "tmux is not installed (apt-get install tmux)"
[ -x "${MEMHOG:-}" ] || skip "memhog helper not built"

export TERM=xterm-256color

name=tuihog$$
cp "$MEMHOG" "$TMP/$name"
"$TMP/$name" 200 > "$TMP/hog.out" &
hog=$!
CHILDREN="$CHILDREN $hog"
poll 30 grep -q done "$TMP/hog.out" || fail "memhog did not touch its 200 MiB"

# rss_sorted: the pane's rows other than the pinned child are in order of
# RSS, largest first (sizes as shown: 1.00G, 27.8M, 108K, 0B; - unknown)
rss_sorted() {
	awk -v hog="$hog" '
		function bytes(v,   n, u) {
			n = v + 0; u = substr(v, length(v))
			return u == "G" ? n * 1073741824 : u == "M" ? n * 1048576 : u == "K" ? n * 1024 : n
		}
		$1 == "PID" { for (i = 1; i <= NF; i++) if ($i ~ /^RSS/) col = i; next }
		col && $1 ~ /^[0-9]+$/ && $1 != hog && $col != "-" {
			if (n++ && bytes($col) > last) { print "row " $1 " (" $col ") after " lastv; bad = 1 }
			last = bytes($col); lastv = $col
		}
		END { exit bad || !col }' "$TMP/pane"
}

# start W H ARGS...: oomcast in a shell that reports its exit status and
# whether the terminal settings came back
start() {
	w=$1 h=$2; shift 2
	tmux_fresh
	cat > "$TMP/run.sh" <<EOS
trap : INT    # Ctrl-C is for oomcast; this shell lives on to report
before=\$(stty -g)
"$OOMCAST" $*
echo "EXIT=\$?"
[ "\$(stty -g)" = "\$before" ] && echo TTY-RESTORED || echo TTY-CHANGED
exec sleep 60
EOS
	T new-session -d -s s -x "$w" -y "$h" "sh $TMP/run.sh"
	wait_for 'PID' || fail "dashboard did not start at ${w}x$h"
}

for size in 200x50 80x24 40x10; do
	w=${size%x*} h=${size#*x}
	start "$w" "$h" -d 0.3 -p "$hog"
	for label in RAM Swp PSI PID RSS; do
		grep -q "$label" "$TMP/pane" || fail "$size: no '$label' in the header"
	done
	[ "$h" -ge 16 ] && { grep -q "available" "$TMP/pane" || fail "$size: 'available' not labelled"; }
	# the 200 MiB child, pinned on top, shown with its RSS; below it the
	# rest by RSS, largest first
	wait_for "^ +$hog .*$rss_re" || fail "$size: memhog ($hog) with ~200M RSS not shown"
	[ "$(grep -E '^ +[0-9]+ ' "$TMP/pane" | head -1 | awk '{print $1}')" = "$hog" ] ||
		fail "$size: the pinned memhog ($hog) is not the first row"
	rss_sorted || fail "$size: rows not sorted by RSS"
	# sort by PID (N, as htop): pid 1 first; again: reversed, largest pid first
	# (the pinned memhog stays first: the order shows in the rows after it)
	# (pid 1 may be on screen before the key, where few processes hold
	# more: wait for the order, not for the row; on a busy machine a
	# 1 GiB process stood first for a frame after the key)
	first_unpinned() { grep -E '^ +[0-9]+ ' "$TMP/pane" | awk -v h="$hog" '$1 != h {print $1; exit}'; }
	first_is() { T capture-pane -p -t s > "$TMP/pane" && [ "$(first_unpinned)" "$1" 1 ]; }
	T send-keys -t s N
	poll 10 first_is = || fail "$size: sort by PID: $(first_unpinned) before pid 1"
	T send-keys -t s N
	# reversed: pid 1 is no longer the first unpinned row (on a quiet
	# machine it may still be on screen, at the bottom)
	poll 10 first_is != || fail "$size: second N did not reverse the order"
	T send-keys -t s M
	# filter by name (\, as htop): only our child has it (and it is pinned too)
	T send-keys -t s -l '\'
	T send-keys -t s -l "$name"
	T send-keys -t s Enter
	wait_for "filter: $name, 1\\]" || fail "$size: filter status missing"
	rows=$(grep -cE '^ +[0-9]+ ' "$TMP/pane")
	[ "$rows" = 1 ] || fail "$size: filter shows $rows rows, not 1"
	grep -Eq "^ +$hog " "$TMP/pane" || fail "$size: filtered row is not memhog"
	T send-keys -t s Escape
	wait_gone 'filter:' || fail "$size: Esc did not clear the filter"
	# help opens and closes
	T send-keys -t s h
	wait_for 'oomcast keys' || fail "$size: help did not open"
	T send-keys -t s Escape
	wait_gone 'oomcast keys' || fail "$size: help did not close"
	# q quits with status 0 and gives the terminal back
	T send-keys -t s q
	wait_for 'EXIT=0' || fail "$size: q did not exit 0"
	# the shell prints its verdict just after EXIT=: wait for it too
	wait_for 'TTY-(RESTORED|CHANGED)' || fail "$size: no terminal verdict"
	grep -q TTY-RESTORED "$TMP/pane" || fail "$size: terminal settings not restored"
	pass "dashboard at $size"
done

# live resize: below the minimum a notice, back up and the dashboard again
start 80 24 -d 0.3
T resize-window -t s -x 30 -y 8
wait_for 'too small, need 40x10' || fail "no 'too small' notice at 30x8 (with what it needs)"
T resize-window -t s -x 12 -y 3
wait_for 'need 40x10' || fail "at 12x3 the notice lost what it needs"
T resize-window -t s -x 40 -y 10
wait_gone 'too small' || fail "still 'too small' at 40x10"
wait_for 'RAM' || fail "no dashboard after growing to 40x10"
T resize-window -t s -x 120 -y 40
wait_for 'available' || fail "no dashboard after growing to 120x40"
grep -q 'too small' "$TMP/pane" && fail "stale 'too small' text after resize"
T send-keys -t s q
wait_for 'EXIT=0' || fail "q after resizing"
pass "live resize"

# a name past ASCII is filtered by what is typed (each UTF-8 byte came
# as a key of its own, and was dropped)
if locale -a 2> /dev/null | grep -qix 'C.utf-\{0,1\}8'; then
	export LC_ALL=C.UTF-8
	wide=$(printf '\344\270\255\346\226\207')   # "zhongwen", 6 bytes
	cp "$MEMHOG" "$TMP/$wide$$"
	"$TMP/$wide$$" 8 > "$TMP/wide.out" &
	whog=$!
	CHILDREN="$CHILDREN $whog"
	poll 30 grep -q done "$TMP/wide.out" || fail "the second memhog did not start"
	start 120 30 -d 0.3 -p "$whog"
	T send-keys -t s -l '\'
	T send-keys -t s -l "$wide"
	T send-keys -t s Enter
	wait_for "filter: $wide, 1\\]" || fail "no filter by a UTF-8 name: $(grep -a filter "$TMP/pane")"
	grep -Eq "^ +$whog " "$TMP/pane" || fail "the filtered row is not the UTF-8-named memhog"
	T send-keys -t s q
	wait_for 'EXIT=0' || fail "q after the UTF-8 filter"
	kill "$whog"
	pass "filter by a UTF-8 name"
	# a combining mark joins the letter before it ("e" and U+0301: it was
	# left out, "cafe"); a bidirectional control that would reorder the
	# text after it (U+202E) is shown escaped, as in every view
	mark=$(printf 'cafe\314\201')
	bidi=$(printf 'rl\342\200\256o')
	cp "$MEMHOG" "$TMP/$mark$$"
	cp "$MEMHOG" "$TMP/$bidi$$"
	"$TMP/$mark$$" 8 > "$TMP/mark.out" &
	mhog=$!
	"$TMP/$bidi$$" 8 > "$TMP/bidi.out" &
	bhog=$!
	CHILDREN="$CHILDREN $mhog $bhog"
	poll 30 grep -q done "$TMP/mark.out" || fail "the accented memhog did not start"
	poll 30 grep -q done "$TMP/bidi.out" || fail "the bidi-named memhog did not start"
	start 120 30 -d 0.3 -p "$mhog,$bhog"
	wait_for "^ +$mhog .*$mark$$" || fail "the combining mark is not drawn on its letter: $(grep -a " $mhog " "$TMP/pane")"
	wait_for "^ +$bhog .*rl\\\\xe2\\\\x80\\\\xaeo$$" ||
		fail "the bidi control is not escaped: $(grep -a " $bhog " "$TMP/pane")"
	T send-keys -t s q
	wait_for 'EXIT=0' || fail "q after the accented names"
	kill "$mhog" "$bhog"
	unset LC_ALL
	pass "a combining mark drawn, a bidi control escaped"
fi

# SIGTERM, SIGHUP and Ctrl-C (SIGINT) restore the terminal too
for sig in TERM HUP INT; do
	start 80 24 -d 0.3
	if [ $sig = INT ]; then
		T send-keys -t s C-c
	else
		pid=$(pane_program)
		[ -n "$pid" ] && runs "$pid" "$OOMCAST" || fail "cannot find the dashboard's pid"
		kill -$sig "$pid"
	fi
	wait_for 'EXIT=0' || fail "SIG$sig: no clean exit"
	wait_for 'TTY-(RESTORED|CHANGED)' || fail "SIG$sig: no terminal verdict"
	grep -q TTY-RESTORED "$TMP/pane" || fail "SIG$sig: terminal not restored"
done
pass "SIGTERM, SIGHUP, SIGINT"

# monochrome: each bar segment has its own character; ASCII: no other bytes
NO_COLOR=1 start 80 24 -d 0.3
wait_for '\[\|*[|*#:]*\.+\]' || fail "NO_COLOR: the free part of the bar is not drawn with '.'"
T send-keys -t s q
start 80 24 -d 0.3 --ascii
T capture-pane -p -t s | LC_ALL=C grep -q '[^ -~]' && fail "--ascii drew non-ASCII bytes"
T send-keys -t s q
wait_for 'EXIT=0' || fail "--ascii: q"
pass "NO_COLOR and --ascii"

# not a terminal: a clear error, not a broken screen
"$OOMCAST" < /dev/null > "$TMP/o" 2> "$TMP/e" && fail "dashboard ran without a terminal"
grep -q "needs a terminal" "$TMP/e" || fail "no clear error without a terminal: $(cat "$TMP/e")"
pass "dashboard"
