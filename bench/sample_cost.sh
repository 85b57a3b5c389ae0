#!/bin/sh
# sample_cost.sh - CPU per sample of oomcast's JSON mode beside `top -b` and
# the floor (bench/floor.c: one read of /proc/PID/status per process), with
# N extra idle processes, all in one run so the ratios compare like with like.
# Each tool takes 50 samples at a 0.1 s interval; the run is repeated R times
# and the median is reported. CPU time comes from perf stat's task-clock when
# perf works (GNU time's resolution is 10 ms), else from GNU time.
#
# Two floors: the shared yardstick's, which reads back to back, and the same
# reads paced at 0.1 s like every monitor here. A process that sleeps between
# samples finds cold caches each time, so the paced floor is the like-for-like
# one; the targets are checked against the back-to-back floor, as set.
# usage: bench/sample_cost.sh [OOMCAST] [N] [R]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
bin=${1:-$here/../build/oomcast}
N=${2:-1000}
R=${3:-5}
it=50
tmp=$(mktemp -d)
pids=""
trap 'kill $pids 2>/dev/null; rm -rf "$tmp"' EXIT
cc -O2 -o "$tmp/floor" "$here/floor.c"
for i in $(seq "$N"); do sleep 100000 & pids="$pids $!"; done
sleep 1

use_perf=no
perf stat -x, -e task-clock true > /dev/null 2>&1 && use_perf=yes
# cpu CMD...: prints "ms-per-sample peak-KiB"
cpu() {
	if [ $use_perf = yes ]; then
		/usr/bin/time -f '%M' -o "$tmp/time" perf stat -x, -e task-clock -o "$tmp/perf" "$@" > /dev/null
		ms=$(awk -F, '/task-clock/ {print $1}' "$tmp/perf")
		# peak RSS of the tool, not of perf: perf runs it as a child, and
		# GNU time reports the largest of the two; oomcast is far below perf
		echo "$ms" | awk -v n=$it -v m="$(cat "$tmp/time")" '{printf "%.3f %d\n", $1 / n, m}'
	else
		/usr/bin/time -f '%U %S %M' "$@" > /dev/null 2> "$tmp/time"
		tail -1 "$tmp/time" | awk -v n=$it '{printf "%.3f %d\n", ($1 + $2) * 1000 / n, $3}'
	fi
}
# peak RSS of a command alone
peak() { /usr/bin/time -f '%M' "$@" > /dev/null 2> "$tmp/peak"; tail -1 "$tmp/peak"; }
median() { sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }

: > "$tmp/f"; : > "$tmp/fp"; : > "$tmp/t"; : > "$tmp/o"; : > "$tmp/or"
for r in $(seq "$R"); do
	cpu "$tmp/floor" status $it | cut -d' ' -f1 >> "$tmp/f"
	cpu "$tmp/floor" status $it 0.1 | cut -d' ' -f1 >> "$tmp/fp"
	cpu top -b -n $it -d 0.1 | cut -d' ' -f1 >> "$tmp/t"
	cpu "$bin" --json -n $it -d 0.1 | cut -d' ' -f1 >> "$tmp/o"
	peak "$bin" --json -n $it -d 0.1 >> "$tmp/or"
done
f=$(median < "$tmp/f"); fp=$(median < "$tmp/fp"); t=$(median < "$tmp/t")
o=$(median < "$tmp/o"); rss=$(median < "$tmp/or")
nproc_now=$(ls -d /proc/[0-9]* | wc -l)
echo "processes: $nproc_now; 50 samples at 0.1 s; median of $R runs; cpu from $( [ $use_perf = yes ] && echo perf || echo time)"
printf '%-26s %10s %10s %12s\n' tool ms/sample vs-floor vs-paced
awk -v f="$f" -v fp="$fp" -v t="$t" -v o="$o" 'BEGIN {
	printf "%-26s %10.2f %10.2f %12.2f\n", "floor, back to back", f, 1, f / fp
	printf "%-26s %10.2f %10.2f %12.2f\n", "floor, paced at 0.1 s", fp, fp / f, 1
	printf "%-26s %10.2f %10.2f %12.2f\n", "top -b -d 0.1", t, t / f, t / fp
	printf "%-26s %10.2f %10.2f %12.2f\n", "oomcast --json -d 0.1", o, o / f, o / fp }'
echo "oomcast peak RSS: $rss KiB"
awk -v f="$f" -v t="$t" -v o="$o" -v r="$rss" 'BEGIN {
	ok = (o <= 1.2 * f && o < t && r < 6144)
	printf "targets (<= 1.2x floor, < top, < 6144 KiB): %s\n", ok ? "met" : "NOT met"; exit !ok }'
