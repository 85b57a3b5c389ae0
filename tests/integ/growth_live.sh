#!/bin/sh
# A child that allocates and touches 256 MiB at 64 MiB/s: oomcast shows its
# anonymous memory reach 256 MiB and a positive growth while it grows.
. "$TESTLIB"
[ -x "${MEMHOG:-}" ] || skip "memhog helper not built"

"$MEMHOG" 256 64 60 > "$TMP/hog.out" &
hog=$!
CHILDREN="$CHILDREN $hog"
timeout 30 "$OOMCAST" --json -d 0.5 -n 18 --top 5 -p "$hog" > "$TMP/g.jsonl" || fail "exit $?"
grep -q "done 256" "$TMP/hog.out" || fail "memhog did not finish"
jq -c "[.procs[] | select(.pid == $hog) | {anon, growth}][0]" "$TMP/g.jsonl" > "$TMP/series"
cat "$TMP/series"
# while it grows (64 MiB/s), oomcast must see well over 32 MiB/s
jq -s 'map(select(. != null and .growth != null and .growth > 33554432)) | length >= 2' \
	"$TMP/series" | grep -q true || fail "no positive growth seen while allocating"
jq -s "last | .anon >= 268435456" "$TMP/series" | grep -q true || fail "anon below 256 MiB at the end"
# and once it holds steady, growth falls back near zero
jq -s 'last | (.growth | fabs) < 4194304' "$TMP/series" | grep -q true || fail "growth did not settle"
pass "growth of a real allocating child"
