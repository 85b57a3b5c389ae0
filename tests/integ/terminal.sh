#!/bin/sh
# The dashboard on a terminal type it cannot use (TERM unknown, empty,
# unset or dumb): one line of ours naming it, exit 2, instead of ncurses' message and
# exit 1. Runs oomcast on a pseudo-terminal made by script(1).
. "$TESTLIB"
command -v script > /dev/null || skip "script(1) is not installed (util-linux)"

on_pty() { # ENV-ARGS: run oomcast on a pty; output in $TMP/pty, status in $rc
	# shellcheck disable=SC2086
	env $1 script -qec "'$OOMCAST' -n 1 -d 0.1" /dev/null > "$TMP/pty" 2>&1 < /dev/null
	rc=$?
	tr -d '\r' < "$TMP/pty" | grep -v '^$' > "$TMP/lines"
}

on_pty "TERM=xyz-no-such-terminal"
[ $rc = 2 ] || fail "TERM unknown: exit $rc: $(cat "$TMP/pty")"
[ "$(wc -l < "$TMP/lines")" = 1 ] || fail "TERM unknown: not one line: $(cat "$TMP/lines")"
grep -qF 'oomcast: cannot use terminal type "xyz-no-such-terminal": unknown terminal (set TERM, or use -b / --json)' \
	"$TMP/lines" || fail "TERM unknown: $(cat "$TMP/lines")"
for e in "TERM=" "-u TERM"; do
	on_pty "$e"
	[ $rc = 2 ] || fail "$e: exit $rc: $(cat "$TMP/pty")"
	[ "$(cat "$TMP/lines")" = "oomcast: TERM is not set (set TERM, or use -b / --json)" ] ||
		fail "$e: $(cat "$TMP/lines")"
done
# control bytes in TERM do not reach the terminal
on_pty "TERM=$(printf 'a\033[2Jb')"
[ $rc = 2 ] && grep -qF 'terminal type "a\x1b[2Jb"' "$TMP/lines" || fail "TERM with escapes: $(cat -v "$TMP/lines")"
# a known type that cannot place text (dumb): refused, not a garbled screen
if infocmp dumb > /dev/null 2>&1; then
	on_pty "TERM=dumb"
	[ $rc = 2 ] && [ "$(cat "$TMP/lines")" = 'oomcast: cannot use terminal type "dumb": it cannot move the cursor (set TERM, or use -b / --json)' ] ||
		fail "TERM=dumb: exit $rc: $(cat -v "$TMP/lines")"
fi
# a known one still works
on_pty "TERM=xterm"
[ $rc = 0 ] || fail "TERM=xterm: exit $rc: $(cat "$TMP/pty")"
pass "unusable TERM: one line, exit 2"
