#!/bin/sh
# SIGTERM at any moment never cuts a JSON line: each sample is built in
# memory and written whole, the handler only notes the signal, and oomcast
# ends after the line it is on (with the signal's status, 143).
. "$TESTLIB"
for i in $(seq 20); do
	# a large line (every process) to a file and through a pipe
	"$OOMCAST" --json -d 0.1 --top 0 > "$TMP/f.jsonl" & p=$!
	sleep "0.$(( (i * 37) % 10 ))$(( (i * 7) % 10 ))"
	kill -TERM $p
	wait $p
	rc=$?
	[ $rc = 143 ] || fail "run $i: exit $rc after SIGTERM, expected 143"
	jq -e .schema "$TMP/f.jsonl" > /dev/null || fail "run $i: a line does not parse"
	[ ! -s "$TMP/f.jsonl" ] || [ "$(tail -c 1 "$TMP/f.jsonl" | od -An -c | tr -d ' ')" = '\n' ] ||
		fail "run $i: the last line is cut"
done
for i in $(seq 10); do
	# (the pid file written afresh and oomcast running before the clock
	# starts: a stale or empty pid would signal some other process)
	rm -f "$TMP/pid"
	sh -c 'echo $$ > "$1"; exec "$2" --json -d 0.1 --top 0' sh "$TMP/pid" "$OOMCAST" | cat > "$TMP/p.jsonl" &
	poll 20 test -s "$TMP/pid" || fail "pipe run $i: no pid written"
	wait_exec "$(cat "$TMP/pid")" "$OOMCAST"
	sleep "0.$(( (i * 53) % 10 ))5"
	kill -TERM "$(cat "$TMP/pid")"
	wait
	jq -e .schema "$TMP/p.jsonl" > /dev/null || fail "pipe run $i: a line does not parse"
done
pass "SIGTERM at random moments: every JSON line whole"
