#!/bin/sh
# Model files that fight back (issue 10): a GGUF file truncated and rewritten
# while oomcast reads it (by `oomcast model` and by the live source) never
# kills oomcast (once a SIGBUS: the header was mapped); a --model path that is
# a symbolic link to a FIFO or to /dev/zero, or that is swapped between those
# and a real file while oomcast looks, never makes it hang, and a FIFO or a
# device is never reported as a model. A model cut inside its tensor data
# is refused, as llama.cpp refuses it.
. "$TESTLIB"
: "${MKGGUF:?MKGGUF must point at the helper}"
mkdir -p "$TMP/m"
"$MKGGUF" "$TMP/good.gguf" llama 32 131072 4096 32 8 2 || fail "mkgguf"
cp "$TMP/good.gguf" "$TMP/m/busy.gguf"

# crashed: an exit status above 128 is a signal (124: timeout, a hang)
check_rc() { # RC WHAT
	[ "$1" -ge 124 ] && fail "$2: exit $1 (a signal or a hang)"
	return 0
}

# the writer: truncate, rewrite, cut short, over and over
( while :; do
	: > "$TMP/m/busy.gguf"
	cat "$TMP/good.gguf" > "$TMP/m/busy.gguf"
	truncate -s 100 "$TMP/m/busy.gguf"
	truncate -s 3M "$TMP/m/busy.gguf"
	cp "$TMP/good.gguf" "$TMP/m/busy.gguf.new" && mv "$TMP/m/busy.gguf.new" "$TMP/m/busy.gguf"
done ) & writer=$!
CHILDREN="$writer"
ok=0
for i in $(seq 80); do
	timeout 10 "$OOMCAST" model "$TMP/m/busy.gguf" > /dev/null 2> "$TMP/e"
	rc=$?
	check_rc $rc "oomcast model during rewrites"
	[ $rc = 0 ] && ok=$((ok + 1))
	[ $rc = 2 ] && [ "$(wc -l < "$TMP/e")" != 1 ] && fail "error not one line: $(cat "$TMP/e")"
done
echo "oomcast model: $ok of 80 reads found the file whole"

# the live source: processes naming the file, each oomcast reading it afresh
pids=""
for i in 1 2 3 4; do
	"$MEMHOG" 1 0 60 --model "$TMP/m/busy.gguf" > /dev/null & pids="$pids${pids:+,}$!"
	CHILDREN="$CHILDREN $!"
	wait_exec $! "$MEMHOG"   # its command line names the file from now on
done
for i in $(seq 12); do
	timeout 10 "$OOMCAST" --json -n 1 --top 1 -p "$pids" > "$TMP/o.json"
	check_rc $? "live source during rewrites"
	jq -e '.procs | length >= 4' "$TMP/o.json" > /dev/null || fail "live JSON: $(head -c 300 "$TMP/o.json")"
done
kill "$writer"

# links to a FIFO and to a device, and a link swapped between them and a
# real file
mkfifo "$TMP/m/fifo"
ln -s "$TMP/m/fifo" "$TMP/m/to-fifo.gguf"
ln -s /dev/zero "$TMP/m/to-zero.gguf"
ln -s "$TMP/good.gguf" "$TMP/m/swapped.gguf"
for f in to-fifo to-zero; do
	for cmd in model fit; do
		timeout 10 "$OOMCAST" $cmd "$TMP/m/$f.gguf" > /dev/null 2> "$TMP/e"
		rc=$?
		[ $rc = 2 ] && grep -q "not a regular file" "$TMP/e" || fail "oomcast $cmd $f: exit $rc, $(cat "$TMP/e")"
	done
done
# a directory: fit said "no such file, and not an ollama model name"
timeout 10 "$OOMCAST" fit "$TMP/m" > /dev/null 2> "$TMP/e"
[ $? = 2 ] && grep -q "m: not a regular file" "$TMP/e" || fail "oomcast fit on a directory: $(cat "$TMP/e")"
# a model cut inside its tensor data (an interrupted download): llama.cpp
# refuses it, and so do model and fit (they said "fits"); whole, they read it
: "${MKMODEL:?MKMODEL must point at tests/runtime/mkmodel}"
"$MKMODEL" "$TMP/whole.gguf" -t q8_0 -l 2 -e 256 -H 4 -k 2 -v 512 > /dev/null || fail "mkmodel"
"$OOMCAST" model "$TMP/whole.gguf" > /dev/null && "$OOMCAST" fit "$TMP/whole.gguf" > /dev/null ||
	fail "the whole model: exit $?"
head -c $(($(stat -c %s "$TMP/whole.gguf") - 1)) "$TMP/whole.gguf" > "$TMP/cut.gguf"
for cmd in model fit; do
	timeout 10 "$OOMCAST" $cmd "$TMP/cut.gguf" > /dev/null 2> "$TMP/e"
	rc=$?
	[ $rc = 2 ] && [ "$(wc -l < "$TMP/e")" = 1 ] && grep -q "cut.gguf: truncated: its tensor data ends at byte" "$TMP/e" ||
		fail "oomcast $cmd on a cut model: exit $rc, $(cat "$TMP/e")"
done
"$MEMHOG" 1 0 60 --model "$TMP/m/to-fifo.gguf" > /dev/null & a=$!
"$MEMHOG" 1 0 60 -m "$TMP/m/to-zero.gguf" > /dev/null & b=$!
"$MEMHOG" 1 0 60 -m "$TMP/m/swapped.gguf" > /dev/null & c=$!
CHILDREN="$CHILDREN $a $b $c"
( while :; do
	for t in "$TMP/m/fifo" /dev/zero "$TMP/good.gguf" /dev/null; do
		ln -sfn "$t" "$TMP/m/swap.new" && mv -T "$TMP/m/swap.new" "$TMP/m/swapped.gguf"
	done
done ) & swapper=$!
CHILDREN="$CHILDREN $swapper"
sleep 0.3
size=$(stat -c %s "$TMP/good.gguf")
for i in $(seq 12); do
	timeout 10 "$OOMCAST" --json -n 1 --top 1 -p "$a,$b,$c" > "$TMP/o.json"
	check_rc $? "live source on links to a FIFO and a device"
	q() { jq -c --argjson p "$1" '.procs[] | select(.pid == $p) | [.model_size, .model_kv_per_token]' "$TMP/o.json"; }
	[ "$(q $a)" = "[null,null]" ] || fail "link to a FIFO read as a model: $(q $a)"
	[ "$(q $b)" = "[null,null]" ] || fail "link to /dev/zero read as a model: $(q $b)"
	case "$(q $c)" in
	"[null,null]"|"[$size,131072]") ;;
	*) fail "swapped link: $(q $c)" ;;
	esac
	timeout 10 "$OOMCAST" model "$TMP/m/swapped.gguf" > /dev/null 2>&1
	check_rc $? "oomcast model on a swapped link"
done
kill "$swapper"
# crafted: a key length of 2^63 (with the value length, the sum wraps to 0,
# once read as a 0 B KV cache), and an array whose size overflows
printf 'GGUF\003\000\000\000\000\000\000\000\000\000\000\000\001\000\000\000\000\000\000\000\032\000\000\000\000\000\000\000llama.attention.key_length\012\000\000\000\000\000\000\000\000\000\000\200' > "$TMP/wrap.gguf"
printf 'GGUF\003\000\000\000\000\000\000\000\000\000\000\000\001\000\000\000\000\000\000\000\001\000\000\000\000\000\000\000x\011\000\000\000\012\000\000\000\377\377\377\377\377\377\377\077' > "$TMP/array.gguf"
for f in wrap:implausible array:overflows; do
	"$OOMCAST" model "$TMP/${f%%:*}.gguf" > "$TMP/o" 2> "$TMP/e"
	rc=$?
	[ $rc = 2 ] && [ "$(wc -l < "$TMP/e")" = 1 ] && grep -q "${f#*:}" "$TMP/e" && [ ! -s "$TMP/o" ] ||
		fail "crafted ${f%%:*}.gguf: exit $rc, $(cat "$TMP/e")"
done
# a file name with a terminal's escapes: escaped in every line that names it
# (the header line, a cut file's error, fit's errors)
evil="$TMP/evil$(printf '\033]0;pwnd\007\033[2J').gguf"
cp "$TMP/good.gguf" "$evil"
head -c 100 "$TMP/good.gguf" > "$evil.cut.gguf"
for cmd in "model $evil" "model $evil.cut.gguf" "fit $evil.cut.gguf" "fit $evil --ctx 2048"; do
	# shellcheck disable=SC2086 # the name has no blank: split into words on purpose
	"$OOMCAST" $cmd > "$TMP/o" 2>&1
	if LC_ALL=C grep -q "$(printf '\033')\|$(printf '\007')" "$TMP/o"; then
		fail "oomcast $cmd printed the name's raw escapes: $(od -c "$TMP/o" | head -3)"
	fi
	grep -q 'evil\\x1b\]0;pwnd\\x07' "$TMP/o" || fail "oomcast $cmd: the name not shown escaped: $(head -2 "$TMP/o")"
done
pass "model files truncated, rewritten, and swapped for a FIFO or a device: no crash, no hang; a hostile name escaped"
