#!/bin/sh
# series_sweep.sh - bench/series_sim.c over a grid of synthetic series, for
# judging a change of the forecast against the shapes the live suite has no
# room for: run it with the series_sim of the code before and after, and
# diff the two outputs (one line a series: its arguments, then what
# series_sim said of it).
#
#   bench/series_sweep.sh /tmp/series_sim > before.txt   (the old build's)
#   bench/series_sweep.sh /tmp/series_sim2 > after.txt
#   diff before.txt after.txt
#
# Kinds and their arguments: bench/series_sim.c. HEADROOM is 60 or 150 MiB
# (the kill 60-300 s away at these rates; kind 8, a fast load, 960 MiB),
# sampled every 0.2 or 1 s, evenly or with half a period of jitter. Each
# line ends with how often the alarm broke off in the last minute, and
# how long it had no ETA after the first.
set -eu
sim=${1:?usage: series_sweep.sh SERIES_SIM}
one() { printf '%s | ' "$*"; "$sim" "$@" | tail -1; }
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
