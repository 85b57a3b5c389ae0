#!/bin/sh
# Output that cannot be written (a full disk: /dev/full; a closed pipe with
# SIGPIPE ignored, as some supervisors start us) is an error: one line on
# stderr naming the problem and a non-zero exit, never a silent exit 0.
. "$TESTLIB"
: "${MKGGUF:?MKGGUF must point at the helper}"
[ -w /dev/full ] || skip "no /dev/full"
export HOME="$TMP/home" XDG_CONFIG_HOME=
mkdir -p "$HOME"
"$MKGGUF" "$TMP/m.gguf" llama 32 131072 4096 32 8 || fail "mkgguf"

expect_write_error() { # STATUS ARGS...
	want=$1; shift
	timeout 20 "$OOMCAST" "$@" > /dev/full 2> "$TMP/err"
	rc=$?
	[ $rc = "$want" ] || fail "oomcast $* > /dev/full: exit $rc, expected $want ($(cat "$TMP/err"))"
	[ "$(wc -l < "$TMP/err")" = 1 ] || fail "oomcast $*: stderr is not one line: $(cat "$TMP/err")"
	grep -q "cannot write the output: No space left on device" "$TMP/err" ||
		fail "oomcast $*: '$(cat "$TMP/err")' does not name the problem"
}

expect_write_error 2 explain "CUDA out of memory. Tried to allocate 2.00 GiB"
expect_write_error 2 explain "all is well"   # not 1, "nothing matched"
echo "CUDA out of memory. Tried to allocate 2.00 GiB" > "$TMP/log"
expect_write_error 2 explain --follow - < "$TMP/log"
expect_write_error 2 kb
expect_write_error 2 kb gpu-oom
expect_write_error 2 model "$TMP/m.gguf"
expect_write_error 1 --json -n 2 -d 0.1
expect_write_error 1 -b -n 2 -d 0.1

# a closed pipe with SIGPIPE ignored: EPIPE, reported by the one-shot
# commands (the stream ends quietly: a closed pipe is its normal end). The
# pipe's read end is closed before the command starts (a FIFO opened both
# ways, then its only reader closed): a reader that closes its end while
# the command runs lost the race on a busy machine, where kb's few KiB
# were all in the pipe's buffer before it closed
cat > "$TMP/closed.sh" <<'SH'
trap '' PIPE
fifo=$1
shift
mkfifo "$fifo" || exit 2
exec 3<>"$fifo" 4>"$fifo" 3<&-
"$@" >&4
SH
sh "$TMP/closed.sh" "$TMP/fifo" "$OOMCAST" kb 2> "$TMP/err"
grep -q "kb: cannot write the output: Broken pipe" "$TMP/err" || fail "kb to a closed pipe: $(cat "$TMP/err")"
pass "write errors: one line, non-zero exit (explain, kb, model, --json, -b)"
