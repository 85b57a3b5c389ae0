# lib.sh - shared helpers for the integration tests, which run the real
# oomcast binary against the real kernel. Sourced by tests/integ/*.sh.
# Exit codes follow automake: 0 pass, 77 skip (with the reason printed).

: "${OOMCAST:?OOMCAST must point at the binary}"
set -u

fail() { echo "FAIL: $*" >&2; exit 1; }
skip() { echo "SKIP: $*" >&2; exit 77; }
pass() { echo "PASS: $*"; }

command -v jq >/dev/null || skip "jq is not installed (apt-get install jq)"

TMP=$(mktemp -d /tmp/oomcast-test.XXXXXX)
# the dashboard's settings file: the test's own, never the user's saved one
export XDG_CONFIG_HOME="$TMP/xdg"
CHILDREN=""
# make_memcg runs in $(...), a subshell: the cgroups it made are listed in a
# file, not a variable, so cleanup sees them
CGLIST="$TMP/cgroups"
: > "$CGLIST"
cleanup() {
	for p in $CHILDREN; do kill -9 "$p" 2>/dev/null; done
	wait 2>/dev/null
	# the deepest first: a parent with a child left cannot be removed
	for d in $(sort -r "$CGLIST"); do
		# end anything left in it, then remove the cgroup (once empty: on a
		# busy machine the killed may take a while to go)
		if [ -f "$d/cgroup.procs" ]; then
			for p in $(cat "$d/cgroup.procs" 2>/dev/null); do kill -9 "$p" 2>/dev/null; done
			for i in $(seq 100); do
				[ -s "$d/cgroup.procs" ] || break
				sleep 0.1
			done
			rmdir "$d" 2>/dev/null
		fi
	done
	command -v tmux > /dev/null && tmux -S "$TMP/tmux.sock" kill-server 2> /dev/null
	rm -rf "$TMP"
	return 0
}
trap cleanup EXIT

# jqt FILTER FILE: true when the jq filter holds for the file (a boolean).
jqt() { [ "$(jq -e "$1" "$2" 2>/dev/null)" = "true" ]; }

# The machine may be busy (tests/busy.sh makes it so): wait for what a test
# needs with a deadline, never with a fixed sleep that a slow moment outlasts.
# poll SECONDS CMD...: until CMD succeeds; false when the time is up
poll() {
	end=$(($(date +%s) + $1)); shift
	until "$@"; do
		[ "$(date +%s)" -le "$end" ] || return 1
		sleep 0.1
	done
}
# lines_at_least N FILE: FILE has N lines or more (a monitor's samples)
lines_at_least() { [ -f "$2" ] && [ "$(wc -l < "$2")" -ge "$1" ]; }
# last_whole_line FILE: the last line a running monitor has finished
# writing (a long JSON line reaches the file in more than one write)
last_whole_line() { head -n "$(wc -l < "$1")" "$1" | tail -1; }
# saw_kill FILE PID: the whole lines of FILE (oomcast --json) tell of PID's
# OOM kill. A test polls for it rather than sleeping a fixed time after the
# kill: on a busy machine the sample that tells of it can come late
saw_kill() {
	head -n "$(wc -l < "$1")" "$1" | jq -s -e --argjson v "$2" \
		'any(.[].events[]; .type == "oom_kill" and .pid == $v)' > /dev/null 2>&1
}
# runs PID EXE: PID has exec'd EXE (an absolute path, or a command on $PATH)
runs() {
	[ "$(readlink "/proc/$1/exe" 2>/dev/null)" = "$(readlink -f "$(command -v "$2")")" ]
}
# vm_oom_kills: the machine's OOM kills since boot. A test that makes one
# compares it before and after: other processes killed meanwhile (another
# test's cgroup, make -j) may stand where the dashboard shows the newest kill.
vm_oom_kills() { awk '$1 == "oom_kill" {print $2}' /proc/vmstat; }
# wait_exec PID EXE: until PID runs EXE, so that oomcast started next sees
# its command line, not that of the shell that forked it
wait_exec() { poll 20 runs "$1" "$2" || fail "pid $1 did not start $2"; }

# A memory cgroup for the tests: v1 below our own memory cgroup, or v2 below
# our own cgroup2 group when it has the memory controller. Prints
# "VERSION DIR CGPATH" or nothing when none can be made.
make_memcg() {
	name=$1
	[ "$(id -u)" = 0 ] || return 1
	v1mnt=$(awk '$9=="cgroup" && $NF ~ /(^|,)memory(,|$)/ {print $5; exit}' /proc/self/mountinfo)
	if [ -n "$v1mnt" ]; then
		self=$(awk -F: '$2 ~ /(^|,)memory(,|$)/ {print $3; exit}' /proc/self/cgroup)
		[ "$self" = / ] && self=
		dir="$v1mnt$self/$name"
		mkdir "$dir" 2>/dev/null || return 1
		echo "$dir" >> "$CGLIST"
		echo "1 $dir $self/$name"
		return 0
	fi
	make_memcg_v2 "$name"
}

make_memcg_v2() {
	name=$1
	[ "$(id -u)" = 0 ] || return 1
	v2mnt=$(awk '$9=="cgroup2" {print $5; exit}' /proc/self/mountinfo)
	[ -n "$v2mnt" ] || return 1
	grep -qw memory "$v2mnt/cgroup.controllers" 2>/dev/null || return 1
	self=$(awk -F: '$1=="0" {print $3; exit}' /proc/self/cgroup)
	[ "$self" = / ] && self=
	parent="$v2mnt$self"
	# a v2 cgroup with processes cannot delegate controllers: use a sibling
	# tree under the parent only if its subtree enables memory
	grep -qw memory "$parent/cgroup.subtree_control" 2>/dev/null ||
		echo +memory > "$parent/cgroup.subtree_control" 2>/dev/null || return 1
	dir="$parent/$name"
	mkdir "$dir" 2>/dev/null || return 1
	echo "$dir" >> "$CGLIST"
	echo "2 $dir $self/$name"
}

# set_limit VERSION DIR BYTES
set_limit() {
	if [ "$1" = 1 ]; then
		# memory.limit_in_bytes may not pass memsw's: lowering, the limit
		# goes first; raising, memsw does (the first write then fails)
		echo "$3" > "$2/memory.limit_in_bytes" 2> /dev/null
		# no swap either, where the kernel accounts it
		[ -f "$2/memory.memsw.limit_in_bytes" ] && echo "$3" > "$2/memory.memsw.limit_in_bytes" 2>/dev/null
		echo "$3" > "$2/memory.limit_in_bytes"
	else
		echo "$3" > "$2/memory.max"
		[ -f "$2/memory.swap.max" ] && echo 0 > "$2/memory.swap.max"
	fi
	return 0
}

# spawn_in DIR CMD...: start CMD inside the cgroup at DIR, in the background;
# sets SPAWNED to its pid. Returns once it runs CMD in the cgroup (or has
# ended already, killed by its limit, say): a monitor started next must find
# it there, and oomcast reads a process's cgroup again only every 5 s.
spawn_in() {
	dir=$1; shift
	sh -c 'echo $$ > "$1/cgroup.procs" && shift && exec "$@"' sh "$dir" "$@" &
	SPAWNED=$!
	CHILDREN="$CHILDREN $SPAWNED"
	poll 20 spawned_in "$dir" "$SPAWNED" "$1" || fail "$* did not start in $dir"
}
spawned_in() {   # DIR PID CMD: running CMD in DIR, or gone
	grep -qx "$2" "$1/cgroup.procs" 2>/dev/null && runs "$2" "$3" && return 0
	state=$(awk '/^State:/ {print $2}' "/proc/$2/status" 2>/dev/null)
	[ -z "$state" ] || [ "$state" = Z ]
}

# need_memcg NAME: a memory cgroup (v1, else v2) or skip; sets CG_VER, CG_DIR
# and CG_PATH (the path oomcast reports).
need_memcg() {
	cg=$(make_memcg "$1") || cg=$(make_memcg_v2 "$1") ||
		skip "no writable memory cgroup (needs root and a memory controller)"
	set -- $cg
	CG_VER=$1 CG_DIR=$2 CG_PATH=$3
}

# tmux on a private socket, and waiting on what its pane shows
SOCK="$TMP/tmux.sock"
T() { tmux -S "$SOCK" "$@"; }
# tmux_fresh: end the server and wait until it is gone, so the next
# new-session does not reach a server that is exiting
tmux_fresh() {
	T kill-server 2> /dev/null
	for i in $(seq 50); do [ -S "$SOCK" ] || return 0; sleep 0.1; done
	rm -f "$SOCK"
}
# wait_for PATTERN [SECONDS]: until the pane shows PATTERN (grep -E); the
# default deadline (10 s) allows for a busy machine
wait_for() {
	end=$(($(date +%s) + ${2:-10}))
	while [ "$(date +%s)" -le "$end" ]; do
		T capture-pane -p -t s > "$TMP/pane" 2>/dev/null
		grep -Eq -- "$1" "$TMP/pane" && return 0
		sleep 0.1
	done
	echo "---- pane ----"; cat "$TMP/pane"; echo "--------------"
	return 1
}
# wait_for_all SECONDS PATTERN...: until one capture of the pane shows every
# PATTERN at once (say the banner's title and its victim: another test's OOM
# kill may hold the banner for a moment)
wait_for_all() {
	end=$(($(date +%s) + $1)); shift
	while [ "$(date +%s)" -le "$end" ]; do
		T capture-pane -p -t s > "$TMP/pane" 2>/dev/null
		all=1
		for pat in "$@"; do grep -Eq -- "$pat" "$TMP/pane" || { all=; break; }; done
		[ -n "$all" ] && return 0
		sleep 0.1
	done
	echo "---- pane ----"; cat "$TMP/pane"; echo "--------------"
	return 1
}
# pane_program: the pid of what the pane's shell runs now (oomcast), found
# from the pane, not by a name that another test's oomcast may share
pane_program() { pgrep -P "$(T display -p -t s '#{pane_pid}')" | head -1; }
# wait_gone PATTERN [SECONDS]: until the pane no longer shows it
wait_gone() {
	end=$(($(date +%s) + ${2:-10}))
	while [ "$(date +%s)" -le "$end" ]; do
		T capture-pane -p -t s > "$TMP/pane" 2>/dev/null
		grep -Eq -- "$1" "$TMP/pane" || return 0
		sleep 0.1
	done
	return 1
}

# need_llama: the real llama.cpp of the runtime tests (node-llama-cpp's
# prebuilt CPU binaries in tests/runtime/node_modules), or skip; sets LOAD
# (tests/runtime/load.mjs) and MIB.
need_llama() {
	: "${MKMODEL:?MKMODEL must point at tests/runtime/mkmodel}"
	: "${RUNTIME:?RUNTIME must point at tests/runtime}"
	command -v node > /dev/null || skip "no node (Node.js 20+): llama.cpp runs through node-llama-cpp"
	[ "$(node -p 'process.versions.node.split(".")[0] >= 20' 2> /dev/null)" = true ] ||
		skip "node-llama-cpp needs Node.js 20 or newer, this is $(node --version)"
	[ -f "$RUNTIME/node_modules/node-llama-cpp/package.json" ] ||
		skip "node-llama-cpp not installed: run tests/runtime/install.sh (./setup.sh test does)"
	why=$("$RUNTIME/install.sh" --check) || fail "$why"
	LOAD="$RUNTIME/load.mjs"
	MIB=1048576
}

# mix_ftype NAME: llama.cpp's llama_ftype number of a llama-quantize mix
# (tests/runtime/quantize takes it)
mix_ftype() {
	case $1 in
	Q8_0) echo 7 ;; Q6_K) echo 18 ;; Q5_K_M) echo 17 ;; Q5_K_S) echo 16 ;;
	Q4_K_M) echo 15 ;; Q4_K_S) echo 14 ;; Q3_K_M) echo 12 ;; *) fail "unknown mix $1" ;;
	esac
}
# libllama: node-llama-cpp's libllama (what tests/runtime/quantize opens), or ""
libllama() { ls "$RUNTIME"/node_modules/@node-llama-cpp/linux-x64/bins/*/libllama*.so 2> /dev/null | head -1; }

# noamx_load: a load.mjs whose llama.cpp leaves ggml's sapphirerapids
# variant out (node-llama-cpp's runtime copied under $TMP without it): on a
# CPU with AMX, the best variant without AMX loads and repacks for AVX-512
# instead. Prints its path; "" where this runtime has no such variant.
noamx_load() {
	bins=$(dirname "$(libllama)")
	[ -f "$bins/libggml-cpu-sapphirerapids.so" ] || return 0
	if [ ! -f "$TMP/noamx/load.mjs" ]; then
		mkdir -p "$TMP/noamx"
		cp -a "$RUNTIME/load.mjs" "$RUNTIME/node_modules" "$TMP/noamx/" || fail "copy the runtime to $TMP/noamx"
		rm -f "$TMP/noamx/node_modules/@node-llama-cpp/linux-x64/bins/"*/libggml-cpu-sapphirerapids.so
	fi
	echo "$TMP/noamx/load.mjs"
}

# within A B PCT: |A - B| <= PCT % of B
within() { awk -v a="$1" -v b="$2" -v p="$3" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(b > 0 && d <= b * p / 100) }'; }

# sgr_fold: the attributes in force at the end of the escape-coded text
# on standard input (its escape codes folded in order): for tests of what
# a capture-pane -e shows
sgr_fold() {
	grep -ao '\[[0-9;]*m' |
		awk '{
			p = substr($0, 2, length($0) - 2); n = split(p, a, ";")
			if (n == 0) { n = 1; a[1] = 0 }
			for (i = 1; i <= n; i++) {
				c = a[i] + 0
				if (c == 0) { fg = bg = "-"; bold = ul = rev = 0 }
				else if (c == 1) bold = 1; else if (c == 22) bold = 0
				else if (c == 4) ul = 1; else if (c == 24) ul = 0
				else if (c == 7) rev = 1; else if (c == 27) rev = 0
				else if (c >= 30 && c <= 37) fg = c; else if (c == 39) fg = "-"
				else if (c >= 40 && c <= 47) bg = c; else if (c == 49) bg = "-"
				else if (c == 38 || c == 48) { if (c == 38) fg = a[i] ";" a[i+2]; else bg = a[i] ";" a[i+2]; i += 2 }
			}
		}
		BEGIN { fg = bg = "-" }
		END { printf "fg=%s bg=%s bold=%d ul=%d rev=%d\n", fg, bg, bold, ul, rev }'
}
