#!/bin/sh
# Settings kept between runs, at 200x50, 80x24 and 40x10: S opens the setup
# screen, a change takes effect at once and is saved to
# $XDG_CONFIG_HOME/oomcast/oomcastrc when it closes; the next run starts
# with it; a hidden column leaves the table; a damaged file is reported in
# one line (status line and stderr at exit) and ignored, never a crash.
. "$TESTLIB"
command -v tmux > /dev/null || skip "tmux is not installed (apt-get install tmux)"
export TERM=xterm-256color
rcfile="$XDG_CONFIG_HOME/oomcast/oomcastrc"

start() {
	tmux_fresh
	cat > "$TMP/run.sh" <<EOS
"$OOMCAST" -d 0.3 2> "$TMP/err"
echo "EXIT=\$?"
exec sleep 60
EOS
	T new-session -d -s s -x "$1" -y "$2" "sh $TMP/run.sh"
	wait_for 'PID' || fail "dashboard did not start at $1x$2"
}

for size in 200x50 80x24 40x10; do
	w=${size%x*} h=${size#*x}
	rm -rf "$XDG_CONFIG_HOME"
	start "$w" "$h"
	wait_for 'RSS(v|▼)' || fail "$size: not sorted by RSS at first"
	# S: the setup screen; Right: the next sort column, at once
	T send-keys -t s S
	wait_for 'Sort column +RSS' || fail "$size: S did not open the setup screen"
	T send-keys -t s Right
	wait_for 'Sort column +GROWTH' || fail "$size: Right did not change the sort column"
	# the last line (Column OOM): hidden
	T send-keys -t s End Enter
	[ "$h" -ge 24 ] && { wait_for 'Column OOM +hidden' || fail "$size: OOM column not hidden"; }
	T send-keys -t s Escape
	wait_for "settings saved to" || fail "$size: closing the setup did not save"
	wait_for 'GROWTH(v|▼)' || fail "$size: the table is not sorted by GROWTH"
	grep -qx 'sort=GROWTH' "$rcfile" || fail "$size: sort not in the file: $(cat "$rcfile")"
	grep -qx 'hide=OOM' "$rcfile" || fail "$size: hidden column not in the file: $(cat "$rcfile")"
	head -1 "$rcfile" | grep -qx 'oomcastrc 1' || fail "$size: the file has no version line"
	[ "$w" -ge 200 ] && { grep -Eq ' OOM +COMMAND' "$TMP/pane" && fail "$size: the OOM column still shows"; }
	T send-keys -t s q
	wait_for 'EXIT=0' || fail "$size: q did not exit 0"
	# the next run starts with them
	start "$w" "$h"
	wait_for 'GROWTH(v|▼)' || fail "$size: the saved sort was not used"
	[ "$w" -ge 200 ] && { grep -Eq ' OOM +COMMAND' "$TMP/pane" && fail "$size: the saved hidden column shows"; }
	T send-keys -t s q
	wait_for 'EXIT=0' || fail "$size: q did not exit 0"
	[ -s "$TMP/err" ] && fail "$size: a good file gave an error: $(cat "$TMP/err")"
	# damaged: one line, defaults, no crash
	printf 'oomcastrc 1\nsort=GROWTH\ndelay=soon\n\001\377garbage\n' > "$rcfile"
	start "$w" "$h"
	wait_for 'RSS(v|▼)' || fail "$size: a damaged file was not ignored"
	[ "$w" -ge 200 ] && { grep -q "line 3: delay 'soon' is not seconds" "$TMP/pane" ||
		fail "$size: the status line does not say what is wrong"; }
	T send-keys -t s q
	wait_for 'EXIT=0' || fail "$size: q after a damaged file"
	[ "$(wc -l < "$TMP/err")" = 1 ] || fail "$size: not one line on stderr: $(cat "$TMP/err")"
	grep -q "oomcast: $rcfile: line 3: delay 'soon' is not seconds from 0.1 to 60; settings ignored" "$TMP/err" ||
		fail "$size: stderr does not name the file and the line: $(cat "$TMP/err")"
	# binary garbage and another version: ignored the same way
	head -c 3000 /dev/urandom > "$rcfile"
	start "$w" "$h"
	T send-keys -t s q
	wait_for 'EXIT=0' || fail "$size: garbage in the file"
	grep -q "settings ignored" "$TMP/err" || fail "$size: garbage not reported"
	pass "settings at $size"
done
pass "settings kept between runs, setup screen, damaged files"
