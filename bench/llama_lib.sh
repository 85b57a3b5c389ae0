# shellcheck shell=sh
# llama_lib.sh - what bench/llama_server_ctx.sh and bench/llama_fit_cut.sh
# share (sourced; they define die and set $pid to the server's).

# scratch NAME: a temporary folder, $tmp, removed on exit with the server
# $pid (killed) if one is still running
scratch() {
	tmp=$(mktemp -d "/tmp/oomcast-$1.XXXXXX")
	pid=
	trap cleanup EXIT INT TERM
}
cleanup() {
	if [ -n "$pid" ]; then kill -9 "$pid" 2> /dev/null || true; fi
	rm -rf "$tmp"
}

# models BUILD GEMMA_CTX: the two models both benches load, written into
# $tmp: $A, llama, F16, 8 layers of 1024, 4 KV heads of 64, trained at
# 16384; $G, gemma3, F16, 6 layers (2 of each 3 in a window of 512), 2 KV
# heads of 64, trained at GEMMA_CTX
models() {
	A=$tmp/a-f16.gguf G=$tmp/g3-f16.gguf
	"$1/tests/runtime/mkmodel" "$A" -t f16 -l 8 -e 1024 -H 16 -k 4 -f 2816 -v 4096 -c 16384 \
		> /dev/null || die "mkmodel"
	"$1/tests/runtime/mkmodel" "$G" -A gemma3 -t f16 -l 6 -e 512 -H 8 -k 2 -v 1024 -w 512 -p 3 \
		-c "$2" > /dev/null || die "mkmodel"
}

# down: stop the server $pid and wait for it
down() {
	kill "$pid" 2> /dev/null || true
	wait "$pid" 2> /dev/null || true
	pid=
}

# up LOG: wait until the llama-server $pid, logging to LOG, listens (60 s at
# most), or die with the end of its log
up() {
	i=0
	while ! grep -q "listening on" "$1"; do
		kill -0 "$pid" 2> /dev/null || die "llama-server exited: $(tail -3 "$1")"
		i=$((i + 1))
		[ $i -lt 600 ] || die "llama-server did not come up in 60 s"
		sleep 0.1
	done
}

# n_ctx LOG: the context llama.cpp made (llama_context's line)
n_ctx() {
	sed -n 's/.*llama_context: n_ctx *= *\([0-9]*\).*/\1/p' "$1" | tail -1
}
