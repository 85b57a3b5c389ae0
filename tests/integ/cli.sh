#!/bin/sh
# Bad input: one line on stderr naming the problem, exit 2; nothing hangs.
. "$TESTLIB"

expect_usage_error() { # NEEDLE ARGS...
	needle=$1; shift
	timeout 5 "$OOMCAST" "$@" >"$TMP/out" 2>"$TMP/err"
	rc=$?
	[ $rc = 2 ] || fail "oomcast $*: exit $rc, expected 2"
	[ "$(wc -l < "$TMP/err")" = 1 ] || fail "oomcast $*: stderr is not one line: $(cat "$TMP/err")"
	grep -qF -- "$needle" "$TMP/err" || fail "oomcast $*: '$(cat "$TMP/err")' does not name '$needle'"
	[ -s "$TMP/out" ] && fail "oomcast $*: printed on stdout"
	return 0
}

expect_usage_error "unknown option '--nope'" --nope
expect_usage_error "unknown option '-z'" -z
expect_usage_error "-d value 'fast'" --json -d fast
expect_usage_error "-d value '0'" -b -d 0
expect_usage_error "-d value '-1'" -b -d -1
expect_usage_error "-n value 'x'" --json -n x
expect_usage_error "-n value '0'" --json -n 0
expect_usage_error "--top value '-5'" --json --top -5
expect_usage_error "no process with PID 4194303" --json -p 4194303
expect_usage_error "-p value 'me'" --json -p me
expect_usage_error "needs a value" --json -n
expect_usage_error "unexpected argument 'extra'" --json extra
expect_usage_error "option '--json' takes no value" --json=1
expect_usage_error "option '--ascii' takes no value" -b --ascii=yes
expect_usage_error "option '--delay' needs a value" --json --delay
# a byte that is no letter, in a cluster: that byte named (not the word
# before it), escaped
expect_usage_error "unknown option '-\\xc3' (try --help)" -b -n 1 "-$(printf '\303\251')"
# the commands: a missing value said as one, not as an unknown option
expect_usage_error "fit: option '--ctx' needs a value" fit x.gguf --ctx
expect_usage_error "fit: option '-c' needs a value" fit x.gguf -c
expect_usage_error "fit: unknown option '--nope'" fit x.gguf --nope=1
expect_usage_error "why: option '--last' needs a value" why --last
expect_usage_error "why: option '--from' needs a value" why --from
expect_usage_error "model: option '-c' needs a value" model x.gguf -c
expect_usage_error "explain: unknown option '-q'" explain -q
# a cluster after a long option: the byte at fault, not the long option
expect_usage_error "unknown option '-Z'" --json -Zq
expect_usage_error "why: unknown option '-x'" why --json -xy
expect_usage_error "fit: option '--fa' takes no value" fit x.gguf --fa=1
# a short option inside a cluster whose letter is a long option's code
expect_usage_error "fit: unknown option '-j'" fit --json -jq m.gguf
expect_usage_error "why: unknown option '-f'" why --from=x -fq
expect_usage_error "why: give one PID" why ' 1'
expect_usage_error "why: give one PID" why +1

timeout 5 "$OOMCAST" --help > "$TMP/help" || fail "--help exit $?"
grep -q -- "--json" "$TMP/help" || fail "--help does not list --json"
# every long option a command takes is in its --help (the top usage once
# listed a few of fit's and no more): read from the option tables
SRC=$(dirname "$0")/../../src
for f in "$SRC"/cli.c "$SRC"/cmd/*.c; do
	c=$(basename "$f" .c)
	case $c in cmd | kbtext) continue ;; cli) c='' ;; esac
	# shellcheck disable=SC2086 # no command: the top one
	h=$(timeout 5 "$OOMCAST" $c --help 2>&1)
	for o in $(grep -o '{"[a-z0-9-]*", *\(required\|no\|optional\)_argument' "$f" | sed 's/{"\([^"]*\)".*/\1/'); do
		[ "$o" = help ] && continue
		printf '%s\n' "$h" | grep -q -- "--$o\b" || fail "oomcast $c --help does not list --$o"
	done
done
# an argument at fault is quoted in the error: escaped, as every name
esc=$(printf '\033]0;pwnd\007')
for args in "--bogus$esc" "why --x$esc" "explain --x$esc" "fit --x$esc" "model a.gguf b$esc.gguf" "-d 1$esc" "kb x$esc"; do
	# shellcheck disable=SC2086 # words on purpose
	timeout 5 "$OOMCAST" $args > "$TMP/o" 2>&1
	if LC_ALL=C grep -q "$(printf '\033')\|$(printf '\007')" "$TMP/o"; then
		fail "oomcast $args: raw escapes in its error: $(od -c "$TMP/o" | head -2)"
	fi
	grep -q 'x1b' "$TMP/o" || fail "oomcast $args: the argument not shown escaped: $(cat -v "$TMP/o")"
done
# file names in error lines too, a newline in one included: one line each
nlname="$TMP/no-dir/a$esc
b"
for args in "--textfile|$nlname|-n|1" "-b|--watch-log|$nlname|-n|1" "replay|$nlname|-b" \
	    "-b|-n|1|--record|$TMP/no-dir/r$esc.rec" "record|$TMP/no-dir/r$esc.rec|-n|1"; do
	old_ifs=$IFS; IFS='|'
	# shellcheck disable=SC2086 # the words split at | on purpose
	timeout 10 "$OOMCAST" $args > /dev/null 2> "$TMP/o"
	rc=$?; IFS=$old_ifs
	[ "$rc" = 2 ] && [ "$(wc -l < "$TMP/o")" = 1 ] && grep -q 'x1b' "$TMP/o" &&
		! LC_ALL=C grep -q "$(printf '\033')" "$TMP/o" ||
		fail "oomcast $(echo "$args" | tr '|' ' ' | od -c | head -1): exit $rc, $(od -c "$TMP/o" | head -4)"
done
timeout 5 "$OOMCAST" --version | grep -Eq '^oomcast [0-9]+\.[0-9]+' || fail "--version"

# a closed pipe ends it quietly
timeout 10 "$OOMCAST" -b -d 0.1 | head -1 > /dev/null
# the knowledge base is loaded once at start: a broken user entry is one
# line on stderr, and the monitor runs on
mkdir -p "$TMP/xdg/oomcast/kb"
printf 'id: broken\n' > "$TMP/xdg/oomcast/kb/broken.txt"
XDG_CONFIG_HOME="$TMP/xdg" "$OOMCAST" -b -n 1 > /dev/null 2> "$TMP/kbw" || fail "a broken user entry stopped the monitor"
[ "$(wc -l < "$TMP/kbw")" = 1 ] && grep -q "knowledge base: skipped .*broken.txt" "$TMP/kbw" ||
	fail "broken user entry at start: $(cat "$TMP/kbw")"
pass "bad input and basic flags"
