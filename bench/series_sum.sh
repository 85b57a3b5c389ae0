#!/bin/sh
# series_sum.sh - what bench/series_sweep.sh printed, summed per kind; or,
# given two outputs of the same grid (before, after), that for each and
# the series each figure of which moved by more than half a second.
#
#   bench/series_sum.sh out.txt
#   bench/series_sum.sh before.txt after.txt
#
# Per kind: series, those killed, those whose alarm broke off in their
# last minute and how often in all, seconds of false alarm (WARNING 75 s
# or more ahead; in series without a kill, WARNING at all), of ETA 10 %
# short, of ETA 25 % long in the last minute (a late alarm), of lead
# (first WARNING before the kill, summed), series never warned before
# their kill, seconds without an ETA after the first minute, and for
# kinds that stop, seconds of ETA and of WARNING after the stop; then for the baseline B1 (series_sim.c: a line over the last
# 10 s, alarm where it reaches 0 within 60 s), the series whose alarm
# fell in their last minute, how often, its seconds of false alarm and
# of ETA 25 % long.
set -eu
sum() {
	awk -F' [|] ' '
	function num(re, skip,   x) {
		if (!match($2, re)) return 0
		return substr($2, RSTART + skip, RLENGTH - skip) + 0
	}
	{
		split($1, a, " "); k = a[1]; n[k]++
		if ($2 ~ /^kill /) {
			killed[k]++
			w = num("first WARNING -?[0-9.]+", 14)
			if (w < 0) never[k]++; else lead[k] += w
			fa[k] += num("[0-9.]+ s of it false", 0)
		} else
			fa[k] += num("[0-9.]+ s of it in all", 0)
		sh[k] += num("short [0-9.]+", 6)
		lg[k] += num("% long [0-9.]+", 7)
		if (match($2, "B1: .*long [0-9.]+")) { x = substr($2, RSTART, RLENGTH); sub(/.*long /, "", x); b1lg[k] += x }
		b = num("broke off [0-9]+", 10); br[k] += b; if (b > 0) sb[k]++
		ne[k] += num("no ETA [0-9.]+", 7)
		ea[k] += num("stop an ETA [0-9.]+", 12)
		wa[k] += num("WARNING [0-9.]+ s$", 8)
		b = num("fell [0-9]+", 5); b1br[k] += b; if (b > 0) b1sb[k]++
		if (match($2, "B1: first alarm [^,]*, [0-9.]+")) b1fa[k] += b1false()
	}
	# the seconds of false alarm of B1: the figure after its first alarm
	function b1false(   x) {
		x = substr($2, RSTART, RLENGTH); sub(/.*, /, "", x); return x + 0
	}
	END {
		print "kind series killed breaking breaks false short long lead never no-ETA " \
		      "after-ETA after-WARNING B1-breaking B1-breaks B1-false B1-long"
		for (k in n)
			printf "%s %d %d %d %d %.0f %.0f %.0f %.0f %d %.0f %.0f %.0f %d %d %.0f %.0f\n", k,
			       n[k], killed[k], sb[k], br[k], fa[k], sh[k], lg[k], lead[k], never[k], ne[k],
			       ea[k], wa[k], b1sb[k], b1br[k], b1fa[k], b1lg[k] | "sort -n"
	}' "$1"
}
if [ $# -eq 1 ]; then
	sum "$1"
	exit
fi
[ $# -eq 2 ] || { echo "usage: series_sum.sh OUT [AFTER]" >&2; exit 2; }
echo "before:"; sum "$1"
echo "after:"; sum "$2"
# the series whose figures moved, line by line (the same grid: same lines)
awk -F' [|] ' '
function get(s, re, skip) {
	if (!match(s, re)) return 0
	return substr(s, RSTART + skip, RLENGTH - skip) + 0
}
function figs(s, f) {
	f["lead"] = get(s, "first WARNING -?[0-9.]+", 14)
	f["false"] = get(s, "[0-9.]+ s of it (false|in all)", 0)
	f["short"] = get(s, "short [0-9.]+", 6)
	f["long"] = get(s, "% long [0-9.]+", 7)
	f["breaks"] = get(s, "broke off [0-9]+", 10)
	f["no-ETA"] = get(s, "no ETA [0-9.]+", 7)
	f["after-ETA"] = get(s, "stop an ETA [0-9.]+", 12)
	f["after-WARNING"] = get(s, "WARNING [0-9.]+ s$", 8)
}
NR == FNR { old[FNR] = $2; key[FNR] = $1; next }
{
	if ($1 != key[FNR]) { print "series_sum.sh: not the same grid at line " FNR > "/dev/stderr"; exit 2 }
	figs(old[FNR], a); figs($2, b); worse = better = ""
	for (f in a) {
		up = b[f] - a[f]
		if (f == "lead") up = -up   # a later first warning is worse
		if (up > 0.5) worse = worse sprintf(" %s %.1f->%.1f", f, a[f], b[f])
		if (up < -0.5) better = better sprintf(" %s %.1f->%.1f", f, a[f], b[f])
	}
	if (worse != "") { nw++; print "worse: " $1 " |" worse }
	if (better != "") nb++
}
END { printf "series worse %d, better %d\n", nw, nb }' "$1" "$2"
