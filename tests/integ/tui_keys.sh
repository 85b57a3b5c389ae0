#!/bin/sh
# The dashboard's htop keys, driven in tmux at 200x50, 80x24 and 40x10, on
# this test's own processes only (a parent shell and two memhogs, found by
# a filter on this test's directory, which no other process has in its
# command line): N sorts by PID, t shows the tree, / searches, space/c/U
# tag, k signals (the confirmation names the process, its pid and size; the
# child dies; the status line says so), Enter opens the details (smaps,
# largest mappings) and they scroll, help scrolls to its end, x without a
# banner says what it would show, K shows kernel threads, P/H explain, Z
# pauses, + lengthens the interval.
. "$TESTLIB"
command -v tmux > /dev/null || skip "tmux is not installed (apt-get install tmux)"
[ -x "${MEMHOG:-}" ] || skip "memhog helper not built"
export TERM=xterm-256color
# hog B's 60 MiB; built with AddressSanitizer it holds more (its heap's
# shadow and the sanitizer's runtime), as in tui.sh
b_re='6[0-9]'
[ -n "${OOMCAST_TEST_SANITIZED:-}" ] && b_re='(6[0-9]|7[0-9])'

tag=fam$$                       # in every command line of ours, no one else's
mkdir "$TMP/$tag"
cp "$MEMHOG" "$TMP/$tag/khA$$"
cp "$MEMHOG" "$TMP/$tag/khB$$"
cat > "$TMP/$tag/kp.sh" <<EOS
"$TMP/$tag/khA$$" 40 > "$TMP/a.out" &
"$TMP/$tag/khB$$" 60 > "$TMP/b.out" &
wait
EOS

# family: a parent shell and its two hogs; sets parent, a, b
family() {
	rm -f "$TMP/a.out" "$TMP/b.out"
	sh "$TMP/$tag/kp.sh" &
	parent=$!
	CHILDREN="$CHILDREN $parent"
	poll 30 grep -q done "$TMP/a.out" || fail "memhog A did not start"
	poll 30 grep -q done "$TMP/b.out" || fail "memhog B did not start"
	a=$(pgrep -P "$parent" -f "khA$$") b=$(pgrep -P "$parent" -f "khB$$")
	[ -n "$a" ] && [ -n "$b" ] || fail "cannot find the hogs under $parent"
	CHILDREN="$CHILDREN $a $b"
}
# alive PID: running (not gone, not a zombie)
alive() { [ -r "/proc/$1/stat" ] && ! grep -q '^[0-9]* ([^)]*) Z' "/proc/$1/stat"; }

start() {
	tmux_fresh
	T new-session -d -s s -x "$1" -y "$2" "$OOMCAST -d 0.3; sleep 60"
	wait_for 'PID' || fail "dashboard did not start at $1x$2"
}
# filter F: type \F Enter and wait for the filter's status
filter() {
	T send-keys -t s -l '\'
	T send-keys -t s -l "$1"
	T send-keys -t s Enter
}
# the pids of the table's rows, in order
# (below the table's header only: on a busy machine the banner and the
# forecast rows above it can hold lines that start with a number too)
row_pids() { awk '/PID/ && /COMMAND/ {t = 1; next} t && /^ +[0-9]+ / {print $1}' "$TMP/pane"; }

for size in 200x50 80x24 40x10; do
	w=${size%x*} h=${size#*x}
	family
	start "$w" "$h"
	filter "$tag"
	wait_for "filter: $tag, 3\\]" 15 || fail "$size: the filter does not keep our 3 processes"
	# N: by PID, ascending (the parent was forked first; pids only grow
	# here unless they wrapped, so compare the rows with each other)
	T send-keys -t s N
	wait_for 'PID(\^|▲)' || fail "$size: N did not sort by PID"
	row_pids > "$TMP/rows"
	sort -n "$TMP/rows" | cmp -s - "$TMP/rows" || fail "$size: rows not by PID: $(tr '\n' ' ' < "$TMP/rows")"
	# V sorts by GPU memory: where that column is not on screen (no
	# process's GPU memory known here, or too narrow), the header says so
	if [ "$w" -ge 80 ] && ! grep -q 'PID.* GPU .*COMMAND' "$TMP/pane"; then
		T send-keys -t s V
		wait_for 'COMMAND .*(sorted by GPU, not shown|\(GPU(▼|v)\)) *$' ||
			fail "$size: V on a table without a GPU column said nothing"
		grep -q 'PID.*RSS.*ANON.*GROWTH.*OOM COMMAND' "$TMP/pane" || fail "$size: the note covers a column's title"
		T send-keys -t s N
		wait_for 'PID(\^|▲)' || fail "$size: N again"
	fi
	# P: no CPU column, it says so; H: no threads
	T send-keys -t s P
	wait_for 'no CPU column' || fail "$size: P did not explain"
	T send-keys -t s H
	wait_for 'not threads' || fail "$size: H did not explain"
	# t: the tree; the hogs under the parent, drawn as htop draws branches
	# (by PID: A first, with a sibling after it; B the last child)
	T send-keys -t s t
	if [ "$h" -ge 24 ]; then
		wait_for "^ +$a .*(├─|\|-) " || fail "$size: tree does not draw A under its parent, a sibling below"
		grep -Eq "^ +$b .*(└─|\`-) " "$TMP/pane" || fail "$size: tree does not draw B as the last child"
		[ "$(row_pids | head -1)" = "$parent" ] || fail "$size: the parent is not the tree's root row"
	fi
	wait_for '\[tree\]' || fail "$size: no [tree] in the status line"
	T send-keys -t s t
	wait_gone '\[tree\]' || fail "$size: t again did not leave the tree"
	# tags: space tags one (and moves down), U untags, c tags the parent and its children
	T send-keys -t s Home Space
	wait_for '\[1 tagged\]' || fail "$size: space did not tag"
	T send-keys -t s U
	wait_gone 'tagged\]' || fail "$size: U did not untag"
	T send-keys -t s /
	T send-keys -t s -l "kp.sh"
	wait_for 'Search: kp\.sh' || fail "$size: / did not start a search"
	T send-keys -t s Enter c
	wait_for '\[3 tagged\]' || fail "$size: c on the parent did not tag it and its 2 children"
	# k with tags: all of them; Esc cancels, nobody is signalled
	T send-keys -t s k
	wait_for 'send to 3 tagged' || fail "$size: k did not offer the tagged processes"
	T send-keys -t s Escape
	wait_gone 'send to 3' || fail "$size: Esc did not close the signal picker"
	alive "$a" && alive "$b" && alive "$parent" || fail "$size: a cancelled signal killed something"
	T send-keys -t s U
	# / finds B; Enter opens its details
	T send-keys -t s /
	T send-keys -t s -l "khB$$"
	T send-keys -t s Enter
	T send-keys -t s Enter
	wait_for "$b khB$$" || fail "$size: search and Enter did not open B's details"
	wait_for "Memory \\(smaps_rollup\\): Rss $b_re" || fail "$size: details lack B's ~60M smaps RSS"
	# the details scroll where they do not fit: End shows the last line,
	# Home the first again
	long=; grep -Eq ' of [0-9]+ \(Down\)' "$TMP/pane" && long=1
	[ "$h" -le 10 ] && [ -z "$long" ] && fail "$size: the details fit in 10 lines?"
	T send-keys -t s End
	wait_for 'closes\)' || fail "$size: End did not reach the end of the details"
	if [ -n "$long" ]; then
		grep -q 'Command:' "$TMP/pane" && fail "$size: the details did not scroll"
		T send-keys -t s Home
		wait_for 'Command:' || fail "$size: Home did not go back to the top"
	fi
	# the largest mapping is its anonymous memory, ~60M
	T send-keys -t s Home
	for i in $(seq 16); do
		grep -Eq "$b_re\\.[0-9]M +\\[anon\\]" "$TMP/pane" && break
		T send-keys -t s Down Down Down
		sleep 0.3
		T capture-pane -p -t s > "$TMP/pane"
	done
	grep -Eq "$b_re\\.[0-9]M +\\[anon\\]" "$TMP/pane" || fail "$size: no ~60M [anon] mapping in the details"
	# k from the details: SIGTERM first, then a confirmation naming B
	T send-keys -t s k
	wait_for "send to $b khB" || fail "$size: k in the details did not offer B"
	grep -q 'SIGTERM' "$TMP/pane" || fail "$size: SIGTERM not offered"
	T send-keys -t s Enter
	# (the picker's title names B too: wait for the confirmation itself;
	# on a busy machine the picker's frame can still be on screen)
	wait_for 'Send SIGTERM to this process' || fail "$size: the confirmation does not name the signal"
	grep -Eq "$b khB$$ \\(RSS $b_re" "$TMP/pane" || fail "$size: the confirmation does not name B, its pid and size"
	alive "$b" || fail "$size: B died before the confirmation"
	T send-keys -t s y
	wait_for "SIGTERM sent to $b khB" || fail "$size: no result on the status line"
	poll 10 sh -c "! [ -r /proc/$b/stat ] || grep -q ') Z' /proc/$b/stat" || fail "$size: B ($b) did not die"
	alive "$a" || fail "$size: A died too"
	alive "$parent" || fail "$size: the parent died too"
	# K: kernel threads hidden at start, shown with K (Esc drops our filter first)
	T send-keys -t s Escape
	wait_gone "filter: $tag" || fail "$size: Esc did not drop the filter"
	filter kthreadd
	if [ -r /proc/2/stat ] && grep -q '(kthreadd)' /proc/2/stat; then
		wait_for 'no process matches' || fail "$size: kernel threads were shown at start"
		T send-keys -t s K
		wait_for '^ +2 ' || fail "$size: K did not show kthreadd"
		T send-keys -t s K
		wait_for 'no process matches' || fail "$size: K again did not hide it"
	fi
	T send-keys -t s Escape
	# help scrolls to its end and back
	T send-keys -t s h
	wait_for 'oomcast keys' || fail "$size: help did not open"
	# a description wrapped for 80 columns is wrapped once for a narrower
	# box, not twice ("Esc, q," was once a row of its own at 40)
	grep -Eq '^\| +Esc, q, *\|' "$TMP/pane" && fail "$size: the help is wrapped twice: $(grep Esc "$TMP/pane")"
	if grep -Eq ' of [0-9]+ \(Down\)' "$TMP/pane"; then
		T send-keys -t s End
		wait_for '\(Up\) ' || fail "$size: End did not scroll the help to its end"
		grep -q 'quit' "$TMP/pane" && fail "$size: the help did not scroll"
		T send-keys -t s Home
		wait_for 'q F10' || fail "$size: Home did not go back"
	fi
	T send-keys -t s Escape
	wait_gone 'oomcast keys' || fail "$size: Esc did not close the help"
	# x: with no banner up, it says what it would show; on a busy machine
	# another test's OOM kill may have raised one: its entry then (at 40x10
	# only its first lines, "Cause:" further down, a scroll mark)
	T send-keys -t s x
	wait_for 'No advice now|Cause:| of [0-9]+ \((Down|Up)\)' || fail "$size: x showed nothing"
	if grep -q 'No advice now' "$TMP/pane"; then
		grep -q 'When a forecast turns' "$TMP/pane" || fail "$size: x does not say what it would show"
	fi
	T send-keys -t s x
	wait_gone 'No advice now|Cause:| of [0-9]+ \((Down|Up)\)' || fail "$size: x again did not close the entry"
	# E: the event log opens and closes
	T send-keys -t s E
	wait_for 'events \(OOM kills' || fail "$size: E did not open the events"
	T send-keys -t s Escape
	wait_gone 'events \(OOM kills' || fail "$size: Esc did not close the events"
	# Z pauses; + lengthens the interval (0.3 s -> 0.5 s), - shortens it
	if [ "$w" -ge 80 ]; then
		T send-keys -t s Z
		wait_for 'PAUSED' || fail "$size: Z did not pause"
		T send-keys -t s Z
		wait_gone 'PAUSED' || fail "$size: Z again did not resume"
		T send-keys -t s +
		wait_for 'every 0\.5s' || fail "$size: + did not lengthen the interval"
		T send-keys -t s -
		wait_for 'every 0\.2s' || fail "$size: - did not shorten the interval"
	fi
	T send-keys -t s q
	wait_for 'PID' 2 > /dev/null
	kill "$a" "$parent" 2> /dev/null
	wait 2> /dev/null
	pass "htop keys at $size"
done
pass "dashboard keys"
