#!/bin/sh
# scenarios.sh - the forecast's accuracy on real loads, beside three simple
# baselines: each load shape runs in its own memory cgroup (root, cgroup v1)
# with `oomcast --json -d 0.2` (-d S) recording beside it; the metrics are computed
# offline from the recorded samples (bench/forecast_eval.awk) and printed as
# the markdown table of README.md's "Forecast accuracy".
#
# usage: bench/scenarios.sh [-r RUNS] [-o DIR] [-b BUILDDIR] [-d S] [-f] [SHAPE...]
#        bench/scenarios.sh -e DIR [-d S] [-f]  evaluate a recorded DIR again
#        bench/scenarios.sh -R DIR [-k S] [SHAPE...]  replay DIR's recordings through
#                                    this build's forecast, then evaluate
#   -r RUNS  runs of each shape (default 2)
#   -o DIR   where the recordings go (default /var/tmp/oomcast-scenarios-DATE)
#   -d S     oomcast's interval while recording (default 0.2; 1 is the
#            dashboard's default)
#   -b DIR   the build directory with oomcast and tests/helpers/shapes
#            (default ../build beside this script)
#   -R DIR   each run's recording (ID.rec, made beside its JSON) replayed
#            by this build's oomcast into ID.jsonl of DIR/replayed-DATE,
#            and that evaluated: a change to the forecast judged on the
#            real loads, processes and all, in seconds instead of minutes
#            (the JSON is removed once its samples are in ID.tsv)
#   -k S     with -R: each recording first thinned to a sample each S s
#            (bench/rec_thin.c, built against -b's liboomcast.a): the loads
#            as a slower sampling would have read them (-k 1: the
#            dashboard's default -d 1)
#   -f       also write tests/fixtures/forecast/SHAPE.tsv from each shape's
#            first run (with -R: SHAPE-procs.tsv, with the processes of its
#            cgroup at each sample)
#   -F DIR   the same into DIR
#   SHAPE    only these shapes (default: all; -l lists them)
# The whole suite takes about two hours at 2 runs. Times come from the
# samples' own `t`, so a busy machine delays samples but does not skew them.
set -u
here=$(cd "$(dirname "$0")" && pwd)
runs=2 out='' build=$here/../build evalonly='' fixtures='' replay='' thin='' delay=0.2
how=''   # what made the samples (the fixtures say)
withprocs=''   # the JSON lists every process (a replay with --top 0)
all="slow-leak creep spiky-creep held-creep freed-creep alloc-creep faster-creep second-creep creep-load load-creep cold-creep late-watch staircase duty small-steps paused-creep paused-once buffered-pauses slowing sawtooth decelerating build-like fast-read two-growers sudden page-cache requests"

# Each shape: LIMIT_MIB MAX_S KILL? [@S] and its loads (shapes(1) arguments,
# loads separated by "|"), sized so that a kill, where one is meant, comes
# 70-180 s after the load starts: more than 60 s, so that an alarm at the
# load's start (every load touches its base at once) is a false alarm, never
# a lead. @S: oomcast starts S s after the loads (opened on a machine already
# eating: no calm samples first), the kill 70 s or so after it.
spec() {
	case $1 in
	slow-leak)      # 2 MiB/s, the limit two minutes away
		echo "384 180 yes leak base=144 rate=2" ;;
	creep)          # 0.5 MiB/s, under the 2 MiB noise between two samples and in 4 s
		echo "384 220 yes leak base=300 rate=0.5" ;;
	spiky-creep)    # the creep, and 12 MiB held 1 s every 10 s beside it (under a big free)
		echo "384 220 yes leak base=300 rate=0.5 | requests base=0 calm=3 size=12 every=10 hold=1" ;;
	held-creep)     # the creep, and 12 MiB held 6 s every 20 s: the creep moves the noise meanwhile
		echo "384 220 yes leak base=300 rate=0.5 | requests base=0 calm=3 size=12 every=20 hold=6" ;;
	freed-creep)    # the spiky creep, and 8 MiB given back for good at 60 s (a cache trimmed)
		echo "384 220 yes leak base=300 rate=0.5 | requests base=0 calm=3 size=12 every=10 hold=1 | requests base=0 calm=3 size=8 every=1000 hold=57" ;;
	alloc-creep)    # the creep, and 8 MiB allocated for good at 60 s beside it
		echo "384 220 yes leak base=300 rate=0.5 | requests base=0 calm=60 size=8 every=1000 hold=1000" ;;
	faster-creep)   # the creep, and at 60 s a second one beside it: 8 MiB at once, then 0.5 MiB/s
		echo "384 220 yes leak base=240 rate=0.5 | leak base=8 rate=0.5 start=60" ;;
	second-creep)   # the creep, and at 61 s a second one beside it, from nothing, out of step with the first: 0.5 MiB/s
		echo "384 220 yes leak base=240 rate=0.5 | leak base=0 rate=0.5 start=61" ;;
	creep-load)     # a creep, and a model loading at 20 MiB/s beside it 100 s later
		echo "384 150 yes leak base=200 rate=0.5 | leak base=0 rate=20 start=100" ;;
	load-creep)     # a model's 40 MiB at once 20 s in, then its cache creeping at 1 MiB/s (each move
	                # under the noise) with a minute left: too young for the slow view's 30 s
		echo "384 160 yes sudden base=280 calm=20 size=40 | leak base=0 rate=1 start=20" ;;
	cold-creep)     # a small container leaking 1 MiB/s from its start (each move under the noise,
	                # no load's jump before it): its minute and a bit, too young for the slow view's 30 s
		echo "80 120 yes leak base=0 rate=1" ;;
	late-watch)     # oomcast opened on a leak already under way: 1 MiB/s (each move under the noise) from
	                # nothing in a 160 MiB container, oomcast started 90 s later, about a minute before the kill
		echo "160 200 yes @90 leak base=0 rate=1" ;;
	staircase)      # 24 MiB at once every 5 s: 4.8 MiB/s on average
		echo "384 130 yes stairs base=32 step=24 every=5" ;;
	duty)           # a cache growing with each burst of requests: 20 MiB over 10 s every 20 s, resting between
		echo "384 240 yes stairs base=220 step=20 every=20 burst=2" ;;
	small-steps)    # a cache growing a block at a time: 4 MiB at once every 15 s (under a staircase's 8 MiB steps)
		echo "384 200 yes stairs base=340 step=4 every=15" ;;
	paused-creep)   # a cache creeping 0.3 MiB/s while a server works 60 s, idle 40 s, in turn (its moves of
	                # the 2 MiB noise 7-10 s apart: no bursts to the samples, the 4th pause known)
		echo "384 480 yes leak base=302 rate=0.3 on=60 off=40" ;;
	paused-once)    # a cache creeping 0.5 MiB/s while a server works 60 s, idle 40 s once, then working on
		echo "384 260 yes leak base=300 rate=0.5 grow=60 | leak base=0 rate=0.5 start=100" ;;
	buffered-pauses) # a cache creeping 0.5 MiB/s while a server works 30 s, idle 30 s, in turn, and 4 MiB
	                # held 2 s 15 s into every other pause (a request's buffer, back within the pause)
		echo "384 360 yes leak base=320 rate=0.5 on=30 off=30 | requests base=0 calm=45 size=4 every=120 hold=2" ;;
	slowing)        # a load at 2 MiB/s for 30 s, its cache creeping on at 0.4 MiB/s (never still)
		echo "384 170 yes leak base=280 rate=1.6 grow=30 | leak base=0 rate=0.4" ;;
	sawtooth)       # a GC heap: 96 MiB of garbage, collected; 8 MiB stays each ~4 s cycle
		echo "384 180 yes sawtooth base=48 garbage=96 rate=48 pause=1 live=8" ;;
	decelerating)   # 21 MiB/s at first, slowing (tau 15 s), stops at 88 % of the limit
		echo "384 80 no decel base=16 total=320 tau=15" ;;
	build-like)     # 4 compilers at a time, 40-110 MiB each, 1-4 s each
		echo "512 55 no build base=8 jobs=4 min=40 max=110 life=1:4 duration=50" ;;
	fast-read)      # calm 70 s, then a file read into memory at 128 MiB/s
		echo "1024 120 yes read base=64 calm=70 rate=128 file=$datafile" ;;
	two-growers)    # two leaks at once, 2.5 and 2 MiB/s, the second 5 s later
		echo "384 150 yes leak base=16 rate=2.5 | leak base=16 rate=2 start=5" ;;
	sudden)         # calm 75 s, then one 400 MiB allocation
		echo "384 110 yes sudden base=64 calm=75 size=400" ;;
	page-cache)     # a file read at 48 MiB/s through 256 MiB: reclaimed, no kill
		echo "256 55 no cache base=32 rate=48 duration=50 file=$datafile" ;;
	requests)       # a server: 96 MiB at once for each request, held 3 s, every 12 s: no kill
		echo "384 100 no requests base=64 calm=20 size=96 every=12 hold=3" ;;
	*) return 1 ;;
	esac
}

while getopts r:o:b:e:R:F:k:d:fl opt; do
	case $opt in
	r) runs=$OPTARG ;;
	o) out=$OPTARG ;;
	b) build=$OPTARG ;;
	e) evalonly=$OPTARG ;;
	R) replay=$OPTARG ;;
	k) thin=$OPTARG ;;
	d) delay=$OPTARG ;;
	f) fixtures=$here/../tests/fixtures/forecast ;;
	F) fixtures=$OPTARG ;;
	l) echo "$all"; exit 0 ;;
	*) sed -n '8,31s/^# \{0,1\}//p' "$0" >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
case $delay in
'' | *[!0-9.]* | *.*.* | .) echo "-d $delay: not a number of seconds" >&2; exit 2 ;;
esac
# oomcast's own range (below it, no monitor would start)
awk -v d="$delay" 'BEGIN { exit !(d >= 0.1 && d <= 86400) }' ||
	{ echo "-d $delay: out of range (0.1 to 86400 s)" >&2; exit 2; }
# the calm before each load (a few samples: two at least at -d 1 and
# over), and the wait after a kill for oomcast to read the counter
calm_s=$(awk -v d="$delay" 'BEGIN { print (d < 1 ? 2 : 2 * d) }')
settle_s=$(awk -v d="$delay" 'BEGIN { print d + 1.3 }')
how=${how:-"oomcast --json -d $delay"}
shapes=${*:-$all}
datafile=/var/tmp/oc-scen-$$.bin
for s in $shapes; do
	spec "$s" > /dev/null || { echo "unknown shape $s (one of: $all)" >&2; exit 2; }
done
command -v jq > /dev/null || { echo "needs jq" >&2; exit 77; }

evaluate() { # DIR: each run's samples of its own cgroup, then the table
	for s in $all; do
		for f in "$1/$s"-[0-9]*.meta; do   # not creep-load's runs for creep's
			[ -e "$f" ] || continue
			cat "$f"
		done
	done > "$1/runs.tsv"
	while IFS='	' read -r name run id res rest; do
		jq -r --arg r "$res" --arg p "${res#cgroup:}" '
			(.cgroups[]? | select(.path == $p)) as $c |
			(.forecast[]? | select(.resource == $r)) as $f |
			([.procs[]? | select(.cgroup == $p) | "\(.age_s),\(.anon),\(.growth)"] |
			 if length == 0 then null else join(";") end) as $procs |
			([.events[]? | select(.type == "oom_kill" and .source == "kernel_log" and
			   .scope == $p) | .t] | first) as $killed |
			[($c.read_t // .t), $f.headroom, $f.capacity, $f.rate, $f.eta_s, $f.eta_low_s,
			 $f.eta_high_s, $f.level, $c.oom_kills, $c.usage, $c.anon,
			 $c.file, $c.shmem, $procs, $killed] | map(if . == null then "-" else tostring end) | @tsv
		' "$1/$id.jsonl" > "$1/$id.tsv" || echo "$id: cannot read $1/$id.jsonl" >&2
	done < "$1/runs.tsv"
	[ -n "$fixtures" ] && mkdir -p "$fixtures"
	awk -f "$here/forecast_eval.awk" -v fixtures="$fixtures" -v dir="$1" -v how="$how" -v withprocs="$withprocs" "$1/runs.tsv"
}

if [ -n "$evalonly" ]; then
	evaluate "$evalonly"
	exit
fi

OOMCAST=$build/oomcast
if [ -n "$replay" ]; then
	[ -x "$OOMCAST" ] || { echo "build first: no $OOMCAST" >&2; exit 2; }
	dst=$replay/replayed-$(date +%Y%m%d-%H%M%S)
	withprocs=1
	how='oomcast --json --record (at the interval of the recording), replayed by oomcast replay --json --top 0 at '$(git -C "$here" describe --always --dirty 2> /dev/null || echo '?')
	mkdir -p "$dst" || exit 2
	if [ -n "$thin" ]; then
		how="$how, thinned to a sample each $thin s (rec_thin)"
		cc -O2 -I"$here/../src" -I"$build" -include "$build/config.h" -o "$dst/rec_thin" \
			"$here/rec_thin.c" "$build/liboomcast.a" $(pkg-config --libs libproc2) -lm -lz ||
			{ echo "cannot build rec_thin against $build/liboomcast.a" >&2; exit 2; }
	fi
	for s in $shapes; do
		for m in "$replay/$s"-[0-9]*.meta; do
			id=$(basename "$m" .meta)
			[ -e "$replay/$id.rec" ] || { echo "$id: no recording" >&2; continue; }
			cp "$m" "$dst/"
			rec=$replay/$id.rec
			if [ -n "$thin" ]; then
				"$dst/rec_thin" "$rec" "$dst/$id.rec" "$thin" 2> "$dst/$id.thin.err" ||
					{ echo "$id: $(tail -1 "$dst/$id.thin.err")" >&2; continue; }
				rec=$dst/$id.rec
			fi
			"$OOMCAST" replay "$rec" --json --top 0 > "$dst/$id.jsonl" 2> "$dst/$id.oomcast.err" ||
				echo "$id: replay failed: $(head -1 "$dst/$id.oomcast.err")" >&2
		done
	done
	evaluate "$dst"
	# the JSON lists every process at every sample (up to 1 GB for a
	# shape's runs): once read into ID.tsv, it is only in the way (a day's
	# replays filled a 250 GB disk)
	rm -f "$dst"/*.jsonl "$dst"/*.rec
	exit
fi
SHAPES=$build/tests/helpers/shapes
if ! [ -x "$OOMCAST" ] || ! [ -x "$SHAPES" ]; then
	echo "build first: no $OOMCAST or $SHAPES" >&2
	exit 2
fi
[ "$(id -u)" = 0 ] || { echo "needs root (memory cgroups)" >&2; exit 77; }
v1mnt=$(awk '$9=="cgroup" && $NF ~ /(^|,)memory(,|$)/ {print $5; exit}' /proc/self/mountinfo)
self=$(awk -F: '$2 ~ /(^|,)memory(,|$)/ {print $3; exit}' /proc/self/cgroup)
[ "$self" = / ] && self=
[ -n "$v1mnt" ] || { echo "this script drives a cgroup v1 memory controller" >&2; exit 77; }
out=${out:-/var/tmp/oomcast-scenarios-$(date +%Y%m%d-%H%M%S)}
mkdir -p "$out" || exit 2

cg='' mon=''
cleanup() {
	if [ -n "$cg" ] && [ -d "$cg" ]; then
		for i in 1 2 3 4 5 6 7 8 9 10; do
			pids=$(cat "$cg/cgroup.procs" 2> /dev/null)
			[ -z "$pids" ] && break
			# shellcheck disable=SC2086 # one word per pid
			kill -9 $pids 2> /dev/null
			sleep 0.2
		done
		rmdir "$cg" 2> /dev/null
	fi
	[ -n "$mon" ] && kill "$mon" 2> /dev/null && wait "$mon" 2> /dev/null
	cg='' mon=''
}
trap 'cleanup; rm -f "$datafile"' EXIT
trap 'exit 130' INT TERM HUP

oom_kills() {
	awk '$1 == "oom_kill" {print $2}' "$cg/memory.oom_control" 2> /dev/null
}
# oomcast on the run's cgroup, recording; back once it lists the cgroup
start_monitor() {
	"$OOMCAST" --json -d "$delay" --top 1 --record "$out/$id.rec" > "$out/$id.jsonl" 2> "$out/$id.oomcast.err" &
	mon=$!
	i=0
	until grep -q "\"cgroup:$path\"" "$out/$id.jsonl" 2> /dev/null || [ $i -ge 50 ]; do
		sleep 0.2
		i=$((i + 1))
	done
}

run_one() { # SHAPE RUN
	name=$1 run=$2
	# shellcheck disable=SC2046 # split into words on purpose
	set -- $(spec "$name")
	limit=$1 max=$2 kill=$3
	shift 3
	late=0   # @S: oomcast started S s after the load (opened on a machine already eating)
	case $1 in @*) late=${1#@}; shift ;; esac
	loads=$*
	id=$name-$run
	cg=$v1mnt$self/oc-scen-$$-$id
	path=$self/oc-scen-$$-$id
	mkdir "$cg" || return 1
	echo $((limit << 20)) > "$cg/memory.limit_in_bytes"
	[ "$late" = 0 ] && start_monitor && sleep "$calm_s"   # a few calm samples before the load
	t_load=$(date +%s.%N)
	echo "$loads" | tr '|' '\n' | while read -r load; do
		[ -n "$load" ] || continue
		# shellcheck disable=SC2086
		sh -c 'echo $$ > "$1/cgroup.procs" && shift && exec "$@"' sh "$cg" \
			"$SHAPES" $load end="$max" >> "$out/$id.load.log" 2>&1 &
	done
	[ "$late" = 0 ] || { sleep "$late"; start_monitor; }
	start=$(date +%s)
	outcome=ended
	while :; do
		sleep 0.2
		k=$(oom_kills)
		if [ "${k:-0}" -gt 0 ]; then
			outcome=killed
			sleep "$settle_s"   # let oomcast sample the counter
			break
		fi
		[ $(($(date +%s) - start)) -ge $((max + 2)) ] && { outcome=timeout; break; }
		[ -z "$(cat "$cg/cgroup.procs" 2> /dev/null)" ] && [ $(($(date +%s) - start)) -ge 2 ] && break
	done
	cleanup
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$run" "$id" "cgroup:$path" \
		"$limit" "$kill" "$t_load" "$loads" > "$out/$id.meta"
	echo "$(date +%T) $id: $outcome ($(oom_kills_of "$out/$id.jsonl" "$path") OOM kills counted by oomcast)" >&2
}

oom_kills_of() { # JSONL PATH
	jq -r --arg p "$2" '.cgroups[] | select(.path == $p) | .oom_kills' "$1" 2> /dev/null | tail -1
}

case " $shapes " in
*" fast-read "* | *" page-cache "*)
	dd if=/dev/urandom of="$datafile" bs=1M count=256 conv=fsync status=none || exit 1 ;;
esac
echo "recording into $out: $shapes, $runs runs each" >&2
r=1
while [ "$r" -le "$runs" ]; do
	for s in $shapes; do
		run_one "$s" "$r"
	done
	r=$((r + 1))
done
evaluate "$out"
