#!/bin/sh
# forecast_accuracy.sh - how right, how early and how calm the forecast is, on
# real loads in a memory cgroup (root; a cgroup v1 or v2 memory controller).
# Each profile runs oomcast --json -d 0.5 beside a load in a cgroup limited to
# 512 MiB, and reports:
#   median ETA error  |eta - real time left| / real time left, over the
#                     samples at least 3 s before the kill that had an ETA
#   lead time         seconds between the first warning and the kill
#   false alarms      samples at warning or worse that no kill followed
#                     within 60 s (for page cache only: any warning)
# usage: bench/forecast_accuracy.sh [OOMCAST] [MEMHOG]
set -u
here=$(cd "$(dirname "$0")" && pwd)
OOMCAST=${1:-$here/../build/oomcast}
MEMHOG=${2:-$here/../build/tests/helpers/memhog}
[ "$(id -u)" = 0 ] || { echo "needs root (memory cgroups)"; exit 77; }
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
v1mnt=$(awk '$9=="cgroup" && $NF ~ /(^|,)memory(,|$)/ {print $5; exit}' /proc/self/mountinfo)
self=$(awk -F: '$2 ~ /(^|,)memory(,|$)/ {print $3; exit}' /proc/self/cgroup)
[ "$self" = / ] && self=
[ -n "$v1mnt" ] || { echo "this script drives cgroup v1 (the host's memory controller)"; exit 77; }

run() { # NAME ENV... -- MEMHOG-ARGS...
	name=$1; shift
	envs=""
	while [ "$1" != -- ]; do envs="$envs $1"; shift; done
	shift
	dir="$v1mnt$self/oc-bench-$$-$name"
	mkdir "$dir"
	echo 536870912 > "$dir/memory.limit_in_bytes"
	sh -c 'echo $$ > "$1/cgroup.procs"; exec sleep 120' sh "$dir" &
	keeper=$!
	sleep 0.3
	"$OOMCAST" --json -d 0.5 -n 80 --top 3 -p "$keeper" > "$TMP/$name.jsonl" &
	mon=$!
	sleep 3
	start=$(date +%s.%N)
	sh -c 'echo $$ > "$1/cgroup.procs"; shift; exec env "$@"' sh "$dir" $envs "$MEMHOG" "$@" > /dev/null &
	load=$!
	wait "$load" 2> /dev/null   # no "Killed" line from the shell
	rc=$?
	end=$(date +%s.%N)
	[ "$rc" = 137 ] && kill_t=$end || kill_t=""
	sleep 1
	kill "$mon" "$keeper" 2>/dev/null
	wait 2>/dev/null
	rmdir "$dir" 2>/dev/null
	path="$self/oc-bench-$$-$name"
	jq -s -r --arg r "cgroup:$path" --arg k "${kill_t:-0}" --arg name "$name" '
		($k | tonumber) as $k |
		[.[] | {t, f: (.forecast[] | select(.resource == $r))}] as $s |
		([$s[] | select($k > 0 and .t <= $k - 3 and .f.eta_s != null)
			| ((.f.eta_s - ($k - .t)) | fabs) / ($k - .t)] | sort) as $err |
		([$s[] | select(.f.level == "warning" or .f.level == "critical")] ) as $w |
		(if ($w | length) > 0 and $k > 0 then $k - $w[0].t else null end) as $lead |
		([$w[] | select($k == 0 or .t < $k - 60)] | length) as $false |
		"\($name)\t\(if $k > 0 then "killed" else "no kill" end)\t" +
		"\(if ($err | length) > 0 then ($err[($err | length) / 2 | floor] * 1000 | floor) / 10 | tostring + "%" else "-" end)\t" +
		"\(if $lead then ($lead * 10 | floor) / 10 | tostring + " s" else "-" end)\t\($false)"
	' "$TMP/$name.jsonl"
}

printf 'profile\toutcome\tmedian ETA error\tlead time\tfalse alarms\n'
run linear -- 1024 40
run stepwise MEMHOG_BURST=48:1.2 -- 1024
dd if=/dev/zero of=/var/tmp/oc-bench-weights.bin bs=1M count=256 status=none
sync
echo 1 > /proc/sys/vm/drop_caches 2>/dev/null
run mmap-then-copy MEMHOG_READ=/var/tmp/oc-bench-weights.bin -- 1024 60
rm -f /var/tmp/oc-bench-weights.bin
run noisy MEMHOG_NOISE=1 -- 1024 30
# page cache only: a 1 GiB file through a 512 MiB cgroup, no kill expected
dd if=/dev/zero of=/var/tmp/oc-bench-cache.bin bs=1M count=1024 status=none
run page-cache-only MEMHOG_READ=/var/tmp/oc-bench-cache.bin -- 0 0 0
rm -f /var/tmp/oc-bench-cache.bin
