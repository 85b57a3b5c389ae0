#!/bin/sh
# llama_fit_cut.sh - llama.cpp's --fit cutting the context of a load on a
# machine too small for the trained one, beside oomcast's cut
# (footprint_fit_ctx). llama-server (no -c) runs on this machine's CPU with
# bench/fakeram.c preloaded, so that it sees FAKE_RAM_MIB of RAM (ggml's CPU
# device asks sysconf); bench/fit_ctx.c computes oomcast's context for the
# same file and RAM, as a live llama-server load is sized.
#
#   bench/llama_fit_cut.sh LLAMA_SERVER BUILD_DIR
#
# LLAMA_SERVER as for bench/llama_server_ctx.sh. Not a test: CI has no
# llama-server. The models are written to a temporary folder and removed.
set -eu
server=$(realpath "${1:?usage: llama_fit_cut.sh LLAMA_SERVER BUILD_DIR}")
build=$(cd "${2:?usage: llama_fit_cut.sh LLAMA_SERVER BUILD_DIR}" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
die() { echo "llama_fit_cut.sh: $*" >&2; exit 2; }
# shellcheck source=bench/llama_lib.sh
. "$here/llama_lib.sh"
[ -x "$server" ] || die "$server: not an executable"
scratch cut
cc -shared -fPIC -O2 -o "$tmp/fakeram.so" "$here/fakeram.c" -ldl || die "cannot build the shim"
# shellcheck disable=SC2046 # pkg-config's flags are words
cc -O2 -I"$here/../src" -I"$build" -include "$build/config.h" -o "$tmp/fit_ctx" "$here/fit_ctx.c" \
	"$build/liboomcast.a" $(pkg-config --libs libproc2) -lm -lz || die "cannot build fit_ctx"
models "$build" 65536
port=$((18600 + $$ % 300))
echo "llama-server: $server"
echo "a: llama, F16, 8 layers of 1024, trained context 16384; g: gemma3, F16, 6 layers (4 in a window of 512), trained 65536"
echo
echo "| model | RAM seen, MiB | arguments | llama.cpp's n_ctx | oomcast's | llama.cpp's log |"
echo "|---|---|---|---|---|---|"
for run in "a 4096 " "a 1300 " "a 1200 " "a 1100 " "a 1300 -np 2" "g 1300 " "g 1150 " "g 1120 "; do
	set -- $run
	which=$1 ram=$2
	shift 2
	M=$A
	[ "$which" = g ] && M=$G
	streams=1
	[ "${1:-}" = -np ] && streams=$2
	port=$((port + 1))
	LD_PRELOAD="$tmp/fakeram.so" FAKE_RAM_MIB=$ram "$server" -m "$M" --host 127.0.0.1 --port "$port" \
		-t 2 -lv 4 "$@" > "$tmp/log" 2>&1 &
	pid=$!
	up "$tmp/log"
	n_ctx=$(n_ctx "$tmp/log")
	said=$(sed -n 's/.*common_params_fit_impl: \(context size reduced[^>]*\|will leave [0-9]* >= [0-9]* MiB\|projected to use [0-9]* MiB\).*/\1/p' "$tmp/log" |
		tail -1 | sed 's/ *-$//')
	ours=$("$tmp/fit_ctx" "$M" "$ram" "$streams" | cut -d' ' -f1)
	printf '| %s | %s | `%s` | %s | %s | %s |\n' "$which" "$ram" "${*:-(none)}" "$n_ctx" "$ours" "$said"
	down
done
