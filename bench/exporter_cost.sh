#!/bin/sh
# exporter_cost.sh - what the Prometheus exporter costs: oomcast
# --prometheus alone at -d 1, its CPU and RSS idle for S seconds, then under
# N scrapes, C at a time, from one curl (-Z, so the client's start-up is not
# what is measured). Needs curl 7.66 or newer.
# usage: bench/exporter_cost.sh [OOMCAST] [N] [C] [S]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
bin=${1:-$here/../build/oomcast}
N=${2:-2000}
C=${3:-32}
S=${4:-10}
tmp=$(mktemp -d)
"$bin" --prometheus 0 -d 1 > /dev/null 2> "$tmp/err" < /dev/null &
pid=$!
trap 'kill $pid 2>/dev/null; rm -rf "$tmp"' EXIT
for i in $(seq 50); do grep -q 'metrics at' "$tmp/err" && break; sleep 0.1; done
url=$(sed -n 's|^oomcast: metrics at \(http://.*\)$|\1|p' "$tmp/err")
[ -n "$url" ] || { cat "$tmp/err"; exit 1; }
tick=$(getconf CLK_TCK)
cpu() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
rss() { awk '/^VmRSS:/ {printf "%.1f MiB", $2 / 1024}' "/proc/$pid/status"; }
sleep 2
c0=$(cpu)
sleep "$S"
c1=$(cpu)
echo "idle, sampling every 1 s: $(awk -v c=$((c1 - c0)) -v t="$tick" -v s="$S" 'BEGIN {printf "%.2f", 100 * c / t / s}') % of a core, RSS $(rss)"
echo "page: $(curl -s "$url" | wc -c) bytes"
set --
for i in $(seq "$N"); do set -- "$@" -o /dev/null "$url"; done
c0=$(cpu)
t0=$(date +%s.%N)
curl -s --no-progress-meter -Z --parallel-immediate --parallel-max "$C" -w '%{http_code}\n' "$@" > "$tmp/codes"
t1=$(date +%s.%N)
c1=$(cpu)
ok=$(grep -c '^200$' "$tmp/codes" || true)
awk -v n="$N" -v ok="$ok" -v c="$C" -v a="$t0" -v b="$t1" -v cpu=$((c1 - c0)) -v t="$tick" 'BEGIN {
	printf "%d scrapes (%d answered 200), %d at a time: %.2f s, %.0f a second; oomcast CPU %.0f ms (sampling included)\n",
		n, ok, c, b - a, n / (b - a), 1000 * cpu / t }'
echo "RSS after: $(rss), peak $(awk '/^VmHWM:/ {printf "%.1f MiB", $2 / 1024}' "/proc/$pid/status")"
