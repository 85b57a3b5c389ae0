#!/bin/sh
# monitor_cost.sh - side-by-side cost of live monitors: CPU% and peak RSS of
# top, htop, btop and oomcast, each in a 200x50 tmux pane at a 0.1 s refresh,
# with N extra idle processes. Needs tmux, htop, btop and GNU time.
# usage: bench/monitor_cost.sh [OOMCAST] [N] [SECONDS]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
bin=${1:-$here/../build/oomcast}
N=${2:-1000}
D=${3:-10}
home=$(mktemp -d)
mkdir -p "$home/.config/btop"
printf 'update_ms = 100\n' > "$home/.config/btop/btop.conf"
pids=""
trap 'kill $pids 2>/dev/null; rm -rf "$home"' EXIT
for i in $(seq "$N"); do sleep 100000 & pids="$pids $!"; done
sleep 1
tick=$(getconf CLK_TCK)
measure() { # NAME CMD...
	name=$1; shift
	s=mc_$$_$name
	tmux new-session -d -s "$s" -x 200 -y 50 "env HOME=$home TERM=xterm-256color $*"
	sleep 1
	pid=$(tmux list-panes -t "$s" -F '#{pane_pid}')
	t0=$(awk '{print $14 + $15}' "/proc/$pid/stat")
	sleep "$D"
	t1=$(awk '{print $14 + $15}' "/proc/$pid/stat")
	hwm=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status")
	tmux kill-session -t "$s"
	awk -v n="$name" -v a="$t0" -v b="$t1" -v d="$D" -v k="$tick" -v h="$hwm" \
		'BEGIN {printf "%-8s cpu%%=%6.2f  peak_rss_kib=%d\n", n, 100 * (b - a) / k / d, h}'
}
measure top top -d 0.1
measure htop htop -d 1
measure btop btop
measure oomcast "$bin" -d 0.1
