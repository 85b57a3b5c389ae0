#!/bin/sh
# make.sh - regenerate the README's screenshots from real runs: oomcast in a
# tmux pane (256 colours), captured with its colours, turned into HTML by aha
# and into PNG by headless Chromium. Needs root for apt-get on first use.
#   screenshots/make.sh            # writes screenshots/*.png
#   screenshots/make.sh --device   # only renders the captures from tests/device
#   screenshots/make.sh --demo     # only the demo's (oomcast demo, demo/demo.rec)
set -eu
cd "$(dirname "$0")/.."
top=$(pwd)
out=$top/screenshots
for p in tmux aha chromium fonts-dejavu-core; do
	dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q "ok installed" || missing="${missing:-} $p"
done
if [ -n "${missing:-}" ]; then
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing > /dev/null
fi
[ -x build/oomcast ] || ./setup.sh test > /dev/null
make -s -C build oomcast tests/helpers/memhog
tmp=$(mktemp -d)
sock=$tmp/tmux.sock
pids=""
trap 'tmux -S "$sock" kill-server 2>/dev/null || true; kill $pids 2>/dev/null || true; rm -rf "$tmp"' EXIT

# shot NAME: capture the pane now; it is rendered at the end (headless
# Chromium takes seconds on a busy machine: the next moment would be gone)
shots=""
shot() {
	tmux -S "$sock" capture-pane -e -N -p -t s > "$tmp/$1.ans"
	shots="$shots $1"
}
# until SECONDS PATTERN: until the pane shows PATTERN (grep -E); false when
# the time is up (the machine may be slower than the moment needs)
until_pane() {
	end=$(($(date +%s) + $1))
	while [ "$(date +%s)" -le "$end" ]; do
		tmux -S "$sock" capture-pane -p -t s | grep -Eq -- "$2" && return 0
		sleep 0.2
	done
	echo "note: the pane did not show '$2' within $1 s" >&2
	return 1
}

# render NAME FILE.ans: a captured pane (with its colours) to NAME.png
render() {
	{
		printf '<html><head><meta charset="utf-8"><style>'
		printf 'body{margin:0;background:#000}pre{margin:8px;font:14px/1.3 "DejaVu Sans Mono",monospace}'
		printf '</style></head><body><pre>'
		# aha paints "default colour" (39/49) black: make it the terminal's
		# usual light grey on black
		# (and a reset, which some tmux versions write instead, likewise)
		sed 's/\x1b\[39m/\x1b[37m/g; s/\x1b\[49m/\x1b[40m/g; s/\x1b\[0\{0,1\}m/\x1b[0;37;40m/g' |
			aha --black --no-header
		printf '</pre></body></html>'
	} < "$2" > "$tmp/$1.html"
	chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
		--disable-component-update --disable-sync --no-first-run --hide-scrollbars \
		--user-data-dir="$tmp/chrome" --window-size=1080,720 \
		--screenshot="$out/$1.png" "file://$tmp/$1.html" > /dev/null 2>&1
	echo "wrote screenshots/$1.png"
}

# 0. panes captured on a real GPU by tests/device/nvidia_check.sh (step 4):
#    an H100 filling at 2 GiB/s, and its knowledge-base entry (x)
[ "${1:-}" = --demo ] ||
	for f in tests/device/results-h100-tui/gpu-fill.ans tests/device/results-h100-tui/gpu-advice.ans; do
		[ -f "$f" ] && render "$(basename "$f" .ans)" "$f"
	done
[ "${1:-}" = --device ] && exit 0

n=0
start() {
	tmux -S "$sock" kill-server 2>/dev/null || true
	n=$((n + 1))
	sock=$tmp/tmux$n.sock   # a fresh server each time
	tmux -S "$sock" new-session -d -s s -x 120 -y 38 "env TERM=xterm-256color $*"
}

# 1. the demo (demo/demo.rec, a real recording: demo/README.md), paused two
#    samples after the load was first judged wont_fit: its caption, the
#    banner with the load's figures, the forecast
v=$(OOMCAST_DEMO=demo/demo.rec build/oomcast demo --json |
	jq -s '[.[] | (.loads // []) | any(.verdict == "wont_fit")] | index(true)')
if [ "$v" != null ]; then
	start env TZ=UTC XDG_CONFIG_HOME="$tmp" OOMCAST_DEMO=demo/demo.rec build/oomcast demo --speed 0.01
	sleep 1
	tmux -S "$sock" send-keys -t s Z
	for i in $(seq $((v + 2))); do tmux -S "$sock" send-keys -t s Right; done
	sleep 2
	shot demo
fi
if [ "${1:-}" = --demo ]; then
	for s in $shots; do render "$s" "$tmp/$s.ans"; done
	exit 0
fi

# 2. an idle machine
start build/oomcast -d 0.5
sleep 6
shot idle

# 3. a model-like load in a memory cgroup limited to 3 GiB (as a systemd
#    service or a container would be): a 1 GiB file read into the page cache
#    (weights being read), then anonymous memory at 200 MiB/s (tensors being
#    copied) until the cgroup's OOM killer acts. Shot while the forecast is
#    critical, and again after the kill.
v1mnt=$(awk '$9=="cgroup" && $NF ~ /(^|,)memory(,|$)/ {print $5; exit}' /proc/self/mountinfo)
self=$(awk -F: '$2 ~ /(^|,)memory(,|$)/ {print $3; exit}' /proc/self/cgroup)
[ "$self" = / ] && self=
cg="$v1mnt$self/model-load"
if [ -n "$v1mnt" ] && mkdir -p "$cg" 2>/dev/null; then
	echo 3221225472 > "$cg/memory.limit_in_bytes"
	dd if=/dev/zero of=/var/tmp/oomcast-weights.bin bs=1M count=1024 status=none
	sh -c 'echo $$ > "$1/cgroup.procs"; exec sleep 120' sh "$cg" &
	keeper=$!
	pids="$keeper"
	start build/oomcast -d 0.5 -p "$keeper"
	sleep 3
	# the command line names a 4 GiB Q8_0 model (a sparse file): the banner
	# sizes it against the room left
	truncate -s 4G /var/tmp/Llama-3.1-8B-Instruct-Q8_0.gguf
	# at a higher priority, as a load on a machine of its own would run: on a
	# shared, busy one (a load average of 12 on 2 cores) it reached 45 MiB/s
	sh -c 'echo $$ > "$1/cgroup.procs"; exec nice -n -10 env MEMHOG_READ=/var/tmp/oomcast-weights.bin "$2" 4096 200 3600 --model /var/tmp/Llama-3.1-8B-Instruct-Q8_0.gguf' \
		sh "$cg" "$top/build/tests/helpers/memhog" > /dev/null &
	hog=$!
	pids="$pids $hog"
	# the moment the cgroup's forecast is CRITICAL (10 s at 200 MiB/s on
	# a quiet machine; a busy one fills it slower)
	until_pane 90 '^ CRITICAL cg [^ ]*model-load' || true
	sleep 1
	shot loading
	tmux -S "$sock" send-keys -t s x
	until_pane 5 'Cause:' || true
	shot advice
	tmux -S "$sock" send-keys -t s Escape
	wait "$hog" 2> /dev/null || true
	until_pane 10 'CRITICAL OOM kill' || true
	sleep 1.5
	shot oom-kill
	kill $pids 2> /dev/null || true
	sleep 0.5
	rmdir "$cg" 2> /dev/null || true
	rm -f /var/tmp/oomcast-weights.bin /var/tmp/Llama-3.1-8B-Instruct-Q8_0.gguf
else
	echo "no writable cgroup v1 memory controller: skipping the load shots"
fi
for s in $shots; do render "$s" "$tmp/$s.ans"; done
