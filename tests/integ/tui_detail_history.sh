#!/bin/sh
# The detail view's growth chart covers the last minutes of a process opened
# for the first time, not only the time since it was opened: a memhog grows
# while the dashboard shows other rows (sorted by PID, the selection on the
# first row, never on the hog), then / finds it and Enter opens it. The
# chart's label must span about the time the dashboard has watched it (far
# more than the moment since it was opened), and its figures must be the
# hog's real RSS: the oldest near what /proc said when the dashboard
# started, the newest near what /proc says now.
. "$TESTLIB"
command -v tmux > /dev/null || skip "tmux is not installed (apt-get install tmux)"
[ -x "${MEMHOG:-}" ] || skip "memhog helper not built"
export TERM=xterm-256color

hog=dh$$hog                     # a name no other process has
cp "$MEMHOG" "$TMP/$hog"
# 10 MiB/s for 30 s: still growing when the view opens
"$TMP/$hog" 300 10 > "$TMP/hog.out" &
pid=$!
CHILDREN="$CHILDREN $pid"
wait_exec "$pid" "$TMP/$hog"
rss_mib() { awk '/^VmRSS:/ {printf "%d\n", $2 / 1024}' "/proc/$1/status"; }
# MiB of fmt_bytes's "152M", "1.20G", "980K"
mib() {
	echo "$1" | awk '{v = $1 + 0; u = substr($1, length($1))
		if (u == "G") v *= 1024; else if (u == "K") v /= 1024; else if (u == "B") v /= 1048576
		printf "%d\n", v}'
}

tmux_fresh
T new-session -d -s s -x 120 -y 40 "$OOMCAST -d 0.5; sleep 60"
wait_for 'PID' 20 || fail "dashboard did not start"
r0=$(rss_mib "$pid")
t0=$(date +%s)
# by PID, ascending: the selection sits on the first row, a low pid, not
# on the hog started a moment ago
T send-keys -t s N
wait_for 'PID(\^|▲)' || fail "N did not sort by PID"
sleep 14
T send-keys -t s /
T send-keys -t s -l "$hog"
T send-keys -t s Enter
T send-keys -t s Enter
wait_for "$pid $hog" || fail "search and Enter did not open the hog's details"
opened=$(date +%s)
# the chart is at the end of the view
T send-keys -t s End
wait_for 'Growth: RSS over the last' || fail "no growth chart in the details"
line=$(grep -Eo 'Growth: RSS over the last [^|]*' "$TMP/pane" | head -1)
echo "$line"
span=$(echo "$line" | sed -E 's/.*last ([0-9]+m)?([0-9]+)s:.*/\1 \2/' |
	awk '{m = 0; s = $NF; if (NF == 2) {m = $1 + 0}; print m * 60 + s}')
watched=$((opened - t0))
since_open=$(($(date +%s) - opened))
# steps are 4 s apart: the oldest kept may be up to one step after the start
[ "$span" -ge $((watched - 5)) ] ||
	fail "the chart covers ${span}s, the dashboard watched the hog ${watched}s"
[ "$span" -gt $((since_open + 5)) ] ||
	fail "the chart covers ${span}s: no more than the ${since_open}s since the view opened"
set -- $(echo "$line" | sed -E 's/.*s: ([^ ]+) to ([^,]+), now ([^,]+),.*/\1 \2 \3/')
lo=$(mib "$1") hi=$(mib "$2") now=$(mib "$3")
r1=$(rss_mib "$pid")
# the oldest point was taken at the dashboard's start (r0 then, growing
# 10 MiB/s: allow a few seconds of it on a busy machine)
[ "$lo" -le $((r0 + 40)) ] || fail "the chart's lowest ${lo} MiB: the hog had ${r0} MiB when watching began"
[ "$lo" -lt "$hi" ] || fail "the chart shows no growth: $line"
within "$now" "$r1" 20 || [ $((r1 - now)) -le 40 ] ||
	fail "the chart's newest ${now} MiB, /proc says ${r1} MiB"
# the chart row itself: as many points as the span holds steps, and more
# than one level (it grew)
# the chart is the line under its label; a capture can catch the pane
# mid-redraw (seen once under ASan: the label drawn, the table's row still
# under it), so the pane is read again, for 3 s at most, until it is there
for _ in $(seq 30); do
	grep -A1 'Growth: RSS over the last' "$TMP/pane" | tail -1 > "$TMP/chart"
	grep -q '[▁▂▃▄▅▆▇█]' "$TMP/chart" && break
	sleep 0.1
	T capture-pane -p -t s > "$TMP/pane" 2> /dev/null
done
levels=$(grep -o '[▁▂▃▄▅▆▇█]' "$TMP/chart" | sort -u | wc -l)
[ "$levels" -ge 2 ] || fail "the chart is flat: $(cat "$TMP/chart")"
T send-keys -t s q
pass "detail chart covers ${span}s of the hog (opened ${since_open}s ago, watched ${watched}s)"
