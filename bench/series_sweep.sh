#!/bin/sh
# series_sweep.sh - bench/series_sim.c over a grid of synthetic series, for
# judging a change of the forecast against the shapes the live suite has no
# room for: run it with the series_sim of the code before and after, and
# diff the two outputs (one line a series: its arguments, then what
# series_sim said of it).
#
#   bench/series_sweep.sh /tmp/series_sim > before.txt   (the old build's)
#   bench/series_sweep.sh /tmp/series_sim2 > after.txt
#   bench/series_sum.sh before.txt after.txt   (per kind, and what moved)
#
# GRID (the second argument): main (the default, 616 series, 45 s on
# 2 cores), pauses (1360: pauses as long as the work or longer, and one
# or a few of 10-20 s after 45-90 s of work, some coming back slower;
# 85 s),
# stops (416: slowdowns, and creeps that slow and stop, work and pause
# and stop, or slow to a quarter; 75 s), noisy (192: work and pause
# with noise, or a buffer in every other pause; 60 s), all.
#
# Kinds and their arguments: bench/series_sim.c. HEADROOM is 60 or 150 MiB
# (the kill 60-300 s away at these rates; kind 8, a fast load, 960 MiB),
# sampled every 0.2 or 1 s, evenly or with half a period of jitter. Each
# line ends with how often the alarm broke off in the last minute, and
# how long it had no ETA after the first.
set -eu
sim=${1:?usage: series_sweep.sh SERIES_SIM [main|pauses|stops|all]}
grid=${2:-main}
one() { printf '%s | ' "$*"; "$sim" "$@" | tail -1; }
main() {
for dt in 0.2 1; do
for jit in 0 0.5; do
for head in 60 150; do
	for r in 0.1 0.5 2; do for q in 1 4; do for ph in 0 0.5; do
		one 0 $r $q 0 0 $ph $dt $jit 1 $head; done; done; done
	for r in 0.1 0.5 2; do for a in 1 2; do for seed in 1 2; do
		one 1 $r $a 0 0 0 $dt $jit $seed $head; done; done; done
	for r in 0.2 1 2; do for on in 10 20; do for off in 5 10 20; do
		one 2 $r $on $off 0 0 $dt $jit 1 $head; done; done; done
	for p2 in 1 6; do for p3 in 10 20; do
		one 3 0.5 12 $p2 $p3 0 $dt $jit 1 $head; done; done
	for r in 0.5 2; do for p2 in 5 15; do
		one 4 $r 30 $p2 0 0 $dt $jit 1 $head; done; done
	one 5 0.5 8 10 0 0 $dt $jit 1 $head
	for r in 0.1 0.5; do for sd in 2 4; do for tc in 10 30; do for seed in 1 2; do
		one 6 $r $sd $tc 0 0 $dt $jit $seed $head; done; done; done; done
	for p3 in 0 8; do
		one 7 0.5 0.5 60 $p3 0 $dt $jit 1 $head; done
	for r in 0.5 2; do for f in 0.1 0.4; do
		one 10 $r 60 $f 0 0 $dt $jit 1 $head; done; done
done
	# a fast load that stalls and jitters, 960 MiB from the limit
	for r in 10 40; do for p1 in 0.2 0.4; do for p2 in 0.5 1; do
		one 8 $r $p1 $p2 0 0 $dt $jit 1 960; done; done; done
done; done
}

# pauses: a creep working and pausing as long, and one pausing once, or
# working longer than it pauses
pauses() {
for dt in 0.2 1; do
for jit in 0 0.5; do
for head in 60 150; do
	for r in 0.2 0.5 1; do for on in 30 60; do for off in 30 40 60; do
		one 2 $r $on $off 0 0 $dt $jit 1 $head; done; done; done
	for r in 0.5 2; do for p2 in 30 45; do
		one 4 $r 30 $p2 0 0 $dt $jit 1 $head; done; done
	for p1 in 30 60; do for p3 in 20 40; do
		one 9 0.5 $p1 10 $p3 0 $dt $jit 1 $head; done; done
	for r in 0.2 0.5 1 2; do for p1 in 45 60 90; do for p2 in 10 15 20; do
		one 4 $r $p1 $p2 0 0 $dt $jit 1 $head; done; done; done
	for r in 0.5 1 2; do for on in 45 60; do for off in 10 15 20; do
		one 2 $r $on $off 0 0 $dt $jit 1 $head; done; done; done
	# ... and pausing longer than it works, in turn or once (twenty-fourth
	# round)
	for r in 0.5 1; do for on in 40 60; do for off in 80 95; do
		one 2 $r $on $off 0 0 $dt $jit 1 $head; done; done; done
	for r in 0.5 1; do
		one 4 $r 45 70 0 0 $dt $jit 1 $head
		one 4 $r 60 90 0 0 $dt $jit 1 $head; done
	# ... and one that comes back from its pause slower, or slows later
	for r in 0.5 1 2; do for p1 in 30 60; do for p2 in 10 15 20; do for f in 0.3 0.5 0.7; do
		one 14 $r $p1 $p2 $f 0 $dt $jit 1 $head; done; done; done; done
	for r in 0.5 2; do for p3 in 30 50; do for d in 10 30; do for f in 0.3 0.5 0.7; do
		one 15 $r $((p3 + 15 + d)) $f $p3 0 $dt $jit 1 $head; done; done; done; done
done; done; done
}

# stops: a creep slowing down, and one that slows and stops (150 MiB from
# the limit: the stop comes first), works and pauses and stops, or works
# and pauses at a quarter of its pace from P3 on
stops() {
for dt in 0.2 1; do
for jit in 0 0.5; do
	for head in 60 150; do
		for r in 0.5 1 2; do for f in 0.1 0.25 0.4; do for p1 in 30 60; do
			one 10 $r $p1 $f 0 0 $dt $jit 1 $head; done; done; done
	done
	for r in 0.5 1 2; do for f in 0.1 0.25 0.4; do for p1 in 30 60; do for d in 30 60; do
		one 11 $r $p1 $f $((p1 + d)) 0 $dt $jit 1 150; done; done; done; done
	for r in 0.5 1; do for on in 10 30; do for off in 10 20; do for p3 in 100 150; do
		one 12 $r $on $off $p3 0 $dt $jit 1 150; done; done; done; done
	for r in 0.5 1; do for on in 10 30; do for off in 10 20; do for p3 in 60 100; do
		one 13 $r $on $off $p3 0 $dt $jit 1 150; done; done; done; done
done; done
}

# noisy: creeps that work and pause with noise at each sample, or a
# buffer held in every other pause (twenty-first round)
noisy() {
for dt in 0.2 1; do
for head in 60 150; do
	for r in 0.2 0.5 1; do for on in 30 60; do for off in 30 40; do
		for nz in 0.2 0.5; do one 16 $r $on $off $nz 0 $dt 0 1 $head; done
		for buf in 1 4; do one 17 $r $on $off $buf 0 $dt 0 1 $head; done
	done; done; done
done; done
}

case $grid in
main|pauses|stops|noisy) $grid ;;
all) main; pauses; stops; noisy ;;
*) echo "series_sweep.sh: no grid \"$grid\" (main, pauses, stops, noisy, all)" >&2; exit 2 ;;
esac
