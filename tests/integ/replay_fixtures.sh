#!/bin/sh
# Recordings of every kind, kept with what replay must make of them (as
# sysstat keeps old and broken data files): tests/fixtures/recording/EXPECTED
# lists each file, the samples replay --json prints, its exit status and its
# one line on stderr ("-" none). A later minor version plays as the file it
# was made from, the same JSON.
. "$TESTLIB"
dir="$FIXTURES/recording"
while read -r file samples status msg; do
	case "$file" in '#'*|'') continue ;; esac
	timeout 30 "$OOMCAST" replay "$dir/$file" --json > "$TMP/out" 2> "$TMP/err"
	rc=$?
	[ "$rc" = "$status" ] || fail "$file: exit $rc, expected $status ($(cat "$TMP/err"))"
	n=$(wc -l < "$TMP/out")
	[ "$n" = "$samples" ] || fail "$file: $n samples, expected $samples"
	[ "$n" = 0 ] || jq -e . "$TMP/out" > /dev/null || fail "$file: not valid JSON"
	want=$(printf '%s' "$msg" | sed "s|FILE|$dir/$file|")
	if [ "$msg" = - ]; then
		[ ! -s "$TMP/err" ] || fail "$file: said $(cat "$TMP/err")"
	else
		[ "$(cat "$TMP/err")" = "$want" ] || fail "$file: said '$(cat "$TMP/err")', expected '$want'"
	fi
done < "$dir/EXPECTED"
# unknown fields and frames are skipped: the same JSON as the file it came from
timeout 30 "$OOMCAST" replay "$dir/v1.0.rec" --json > "$TMP/a" || fail "v1.0 exit $?"
timeout 30 "$OOMCAST" replay "$dir/v1.99-future.rec" --json > "$TMP/b" || fail "v1.99 exit $?"
cmp -s "$TMP/a" "$TMP/b" || fail "v1.99-future.rec plays other JSON than v1.0.rec"
# the recorded times, not the clock's
[ "$(head -1 "$TMP/a" | jq .t)" = "$(head -1 "$TMP/b" | jq .t)" ] || fail "times"
pass "recording fixtures replay as EXPECTED says"
