#!/bin/sh
# Build the libFuzzer targets (kernel-file parsers, knowledge-base entries,
# GGUF headers) with clang and run each for SECONDS (default 30)
# on a corpus seeded from the test fixtures. Needs clang and libclang-rt-dev.
# usage: fuzz/run.sh [SECONDS]
set -eu
secs=${1:-30}
here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
out=${FUZZ_OUT:-/tmp/oomcast-fuzz}
mkdir -p "$out/corpus"
clang -g -O1 -std=c11 -D_GNU_SOURCE -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=undefined -I"$top/src" \
	"$here/fuzz_kparse.c" "$top/src/source/kparse.c" "$top/src/source/drm.c" \
	"$top/src/util/readfile.c" "$top/src/util/strbuf.c" \
	"$top/src/util/xalloc.c" -lm -o "$out/fuzz_kparse"
# the knowledge base: the entry parser and matcher (builtin table stubbed)
printf 'const char *const kb_builtin_text[] = {0};\nconst char *const kb_builtin_name[] = {0};\nconst unsigned long kb_builtin_count = 0;\n' > "$out/kb_stub.c"
clang -g -O1 -std=c11 -D_GNU_SOURCE -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=undefined -I"$top/src" \
	"$here/fuzz_kb.c" "$top/src/kb/kb.c" "$top/src/util/readfile.c" \
	"$top/src/util/xalloc.c" "$out/kb_stub.c" -o "$out/fuzz_kb"
clang -g -O1 -std=c11 -D_GNU_SOURCE -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=undefined -I"$top/src" \
	"$here/fuzz_gguf.c" "$top/src/model/gguf.c" -o "$out/fuzz_gguf"
mkdir -p "$out/ggufcorpus"
if [ -x "$top/build/tests/helpers/mkgguf" ]; then
	"$top/build/tests/helpers/mkgguf" "$out/ggufcorpus/llama" llama 32 131072 4096 32 8
	"$top/build/tests/helpers/mkgguf" "$out/ggufcorpus/gemma" gemma3 4 8192 2048 8 2,2,0,1
fi
printf 'GGUF' > "$out/ggufcorpus/magic"
mkdir -p "$out/kbcorpus"
cp "$top"/kb/*.txt "$top"/tests/fixtures/kb/user/*.txt "$out/kbcorpus/"
find "$top/tests/fixtures" -type f -exec cp {} "$out/corpus/" \; 2>/dev/null || true
cat /proc/self/mountinfo /proc/self/cgroup /proc/self/status > "$out/corpus/live" 2>/dev/null || true
"$out/fuzz_kparse" -max_total_time="$secs" -max_len=8192 "$out/corpus" 2>&1 | tail -5
"$out/fuzz_kb" -max_total_time="$secs" -max_len=8192 "$out/kbcorpus" 2>&1 | tail -5
"$out/fuzz_gguf" -max_total_time="$secs" -max_len=16384 "$out/ggufcorpus" 2>&1 | tail -5
