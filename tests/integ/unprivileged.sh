#!/bin/sh
# oomcast as an ordinary user on a /proc mounted with hidepid=1 (other users'
# /proc/PID files unreadable): it runs, and what it cannot read is null, not 0.
. "$TESTLIB"
[ "$(id -u)" = 0 ] || skip "needs root to mount a private /proc with hidepid=1"
command -v unshare > /dev/null && command -v setpriv > /dev/null || skip "unshare/setpriv missing (util-linux)"
# the binary where the unprivileged user can reach it
chmod 755 "$TMP"
cp "$OOMCAST" "$TMP/oomcast"
unshare -m sh -c "mount -t proc -o hidepid=1 proc /proc &&
	setpriv --reuid=65534 --regid=65534 --clear-groups '$TMP/oomcast' --json -n 2 -d 0.1 --top 0" \
	> "$TMP/u.jsonl" 2> "$TMP/u.err" ||
	skip "cannot mount a private /proc here: $(cat "$TMP/u.err")"
tail -1 "$TMP/u.jsonl" > "$TMP/u.json"
jq -e . "$TMP/u.json" > /dev/null || fail "not valid JSON"
jqt '.mem.total > 0' "$TMP/u.json" || fail "system memory unknown"
# root's processes are listed, their sizes unknown (null), never 0
jqt '[.procs[] | select(.rss == null)] | length > 0' "$TMP/u.json" || fail "no unreadable process seen"
jqt '[.procs[] | select(.rss == null) | .anon == null and .swap == null and .comm == null and .ppid == null and .oom_score == null] | all' \
	"$TMP/u.json" || fail "unreadable process has made-up values"
# its own process is fully known
jqt '[.procs[] | select(.user == "nobody" and .rss != null and .cmdline != null)] | length >= 1' \
	"$TMP/u.json" || fail "own process not readable: $(jq -c '.procs[-3:]' "$TMP/u.json")"
pass "unprivileged user under hidepid=1"
