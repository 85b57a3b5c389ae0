#!/bin/sh
# Model files: a process started with -m/--model on a GGUF file (absolute,
# and relative to its own working directory) and -c: JSON names the file,
# its size, the KV cache per token its header implies (Llama-3.1-8B's shape:
# 128 KiB at f16) and the context asked; -m on what is not a model (a file
# that is not GGUF nor named like a model, ld's -m elf_x86_64, python's -m
# MODULE) is no model and no load. A llama.cpp program's LLAMA_ARG_*
# variables are read as llama.cpp reads them, under its command line.
# `oomcast model FILE` prints the same before any load; bad files: one line,
# exit 2.
. "$TESTLIB"
: "${MKGGUF:?MKGGUF must point at the helper}"
mkdir -p "$TMP/models"
"$MKGGUF" "$TMP/models/Llama-3.1-8B-Instruct-Q8_0.gguf" llama 32 131072 4096 32 8 3 || fail "mkgguf"
size=$(stat -c %s "$TMP/models/Llama-3.1-8B-Instruct-Q8_0.gguf")
printf 'not a model' > "$TMP/models/notes.bin"
"$MEMHOG" 8 0 60 -m "$TMP/models/Llama-3.1-8B-Instruct-Q8_0.gguf" -c 8192 > /dev/null & a=$!
(cd "$TMP/models" && exec "$MEMHOG" 8 0 60 --model Llama-3.1-8B-Instruct-Q8_0.gguf --ctx-size=4096) > /dev/null & b=$!
"$MEMHOG" 8 0 60 --model "$TMP/models/notes.bin" > /dev/null & c=$!
mkfifo "$TMP/models/fifo.gguf"   # reading it must not hang oomcast
"$MEMHOG" 8 0 60 --model "$TMP/models/fifo.gguf" > /dev/null & d=$!
"$MEMHOG" 8 0 60 -m elf_x86_64 > /dev/null & e=$!
"$MEMHOG" 8 0 60 -m vllm.entrypoints.openai.api_server > /dev/null & f=$!
CHILDREN="$a $b $c $d $e $f"
for p in $a $b $c $d $e $f; do wait_exec "$p" "$MEMHOG"; done
timeout 20 "$OOMCAST" --json -n 2 -d 0.3 --top 1 -p "$a,$b,$c,$d,$e,$f" | tail -1 > "$TMP/m.json" || fail "exit $?"
p() { jq -c --argjson p "$1" '.procs[] | select(.pid == $p) | {model, model_size, model_kv_per_token, ctx}' "$TMP/m.json"; }
[ "$(p $a)" = "{\"model\":\"$TMP/models/Llama-3.1-8B-Instruct-Q8_0.gguf\",\"model_size\":$size,\"model_kv_per_token\":131072,\"ctx\":8192}" ] ||
	fail "absolute model: $(p $a)"
[ "$(p $b)" = "{\"model\":\"Llama-3.1-8B-Instruct-Q8_0.gguf\",\"model_size\":$size,\"model_kv_per_token\":131072,\"ctx\":4096}" ] ||
	fail "relative model: $(p $b)"
for q in $c $e $f; do
	[ "$(p $q)" = '{"model":null,"model_size":null,"model_kv_per_token":null,"ctx":null}' ] ||
		fail "-m on what is not a model ($(tr '\0' ' ' < /proc/$q/cmdline)): $(p $q)"
	jq -e --argjson p "$q" '[.loads[]? | select(.pid == $p)] | length == 0' "$TMP/m.json" > /dev/null ||
		fail "-m on what is not a model is a load: pid $q"
done
[ "$(p $d)" = "{\"model\":\"$TMP/models/fifo.gguf\",\"model_size\":null,\"model_kv_per_token\":null,\"ctx\":null}" ] ||
	fail "FIFO: $(p $d)"

# llama.cpp's LLAMA_ARG_* variables (a container's llama-server, the model
# and context given in its environment alone): read for a llama.cpp program
# (comm llama-*), its command line overriding them; not for another program
mkdir -p "$TMP/bin"
cp "$MEMHOG" "$TMP/bin/llama-server"
M="$TMP/models/Llama-3.1-8B-Instruct-Q8_0.gguf"
env LLAMA_ARG_MODEL="$M" LLAMA_ARG_CTX_SIZE=6144 LLAMA_ARG_CACHE_TYPE_K=q8_0 LLAMA_ARG_NO_MMAP=1 \
	"$TMP/bin/llama-server" 8 0 60 > /dev/null & g=$!
env LLAMA_ARG_MODEL="$M" LLAMA_ARG_CTX_SIZE=6144 "$TMP/bin/llama-server" 8 0 60 --ctx-size 2048 > /dev/null & h=$!
env LLAMA_ARG_MODEL="$M" LLAMA_ARG_CTX_SIZE=6144 "$MEMHOG" 8 0 60 > /dev/null & i=$!
cp "$MEMHOG" "$TMP/bin/llama-bench"   # llama.cpp's, but its own parser
env LLAMA_ARG_MODEL="$M" LLAMA_ARG_CTX_SIZE=6144 "$TMP/bin/llama-bench" 8 0 60 > /dev/null & j=$!
CHILDREN="$CHILDREN $g $h $i $j"
wait_exec $g "$TMP/bin/llama-server"; wait_exec $h "$TMP/bin/llama-server"; wait_exec $i "$MEMHOG"
wait_exec $j "$TMP/bin/llama-bench"
timeout 20 "$OOMCAST" --json -n 2 -d 0.3 --top 1 -p "$g,$h,$i,$j" | tail -1 > "$TMP/env.json" || fail "exit $?"
cp "$TMP/env.json" "$TMP/m.json"
[ "$(p $g)" = "{\"model\":\"$M\",\"model_size\":$size,\"model_kv_per_token\":131072,\"ctx\":6144}" ] ||
	fail "LLAMA_ARG_MODEL, LLAMA_ARG_CTX_SIZE: $(p $g)"
l=$(jq -c --argjson p "$g" '.loads[] | select(.pid == $p) | {ctx, kv_type, weights_mapped}' "$TMP/env.json")
[ "$l" = '{"ctx":6144,"kv_type":"q8_0","weights_mapped":false}' ] ||
	fail "LLAMA_ARG_CACHE_TYPE_K, LLAMA_ARG_NO_MMAP: load $l"
[ "$(p $h)" = "{\"model\":\"$M\",\"model_size\":$size,\"model_kv_per_token\":131072,\"ctx\":2048}" ] ||
	fail "the command line's --ctx-size over LLAMA_ARG_CTX_SIZE: $(p $h)"
[ "$(p $i)" = '{"model":null,"model_size":null,"model_kv_per_token":null,"ctx":null}' ] ||
	fail "LLAMA_ARG_* read for a program that is not llama.cpp's: $(p $i)"
[ "$(p $j)" = '{"model":null,"model_size":null,"model_kv_per_token":null,"ctx":null}' ] ||
	fail "LLAMA_ARG_* read for llama-bench, which does not read them: $(p $j)"

timeout 10 "$OOMCAST" model "$TMP/models/fifo.gguf" 2> "$TMP/e"
[ $? -eq 2 ] && grep -q "not a regular file" "$TMP/e" || fail "model of a FIFO: $(cat "$TMP/e")"

"$OOMCAST" model "$TMP/models/Llama-3.1-8B-Instruct-Q8_0.gguf" -c 8192 > "$TMP/o" || fail "model: exit $?"
grep -q "KV cache per 1k tokens: 128 MiB at f16" "$TMP/o" || fail "model: $(cat "$TMP/o")"
grep -Eq "^ +8192 +1.00 GiB +544 MiB" "$TMP/o" || fail "model row: $(cat "$TMP/o")"
"$OOMCAST" model "$TMP/models/notes.bin" 2> "$TMP/e"
[ $? -eq 2 ] && [ "$(wc -l < "$TMP/e")" -eq 1 ] && grep -q "not a GGUF file" "$TMP/e" || fail "not GGUF: $(cat "$TMP/e")"
"$OOMCAST" model "$TMP/none.gguf" 2> "$TMP/e"; [ $? -eq 2 ] && grep -q "cannot read" "$TMP/e" || fail "missing"
"$OOMCAST" model "$TMP/models/Llama-3.1-8B-Instruct-Q8_0.gguf" -c lots 2> "$TMP/e"; [ $? -eq 2 ] || fail "-c lots"
head -c 100 "$TMP/models/Llama-3.1-8B-Instruct-Q8_0.gguf" > "$TMP/models/cut.gguf"
"$OOMCAST" model "$TMP/models/cut.gguf" 2> "$TMP/e"; [ $? -eq 2 ] && grep -q "truncated\|lacks" "$TMP/e" ||
	fail "truncated: $(cat "$TMP/e")"
pass "model files: path, size, KV per token and context in JSON, from the command line and llama.cpp's LLAMA_ARG_* variables; oomcast model"
