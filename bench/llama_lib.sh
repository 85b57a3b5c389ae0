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
