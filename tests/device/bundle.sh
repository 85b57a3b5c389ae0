#!/bin/sh
# Pack a built oomcast and gpuhog with every shared library they use (glibc
# included) into build-dev/, for a GPU machine that has none of our build
# dependencies: run them through the bundled loader (nvidia_check.sh does).
#   tests/device/bundle.sh [BUILD_DIR]
set -eu
B=${1:-build}
D=build-dev
rm -rf "$D"
mkdir -p "$D/lib"
cp "$B/oomcast" "$D/"
${CC:-cc} -std=c11 -O2 -Wall -Wextra -o "$D/gpuhog" tests/helpers/gpuhog.c
for f in "$D/oomcast" "$D/gpuhog"; do
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
