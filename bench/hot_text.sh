#!/bin/bash
# hot_text.sh - writes src/hot.ld: the functions the dashboard runs, which
# the link puts together ahead of the rest of the code.
#
# Why: the kernel maps a program's code 64 KiB around each page it runs
# (fault-around), and counts it all as the process's resident memory. Spread
# over the whole binary, the dashboard's code (about a third of it) kept all
# of it resident: 368 of 368 KiB, against htop's 310 KiB. Put together, it
# keeps only its own windows. The list only places code: a function missing
# from it (new code) works the same and costs a window at most; the file is
# made again by this script, never by hand.
#
# How: a build with gcov's counters (in a scratch directory), the dashboard
# run as the yardstick runs it (shared/bench/monitor_cost.sh: a 200x50 tmux
# pane at a 0.1 s refresh, N extra idle processes) for S seconds, and every
# function whose lines ran is listed, by name. A minute: the forecast's
# slower rules start only once they have seconds of samples (counted for
# 10 s, the list missed two, and the code resident grew by 104 KiB at the
# 10th second). Needs gcc, gcov and tmux.
#   bench/hot_text.sh [N] [S]          (N: 1000 processes; S: 60 s)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
N=${1:-1000}
S=${2:-60}
for t in gcc gcov tmux; do
	command -v $t > /dev/null || { echo "hot_text.sh: needs $t" >&2; exit 2; }
done
work=$(mktemp -d /var/tmp/oc-hot.XXXXXX)
pids=()
session=oc-hot-$$
cleanup() {
	tmux kill-session -t "$session" 2> /dev/null || true
	[ ${#pids[@]} = 0 ] || kill "${pids[@]}" 2> /dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT

(cd "$work" && "$top/configure" -q CFLAGS="-O2 --coverage" LDFLAGS="--coverage" > /dev/null &&
	make -s -j"$(nproc)" oomcast > /dev/null 2>&1) ||
	{ echo "hot_text.sh: the counting build in $work failed (a source tree configured in place: make distclean there)" >&2; exit 1; }

for _ in $(seq "$N"); do sleep 100000 & pids+=($!); done
sleep 1
mkdir -p "$work/home"
tmux new-session -d -s "$session" -x 200 -y 50 \
	"env HOME=$work/home XDG_CONFIG_HOME=$work/home/.config TERM=xterm-256color $work/oomcast -d 0.1; sleep 5"
sleep "$S"
tmux send-keys -t "$session" q
for _ in $(seq 50); do   # the counters are written at exit
	tmux list-panes -t "$session" -F '#{pane_current_command}' 2> /dev/null | grep -q oomcast || break
	sleep 0.1
done

# gcov -f: "Function 'NAME'" then "Lines executed:P% of N" for each one
funcs=$(cd "$work" && find . -name '*.gcda' | while read -r d; do
	gcov -f -n -o "$(dirname "$d")" "$d" 2> /dev/null
done | awk '/^Function /{f=$2; gsub(/\047/, "", f)}
	/^Lines executed:/ { if (f != "" && $0 !~ /executed:0\.00%/) print f; f = "" }' | sort -u)
n=$(printf '%s\n' "$funcs" | grep -c . || true)
[ "$n" -gt 100 ] || { echo "hot_text.sh: only $n functions counted: did the dashboard run?" >&2; exit 1; }

{
	cat << 'EOF'
/* hot.ld - made by bench/hot_text.sh (see there why): the functions the
 * dashboard runs, with -ffunction-sections each in its own .text.NAME (and
 * .text.NAME.* for GCC's clones), placed together ahead of the rest of the
 * code; then libproc2's meminfo and vmstat, read every sample. INSERT keeps
 * the linker's own script for everything else. */
SECTIONS
{
	.text.oomcast_hot :
	{
EOF
	printf '%s\n' "$funcs" | awk '{printf "\t\t*(.text.%s .text.%s.*)\n", $1, $1}'
	cat << 'EOF'
		*libproc2.a:*(.text .text.*)
	}
}
INSERT BEFORE .text;
EOF
} > "$top/src/hot.ld"
echo "hot_text.sh: $n functions into src/hot.ld" >&2
