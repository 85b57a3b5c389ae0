#!/bin/bash
# cgroup_cost.sh - what each memory cgroup costs oomcast: peak RSS and CPU per
# sample of `oomcast --json -d 0.1 -n 50` with none and with N limited
# cgroups (v1 or v2), each holding one idle process, as on a node of N
# containers. Each binary given runs both ways, side by side in one run, so
# the per-cgroup figures compare builds on the same machine at the same
# moment. Root; a writable memory cgroup hierarchy.
#   bench/cgroup_cost.sh [N] [OOMCAST...]     (N: 200; OOMCAST: build/oomcast)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
N=${1:-200}
shift || true
[ $# -gt 0 ] || set -- "$here/../build/oomcast"
it=50
if [ -d /sys/fs/cgroup/memory ] && [ -w /sys/fs/cgroup/memory ]; then
	top=/sys/fs/cgroup/memory limit=memory.limit_in_bytes
elif [ -f /sys/fs/cgroup/cgroup.controllers ] && grep -qw memory /sys/fs/cgroup/cgroup.controllers; then
	top=/sys/fs/cgroup limit=memory.max
	grep -qw memory /sys/fs/cgroup/cgroup.subtree_control || echo +memory > /sys/fs/cgroup/cgroup.subtree_control
else
	echo "cgroup_cost.sh: no writable memory cgroup hierarchy (root, cgroup v1 or v2)" >&2
	exit 2
fi
base=$top/oc-cgcost-$$
pids=()
cleanup() {
	kill "${pids[@]}" 2>/dev/null || true
	wait 2>/dev/null || true
	find "$base" -depth -type d -exec rmdir {} + 2>/dev/null || true
}
trap cleanup EXIT
mkdir "$base"
[ "$top" = /sys/fs/cgroup ] && echo +memory > "$base/cgroup.subtree_control"
run() {   # binary -> "ms_per_sample peak_kib"
	/usr/bin/time -f '%U %S %M' "$1" --json -n $it -d 0.1 > /dev/null 2> /tmp/cgcost_time.$$
	tail -1 /tmp/cgcost_time.$$ | awk -v n=$it '{printf "%.2f %d\n", ($1 + $2) * 1000 / n, $3}'
}
declare -A ms0 kib0
for b in "$@"; do read -r ms0[$b] kib0[$b] < <(run "$b"); done
# container-like names: a pod's id and a container's, 60-odd bytes a path
for i in $(seq "$N"); do
	d=$base/pod$(printf '%08x-%04x' $((i * 2654435761 % 4294967296)) $i)/ctr-$(printf '%016x' $((i * 40503)))
	mkdir -p "$d"
	[ "$top" = /sys/fs/cgroup ] && echo +memory > "$(dirname "$d")/cgroup.subtree_control" 2>/dev/null || true
	echo $((256 << 20)) > "$d/$limit"
	sleep 100000 & pids+=($!)
	echo $! > "$d/cgroup.procs"
done
sleep 0.5
printf '%-40s %14s %14s %16s %16s\n' binary "KiB, none" "KiB, $N" "KiB a cgroup" "us a cgroup"
for b in "$@"; do
	read -r ms kib < <(run "$b")
	awk -v b="$b" -v n="$N" -v m0="${ms0[$b]}" -v k0="${kib0[$b]}" -v m="$ms" -v k="$kib" \
		'BEGIN { printf "%-40s %14d %14d %16.1f %16.1f\n", b, k0, k, (k - k0) / n, (m - m0) * 1000 / n }'
done
rm -f /tmp/cgcost_time.$$
