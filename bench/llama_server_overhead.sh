#!/bin/sh
# llama_server_overhead.sh - the runtime allowance of a native llama.cpp
# (llama-server), measured as footprint.h's allowance for node-llama-cpp
# was: the smallest memory-cgroup limit under which a --no-mmap load
# survives a prompt that fills its context, less the buffers llama.cpp
# itself reports (model, KV cache, compute, output). What is left is the
# runtime's own: its code and libraries, heap, threads' stacks, the HTTP
# server, the file's pages read in.
#
#   bench/llama_server_overhead.sh LLAMA_SERVER BUILD_DIR [CTX]
#
# The weights are read in with --load-mode none (this llama.cpp's spelling
# of --no-mmap); -lv 4 makes it log its buffers.
# LLAMA_SERVER: a llama-server binary (build one from the llama.cpp source
# node-llama-cpp ships: tests/runtime/build_llama_server.sh). BUILD_DIR holds
# oomcast's build (tests/runtime/mkmodel). Root, cgroup v1 or v2, curl, jq.
# Models are written to a temporary folder and removed. Not a test: the
# binary takes 20-30 minutes of one core to build, so CI does not have it.
set -eu
server=$(realpath "${1:?usage: llama_server_overhead.sh LLAMA_SERVER BUILD_DIR [CTX]}")
build=$(cd "${2:?usage: llama_server_overhead.sh LLAMA_SERVER BUILD_DIR [CTX]}" && pwd)
ctx=${3:-4096}
MIB=1048576
die() { echo "llama_server_overhead.sh: $*" >&2; exit 2; }
[ "$(id -u)" = 0 ] || die "needs root (a memory cgroup)"
[ -x "$server" ] || die "$server: not an executable"
command -v curl > /dev/null && command -v jq > /dev/null || die "needs curl and jq"

tmp=$(mktemp -d /tmp/oomcast-srv.XXXXXX)
v1=$(awk '$9=="cgroup" && $NF ~ /(^|,)memory(,|$)/ {print $5; exit}' /proc/self/mountinfo)
if [ -n "$v1" ]; then
	cg="$v1/oomcast-srv-$$"
else
	cg="/sys/fs/cgroup/oomcast-srv-$$"
fi
mkdir "$cg" || die "cannot make the cgroup $cg"
pid=
cleanup() {
	if [ -n "$pid" ]; then kill -9 "$pid" 2> /dev/null || true; fi
	# a killed server leaves its cgroup a moment later
	for _ in 1 2 3 4 5 6 7 8 9 10; do
		rmdir "$cg" 2> /dev/null && break
		sleep 0.5
	done
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

limit() {
	if [ -n "$v1" ]; then
		echo "$1" > "$cg/memory.limit_in_bytes" 2> /dev/null || true
		[ -f "$cg/memory.memsw.limit_in_bytes" ] && echo "$1" > "$cg/memory.memsw.limit_in_bytes" 2> /dev/null
		echo "$1" > "$cg/memory.limit_in_bytes"
	else
		echo "$1" > "$cg/memory.max"
		[ -f "$cg/memory.swap.max" ] && echo 0 > "$cg/memory.swap.max"
	fi
}
peak() {
	if [ -n "$v1" ]; then cat "$cg/memory.max_usage_in_bytes"
	elif [ -f "$cg/memory.peak" ]; then cat "$cg/memory.peak"
	else echo 0; fi
}
reset_peak() { [ -n "$v1" ] && echo 0 > "$cg/memory.max_usage_in_bytes" || true; }

port=$((18000 + $$ % 1000))
# start MODEL [ARGS...]: llama-server in the cgroup, up and healthy (0), or
# gone (1); $pid, the log in $tmp/log
start() {
	m=$1
	shift
	sh -c 'echo $$ > "$1/cgroup.procs" && shift && exec "$@"' sh "$cg" \
		"$server" -m "$m" -c "$ctx" --load-mode none -t 2 --port "$port" --host 127.0.0.1 -lv 4 \
		"$@" > "$tmp/log" 2>&1 &
	pid=$!
	i=0
	while :; do
		kill -0 "$pid" 2> /dev/null || { wait "$pid" || true; pid=; return 1; }
		curl -sf "http://127.0.0.1:$port/health" > /dev/null 2>&1 && break
		i=$((i + 1))
		[ $i -lt 600 ] || die "llama-server did not come up in 120 s: $(tail -3 "$tmp/log")"
		sleep 0.2
	done
}

# prompt N SALT: a request of N tokens, each salt a different prompt; 0 when
# it was evaluated whole. With random weights the one token the server
# samples may not parse as text: llama.cpp's chat parser then answers 500
# "The model produced output that does not match the expected ... format"
# after the prompt was evaluated (and its state kept): that counts too
prompt() {
	jq -cn --argjson n "$1" --argjson k "$2" '{prompt: [range(0; $n) | 300 + ((. * 7 + $k * 13) % 3700)],
		n_predict: 0}' > "$tmp/req.json"
	code=$(curl -s -m 300 -o "$tmp/resp.json" -w '%{http_code}' -H 'Content-Type: application/json' \
		--data @"$tmp/req.json" "http://127.0.0.1:$port/completion" 2> /dev/null) || return 1
	if [ "$code" = 200 ]; then
		[ "$(jq '.timings.prompt_n // 0' "$tmp/resp.json")" -ge "$1" ]
	else
		[ "$code" = 500 ] && grep -q "does not match the expected" "$tmp/resp.json"
	fi
}

stop() {
	if [ -n "$pid" ]; then
		kill "$pid" 2> /dev/null || true   # it may have been killed already
		wait "$pid" 2> /dev/null || true
	fi
	pid=
}

# run MODEL LIMIT: 0 when llama-server loads MODEL under LIMIT and answers a
# prompt filling its context; the log in $tmp/log
run() {
	limit "$2"
	reset_peak
	start "$1" || return 1
	# the context each request may fill (the server may split n_ctx between slots)
	slot=$(sed -n 's/.*n_ctx_slot = \([0-9]*\).*/\1/p; s/.*n_ctx_seq *= *\([0-9]*\).*/\1/p' "$tmp/log" | head -1)
	[ -n "$slot" ] || slot=$ctx
	n=$((slot - 16))
	jq -cn --argjson n "$n" '{prompt: [range(0; $n) | 300 + (. * 7) % 3700], n_predict: 0,
		cache_prompt: false}' > "$tmp/req.json"
	# survived: the answer came, it evaluated the whole prompt, and the
	# server is still there
	ok=1
	if curl -sf -m 300 -H 'Content-Type: application/json' --data @"$tmp/req.json" \
		"http://127.0.0.1:$port/completion" > "$tmp/resp.json" 2> /dev/null &&
	   [ "$(jq '.timings.prompt_n // 0' "$tmp/resp.json")" -ge "$n" ] &&
	   kill -0 "$pid" 2> /dev/null; then
		ok=0
	fi
	kill "$pid" 2> /dev/null || true
	wait "$pid" 2> /dev/null || true
	pid=
	return $ok
}

# buffers LOG: MiB llama.cpp reserved (model, KV, compute, output)
buffers() {
	sed -n 's/.* \(model\|KV\|compute\|output\) buffer size = *\([0-9.]*\) MiB.*/\2/p' "$1" |
		awk '{ s += $1 } END { printf "%.2f\n", s }'
}

echo "llama-server: $server ($("$server" --version 2>&1 | head -2 | tr '\n' ' '))"
echo "context $ctx, --load-mode none (--no-mmap), a prompt filling the context, 2 threads"
echo
echo "| model | file MiB | llama.cpp buffers MiB | peak usage, no limit MiB | smallest limit that survived MiB | runtime's own MiB |"
echo "|---|---|---|---|---|---|"
A="$tmp/a-q8_0.gguf" B="$tmp/b-q8_0.gguf"
"$build/tests/runtime/mkmodel" "$A" -t q8_0 -l 8 -e 1024 -H 16 -k 4 -f 2816 -v 4096 -c 8192 > /dev/null
"$build/tests/runtime/mkmodel" "$B" -t q8_0 -l 4 -e 2048 -H 32 -k 8 -f 5632 -v 8192 -c 8192 > /dev/null
# ONLY_CACHE=1: the prompt-cache part alone
for m in "$A" "$B"; do
	[ -z "${ONLY_CACHE:-}" ] || break
	run "$m" $((4096 * MIB)) || die "$(basename "$m") did not load without a limit: $(tail -5 "$tmp/log")"
	buf=$(buffers "$tmp/log")
	free_peak=$(($(peak) / MIB))
	cp "$tmp/log" "$tmp/log.free"
	# bisect between the buffers (cannot be enough) and 512 MiB above them
	lo=$(awk -v b="$buf" 'BEGIN { printf "%d\n", b }')
	hi=$((lo + 512))
	run "$m" $((hi * MIB)) || die "$(basename "$m") did not survive $hi MiB"
	while [ $((hi - lo)) -gt 4 ]; do
		mid=$(((lo + hi) / 2))
		if run "$m" $((mid * MIB)); then hi=$mid; else lo=$mid; fi
	done
	printf '| %s | %.1f | %s | %s | %s | %s |\n' "$(basename "$m")" \
		"$(awk -v s="$(stat -c %s "$m")" 'BEGIN { print s / 1048576 }')" "$buf" "$free_peak" "$hi" \
		"$(awk -v h="$hi" -v b="$buf" 'BEGIN { printf "%.0f", h - b }')"
done
if [ -z "${ONLY_CACHE:-}" ]; then
	echo
	echo "log lines of the last unlimited run:"
	grep -E "buffer size|n_ctx_slot|n_ctx_seq|n_parallel|system_info" "$tmp/log.free" | head -12
fi

# ---- the host prompt cache ---------------------------------------------------
# llama-server keeps the KV state of past prompts in RAM (-cram MiB, 8192 by
# default): under a limit 96 MiB above oomcast's expected total, distinct
# prompts make it grow until it is killed; with the -cram oomcast advises
# (cache_ram_fits) it stays inside; with no size limit (-cram -1) it keeps
# no more than its context's tokens.
oom_kills() {
	if [ -n "$v1" ]; then sed -n 's/^oom_kill //p' "$cg/memory.oom_control"
	else sed -n 's/^oom_kill //p' "$cg/memory.events"; fi
}
# prompts: how many of 8 distinct prompts of 4000 tokens were evaluated
prompts() {
	k=0
	while [ $k -lt 8 ]; do
		prompt 4000 $((k + 1)) || break
		k=$((k + 1))
	done
	echo $k
}
total=$("$build/oomcast" fit "$A" --ctx "$ctx" --fa --no-mmap --overhead 32 --json | jq .expected_total)
limit $((total + 96 * MIB))
echo
echo "The host prompt cache: a-q8_0.gguf at -c $ctx under a limit of $(((total + 96 * MIB) / MIB)) MiB"
echo "(oomcast's expected total $((total / MIB)) MiB + 96 MiB); each prompt's KV state is about 31 MiB"
# the same figure before the server starts: oomcast fit as llama-server, in
# the cgroup (fit judges the scope it runs in; its own memory is charged there)
fcram=$(sh -c 'echo $$ > "$1/cgroup.procs" && shift && exec "$@"' sh "$cg" \
	"$build/oomcast" fit "$A" --ctx "$ctx" --runtime llama-server --json | jq -r '.cache_ram_fits // empty')
echo "oomcast fit --runtime llama-server, before the load: cache_ram_fits ${fcram:-none}"
start "$A" || die "a-q8_0.gguf did not load under the limit: $(tail -3 "$tmp/log")"
"$build/oomcast" --json -d 0.5 -n 3 2> /dev/null | tail -1 | jq -c --argjson p "$pid" \
	'.loads[] | select(.pid == $p) | {verdict, room, expected_total, prompt_cache_max, cache_ram_fits}' \
	> "$tmp/oc.json"
echo "oomcast, live: $(cat "$tmp/oc.json")"
cram=$(jq -r '.cache_ram_fits // empty' "$tmp/oc.json")
[ -n "$cram" ] || die "oomcast gave no -cram figure"
[ -n "$fcram" ] && echo "fit's -cram $fcram, live $cram: $((cram - fcram)) MiB apart" ||
	echo "fit gave no -cram figure (live: $cram)"
k0=$(oom_kills)
n=$(prompts)
stop
echo "without -cram: $n of 8 distinct prompts answered, $(($(oom_kills) - k0)) OOM kill(s)"
# try_cram MIB WHAT: the server with -cram MIB under the limit, 8 prompts;
# oomcast's live verdict on it first
try_cram() {
	k0=$(oom_kills)
	start "$A" -cram "$1" || die "did not load with -cram $1"
	"$build/oomcast" --json -d 0.5 -n 3 2> /dev/null | tail -1 | jq -c --argjson p "$pid" \
		'.loads[] | select(.pid == $p) | {verdict, prompt_cache_max, cache_ram_fits}' > "$tmp/oc.json"
	echo "oomcast, live, with -cram $1: $(cat "$tmp/oc.json")"
	n=$(prompts)
	alive=no
	[ -n "$pid" ] && kill -0 "$pid" 2> /dev/null && alive=yes
	stop
	echo "with -cram $1$2: $n of 8 distinct prompts answered, $(($(oom_kills) - k0)) OOM kill(s), still running: $alive"
}
try_cram "$cram" ""
# one step beyond: room for two more states than the figure leaves
try_cram $((cram + 64)) " (64 MiB more)"
# no size limit: llama.cpp still drops the oldest states past its context's
# tokens; oomcast bounds the cache by twice the KV cache (fits here)
try_cram -1 " (no size limit)"
