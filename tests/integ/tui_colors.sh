#!/bin/sh
# The colour setting (oomcastrc color=, the setup screen): auto, 256, 8 and
# none, as htop and btop users expect, each on the terminal it is used on.
# For each: the sorted column's title readable (black on cyan with colours,
# never bold black, grey on many terminals; bold and underlined on the
# reversed header without), and the 256-colour shades present only where
# 256 colours are in use (asked for or auto, and the terminal has them).
# The setup screen cycles the setting and applies it at once, says what is
# in use where the terminal (or NO_COLOR) gives less, and saves it when it
# closes; a damaged value is one line, never a crash.
. "$TESTLIB"
command -v tmux > /dev/null || skip "tmux is not installed (apt-get install tmux)"
rcfile="$XDG_CONFIG_HOME/oomcast/oomcastrc"
mkdir -p "$(dirname "$rcfile")"

# sorted_sgr: the attributes of the sorted title (RSS) on the screen now
sorted_sgr() {
	T capture-pane -e -p -t s > "$TMP/epane"
	grep -a 'PID' "$TMP/epane" | head -1 | sed 's/RSS.*//' | sgr_fold
}
# check MODE WHAT SHADES: the sorted title as MODE (color, none) draws it,
# and 256-colour shades on the screen (yes, no); polled, so a capture taken
# while a frame is drawn is not taken for the result
check() {
	case "$1" in
	none) want="fg=- bg=- bold=1 ul=1 rev=0" ;;
	*) want="fg=30 bg=46 bold=0 ul=0 rev=0" ;;
	esac
	end=$(($(date +%s) + 10))
	while :; do
		sgr=$(sorted_sgr)
		n256=$(grep -ac '38;5;' "$TMP/epane")
		shades=no; [ "$n256" -gt 0 ] && shades=yes
		[ "$sgr" = "$want" ] && [ "$shades" = "$3" ] && break
		[ "$(date +%s)" -le "$end" ] || break
		sleep 0.2
	done
	case "$1" in
	none) [ "$sgr" = "$want" ] ||
		fail "$2: sorted title not bold underlined on the reversed header: $sgr in $(grep -a PID "$TMP/epane" | head -1 | cat -v)" ;;
	*) [ "$sgr" = "$want" ] ||
		fail "$2: sorted title not black on cyan: $sgr in $(grep -a PID "$TMP/epane" | head -1 | cat -v)" ;;
	esac
	[ "$shades" = "$3" ] || fail "$2: 256-colour shades $shades, expected $3: $(grep -ao '38;5;[0-9]*' "$TMP/epane" | sort -u | tr '\n' ' ')"
	echo "$2: sorted title $sgr, rows with 256-colour shades: $n256"
}
start() {   # TERM [ENV...]
	tmux_fresh
	term=$1; shift
	cat > "$TMP/run.sh" <<EOS
env TERM=$term $* "$OOMCAST" -d 0.3 2> "$TMP/err"
echo "EXIT=\$?"
exec sleep 60
EOS
	T new-session -d -s s -x 120 -y 30 "sh $TMP/run.sh"
	wait_for 'PID' || fail "$term $*: the dashboard did not start"
	wait_for 'RSS' || fail "$term $*: no RSS header"
	# the RAM bar's colours come with the first sample
	wait_for 'used /' || fail "$term $*: no RAM bar"
}
quit() {
	T send-keys -t s q
	wait_for 'EXIT=0' || fail "$1: q did not exit 0"
}

# TERM        color=  title   256 shades
while read -r term color title shades; do
	printf 'oomcastrc 1\ncolor=%s\n' "$color" > "$rcfile"
	start "$term"
	check "$title" "$term color=$color" "$shades"
	quit "$term color=$color"
	[ -s "$TMP/err" ] && fail "$term color=$color: an error: $(cat "$TMP/err")"
done <<EOF2
xterm-256color auto color yes
xterm          auto color no
xterm-256color 256  color yes
xterm          256  color no
xterm-256color 8    color no
xterm          8    color no
xterm-256color none none  no
xterm-256color mono none  no
EOF2
# NO_COLOR wins over the file, which it leaves as it is
printf 'oomcastrc 1\ncolor=256\n' > "$rcfile"
start xterm-256color NO_COLOR=1
check none "NO_COLOR with color=256" no
quit "NO_COLOR"
grep -qx 'color=256' "$rcfile" || fail "NO_COLOR changed the file: $(cat "$rcfile")"

# the setup screen: the Colours line cycles auto, 256, 8, none, each at
# once; what is in use is said where it differs; closing saves it. The
# file is polled: "settings saved to" may still be on the screen from the
# save before (distcheck read the file before the second save once)
saved() { # LINE: the rc file has it within 5 s
	for _ in $(seq 50); do
		grep -qx "$1" "$rcfile" 2> /dev/null && return 0
		sleep 0.1
	done
	return 1
}
rm -f "$rcfile"
start xterm-256color
T send-keys -t s S
wait_for 'Colours +auto \(256 in use\)' || fail "setup: Colours is not auto (256 in use) at first"
T send-keys -t s Down Down Down Down Down Right
wait_for 'Colours +256 *\|' || fail "setup: Right did not go to 256"
check color "setup: 256 on xterm-256color" yes
T send-keys -t s Right
wait_for 'Colours +8 *\|' || fail "setup: Right after 256 is not 8"
check color "setup: 8 on xterm-256color, at once" no
T send-keys -t s Escape
wait_for 'settings saved to' || fail "setup: closing did not save"
saved 'color=8' || fail "setup: color=8 not saved: $(cat "$rcfile")"
T send-keys -t s S
T send-keys -t s Down Down Down Down Down Right
wait_for 'Colours +none *\|' || fail "setup: Right after 8 is not none"
check none "setup: none, at once" no
T send-keys -t s Escape
wait_for 'settings saved to' || fail "setup: closing did not save none"
saved 'color=none' || fail "setup: color=none not saved: $(cat "$rcfile")"
T send-keys -t s S
T send-keys -t s Down Down Down Down Down Right
wait_for 'Colours +auto \(256 in use\)' || fail "setup: Right after none is not auto (256 in use)"
T send-keys -t s Escape
wait_for 'settings saved to' || fail "setup: closing did not save auto"
check color "setup: back to auto" yes
quit "setup"
# on a terminal of 8 colours, 256 says 8 are in use
printf 'oomcastrc 1\ncolor=256\n' > "$rcfile"
start xterm
T send-keys -t s S
wait_for 'Colours +256 \(8 in use\)' || fail "setup: 256 on xterm does not say 8 are in use"
T send-keys -t s Escape
quit "256 on xterm"
# NO_COLOR: the setup says none are in use, whatever is asked
start xterm-256color NO_COLOR=1
T send-keys -t s S
wait_for 'Colours +256 \(none in use\)' || fail "setup: NO_COLOR does not say none are in use"
T send-keys -t s Escape
quit "NO_COLOR setup"

# a damaged value: one line (status line and stderr), defaults, no crash
printf 'oomcastrc 1\ncolor=16m\n' > "$rcfile"
start xterm-256color
wait_for "line 2: color '16m' is not auto, 256, 8 or none" ||
	fail "the status line does not say what is wrong with color="
check color "damaged color=" yes
quit "damaged"
[ "$(wc -l < "$TMP/err")" = 1 ] || fail "damaged: not one line on stderr: $(cat "$TMP/err")"
grep -q "line 2: color '16m' is not auto, 256, 8 or none; settings ignored" "$TMP/err" ||
	fail "damaged: stderr: $(cat "$TMP/err")"
pass "colours auto, 256, 8, none: the sorted title readable in each, the setup screen, a damaged value"
