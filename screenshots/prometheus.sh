#!/bin/sh
# prometheus.sh - the README's Fleets screenshots from a real run: Debian's
# Prometheus server, on loopback with its own data directory, scraping
# oomcast --prometheus every second with contrib/prometheus/oomcast-rules.yml
# loaded, while a memory cgroup of the script's own (512 MiB, no swap) is
# filled at 10 MiB/s by a memhog that is started again after each OOM kill
# (a crash-looping service). Prometheus's own pages, in headless Chromium:
#   screenshots/prometheus-graph.png   the cgroup's usage against its limit,
#                                      and oomcast_seconds_to_exhaustion
#                                      with its bounds, over the whole run
#   screenshots/prometheus-alerts.png  /classic/alerts in the second fill:
#                                      OomcastOomKill firing for the first
#                                      kill, OomcastMemoryCritical for the
#                                      fill that will end in the next one
# Grafana is not in Debian, so these are Prometheus's pages, not Grafana's.
# Builds nothing: give it the oomcast binary (default build/oomcast; the
# memhog helper is looked for beside it, in tests/helpers/, or set MEMHOG).
# Needs root (the cgroup; apt-get for chromium and prometheus when missing).
#   screenshots/prometheus.sh [path/to/oomcast]     # about 2 min 15 s
set -eu
cd "$(dirname "$0")/.."
out=$(pwd)/screenshots
oomcast=$(realpath "${1:-build/oomcast}")
memhog=${MEMHOG:-$(dirname "$oomcast")/tests/helpers/memhog}
rules=$(pwd)/contrib/prometheus/oomcast-rules.yml
limit=536870912
rate=10
[ "$(id -u)" = 0 ] || { echo "prometheus.sh: needs root (a memory cgroup of its own)" >&2; exit 1; }
[ -x "$oomcast" ] || { echo "prometheus.sh: no oomcast at $oomcast (build it first)" >&2; exit 1; }
[ -x "$memhog" ] || { echo "prometheus.sh: no memhog at $memhog (make -C build tests/helpers/memhog)" >&2; exit 1; }

for p in chromium prometheus curl jq fonts-dejavu-core; do
	dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q "ok installed" || missing="${missing:-} $p"
done
if [ -n "${missing:-}" ]; then
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing > /dev/null
fi

tmp=$(mktemp -d /tmp/oomcast-promshot.XXXXXX)
pids=""
cg=""
cleanup() {
	# the restarting loop first, then whatever runs in the cgroup; reaped
	# (a zombie still counts in a v1 cgroup), then the cgroup removed
	for p in $pids; do kill "$p" 2>/dev/null || true; done
	if [ -n "$cg" ] && [ -d "$cg" ]; then
		for p in $(cat "$cg/cgroup.procs" 2>/dev/null); do kill -9 "$p" 2>/dev/null || true; done
	fi
	wait 2>/dev/null || true
	if [ -n "$cg" ] && [ -d "$cg" ]; then
		for _ in $(seq 100); do
			[ -s "$cg/cgroup.procs" ] || break
			sleep 0.1
		done
		rmdir "$cg" 2>/dev/null || echo "prometheus.sh: could not remove $cg" >&2
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP
die() { echo "prometheus.sh: $*" >&2; exit 1; }
# poll SECONDS CMD...: until CMD succeeds, at most SECONDS
poll() {
	end=$(($(date +%s) + $1)); shift
	until "$@"; do
		[ "$(date +%s)" -lt "$end" ] || return 1
		sleep 0.5
	done
}

# a memory cgroup at the top of the hierarchy (a short name on the
# pages), else beside this shell's own: v1 if mounted, else v2
name=oomcast-shot-$$
v1=$(awk '$9=="cgroup" && $NF ~ /(^|,)memory(,|$)/ {print $5; exit}' /proc/self/mountinfo)
if [ -n "$v1" ]; then
	self=
	if ! mkdir "$v1/$name" 2>/dev/null; then
		self=$(awk -F: '$2 ~ /(^|,)memory(,|$)/ {print $3; exit}' /proc/self/cgroup)
		[ "$self" = / ] && self=
		mkdir "$v1$self/$name"
	fi
	cg=$v1$self/$name
	# lowering, memory.limit_in_bytes goes first; memsw may then follow
	echo $limit > "$cg/memory.limit_in_bytes"
	[ ! -f "$cg/memory.memsw.limit_in_bytes" ] || echo $limit > "$cg/memory.memsw.limit_in_bytes"
else
	v2=$(awk '$9=="cgroup2" {print $5; exit}' /proc/self/mountinfo)
	[ -n "$v2" ] || die "no memory cgroup mounted"
	self=
	if ! grep -qw memory "$v2/cgroup.subtree_control" 2>/dev/null || ! mkdir "$v2/$name" 2>/dev/null; then
		self=$(awk -F: '$1=="0" {print $3; exit}' /proc/self/cgroup)
		[ "$self" = / ] && self=
		grep -qw memory "$v2$self/cgroup.subtree_control" ||
			echo +memory > "$v2$self/cgroup.subtree_control" || die "cannot enable memory in $v2$self"
		mkdir "$v2$self/$name"
	fi
	cg=$v2$self/$name
	echo $limit > "$cg/memory.max"
	[ ! -f "$cg/memory.swap.max" ] || echo 0 > "$cg/memory.swap.max"
fi
cgpath=$self/$name
res="cgroup:$cgpath"

# --critical 40 (the default is 15): at 10 MiB/s the rule's 10 s of "for"
# then fit well before the kill, as in tests/integ/prometheus_server.sh
"$oomcast" --prometheus 0 -d 0.5 --warn 60 --critical 40 > /dev/null 2> "$tmp/oomcast.err" < /dev/null &
pids="$pids $!"
said() { grep -q 'metrics at http://127\.0\.0\.1:[0-9]*/metrics' "$tmp/oomcast.err"; }
poll 20 said || die "oomcast did not say where it serves: $(cat "$tmp/oomcast.err")"
port=$(sed -n 's|^oomcast: metrics at http://127\.0\.0\.1:\([0-9]*\)/metrics$|\1|p' "$tmp/oomcast.err")

cp "$rules" "$tmp/rules.yml"
cat > "$tmp/prometheus.yml" <<EOF
global:
  scrape_interval: 1s
  evaluation_interval: 1s
rule_files:
  - $tmp/rules.yml
scrape_configs:
  - job_name: oomcast
    static_configs:
      - targets: ['127.0.0.1:$port']
EOF
# a port for Prometheus: one from the pid, the next ones if taken
pport=$((20000 + $$ % 20000))
for _ in 1 2 3 4 5 6 7 8; do
	prometheus --config.file="$tmp/prometheus.yml" --storage.tsdb.path="$tmp/data" \
		--web.listen-address="127.0.0.1:$pport" > "$tmp/prom.log" 2>&1 &
	prom=$!
	ready() { curl -sf "http://127.0.0.1:$pport/-/ready" > /dev/null; }
	if poll 30 ready && kill -0 "$prom" 2>/dev/null; then
		pids="$pids $prom"
		break
	fi
	kill "$prom" 2>/dev/null || true
	wait "$prom" 2>/dev/null || true
	grep -q 'address already in use' "$tmp/prom.log" || die "prometheus did not start: $(tail -n 5 "$tmp/prom.log")"
	pport=$((pport + 1))
done
kill -0 "$prom" 2>/dev/null || die "no free port for prometheus"
base=http://127.0.0.1:$pport
# has PROMQL: the query returns at least one series
has() {
	n=$(curl -s -G --max-time 5 --data-urlencode "query=$1" "$base/api/v1/query" |
		jq '.data.result | length' 2>/dev/null) || return 1
	[ "${n:-0}" -ge 1 ]
}
poll 30 has 'up{job="oomcast"} == 1' || die "Prometheus does not scrape oomcast"
poll 20 has "oomcast_cgroup_limit_bytes{cgroup=\"$cgpath\"}" || die "no $cgpath in Prometheus"
started=$(date +%s)
echo "oomcast on :$port, Prometheus on :$pport, cgroup $cgpath; 10 s idle, then the fills"
sleep 10

# the service: memhog filling at $rate MiB/s, started again after each kill
sh -c 'echo $$ > "$1/cgroup.procs" && while :; do "$2" 1024 "$3"; sleep 2; done' \
	sh "$cg" "$memhog" "$rate" > /dev/null 2>&1 &
pids="$pids $!"
fired() { has "ALERTS{alertname=\"$1\",alertstate=\"firing\",$2}"; }
poll 150 fired OomcastOomKill "scope=\"$cgpath\"" || die "no OomcastOomKill for $cgpath"
echo "first kill counted and OomcastOomKill firing after $(($(date +%s) - started)) s"
# the second fill, until its critical alert fires: both on the alerts page
poll 120 fired OomcastMemoryCritical "resource=\"$res\"" || die "OomcastMemoryCritical did not fire again"
echo "OomcastMemoryCritical firing again after $(($(date +%s) - started)) s"

# shot NAME URL WxH: Prometheus's page, once its scripts have fetched and
# drawn (virtual time waits for pending requests). Debian's Prometheus has
# the classic UI only (its React UI is patched out), under /classic/.
shot() {
	chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
		--disable-component-update --disable-sync --no-first-run --hide-scrollbars \
		--user-data-dir="$tmp/chrome" --window-size="$3" --virtual-time-budget=10000 \
		--screenshot="$out/$1.png" "$2" > "$tmp/chrome.log" 2>&1 ||
		die "chromium failed: $(tail -n 5 "$tmp/chrome.log")"
	[ -s "$out/$1.png" ] || die "chromium wrote no $1.png"
	echo "wrote screenshots/$1.png"
}
shot prometheus-alerts "$base/classic/alerts" 1400,900
still=$(fired OomcastMemoryCritical "resource=\"$res\"" && echo yes || echo no)
echo "OomcastMemoryCritical still firing after the alerts shot: $still"

# let the second fill end in its kill, then the whole run on one page
kills() {
	curl -s -G --max-time 5 --data-urlencode "query=oomcast_oom_kills_total{scope=\"$cgpath\"}" \
		"$base/api/v1/query" | jq -r '.data.result[0].value[1] // 0'
}
twice() { [ "$(kills)" -ge 2 ]; }
poll 120 twice || die "no second kill"
sleep 5
echo "second kill after $(($(date +%s) - started)) s"
span=$(($(date +%s) - started + 10))s
enc() { jq -rn --arg s "$1" '$s | @uri'; }
g0=$(enc "{__name__=~\"oomcast_cgroup_(usage|limit)_bytes\",cgroup=\"$cgpath\"}")
g1=$(enc "{__name__=~\"oomcast_seconds_to_exhaustion(_low|_high)?\",resource=\"$res\"}")
shot prometheus-graph \
	"$base/classic/graph?g0.expr=$g0&g0.tab=0&g0.stacked=0&g0.range_input=$span&g1.expr=$g1&g1.tab=0&g1.stacked=0&g1.range_input=$span" \
	1400,1560
echo "done in $(($(date +%s) - started)) s after the first scrape"
