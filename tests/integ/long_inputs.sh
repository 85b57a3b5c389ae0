#!/bin/sh
# Long input is read whole, or marked cut, never silently cut: a command line
# over 8 KiB whose -c/--ctx-size and -m come last (JSON shows them); one over
# the 1 MiB read limit ends in a mark; a -p list over 1 KiB pins the pid it
# names.
. "$TESTLIB"

pad=$(printf '%0200d' 0)
args=
i=0
while [ $i -lt 60 ]; do args="$args --pad$i=$pad"; i=$((i + 1)); done   # 12 KiB
# shellcheck disable=SC2086
"$MEMHOG" 8 0 60 $args --ctx-size 4096 -m /models/after-12k.gguf > /dev/null & a=$!
"$MEMHOG" 8 0 60 $args -c 16384 > /dev/null & b=$!
# 1.2 MiB in ten arguments (one may hold 128 KiB), the context after them
big=$(printf '%0122880d' 0)
"$MEMHOG" 8 0 60 "$big" "$big" "$big" "$big" "$big" "$big" "$big" "$big" "$big" "$big" \
	-c 8192 > /dev/null & c=$!
CHILDREN="$a $b $c"
for p in $a $b $c; do wait_exec "$p" "$MEMHOG"; done
[ "$(wc -c < /proc/$a/cmdline)" -gt 8192 ] || fail "the test's command line is short"

# -p with leading zeros past 1 KiB: the cut once made this another pid
longp=$(printf '%01500d' "$a")
timeout 20 "$OOMCAST" --json -n 2 -d 0.3 --top 1 -p "$longp,$b,$c" | tail -1 > "$TMP/l.json" ||
	fail "oomcast exit $?"
jq -e . "$TMP/l.json" > /dev/null || fail "not valid JSON"
q() { jq -c --argjson p "$1" "[.procs[] | select(.pid == \$p) | $2]" "$TMP/l.json"; }
[ "$(q "$a" '{ctx, model}')" = '[{"ctx":4096,"model":"/models/after-12k.gguf"}]' ] ||
	fail "after 12 KiB: $(q "$a" '{ctx, model}')"
[ "$(q "$a" '.cmdline | endswith("--ctx-size 4096 -m /models/after-12k.gguf")')" = '[true]' ] ||
	fail "the command line is cut"
[ "$(q "$b" '.ctx')" = '[16384]' ] || fail "-c after 12 KiB: $(q "$b" '.ctx')"
# past 1 MiB: marked, and the context it could not see is unknown
[ "$(q "$c" '.cmdline | endswith(" [cut at 1 MiB]")')" = '[true]' ] || fail "no cut mark"
[ "$(q "$c" '.ctx')" = '[null]' ] || fail "ctx past the cut: $(q "$c" '.ctx')"
[ "$(q "$c" '.cmdline | length')" = "[$((1048576 + 15))]" ] || fail "length $(q "$c" '.cmdline | length')"

# a -p list over 1 KiB of repeats is one pin; a bad entry past 1 KiB is named
rep=$(printf '1,%.0s' $(seq 600))
timeout 20 "$OOMCAST" --json -n 1 --top 1 -p "${rep}$a" | jq -c '[.procs[].pid] | sort' > "$TMP/p" ||
	fail "repeats: exit"
jqt "index(1) != null and index($a) != null" "$TMP/p" || fail "repeats: $(cat "$TMP/p")"
"$OOMCAST" --json -n 1 -p "${rep}12x" > /dev/null 2> "$TMP/e"
[ $? = 2 ] && [ "$(wc -l < "$TMP/e")" = 1 ] && grep -q "'12x'" "$TMP/e" || fail "bad entry: $(cat "$TMP/e")"
pass "long command lines and -p lists"
