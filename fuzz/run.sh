#!/bin/sh
# Build the libFuzzer targets (kernel-file parsers, knowledge-base entries,
# GGUF headers, recordings) the way the build system builds them (configure
# --enable-fuzzing, clang, AddressSanitizer + UBSan), then run each for
# SECONDS (default 30) on a corpus seeded from the test fixtures and
# fuzz/corpus. Needs clang and libclang-rt-dev.
# usage: fuzz/run.sh [SECONDS]    (FUZZ_OUT: where to build and run; default /tmp/oomcast-fuzz)
set -eu
secs=${1:-30}
here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
out=${FUZZ_OUT:-/tmp/oomcast-fuzz}
bld="$out/build"
mkdir -p "$bld" "$out/corpus" "$out/kbcorpus" "$out/ggufcorpus" "$out/oomcorpus" "$out/reccorpus"
if [ ! -x "$top/configure" ]; then
	(cd "$top" && autoreconf -fi > /dev/null)
fi
if [ ! -f "$bld/Makefile" ]; then
	(cd "$bld" && "$top/configure" -q --enable-fuzzing CC=clang \
		CFLAGS="-g -O1 -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer" \
		LDFLAGS="-fsanitize=address,undefined")
fi
make -s -C "$bld" -j"$(nproc)" fuzz/fuzz_kparse fuzz/fuzz_kb fuzz/fuzz_gguf fuzz/fuzz_oomreport fuzz/fuzz_recording fuzz/fuzz_rcfile > /dev/null

# seeds: copies, so the fuzzer's finds stay out of the source tree
cp "$here"/corpus/gguf/* "$out/ggufcorpus/"
cp "$top"/kb/*.txt "$top"/tests/fixtures/kb/user/*.txt "$out/kbcorpus/"
# an entry, 0xff, then a log line with a size in it (kb/asksize.c)
for l in "failed to allocate 890.06M (933298432 bytes)" "Tried to allocate 1900,00 MiB. GPU 0" \
	"requires more system memory (7.5 GiB) than is available (5.2 GiB)" "buffer of size 4294967296"; do
	{ cat "$top/kb/ram-alloc-failed.txt"; printf '\377%s' "$l"; } > "$out/kbcorpus/size-$(printf %s "$l" | cksum | cut -d' ' -f1)"
done
find "$top/tests/fixtures" -type f -exec cp {} "$out/corpus/" \; 2>/dev/null || true
cat /proc/self/mountinfo /proc/self/cgroup /proc/self/status > "$out/corpus/live" 2>/dev/null || true
"$bld/fuzz/fuzz_kparse" -max_total_time="$secs" -max_len=8192 "$out/corpus" 2>&1 | tail -5
"$bld/fuzz/fuzz_kb" -max_total_time="$secs" -max_len=8192 "$out/kbcorpus" 2>&1 | tail -5
cp "$top"/tests/fixtures/oom/*.txt "$out/oomcorpus/"
"$bld/fuzz/fuzz_oomreport" -max_total_time="$secs" -max_len=16384 "$out/oomcorpus" 2>&1 | tail -5
cp "$here"/corpus/recording/* "$out/reccorpus/"
"$bld/fuzz/fuzz_recording" -max_total_time="$secs" -max_len=65536 "$out/reccorpus" 2>&1 | tail -5
mkdir -p "$out/rccorpus"
printf 'oomcastrc 1\nsort=GROWTH\nreverse=1\ndelay=0.5\ntree=1\nkernel_threads=0\ncolor=none\nhide=USER,SHM\n' > "$out/rccorpus/good"
"$bld/fuzz/fuzz_rcfile" -max_total_time="$secs" -max_len=4096 "$out/rccorpus" 2>&1 | tail -5
"$bld/fuzz/fuzz_gguf" -dict="$here/gguf.dict" -max_total_time="$secs" -max_len=16384 "$out/ggufcorpus" 2>&1 | tail -5
