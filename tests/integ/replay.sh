#!/bin/sh
# Record and replay against the real system: a live --json run that records
# (while a child grows in a memory cgroup of the test's own, so the forecast
# has something to do) and the replay of its recording give the same JSON,
# sample by sample: the forecast, events, loads and advice are recomputed
# from the recorded snapshots by the same code. Then `oomcast record`, the
# pace of --speed, and damaged files (one line, the right exit status).
. "$TESTLIB"
[ -x "${MEMHOG:-}" ] || skip "memhog helper not built"
need_memcg "oomcast-replay-$$"
ver=$CG_VER dir=$CG_DIR path=$CG_PATH
set_limit "$ver" "$dir" 419430400
spawn_in "$dir" "$MEMHOG" 300 40
hog=$SPAWNED

timeout 60 "$OOMCAST" --json -d 0.3 -n 25 --top 5 -p "$hog" --record "$TMP/r.rec" > "$TMP/live.jsonl" ||
	fail "live run exit $?"
[ "$(wc -l < "$TMP/live.jsonl")" = 25 ] || fail "live run: $(wc -l < "$TMP/live.jsonl") samples, not 25"
# the forecast had the growing cgroup to forecast
jq -e --arg r "cgroup:$path" 'select(.forecast[] | .resource == $r and .eta_s != null)' \
	"$TMP/live.jsonl" > /dev/null || fail "no forecast with an ETA for cgroup:$path: the test shows nothing"

timeout 60 "$OOMCAST" replay "$TMP/r.rec" --json --top 5 -p "$hog" > "$TMP/replay.jsonl" 2> "$TMP/replay.err" ||
	fail "replay exit $?: $(cat "$TMP/replay.err")"
[ ! -s "$TMP/replay.err" ] || fail "replay said: $(cat "$TMP/replay.err")"
[ "$(wc -l < "$TMP/replay.jsonl")" = 25 ] || fail "replay: $(wc -l < "$TMP/replay.jsonl") samples, not 25"
# sample by sample, every field: nothing legitimately differs (oomcast's own
# protection, .self, is recorded too)
i=0
while [ $i -lt 25 ]; do
	i=$((i + 1))
	sed -n "${i}p" "$TMP/live.jsonl" | jq -S . > "$TMP/a.json"
	sed -n "${i}p" "$TMP/replay.jsonl" | jq -S . > "$TMP/b.json"
	cmp -s "$TMP/a.json" "$TMP/b.json" ||
		fail "sample $i differs: $(diff "$TMP/a.json" "$TMP/b.json" | head -20)"
done

# the batch view replays too, one sample a line group, and -n stops it
timeout 30 "$OOMCAST" replay "$TMP/r.rec" -b -n 3 > "$TMP/b.txt" || fail "replay -b exit $?"
[ "$(grep -c '^oomcast - ' "$TMP/b.txt")" = 3 ] || fail "replay -b -n 3 did not give 3 samples"

# --speed paces by the recorded times: 24 gaps of 0.3 s at 4x take 1.8 s
s0=$(date +%s.%N)
timeout 30 "$OOMCAST" replay "$TMP/r.rec" --json --speed 4 > /dev/null || fail "replay --speed exit $?"
el=$(echo "$(date +%s.%N) - $s0" | bc)
[ "$(echo "$el >= 1.5" | bc)" = 1 ] || fail "--speed 4 played 7.2 s in $el s"

# oomcast record: no output, a recording that replays
timeout 30 "$OOMCAST" record "$TMP/c.rec" -n 3 -d 0.2 > "$TMP/c.out" || fail "record exit $?"
[ ! -s "$TMP/c.out" ] || fail "record wrote to stdout"
[ "$(timeout 30 "$OOMCAST" replay "$TMP/c.rec" --json | wc -l)" = 3 ] || fail "record -n 3: not 3 samples"
# zlib is loaded when a recording is opened, not linked (a run that records
# nothing does not map it): without it, recording and replaying each say so
# in one line and exit 2, and no file is left behind
"$OOMCAST" -b -n 2 -d 1 > /dev/null &
pid=$!
sleep 0.5
maps=$(cat "/proc/$pid/maps")
wait $pid || fail "a run that records nothing: exit $?"
# the maps read are oomcast's (not the shell's before its exec) and whole
echo "$maps" | grep -q "$(basename "$OOMCAST")\$" && echo "$maps" | grep -q 'libc\.so' ||
	fail "the maps read are not oomcast's: $(echo "$maps" | head -3)"
! echo "$maps" | grep -q 'libz\.so' || fail "a run that records nothing maps libz"
for how in "record $TMP/noz.rec -n 1" "replay $TMP/c.rec --json"; do
	# shellcheck disable=SC2086 # the words of each command
	OOMCAST_ZLIB_LIBRARY=$TMP/no-such-lib.so "$OOMCAST" $how > /dev/null 2> "$TMP/noz.err"
	rc=$?
	[ $rc = 2 ] && [ "$(wc -l < "$TMP/noz.err")" = 1 ] &&
		grep -q "cannot load OOMCAST_ZLIB_LIBRARY for recordings (Debian package zlib1g): .*no-such-lib" "$TMP/noz.err" ||
		fail "oomcast $how without zlib: exit $rc, '$(cat "$TMP/noz.err")'"
done
[ ! -e "$TMP/noz.rec" ] || fail "record without zlib left a file"
# the reason repeats the file's name, which the environment gave: escaped
OOMCAST_ZLIB_LIBRARY="$TMP/no-$(printf '\033')[31m-lib.so" "$OOMCAST" replay "$TMP/c.rec" --json \
	> /dev/null 2> "$TMP/noz.err"
rc=$?
[ $rc = 2 ] && grep -q 'no-\\x1b\[31m-lib' "$TMP/noz.err" && ! grep -q "$(printf '\033')" "$TMP/noz.err" ||
	fail "a library's name with an escape byte: exit $rc, '$(od -c "$TMP/noz.err" | head -5)'"
# a library without zlib's functions: libm, where awk (which links it) has it
libm=$(awk '$NF ~ /\/libm\.so\.6$/ {print $NF; exit}' /proc/self/maps)
if [ -n "$libm" ]; then
	OOMCAST_ZLIB_LIBRARY=$libm "$OOMCAST" replay "$TMP/c.rec" --json > /dev/null 2> "$TMP/noz.err"
	rc=$?
	[ $rc = 2 ] && [ "$(cat "$TMP/noz.err")" = "oomcast: $TMP/c.rec: OOMCAST_ZLIB_LIBRARY has no compressBound" ] ||
		fail "a library without zlib's functions: exit $rc, '$(cat "$TMP/noz.err")'"
fi

# a truncated file plays to its last whole sample, with a warning, exit 0
size=$(stat -c %s "$TMP/r.rec")
head -c $((size - 10)) "$TMP/r.rec" > "$TMP/cut.rec"
timeout 30 "$OOMCAST" replay "$TMP/cut.rec" --json > "$TMP/cut.jsonl" 2> "$TMP/cut.err" || fail "truncated: exit $?"
[ "$(wc -l < "$TMP/cut.jsonl")" = 24 ] || fail "truncated: $(wc -l < "$TMP/cut.jsonl") samples, not 24"
grep -q "warning: .*cut.rec: it ends inside a record after sample 24" "$TMP/cut.err" ||
	fail "truncated: no warning: $(cat "$TMP/cut.err")"

# damaged files: one line naming the file and the problem, exit 2; also one
# cut inside its first record, nothing to play (it exited 0 with a warning)
printf 'not a recording at all\n' > "$TMP/text.rec"
head -c 200 "$TMP/r.rec" > "$TMP/first.rec"
{ printf '\211OOMREC\n\002\000\000\000'; tail -c +13 "$TMP/r.rec"; } > "$TMP/v2.rec"
for f in text v2 missing first; do
	timeout 10 "$OOMCAST" replay "$TMP/$f.rec" --json > "$TMP/out" 2> "$TMP/err"
	rc=$?
	[ $rc = 2 ] || fail "$f: exit $rc, expected 2"
	[ "$(wc -l < "$TMP/err")" = 1 ] || fail "$f: not one line: $(cat "$TMP/err")"
	grep -q "$f.rec" "$TMP/err" || fail "$f: the file is not named: $(cat "$TMP/err")"
done
timeout 10 "$OOMCAST" replay "$TMP/v2.rec" --json 2>&1 | grep -q "recording format 2.0 is not supported" ||
	fail "unknown major not said"
timeout 10 "$OOMCAST" replay "$TMP/r.rec" -d 1 --json > /dev/null 2> "$TMP/err" && fail "replay -d accepted"
grep -q "replay takes no -d" "$TMP/err" || fail "replay -d: $(cat "$TMP/err")"
pass "replay equals live over 25 samples; record, --speed, truncated and damaged files"
