#!/bin/sh
# What reading NVIDIA GPUs costs the monitor: oomcast --json at 0.1 s for
# 10 s with NVML and with OOMCAST_NVML_LIBRARY=off, side by side on the same
# GPU machine: CPU seconds (utime+stime from /proc) and peak RSS, and the
# same for nvidia-smi's own loop (nvidia-smi -lms 100) as a yardstick.
# Runs from the repository root with build-dev/ (tests/device/bundle.sh).
set -u
D=build-dev
if "$D/oomcast" -V > /dev/null 2>&1; then pre=""; else pre="$D/lib/ld-linux-x86-64.so.2 --library-path $D/lib"; fi
tick=$(getconf CLK_TCK)
measure() {   # NAME CMD...
	name=$1; shift
	"$@" > /dev/null 2>&1 &
	pid=$!
	sleep 10
	cpu=$(awk -v t="$tick" '{print ($14 + $15) / t}' "/proc/$pid/stat")
	hwm=$(awk '/^VmHWM/ {print $2}' "/proc/$pid/status")
	kill "$pid"; wait "$pid" 2> /dev/null
	awk -v n="$name" -v c="$cpu" -v h="$hwm" 'BEGIN {printf "%-28s cpu %5.2f s in 10 s (%4.1f%%)  peak RSS %s KiB\n", n, c, c * 10, h}'
}
measure "oomcast, NVML off" env OOMCAST_NVML_LIBRARY=off $pre "$D/oomcast" --json -d 0.1
measure "oomcast, NVML" $pre "$D/oomcast" --json -d 0.1
measure "nvidia-smi -lms 100" nvidia-smi --query-gpu=memory.used --format=csv -lms 100
measure "oomcast, NVML (again)" $pre "$D/oomcast" --json -d 0.1
