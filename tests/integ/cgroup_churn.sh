#!/bin/sh
# Limited cgroups come and go while oomcast watches them (containers
# started and stopped): it keeps sampling, and its JSON stays valid. (Once
# a cgroup that left the list made the next one read freed memory: caught
# by AddressSanitizer in ./setup.sh test's second run.)
. "$TESTLIB"
need_memcg "oc-churn-$$"   # no limit of its own: its children have theirs
"$OOMCAST" --json -d 0.1 > "$TMP/c.jsonl" 2> "$TMP/c.err" &
mon=$!
CHILDREN="$CHILDREN $mon"
poll 20 lines_at_least 2 "$TMP/c.jsonl" || fail "oomcast took no sample"
# rounds: make eight limited cgroups, let oomcast's walk (every 5 s) find
# them, then remove seven while one stays (after some of them in the walk's
# order, most likely: the case that once read freed memory)
limit_of() { if [ "$CG_VER" = 1 ]; then echo "$2" > "$1/memory.limit_in_bytes"; else echo "$2" > "$1/memory.max"; fi; }
for round in 1 2; do
	for i in 1 2 3 4 5 6 7 8; do
		d="$CG_DIR/r$round-c$i"
		mkdir "$d" && echo "$d" >> "$CGLIST" && limit_of "$d" 134217728
	done
	# the walk is every 5 s, and runs when a sample is taken: on a busy
	# machine, or under AddressSanitizer, a sample or two later
	has_c8() { last_whole_line "$TMP/c.jsonl" | jq -e --arg p "$CG_PATH/r$round-c8" \
		'any(.cgroups[]; .path == $p)' > /dev/null 2>&1; }
	poll 15 has_c8 || fail "round $round: the walk did not find the new cgroups"
	have=$(wc -l < "$TMP/c.jsonl")
	for i in 1 2 3 4 5 6 7; do rmdir "$CG_DIR/r$round-c$i"; done
	poll 20 lines_at_least $((have + 5)) "$TMP/c.jsonl" || fail "round $round: oomcast stopped sampling: $(tail -5 "$TMP/c.err")"
	# the removed ones leave the list; the one that stays does not
	last_whole_line "$TMP/c.jsonl" | jq -e --arg p "$CG_PATH/r$round-c" \
		'[.cgroups[] | select(.path | startswith($p))] | map(.path) == [$p + "8"]' > /dev/null ||
		fail "round $round: cgroups after removing seven: $(last_whole_line "$TMP/c.jsonl" | jq -c --arg p "$CG_PATH/r$round-c" '[.cgroups[] | select(.path | startswith($p)) | .path]')"
done
sleep 0.5
for d in "$CG_DIR"/r*; do rmdir "$d" 2> /dev/null; done
have=$(wc -l < "$TMP/c.jsonl")
poll 20 lines_at_least $((have + 3)) "$TMP/c.jsonl" || fail "oomcast stopped sampling: $(tail -5 "$TMP/c.err")"
kill "$mon"; wait "$mon" 2> /dev/null
jq -e . "$TMP/c.jsonl" > /dev/null || fail "not valid JSON"
[ ! -s "$TMP/c.err" ] || fail "oomcast complained: $(head -5 "$TMP/c.err")"
pass "limited cgroups made, watched and removed while others stay: oomcast kept sampling"
