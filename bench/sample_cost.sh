#!/bin/sh
# sample_cost.sh - CPU per sample of oomcast's JSON mode beside `top -b` and
# the floor (bench/floor.c: one read of /proc/PID/status per process), with
# N extra idle processes, all in one run so the ratios compare like with like.
# Each tool takes 50 samples at a 0.1 s interval; the run is repeated R times
# and the median is reported.
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

# cpu CMD...: prints "ms-per-sample peak-KiB"
cpu() {
	/usr/bin/time -f '%U %S %M' "$@" > /dev/null 2> "$tmp/time"
	tail -1 "$tmp/time" | awk -v n=$it '{printf "%.3f %d\n", ($1 + $2) * 1000 / n, $3}'
}
median() { sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }

: > "$tmp/f"; : > "$tmp/t"; : > "$tmp/o"; : > "$tmp/or"
for r in $(seq "$R"); do
	cpu "$tmp/floor" status $it | cut -d' ' -f1 >> "$tmp/f"
	cpu top -b -n $it -d 0.1 | cut -d' ' -f1 >> "$tmp/t"
	cpu "$bin" --json -n $it -d 0.1 > "$tmp/one"
	cut -d' ' -f1 "$tmp/one" >> "$tmp/o"
	cut -d' ' -f2 "$tmp/one" >> "$tmp/or"
done
f=$(median < "$tmp/f"); t=$(median < "$tmp/t"); o=$(median < "$tmp/o"); rss=$(median < "$tmp/or")
nproc_now=$(ls -d /proc/[0-9]* | wc -l)
echo "processes: $nproc_now; 50 samples at 0.1 s; median of $R runs"
printf '%-22s %10s %10s\n' tool ms/sample vs-floor
awk -v f="$f" -v t="$t" -v o="$o" 'BEGIN {
	printf "%-22s %10.2f %10.2f\n", "floor (status read)", f, 1
	printf "%-22s %10.2f %10.2f\n", "top -b", t, t / f
	printf "%-22s %10.2f %10.2f\n", "oomcast --json", o, o / f }'
echo "oomcast peak RSS: $rss KiB"
awk -v f="$f" -v t="$t" -v o="$o" -v r="$rss" 'BEGIN {
	ok = (o <= 1.2 * f && o < t && r < 6144)
	printf "targets (<= 1.2x floor, < top, < 6144 KiB): %s\n", ok ? "met" : "NOT met"; exit !ok }'
