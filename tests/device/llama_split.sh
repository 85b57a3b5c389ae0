#!/bin/sh
# llama_split.sh - a CUDA llama.cpp loading GGUF files with layers offloaded
# (-ngl), beside oomcast's split of the same load: what llama.cpp itself
# reports (its buffers per device, "offloaded N/M layers"), what the driver
# says the process holds on the card (nvidia-smi), what the process holds
# in RAM (/proc), and oomcast's figures for it, live (--json, loads[]) and
# before the load (fit --gpu-layers).
#
# Runs on a lent GPU machine from the repository root, with build-dev/ made
# here by `tests/device/bundle.sh build LLAMA_SERVER` (oomcast, mkmodel and
# their libraries; the llama-server, built with CUDA from the llama.cpp
# source that node-llama-cpp 3.21.1 ships, xz-compressed; it runs with the
# machine's own CUDA libraries). Writes $OUT/split.tar.gz (each run's log,
# figures and oomcast's JSON) and $OUT/summary.txt; tests/device/split_table.sh
# makes the table of them here. The steps, each where it runs:
#   here:  tests/runtime/build_llama_server.sh /var/tmp/llcuda 2 cuda   (27 min)
#          tests/device/bundle.sh build /var/tmp/llcuda/build/bin/llama-server
#          (build-dev/ is 47 MB of the 64 MiB a device call carries)
#   there: device run, carry ["build-dev"], timeout 480 s:
#          sh tests/device/llama_split.sh 2>&1 | tee $OUT/console.txt
#   here:  tar xzf split.tar.gz -C DIR; tests/device/split_table.sh DIR
# Tried here on the CPU (the stub libcuda: LLSPLIT_LIBS=FOLDER adds it);
# not yet on a GPU: the device tool lent none when it was ready.
#   tests/device/llama_split.sh [RUN...]   (default: all)
set -u
D=build-dev
OUT=${OUT:-/tmp/llama-split}
W=/tmp/llsplit
rm -rf "$W"
mkdir -p "$OUT" "$W/r"
want() { [ -z "$sel" ] && return 0; case " $sel " in *" $1 "*) return 0 ;; esac; return 1; }
sel=${*:-}
loader=$D/lib/ld-linux-x86-64.so.2
nvdir=$(ldconfig -p 2> /dev/null | awk '/libnvidia-ml.so.1 .*x86-64/ {print $NF; exit}')
[ -n "$nvdir" ] || nvdir=$(find /usr/lib* /usr/local/nvidia /usr/local/cuda* -name 'libnvidia-ml.so.1' 2> /dev/null | head -1)
nvdir=$(dirname "${nvdir:-/usr/lib/x86_64-linux-gnu/x}")
if "$D/oomcast" -V > /dev/null 2>&1; then pre=""; else pre="$loader --library-path $D/lib:$nvdir"; fi
run() {
	prog=$1
	shift
	$pre "$D/$prog" "$@"
}
# CUDA's runtime and cuBLAS (13) as the machine has them: the loader's
# cache, the toolkit, or PyTorch's wheels
cudadir=
for c in $(ldconfig -p 2> /dev/null | awk '/libcublas.so.13 .*x86-64/ {print $NF}') \
	/usr/local/cuda/lib64/libcublas.so.13 /usr/local/cuda/targets/x86_64-linux/lib/libcublas.so.13 \
	$(find /opt /usr/local/lib /usr/lib/python3* -maxdepth 8 -name 'libcublas.so.13' 2> /dev/null | head -3); do
	[ -f "$c" ] && { cudadir=$(dirname "$c"); break; }
done
rtdir=$cudadir
[ -f "$cudadir/libcudart.so.13" ] || for c in $(find /opt /usr/local -maxdepth 9 -name 'libcudart.so.13' 2> /dev/null | head -1); do
	rtdir=$(dirname "$c")
done
export LD_LIBRARY_PATH="$cudadir:$rtdir:$PWD/$D/llib${LLSPLIT_LIBS:+:$LLSPLIT_LIBS}"
server=$W/llama-server
xz -dc "$D/llama-server.xz" > "$server" && chmod +x "$server"
{
	date; uname -a; grep PRETTY /etc/os-release; nvidia-smi
	echo "cuBLAS: $cudadir; cudart: $rtdir; NVML: $nvdir; oomcast runner: ${pre:-native}"
	ldd "$server"
	"$server" --version
	run oomcast -V
	grep -m1 "model name" /proc/cpuinfo; grep -m1 flags /proc/cpuinfo
} > "$W/env.txt" 2>&1
echo "== env"
grep -E "NVIDIA-SMI|H100|H200|cuBLAS|not found|version|NVML" "$W/env.txt" | head -12

# the models: llama architecture, random weights (tests/runtime/mkmodel)
echo "== models"
run mkmodel "$W/a-f16.gguf" -t f16 -l 16 -e 2048 -H 16 -k 4 -f 5632 -v 8192 -c 16384 > /dev/null &&
run mkmodel "$W/b-q4_k.gguf" -t q4_k -l 16 -e 2048 -H 16 -k 4 -f 5632 -v 8192 -c 16384 > /dev/null &&
run mkmodel "$W/c-q8_0.gguf" -t q8_0 -l 24 -e 1024 -H 16 -k 8 -f 2816 -v 4096 -c 32768 > /dev/null ||
	{ echo "mkmodel failed"; exit 1; }
ls -l "$W"/*.gguf

port=18190
pid=
# one NAME MODEL ARGS...: llama-server loads MODEL with ARGS, is listening;
# then what llama.cpp, the driver, /proc and oomcast say of it
one() {
	name=$1
	om=$W/$2
	shift 2
	want "$name" || return 0
	r=$W/r/$name
	mkdir -p "$r"
	echo "$*" > "$r/args"
	port=$((port + 1))
	t0=$(date +%s.%N)
	"$server" -m "$om" --host 127.0.0.1 --port "$port" -t 8 -lv 4 "$@" > "$r/log" 2>&1 &
	pid=$!
	i=0
	while ! grep -q "listening on" "$r/log"; do
		if ! kill -0 "$pid" 2> /dev/null || [ $i -gt 600 ]; then
			echo "$name: did not come up: $(tail -3 "$r/log" | tr '\n' ' ')"
			kill -9 "$pid" 2> /dev/null
			wait "$pid" 2> /dev/null
			pid=
			return 1
		fi
		i=$((i + 1))
		sleep 0.1
	done
	echo "$(date +%s.%N) $t0" | awk '{printf "up after %.1f s\n", $1 - $2}' > "$r/up"
	sleep 1
	nvidia-smi --query-compute-apps=pid,used_memory --format=csv,noheader,nounits > "$r/smi_apps.csv"
	nvidia-smi --query-gpu=memory.total,memory.reserved,memory.used,memory.free \
		--format=csv,noheader,nounits > "$r/smi_card.csv"
	grep -E "^(VmRSS|RssAnon|RssFile|RssShmem|VmSwap)" "/proc/$pid/status" > "$r/status"
	grep -E "cuda|cublas|ggml|llama" "/proc/$pid/maps" | awk '{print $6}' | sort -u > "$r/maps"
	run oomcast --json -n 2 -d 0.5 --top 5 -p "$pid" 2> "$r/live.err" | tail -1 > "$r/live.json"
	run oomcast -b -n 1 -p "$pid" > "$r/live.txt" 2>&1
	kill -INT "$pid" 2> /dev/null
	i=0
	while kill -0 "$pid" 2> /dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
	kill -9 "$pid" 2> /dev/null
	wait "$pid" 2> /dev/null
	pid=
	printf '%s: %s; card %s; process %s MiB\n' "$name" "$(cat "$r/up")" \
		"$(cat "$r/smi_card.csv")" "$(cut -d, -f2 "$r/smi_apps.csv" | tr -d ' \n')"
	grep -E "offloaded|buffer size" "$r/log" | sed 's/^[^:]*: *//' | head -12
}
# fit NAME MODEL ARGS...: oomcast's figures before the load
fit() {
	name=$1
	fm=$W/$2
	shift 2
	want "$name" || return 0
	mkdir -p "$W/r/$name"
	run oomcast fit "$fm" --runtime llama-server "$@" --json > "$W/r/$name/fit.json" 2> "$W/r/$name/fit.err"
}
both() {
	bn=$1 bm=$2
	shift 2
	fitargs=$1
	shift
	# shellcheck disable=SC2086 # the fit arguments are words
	fit "$bn" "$bm" $fitargs
	one "$bn" "$bm" "$@"
}
echo "== runs"
both a99 a-f16.gguf "--ctx 4096 --gpu-layers 99" -c 4096 -ngl 99
both a99nofa a-f16.gguf "--ctx 4096 --gpu-layers 99 --no-fa" -c 4096 -ngl 99 -fa off
both a8 a-f16.gguf "--ctx 4096 --gpu-layers 8" -c 4096 -ngl 8
both a1 a-f16.gguf "--ctx 4096 --gpu-layers 1" -c 4096 -ngl 1
both a0 a-f16.gguf "--ctx 4096" -c 4096 -ngl 0
both adef a-f16.gguf "--gpu-layers auto"
both a99q8 a-f16.gguf "--ctx 16384 --gpu-layers 99 --kv-type q8_0" -c 16384 -ngl 99 -ctk q8_0 -ctv q8_0
both a8nkvo a-f16.gguf "--ctx 4096 --gpu-layers 8 --no-kv-offload" -c 4096 -ngl 8 -nkvo
both a8none a-f16.gguf "--ctx 4096 --gpu-layers 8 --no-mmap" -c 4096 -ngl 8 --load-mode none
both b99 b-q4_k.gguf "--ctx 8192 --gpu-layers 99" -c 8192 -ngl 99
both b8 b-q4_k.gguf "--ctx 8192 --gpu-layers 8" -c 8192 -ngl 8
both c12 c-q8_0.gguf "--ctx 8192 --gpu-layers 12 --no-mmap" -c 8192 -ngl 12 --load-mode none
both c99big c-q8_0.gguf "--ctx 32768 --gpu-layers 99" -c 32768 -ngl 99

# A card with little free: another process holds all but 2.5 GiB. Without
# -ngl and -c llama.cpp fits the load itself (--fit, on by default: a
# smaller context, then fewer layers, leaving 1 GiB free); with -ngl 99
# -c 16384 it must fail. oomcast's verdicts on both, fit's before.
if want hdef || want h99; then
	echo "== a card held by another process"
	free=$(nvidia-smi --query-gpu=memory.free --format=csv,noheader,nounits | head -1 | tr -d ' ')
	hold=$((free - 2560))
	run gpuhog "$hold" 4096 0 200 > "$W/r/hog.txt" 2>&1 &
	hog=$!
	i=0
	while ! grep -q ready "$W/r/hog.txt" && [ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
	echo "free $free MiB, held: $(cat "$W/r/hog.txt")"
	both hdef a-f16.gguf "--gpu-layers auto"
	both h99 a-f16.gguf "--ctx 16384 --gpu-layers 99" -c 16384 -ngl 99
	kill "$hog" 2> /dev/null
	wait "$hog" 2> /dev/null
fi

# the dashboard with a load on the card (for screenshots/make.sh)
if want tui && command -v tmux > /dev/null; then
	echo "== dashboard"
	"$server" -m "$W/a-f16.gguf" --host 127.0.0.1 --port 18299 -c 16384 -ngl 12 -t 8 > "$W/r/tui.log" 2>&1 &
	pid=$!
	i=0
	while ! grep -q "listening on" "$W/r/tui.log" && [ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
	tmux -S "$W/sock" new-session -d -s s -x 160 -y 45 "env TERM=xterm-256color $pre $D/oomcast -d 0.5"
	sleep 3
	tmux -S "$W/sock" capture-pane -e -N -p -t s > "$W/r/gpu-load.ans"
	tmux -S "$W/sock" capture-pane -p -t s | head -30
	tmux -S "$W/sock" send-keys -t s q
	sleep 0.5
	tmux -S "$W/sock" kill-server 2> /dev/null
	kill -INT "$pid" 2> /dev/null
	sleep 1
	kill -9 "$pid" 2> /dev/null
	wait "$pid" 2> /dev/null
	pid=
fi
cp "$W/env.txt" "$W/r/"
tar -C "$W" -czf "$OUT/split.tar.gz" r
for f in "$W"/r/*/log; do
	echo "## $f"
	grep -E "offloaded|buffer size|memory_breakdown|CUDA0 \(|Host  " "$f" | sed 's/^[^:]*: *//'
done > "$OUT/summary.txt"
echo "== done"
