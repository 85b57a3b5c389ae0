#!/bin/sh
# make-demo.sh - record demo/demo.rec, the recording `oomcast demo` plays: a
# real llama.cpp (node-llama-cpp's CPU build, tests/runtime) loads an F16
# model with --no-mmap in a memory cgroup of 300 MiB and is OOM-killed; then
# the limit the advice computed is set and the same load completes.
# oomcast records it all from inside the cgroup (so its cgroup meter shows
# that cgroup from the first sample, as it does for any cgroup oomcast
# itself runs in). Needs root, a memory cgroup (v1 or v2), Node.js 20+ and
# tests/runtime/install.sh done; demo/README.md says what the run shows.
#   demo/make-demo.sh [BUILD_DIR]     (default: build)
# Environment: DEMO_CG the cgroup's name (default oomcast-demo), DEMO_DIR
# the folder of the model and the work files (default /var/tmp/oomcast-demo,
# removed at the end), DEMO_OUT the recording to write (default
# demo/demo.rec).
set -eu
cd "$(dirname "$0")/.."
top=$(pwd)
b=$top/${1:-build}
OOMCAST=$b/oomcast
MKMODEL=$b/tests/runtime/mkmodel
name=${DEMO_CG:-oomcast-demo}
out=${DEMO_OUT:-$top/demo/demo.rec}
MIB=1048576
die() { echo "make-demo.sh: $*" >&2; exit 2; }
[ "$(id -u)" = 0 ] || die "needs root (a memory cgroup and its limit)"
[ -x "$OOMCAST" ] || die "no $OOMCAST: build first"
make -s -C "$b" tests/runtime/mkmodel > /dev/null
[ -f tests/runtime/node_modules/node-llama-cpp/package.json ] ||
	die "node-llama-cpp is not installed: run tests/runtime/install.sh"
command -v jq > /dev/null || die "needs jq"

# the cgroup: at the top of the hierarchy where we may (a short path to
# read on screen), else below our own
v1=$(awk '$9=="cgroup" && $NF ~ /(^|,)memory(,|$)/ {print $5; exit}' /proc/self/mountinfo)
v2=$(awk '$9=="cgroup2" {print $5; exit}' /proc/self/mountinfo)
if [ -n "$v1" ]; then
	ver=1
	cg=$v1/$name
	mkdir "$cg" 2> /dev/null || {
		self=$(awk -F: '$2 ~ /(^|,)memory(,|$)/ {print $3; exit}' /proc/self/cgroup)
		cg=$v1${self%/}/$name
		mkdir "$cg"
	}
elif [ -n "$v2" ] && grep -qw memory "$v2/cgroup.controllers"; then
	ver=2
	cg=$v2/$name
	mkdir "$cg"
else
	die "no memory cgroup controller"
fi
set_limit() {
	if [ $ver = 1 ]; then
		echo "$1" > "$cg/memory.limit_in_bytes" 2> /dev/null || true
		[ -f "$cg/memory.memsw.limit_in_bytes" ] && echo "$1" > "$cg/memory.memsw.limit_in_bytes" 2> /dev/null
		echo "$1" > "$cg/memory.limit_in_bytes"
	else
		echo "$1" > "$cg/memory.max"
		[ -f "$cg/memory.swap.max" ] && echo 0 > "$cg/memory.swap.max"
	fi
	return 0
}
# in_cg CMD...: run CMD in the cgroup, in the background ($! its pid)
in_cg() { sh -c 'echo $$ > "$1/cgroup.procs" && shift && exec "$@"' sh "$cg" "$@" & }

dir=${DEMO_DIR:-/var/tmp/oomcast-demo}
mkdir -p "$dir"
rec=$dir/demo.rec
mon=
cleanup() {
	[ -n "$mon" ] && kill "$mon" 2> /dev/null
	for p in $(cat "$cg/cgroup.procs" 2> /dev/null); do kill -9 "$p" 2> /dev/null; done
	sleep 1
	rmdir "$cg" 2> /dev/null || true
	rm -rf "$dir"
}
trap cleanup EXIT

# the model of tests/integ/llama_forecast.sh: 8 layers, F16, 190 MiB; its
# pages dropped from the cache, so that reading it shows
m=$dir/llama-demo-8L-F16.gguf
"$MKMODEL" "$m" -t f16 -l 8 -e 1024 -H 16 -k 4 -f 2816 -v 4096 -c 8192 -n llama-demo > /dev/null
sync "$m"
dd if="$m" iflag=nocache count=0 status=none
set_limit $((300 * MIB))

# every 0.25 s: the load's few seconds in a dozen samples or more, and the
# file small enough to commit (about 3.4 KiB a sample with 90 processes)
in_cg "$OOMCAST" record "$rec" -d 0.25 --top 10
mon=$!
sleep 2
# 1. the model file read (copied, checked): page cache in the cgroup
in_cg cat "$m" > /dev/null
wait $!
sleep 3
# 2. the load, as llama-server would: --no-mmap at -c 2048, a prompt that
#    fills the context; killed by the cgroup's OOM killer
in_cg node tests/runtime/load.mjs -m "$m" -c 2048 --no-mmap --prompt 2040 --hold 2 \
	> "$dir/load1.out" 2> "$dir/load1.err"
set +e
wait $!
rc=$?
set -e
[ "$rc" = 137 ] || die "the load in 300 MiB exited $rc, not 137 (an OOM kill): $(tail -3 "$dir/load1.err")"
# the kill, then the fix, each on screen for a while
sleep 9
# 3. the fix: the limit the advice computed (its MemoryMax=NM), read from
#    the recording so far
fix=$("$OOMCAST" replay "$rec" --json 2> /dev/null |
	jq -r -s '[.[].advice | select(. != null) | .steps[] | capture("MemoryMax=(?<n>[0-9]+)M") | .n] | last')
case "$fix" in ''|null) die "the advice computed no limit" ;; esac
set_limit $((fix * MIB))
sleep 1
in_cg node tests/runtime/load.mjs -m "$m" -c 2048 --no-mmap --prompt 2040 --hold 2 \
	> "$dir/load2.out" 2> "$dir/load2.err"
wait $! || die "with the advised ${fix} MiB the load failed: $(tail -3 "$dir/load2.err")"
sleep 2
kill "$mon"
wait "$mon" 2> /dev/null || true
mon=
cp "$rec" "$out"
echo "wrote $out: $(wc -c < "$out") bytes, $("$OOMCAST" replay "$out" --json | wc -l) samples; killed in 300 MiB, fixed with ${fix} MiB"
echo "kernel $(uname -r), cgroup v$ver, $("$OOMCAST" --version | head -1), node $(node --version)," \
	"node-llama-cpp $(jq -r .version tests/runtime/node_modules/node-llama-cpp/package.json)," \
	"llama.cpp $(jq -r '.tag // .version // empty' tests/runtime/node_modules/node-llama-cpp/llama/llama.cpp.info.json 2> /dev/null)"
