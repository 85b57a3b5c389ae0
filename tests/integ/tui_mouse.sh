#!/bin/sh
# The mouse in the dashboard, driven in tmux with xterm SGR mouse reports:
# a click on the PID header sorts by PID, a second click reverses it; a click
# on a row selects it (w then pins that process on top); with --no-mouse
# oomcast does not ask the terminal for mouse reports. (The wheel is
# unit-tested in test_layout.)
. "$TESTLIB"
command -v tmux > /dev/null || skip "tmux is not installed (apt-get install tmux)"
export TERM=xterm-256color
click() {   # X Y (1-based): a left press and release
	T send-keys -t s -l "$(printf '\033[<0;%d;%dM\033[<0;%d;%dm' "$1" "$2" "$1" "$2")"
}
header_y() { grep -n '^ *PID' "$TMP/pane" | head -1 | cut -d: -f1; }
# settle: capture until the table's header stays on one line for a second
# (the first frames lay out fewer rows; a banner may come and push it down)
settle() {
	end=$(($(date +%s) + 20))
	T capture-pane -p -t s > "$TMP/pane"
	y=$(header_y)
	while [ "$(date +%s)" -le "$end" ]; do
		sleep 1
		T capture-pane -p -t s > "$TMP/pane"
		[ -n "$y" ] && [ "$(header_y)" = "$y" ] && return 0
		y=$(header_y)
	done
	fail "the dashboard's layout did not settle"
}
# click_at X DY: click DY lines below the header, and again (at most three
# times) while the header had moved by the time of the click: then it landed
# elsewhere than aimed
click_at() {
	for try in 1 2 3; do
		settle
		click "$1" $((y + $2))
		T capture-pane -p -t s > "$TMP/pane.after"
		[ "$(grep -n '^ *PID' "$TMP/pane.after" | head -1 | cut -d: -f1)" = "$y" ] && return 0
	done
	fail "the layout kept moving under the clicks"
}
# first_is PID: the first row below the header is PID's
first_is() {
	T capture-pane -p -t s > "$TMP/pane"
	[ "$(grep -A1 '^ *PID' "$TMP/pane" | sed -n 2p | awk '{print $1}')" = "$1" ]
}

# idle processes of this test's own, with a name of their own: the click on
# a row is made among them, filtered, where no other process comes or goes
name=mousetest$$
cp "$(command -v sleep)" "$TMP/$name"
for i in 1 2 3 4 5; do
	"$TMP/$name" 120 &
	CHILDREN="$CHILDREN $!"
	wait_exec $! "$TMP/$name"
done

tmux_fresh
T new-session -d -s s -x 120 -y 40 "env TERM=xterm-256color $OOMCAST -d 0.5 --no-color; sleep 30"
wait_for '^ +PID' || fail "dashboard did not start"
click_at 5 0
wait_for 'PID\^|PID▲' || fail "a click on PID did not sort by it"
wait_for "^ +1 " || fail "pid 1 is not first after sorting by PID"
click_at 5 0
wait_for 'PIDv|PID▼' || fail "a second click did not reverse"
# only ours from here: five rows, largest pid first, that stay put
T send-keys -t s -l '\'
T send-keys -t s -l "$name"
T send-keys -t s Enter
wait_for "filter: $name, 5\\]" || fail "the filter did not keep our five processes"
# select the third row with a click, pin it with W: it goes on top
settle
row3=$(sed -n "$((y + 3))p" "$TMP/pane" | awk '{print $1}')
case " $CHILDREN " in *" $row3 "*) ;; *) fail "third row ($row3) is not one of ours" ;; esac
click_at 10 3
[ "$(sed -n "$((y + 3))p" "$TMP/pane.after" | awk '{print $1}')" = "$row3" ] ||
	fail "the rows moved under the click: $(cat "$TMP/pane.after")"
first_is "$row3" && fail "the third row ($row3) was first before W"
T send-keys -t s W
poll 10 first_is "$row3" ||
	fail "clicked row ($row3) not selected: W pinned $(grep -A1 '^ *PID' "$TMP/pane" | sed -n 2p)"
T send-keys -t s q
wait_gone '^ +PID' || fail "q did not quit"

# --no-mouse: the terminal keeps the mouse (selecting text works): oomcast
# does not turn on mouse reporting, which tmux can tell
tmux_fresh
T new-session -d -s s -x 120 -y 40 "env TERM=xterm-256color $OOMCAST -d 0.5 --no-color --no-mouse; sleep 30"
wait_for '^ +PID' || fail "dashboard (--no-mouse) did not start"
[ "$(T display -p -t s '#{mouse_standard_flag}#{mouse_button_flag}#{mouse_any_flag}')" = 000 ] ||
	fail "--no-mouse still asks the terminal for mouse reports"
T send-keys -t s q
tmux_fresh
T new-session -d -s s -x 120 -y 40 "env TERM=xterm-256color $OOMCAST -d 0.5 --no-color; sleep 30"
wait_for '^ +PID' || fail "dashboard did not start again"
[ "$(T display -p -t s '#{mouse_standard_flag}')" = 1 ] || fail "the mouse was not asked for"
T send-keys -t s q
pass "mouse: header sorts and reverses, a click selects; --no-mouse asks for no reports"
