#!/bin/sh
# A load found from what the kernel shows, not from the command line: the
# real llama.cpp (node-llama-cpp's prebuilt CPU binaries) loads a GGUF file
# whose path comes through the environment (tests/runtime/load_env.mjs), so
# the process's command line is "node load_env.mjs" and names no model.
#   - mmap (llama.cpp's default): `oomcast --json` reports the load from the
#     file mapped in /proc/PID/maps: loads[] has it with runtime "llama.cpp"
#     (from the libllama/libggml it maps), the right path, model name and size;
#     the dashboard's details of it show "Runtime: llama.cpp" and the model;
#     a recording made meanwhile replays with the same runtime;
#   - --no-mmap: the file was read and closed, nothing of it is open or mapped
#     while the process holds: no load, but procs[] still shows the runtime
#     llama.cpp (the advice names llama.cpp, not "unknown": test_advice).
# One small model (F16, 4 layers, about 60 MiB), two loads. Skips without
# node-llama-cpp (tests/runtime/install.sh).
. "$TESTLIB"
need_llama

m="$TMP/h2 runtime model.gguf"   # a space in its name: the path is read whole
"$MKMODEL" "$m" -t f16 -l 4 -e 768 -H 12 -k 4 -f 2048 -v 4096 -c 4096 -n "runtime-test" > /dev/null ||
	fail "mkmodel"
size=$(stat -c %s "$m")
ENV_LOAD="$RUNTIME/load_env.mjs"

for mm in mmap no-mmap; do
	o="$TMP/$mm.json"
	args="-c 512 --hold 30"
	[ $mm = no-mmap ] && args="$args --no-mmap"
	OOMCAST_LOAD_MODEL="$m" OOMCAST_LOAD_ARGS="$args" node "$ENV_LOAD" > "$o" 2> "$o.err" &
	pid=$!
	CHILDREN="$CHILDREN $pid"
	# loaded and evaluated: load.mjs prints its JSON line, then holds
	i=0
	while [ ! -s "$o" ] && [ $i -lt 1200 ] && kill -0 $pid 2> /dev/null; do sleep 0.1; i=$((i + 1)); done
	[ -s "$o" ] || fail "$mm: llama.cpp did not load: $(tail -5 "$o.err")"
	jqt '.ok' "$o" || fail "$mm: load.mjs: $(cat "$o")"
	tr '\0' ' ' < /proc/$pid/cmdline | grep -q "gguf" && fail "$mm: the model is on the command line: $(tr '\0' ' ' < /proc/$pid/cmdline)"
	timeout 30 "$OOMCAST" --json -n 2 -d 0.3 -p "$pid" --record "$TMP/$mm.rec" | tail -1 > "$TMP/$mm.oomcast" ||
		fail "$mm: oomcast --json: exit $?"
	p=$(jq -c --argjson p "$pid" '.procs[] | select(.pid == $p)' "$TMP/$mm.oomcast")
	[ -n "$p" ] || fail "$mm: process $pid not in oomcast's JSON"
	[ "$(echo "$p" | jq -r .runtime)" = llama.cpp ] || fail "$mm: procs[] runtime: $p"
	ld=$(jq -c --argjson p "$pid" '.loads[] | select(.pid == $p)' "$TMP/$mm.oomcast")
	if [ $mm = mmap ]; then
		[ -n "$ld" ] || fail "mmap: no load for $pid in oomcast's JSON: $(jq -c .loads "$TMP/$mm.oomcast")"
		[ "$(echo "$ld" | jq -r .runtime)" = llama.cpp ] || fail "mmap: loads[] runtime: $ld"
		[ "$(echo "$ld" | jq -r .comm)" = node ] || fail "mmap: loads[] comm: $ld"
		[ "$(echo "$ld" | jq -r .path)" = "$m" ] || fail "mmap: loads[] path: $ld"
		[ "$(echo "$ld" | jq -r .model)" = runtime-test ] || fail "mmap: loads[] model name: $ld"
		[ "$(echo "$ld" | jq .file_bytes)" = "$size" ] || fail "mmap: loads[] file_bytes: $ld"
		[ "$(echo "$ld" | jq .weights_mapped)" = true ] || fail "mmap: loads[] weights_mapped: $ld"
		# the dashboard's details of it (filtered on load_env.mjs, which only
		# this test's process has in its command line)
		if command -v tmux > /dev/null; then
			T new-session -d -s s -x 160 -y 50 "env TERM=xterm-256color $OOMCAST -d 0.3; sleep 30"
			wait_for 'PID' || fail "dashboard did not start"
			T send-keys -t s -l '\'
			T send-keys -t s -l "load_env"
			T send-keys -t s Enter
			wait_for "filter: load_env, 1\\]" 15 || fail "the filter does not keep our load"
			T send-keys -t s Enter
			wait_for_all 15 "Runtime: llama\\.cpp" "Model \\([0-9.]+[KMG]\\): .*h2 runtime model\\.gguf" ||
				fail "the details do not show the runtime and the model"
			T send-keys -t s Escape q
			tmux_fresh
		fi
	else
		# nothing of the file is left open or mapped: no load to report
		[ -z "$ld" ] || fail "no-mmap: a load from nowhere: $ld"
		[ "$(echo "$p" | jq -r .model)" = null ] || fail "no-mmap: a model from nowhere: $p"
	fi
	# a replay keeps what the kernel showed (-p: the same process detailed
	# as live, however many larger ones the machine runs)
	timeout 30 "$OOMCAST" replay "$TMP/$mm.rec" --json -p "$pid" | tail -1 > "$TMP/$mm.replay" ||
		fail "$mm: oomcast replay: exit $?"
	[ "$(jq -r --argjson p "$pid" '.procs[] | select(.pid == $p) | .runtime' "$TMP/$mm.replay")" = llama.cpp ] ||
		fail "$mm: replay: procs[] runtime: $(jq -c --argjson p "$pid" '.procs[] | select(.pid == $p)' "$TMP/$mm.replay")"
	[ $mm = no-mmap ] || [ "$(jq -r --argjson p "$pid" '.loads[] | select(.pid == $p) | .runtime' "$TMP/$mm.replay")" = llama.cpp ] ||
		fail "mmap: replay: loads[] runtime: $(jq -c .loads "$TMP/$mm.replay"), live: $ld"
	kill $pid 2> /dev/null
	wait $pid 2> /dev/null
done
pass "a model named nowhere on the command line: found mapped, runtime llama.cpp from the maps (also after a --no-mmap load closed it)"
