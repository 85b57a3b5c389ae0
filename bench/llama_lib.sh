# llama_lib.sh - what bench/llama_server_ctx.sh and bench/llama_fit_cut.sh
# share (sourced; they define die and set $pid to the server's).

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
