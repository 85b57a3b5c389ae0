#!/bin/sh
# GPU rows in the dashboard, driven in tmux with the fake NVML: a meter per
# card with used / total and the card's name, a GPU column that V sorts by,
# at 120x30 and 80x24; the forecast row of a card a pinned process uses;
# a LOAD row with the layers llama.cpp offloads by default; without any GPU,
# no rows and help says why.
. "$TESTLIB"
command -v tmux > /dev/null || skip "tmux is not installed (apt-get install tmux)"
: "${FAKENVML_DIR:?FAKENVML_DIR must point at the fake NVML libraries}"
export TERM=xterm-256color
sleep 120 & holder=$!
CHILDREN="$holder"

for size in "120 30" "80 24"; do
	set -- $size
	tmux_fresh
	T new-session -d -s s -x "$1" -y "$2" \
		"OOMCAST_NVML_LIBRARY=$FAKENVML_DIR/libfakenvml.so FAKENVML_PIDS=$holder:0:21474836480 OOMCAST_DRM_ROOT=/nonexistent $OOMCAST; sleep 30"
	wait_for '^G0 +\[.*\] 20\.5 GiB / 80\.0 GiB' || fail "$size: no meter for card 0"
	wait_for '^G1 +\[' || fail "$size: no meter for card 1"
	[ "$1" -lt 100 ] || grep -q 'Fake H100 80GB HBM3' "$TMP/pane" || fail "$size: card name missing"
	T send-keys -t s V
	# sorted by GPU memory: the holder is the first row, with 20.0G
	wait_for 'GPU[v▼]' || fail "$size: GPU column not the sort column"
	first=$(grep -A1 'PID' "$TMP/pane" | tail -1)
	echo "$first" | grep -Eq "^ *$holder .*20\.0G" || fail "$size: first row after V: $first"
	T send-keys -t s q
	wait_gone '^G0 ' || fail "$size: q did not quit"
done

# the card a watched process uses has its forecast row on the panel, at
# the top with the process's cgroup, whatever other limits a busy machine
# has (another test suite's idle limits pushed it off an 80x24 panel)
tmux_fresh
T new-session -d -s s -x 80 -y 24 \
	"OOMCAST_NVML_LIBRARY=$FAKENVML_DIR/libfakenvml.so FAKENVML_PIDS=$holder:0:21474836480 OOMCAST_DRM_ROOT=/nonexistent $OOMCAST -p $holder; sleep 30"
wait_for '^G0 +\[' || fail "pinned: no meter for card 0"
wait_for '^gpu:0 ' || fail "pinned: no forecast row for gpu:0"
# (a model load elsewhere on the machine has its LOAD row above the items,
# and a warning elsewhere its banner, indented)
first=$(sed -n '/^PSI /,$p' "$TMP/pane" | sed 1d | grep -v '^LOAD \|^ ' | head -1)
case $first in gpu:0\ *) ;; *) fail "pinned: the panel's first item is not gpu:0: $first" ;; esac
T send-keys -t s q
wait_gone '^G0 ' || fail "pinned: q did not quit"
# a llama-server (a stand-in mapping a file named as llama.cpp's CUDA
# backend) with no -ngl: its LOAD row says where llama.cpp's default puts
# the model (all 4 layers and the output one: auto 5)
if [ -n "${MKMODEL:-}" ]; then
	"$MKMODEL" "$TMP/h4.gguf" -t q8_0 -l 4 -e 512 -H 8 -k 2 -v 1024 > /dev/null || fail "mkmodel"
	mkdir -p "$TMP/bin" "$TMP/lib"
	head -c 4096 /dev/zero > "$TMP/lib/libggml-cuda.so"
	cp "$MEMHOG" "$TMP/bin/llama-server"
	MEMHOG_MAP="$TMP/lib/libggml-cuda.so" "$TMP/bin/llama-server" 40 0 60 -m "$TMP/h4.gguf" -c 2048 \
		> /dev/null & ls=$!
	CHILDREN="$CHILDREN $ls"
	wait_exec "$ls" "$TMP/bin/llama-server"
	tmux_fresh
	T new-session -d -s s -x 160 -y 40 \
		"OOMCAST_NVML_LIBRARY=$FAKENVML_DIR/libfakenvml.so FAKENVML_PIDS=$holder:0:21474836480 OOMCAST_DRM_ROOT=/nonexistent $OOMCAST -p $ls; sleep 30"
	wait_for "^LOAD $ls llama-server +h4\.gguf +needs [0-9.]+ MiB at -c 2048, .* +FITS +in [a-z]+; -ngl auto 5: RAM [0-9.]+ MiB, GPU [0-9.]+ MiB" ||
		fail "no -ngl: the LOAD row: $(grep '^LOAD' "$TMP/pane")"
	T send-keys -t s q
	wait_gone '^G0 ' || fail "load: q did not quit"
	kill "$ls" 2> /dev/null
fi
# no GPU: no GPU rows, no GPU column, and the help says why
tmux_fresh
T new-session -d -s s -x 100 -y 32 "OOMCAST_NVML_LIBRARY=off OOMCAST_DRM_ROOT=/nonexistent $OOMCAST; sleep 30"
wait_for '^PSI ' || fail "no dashboard"
grep -q '^G0 ' "$TMP/pane" && fail "GPU row without a GPU"
grep -Eq 'SWAP +GPU' "$TMP/pane" && fail "GPU column without GPU data"
# (at the help's end: End scrolls there when it does not fit)
T send-keys -t s h End
wait_for 'GPU: NVML turned off; no AMD/Intel GPU' || fail "help does not say why there is no GPU"
T send-keys -t s q q
pass "GPU meters, GPU column and V sort in tmux; a llama-server with no -ngl shows llama.cpp's own layers on its LOAD row; no GPU: none, and help says why"
