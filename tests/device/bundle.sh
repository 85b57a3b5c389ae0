#!/bin/sh
# Pack a built oomcast and gpuhog with every shared library they use (glibc
# included) into build-dev/, for a GPU machine that has none of our build
# dependencies: run them through the bundled loader (nvidia_check.sh does).
# With LLAMA_SERVER (a llama-server built with CUDA, for llama_split.sh):
# that too, xz-compressed, with mkmodel; it runs on the machine's own glibc
# and CUDA libraries (built against an older glibc), so only the libraries
# a bare machine may lack go beside it, in llib/.
#   tests/device/bundle.sh [BUILD_DIR [LLAMA_SERVER]]
set -eu
B=${1:-build}
D=build-dev
rm -rf "$D"
mkdir -p "$D/lib"
cp "$B/oomcast" "$D/"
${CC:-cc} -std=c11 -O2 -Wall -Wextra -o "$D/gpuhog" tests/helpers/gpuhog.c
progs="$D/oomcast $D/gpuhog"
if [ -n "${2:-}" ]; then
	cp "$B/tests/runtime/mkmodel" "$D/"
	progs="$progs $D/mkmodel"
	# stripped (the symbols are a tenth of it); the carry is 64 MiB
	strip -o "$D/llama-server" "$2"
	xz -T2 -9 "$D/llama-server"
	# OpenMP's runtime (a machine with no compiler may lack it); OpenSSL 3
	# is on any machine with a Python
	mkdir -p "$D/llib"
	ldd "$2" | awk '/libgomp/ {print $3}' | while read -r lib; do cp -L "$lib" "$D/llib/"; done
	cp tests/device/llama_split.sh "$D/"
fi
for f in $progs; do
	ldd "$f" | awk '/=> \//{print $3} /^\t\/.*ld-linux/{print $1}'
done | sort -u | while read -r lib; do cp -L "$lib" "$D/lib/"; done
# NVML and libcuda pull in these parts of glibc: they must be ours too
# (a glibc is one version across all its pieces)
for l in libm.so.6 libdl.so.2 libpthread.so.0 librt.so.1; do
	p=$(ldconfig -p | awk -v l="$l" '$1 == l && /x86-64/ {print $NF; exit}')
	[ -n "$p" ] && cp -L "$p" "$D/lib/"
done
cp tests/device/nvidia_check.sh "$D/"
du -sh "$D"
