#!/bin/sh
# llama_server_ctx.sh - the context a llama-server started with no -c takes,
# and its KV cache, as llama.cpp logs them beside oomcast's live figures for
# the same process (loads[]: ctx, kv_bytes). No -c is the model's trained
# context (common.h n_ctx 0); -np N without -kvu makes N streams of it;
# -np auto (the default) one, unified. Also -c given, as a control.
#
#   bench/llama_server_ctx.sh LLAMA_SERVER BUILD_DIR
#
# LLAMA_SERVER: a llama-server binary (tests/runtime/build_llama_server.sh
# builds one; a CUDA build on a machine without a GPU runs on the CPU as
# well). BUILD_DIR holds oomcast's build (oomcast, tests/runtime/mkmodel).
# Needs jq. The model (F16: no CPU copies of weights whatever the CPU) is
# written to a temporary folder and removed. Not a test: CI has no
# llama-server.
set -eu
server=$(realpath "${1:?usage: llama_server_ctx.sh LLAMA_SERVER BUILD_DIR}")
build=$(cd "${2:?usage: llama_server_ctx.sh LLAMA_SERVER BUILD_DIR}" && pwd)
die() { echo "llama_server_ctx.sh: $*" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=bench/llama_lib.sh
. "$here/llama_lib.sh"
[ -x "$server" ] || die "$server: not an executable"
command -v jq > /dev/null || die "needs jq"
scratch ctx
models "$build" 16384
port=$((18400 + $$ % 500))

echo "llama-server: $server"
echo "a: llama, F16, 8 layers, 4 KV heads of 64, trained context 16384"
echo "g: gemma3, F16, 6 layers (4 in a window of 512), 2 KV heads of 64, trained context 16384"
echo
echo "| model, arguments | llama.cpp n_ctx | oomcast ctx | llama.cpp KV MiB | oomcast KV MiB | llama.cpp compute MiB | oomcast compute MiB | llama.cpp --fit's projection MiB | oomcast expected total MiB | VmRSS MiB |"
echo "|---|---|---|---|---|---|---|---|---|---|"
for run in "a|" "a|-np 2" "a|-np 2 -kvu" "a|-np 1" "a|-c 4096" "a|-c 0 -np 2" "a|-np 2 -fit off" \
	"g|" "g|-np 2" "g|-np 3 -kvu" "g|-c 8192"; do
	which=${run%%|*} args=${run#*|}
	M=$A
	[ "$which" = g ] && M=$G
	port=$((port + 1))
	# shellcheck disable=SC2086 # the arguments are words
	"$server" -m "$M" --host 127.0.0.1 --port "$port" -t 2 -lv 4 $args > "$tmp/log" 2>&1 &
	pid=$!
	up "$tmp/log"
	n_ctx=$(n_ctx "$tmp/log")
	kv=$(sed -n 's/.* KV buffer size = *\([0-9.]*\) MiB.*/\1/p' "$tmp/log" | awk '{s += $1} END {printf "%.2f", s}')
	cb=$(sed -n 's/.* compute buffer size = *\([0-9.]*\) MiB.*/\1/p' "$tmp/log" | tail -1)
	proj=$(sed -n 's/.*projected to use \([0-9]*\) MiB of host memory.*/\1/p' "$tmp/log" | head -1)
	"$build/oomcast" --json -n 2 -d 0.5 -p "$pid" 2> /dev/null | tail -1 |
		jq -c --argjson p "$pid" '.loads[] | select(.pid == $p)' > "$tmp/l.json"
	rss=$(awk '/^VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$pid/status")
	printf '| %s `%s` | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$which" "${args:-(none)}" \
		"$n_ctx" "$(jq -r .ctx "$tmp/l.json")" \
		"$kv" "$(jq -r '.kv_bytes / 1048576 * 100 | round / 100' "$tmp/l.json")" \
		"$cb" "$(jq -r '.compute_bytes / 1048576 * 100 | round / 100' "$tmp/l.json")" \
		"${proj:--}" "$(jq -r '.expected_total / 1048576 | round' "$tmp/l.json")" "$rss"
	down
done
