#!/bin/sh
# Check oomcast's NVML reading on a real NVIDIA GPU, beside nvidia-smi.
# Runs from the repository root with build-dev/ (tests/device/bundle.sh)
# present; writes everything under $OUT. Steps:
#   1. idle: oomcast's cards vs nvidia-smi's
#   2. a process holds 20 GiB (CUDA driver API): card and per-process figures
#      vs nvidia-smi --query-compute-apps
#   3. a process fills the card at 4 GiB/s until CUDA_ERROR_OUT_OF_MEMORY:
#      the gpu forecast item's level and ETA along the way
#   4. the dashboard in tmux (120x38) while a process fills the card at
#      2 GiB/s: its screen with colours (gpu-fill.ans, for screenshots/make.sh)
# usage: nvidia_check.sh [STEP...]   (default: all)
set -u
steps=${*:-1 2 3 4}
want() { case " $steps " in *" $1 "*) return 0 ;; esac; return 1; }
D=build-dev
OUT=${OUT:-/tmp/nvidia-check}
mkdir -p "$OUT"
loader=$D/lib/ld-linux-x86-64.so.2
# the host's libraries when they fit, else the bundled ones (then the
# driver's own directory must be on the bundled loader's path too)
nvdir=$(ldconfig -p 2> /dev/null | awk '/libnvidia-ml.so.1 .*x86-64/ {print $NF; exit}')
[ -n "$nvdir" ] || nvdir=$(find /usr/lib* /usr/local/nvidia /usr/local/cuda* -name 'libnvidia-ml.so.1' 2> /dev/null | head -1)
nvdir=$(dirname "${nvdir:-/usr/lib/x86_64-linux-gnu/x}")
if "$D/oomcast" -V > /dev/null 2>&1; then pre=""; else pre="$loader --library-path $D/lib:$nvdir"; fi
echo "NVML dir: $nvdir; runner: ${pre:-native}"
run() {
	prog=$1; shift
	$pre "$D/$prog" "$@"
}
smi_cards() {
	nvidia-smi --query-gpu=index,name,memory.total,memory.reserved,memory.used,memory.free \
		--format=csv,noheader,nounits
}
{
	date; uname -a; grep PRETTY /etc/os-release; ldd --version 2>&1 | head -1
	nvidia-smi; nvidia-smi -q -d MEMORY
	run oomcast -V
} > "$OUT/env.txt" 2>&1
echo "== env"; tail -3 "$OUT/env.txt"

if want 1; then
echo "== 1 idle"
smi_cards | tee "$OUT/smi_idle.csv"
run oomcast --json -n 1 --top 3 > "$OUT/idle.json" 2> "$OUT/idle.err"
echo "rc=$? $(head -c 600 "$OUT/idle.err")"
sed -n 's/.*"gpus":\(\[[^]]*\]\).*/\1/p' "$OUT/idle.json" | head -c 1500; echo

fi
if want 2; then
echo "== 2 hold 20 GiB"
run gpuhog 20480 20480 0 25 > "$OUT/hold_hog.txt" 2>&1 &
hog=$!
for i in $(seq 1 120); do grep -q ready "$OUT/hold_hog.txt" && break; sleep 0.25; done
cat "$OUT/hold_hog.txt"
sleep 1
smi_cards | tee "$OUT/smi_hold.csv"
nvidia-smi --query-compute-apps=pid,used_memory --format=csv,noheader,nounits | tee "$OUT/smi_apps_hold.csv"
hog_pid=$(head -1 "$OUT/smi_apps_hold.csv" | cut -d, -f1 | tr -d ' ')
echo "hog pid ${hog_pid:-?}"
run oomcast --json -n 2 -d 1 --top 5 ${hog_pid:+-p $hog_pid} > "$OUT/hold.json" 2> "$OUT/hold.err"
echo "rc=$?"; head -c 300 "$OUT/hold.err"
tail -1 "$OUT/hold.json" | sed -n 's/.*"gpus":\(\[[^]]*\]\).*"gpu_note".*/\1/p' | head -c 1500; echo
tail -1 "$OUT/hold.json" | grep -o '"gpu_procs":\[[^]]*\]'
tail -1 "$OUT/hold.json" | grep -o "{\"pid\":${hog_pid:-x},[^}]*}" | head -c 800; echo
run oomcast -b -n 1 --top 5 > "$OUT/hold.txt" 2>&1
head -20 "$OUT/hold.txt"
if command -v tmux > /dev/null; then
	tmux -S "$OUT/sock" new-session -d -x 160 -y 45 "$pre $D/oomcast"
	sleep 3
	tmux -S "$OUT/sock" capture-pane -p > "$OUT/hold_tui.txt"
	tmux -S "$OUT/sock" send-keys q
	head -15 "$OUT/hold_tui.txt"
fi
pkill -f "$D/gpuhog" 2> /dev/null; wait "$hog" 2> /dev/null
sleep 1

fi
if want 3; then
echo "== 3 fill the card at 4 GiB/s"
run oomcast --json -n 70 -d 0.5 --top 3 > "$OUT/fill.json" 2> "$OUT/fill.err" &
mon=$!
sleep 3
run gpuhog 0 1024 250 4 > "$OUT/fill_hog.txt" 2>&1
cat "$OUT/fill_hog.txt"
wait "$mon"
echo "monitor rc=$?"
# one line per sample: t, card used, gpu:0 item (level, eta, rate, driver)
for l in $(seq 1 70); do
	sed -n "${l}p" "$OUT/fill.json" | grep -o '"t":[0-9.]*' | head -1 | tr '\n' ' '
	sed -n "${l}p" "$OUT/fill.json" | grep -o '"gpus":\[{[^}]*"used":[0-9]*' | grep -o '"used":[0-9]*' | tr '\n' ' '
	sed -n "${l}p" "$OUT/fill.json" | grep -o '{"resource":"gpu:0"[^}]*}' | sed 's/"eta_low_s[^,]*,"eta_high_s[^,]*,//'
done > "$OUT/fill_summary.txt"
grep -v '^$' "$OUT/fill_summary.txt" | cut -c1-260 | awk 'NR % 3 == 1'
fi
if want 4 && command -v tmux > /dev/null; then
	echo "== 4 the dashboard while the card fills at 2 GiB/s"
	tmux -S "$OUT/s4" new-session -d -s s -x 120 -y 38 "env TERM=xterm-256color $pre $D/oomcast -d 0.5"
	sleep 3
	run gpuhog 0 512 250 6 > "$OUT/tui_hog.txt" 2>&1 &
	sleep 17
	tmux -S "$OUT/s4" capture-pane -e -N -p -t s > "$OUT/gpu-fill.ans"
	tmux -S "$OUT/s4" send-keys -t s x
	sleep 1
	tmux -S "$OUT/s4" capture-pane -e -N -p -t s > "$OUT/gpu-advice.ans"
	tmux -S "$OUT/s4" capture-pane -p -t s | head -12
	wait
	tmux -S "$OUT/s4" kill-server
	rm -f "$OUT/s4"
	cat "$OUT/tui_hog.txt"
fi
echo "== done"
