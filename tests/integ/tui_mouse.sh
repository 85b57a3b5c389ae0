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

tmux_fresh
T new-session -d -s s -x 120 -y 40 "env TERM=xterm-256color $OOMCAST -d 0.5 --no-color; sleep 30"
wait_for '^ +PID' || fail "dashboard did not start"
sleep 1.5   # the first frames lay out fewer rows: click where it settled
T capture-pane -p -t s > "$TMP/pane"
y=$(header_y)
click 5 "$y"
wait_for 'PID\^|PID▲' || fail "a click on PID did not sort by it"
wait_for "^ +1 " || fail "pid 1 is not first after sorting by PID"
click 5 "$y"
wait_for 'PIDv|PID▼' || fail "a second click did not reverse"
# select the third row with a click, pin it with w: it goes on top
row3=$(sed -n "$((y + 3))p" "$TMP/pane" | awk '{print $1}')
click 10 $((y + 3))
T send-keys -t s w
wait_for "^ +$row3 " || fail "clicked row ($row3) not selected"
first=$(sed -n "$((y + 1))p" "$TMP/pane" | awk '{print $1}')
[ "$first" = "$row3" ] || fail "w after the click pinned $first, not $row3"
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
