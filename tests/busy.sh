#!/bin/sh
# busy.sh - run a command on a busy machine: beside it a process holding
# 1 GiB and 2,000 idle processes, as on a desktop or a server with a model
# loaded. A test that assumes its own process is the largest, that the top
# rows are its own or that rows stay put fails here rather than there.
#
#   tests/busy.sh [-m MIB] [-n PROCS] COMMAND [ARGS...]
#   tests/busy.sh make -C build check TESTS='tests/integ/tui.sh'
#
# The helpers are the test build's (make -C build check builds them):
# $BUSY_HELPERS, default build/tests/helpers beside this script's folder.
# The load is ended when the command ends, on a signal, and (parent-death
# signal) even when this script is killed. Exits with the command's status.
set -u
mib=1024 procs=2000
while [ $# -gt 0 ]; do
	case $1 in
	-m) mib=$2; shift 2 ;;
	-n) procs=$2; shift 2 ;;
	--) shift; break ;;
	-*) echo "busy.sh: unknown option $1" >&2; exit 2 ;;
	*) break ;;
	esac
done
[ $# -gt 0 ] || { echo "usage: tests/busy.sh [-m MIB] [-n PROCS] COMMAND [ARGS...]" >&2; exit 2; }
helpers=${BUSY_HELPERS:-$(cd "$(dirname "$0")/.." && pwd)/build/tests/helpers}
for h in memhog idlers; do
	[ -x "$helpers/$h" ] || {
		echo "busy.sh: no $helpers/$h (build it: make -C build check, or set BUSY_HELPERS)" >&2
		exit 2
	}
done

tmp=$(mktemp -d /tmp/oomcast-busy.XXXXXX)
hog="" crowd=""
cleanup() {
	trap - EXIT INT TERM HUP
	# by pid, never by group: the command under test shares ours
	[ -n "$crowd" ] && kill -TERM "$crowd" 2> /dev/null
	[ -n "$hog" ] && kill -KILL "$hog" 2> /dev/null
	[ -n "$crowd$hog" ] && wait $crowd $hog 2> /dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'cleanup; exit 130' INT
trap 'cleanup; exit 143' TERM
trap 'cleanup; exit 129' HUP

# the hog dies with this shell even if the shell is SIGKILLed (idlers
# arranges that itself)
pdeath=""
setpriv --pdeathsig KILL true 2> /dev/null && pdeath="setpriv --pdeathsig KILL"
$pdeath "$helpers/memhog" "$mib" > "$tmp/hog" &
hog=$!
"$helpers/idlers" "$procs" > "$tmp/crowd" &
crowd=$!

# ready: 1 GiB touched and every idler forked (generous deadline: the
# machine may be busy for real)
end=$(($(date +%s) + 120))
until grep -q "^done $mib" "$tmp/hog" && grep -q "^ready $procs" "$tmp/crowd"; do
	kill -0 "$hog" 2> /dev/null || { echo "busy.sh: memhog $mib ended early" >&2; exit 1; }
	kill -0 "$crowd" 2> /dev/null || { echo "busy.sh: idlers $procs ended early" >&2; exit 1; }
	[ "$(date +%s)" -le "$end" ] || { echo "busy.sh: load not ready in 120 s" >&2; exit 1; }
	sleep 0.2
done
echo "busy.sh: beside a ${mib} MiB process (pid $hog) and $procs idle ones, $(ls -d /proc/[0-9]* | wc -l) processes in all: $*"

"$@"
rc=$?
exit $rc
