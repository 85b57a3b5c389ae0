#!/bin/sh
# The dashboard replays a recording (tests/fixtures/recording/v1.0.rec: 12
# samples 8 s apart) in tmux: Z pauses, Left/Right step a sample, { } seek
# 60 s, + - change the speed, the status line says where it is in the
# recording's own time, help lists the keys, and a sample reached by going
# back (the recording played again from its start) draws the same screen as
# when it was reached going forward: nothing drawn comes from the clock.
. "$TESTLIB"
command -v tmux > /dev/null || skip "tmux is not installed"
rec="$FIXTURES/recording/v1.0.rec"
export TZ=UTC
t1=$(timeout 30 "$OOMCAST" replay "$rec" --json -n 1 | jq '.t | floor')
first=$(date -u -d "@$t1" +%H:%M:%S)
tmux_fresh
T new-session -d -s s -x 120 -y 40 "TZ=UTC XDG_CONFIG_HOME=$TMP/xdg $OOMCAST replay $rec --speed 0.01; sleep 30"
wait_for "REPLAY $first #1 x1/100 playing" || fail "replay did not start at the first sample, $first"
T send-keys -t s Right
wait_for "REPLAY .* #2 x1/100 paused" || fail "Right did not step to sample 2 and pause"
T capture-pane -p -t s > "$TMP/forward"
T send-keys -t s Right
wait_for "#3 x1/100 paused" || fail "Right did not step to 3"
T send-keys -t s Left
wait_for "#2 x1/100 paused" || fail "Left did not step back to 2"
T capture-pane -p -t s > "$TMP/back"
cmp -s "$TMP/forward" "$TMP/back" ||
	fail "sample 2 going back differs from going forward: $(diff "$TMP/forward" "$TMP/back" | head -10)"
T send-keys -t s '}'
wait_for "#9 x1/100 paused" || fail "} did not seek 60 s (8 samples) forward"
T send-keys -t s '{'
wait_for "#1 x1/100 paused" || fail "{ did not seek 60 s back"
T send-keys -t s + +
wait_for "#1 x1/25 paused" || fail "+ did not speed up"
T send-keys -t s -- -
wait_for "#1 x1/50 paused" || fail "- did not slow down"
T send-keys -t s '}' '}' Right
wait_for "#12 x1/50 end" || fail "the end of the recording not shown"
T send-keys -t s Z
wait_for "#12 x1/50 end" || fail "Z at the end"
T send-keys -t s h
wait_for "Replay keys" || fail "help does not list the replay keys"
# a key's notice shows on the player's line until the next key
T send-keys -t s Escape P
wait_for "no CPU column" || fail "P's notice not shown in a replay"
T send-keys -t s Right
wait_for "#12 x1/50 end" || fail "the player's line did not come back after a key"
# setup closed in a replay saves the settings, but not the recording's
# interval as the interval of live runs
T send-keys -t s S
wait_for "setup:" || fail "S did not open setup"
T send-keys -t s Escape
wait_for "settings saved to" || fail "setup did not save: $(tail -2 "$TMP/pane")"
grep -qx 'delay=1.000' "$TMP/xdg/oomcast/oomcastrc" ||
	fail "a replay saved its interval: $(grep delay "$TMP/xdg/oomcast/oomcastrc")"
T send-keys -t s q
wait_gone "REPLAY" || fail "q did not quit"
pass "replay keys in the dashboard; a sample replayed going back draws as going forward; notices; setup keeps the live interval"
