#!/bin/sh
# The exporter as a fleet would use it: a real Prometheus server (Debian's
# package, on loopback, its own data directory, scraping every second, with
# contrib/prometheus/oomcast-rules.yml loaded) scrapes oomcast while a
# child fills a memory cgroup of the test's own at 20 MiB/s up to its
# 512 MiB limit. Through Prometheus's HTTP API: the cgroup's
# oomcast_seconds_to_exhaustion series, with the child as victim, before
# the kill; the OomcastMemoryCritical alert firing for that cgroup before
# the kill (oomcast runs with --critical 40, so the 10 s of the rule's
# "for" fit in the fill); after it, the kill counted in that scope and the
# OomcastOomKill alert. The child is 17 s old or more when it starts to
# fill. The Grafana dashboard's queries run on it too.
# Skips without prometheus or a memory cgroup.
. "$TESTLIB"
command -v curl > /dev/null || skip "curl is not installed (apt-get install curl)"
command -v prometheus > /dev/null || skip "prometheus is not installed (apt-get install prometheus)"
[ -x "${MEMHOG:-}" ] || skip "memhog helper not built"
: "${CONTRIB:?CONTRIB must point at contrib/}"
need_memcg "oomcast-promsrv-$$"
set_limit "$CG_VER" "$CG_DIR" 536870912

# the child that fills it, up from the start and waiting for its request
# (a server that has run a while, then loads): a process in its first
# seconds is "starting", alarmed only once its ETA is under its age
# (forecast.c, young_for), which would leave the rule's 10 s no room
export MEMHOG_WAIT="$TMP/go"
spawn_in "$CG_DIR" "$MEMHOG" 1024 20
unset MEMHOG_WAIT
victim=$SPAWNED
born=$(date +%s)

"$OOMCAST" --prometheus 0 -d 0.5 --warn 60 --critical 40 > /dev/null 2> "$TMP/err" < /dev/null &
mon=$!
CHILDREN="$CHILDREN $mon"
poll 20 grep -q 'metrics at http://127\.0\.0\.1:[0-9]*/metrics' "$TMP/err" ||
	fail "oomcast did not say where it serves: $(cat "$TMP/err")"
port=$(sed -n 's|^oomcast: metrics at http://127\.0\.0\.1:\([0-9]*\)/metrics$|\1|p' "$TMP/err")

cp "$CONTRIB/prometheus/oomcast-rules.yml" "$TMP/rules.yml"
cat > "$TMP/prometheus.yml" <<EOF
global:
  scrape_interval: 1s
  evaluation_interval: 1s
rule_files:
  - $TMP/rules.yml
scrape_configs:
  - job_name: oomcast
    static_configs:
      - targets: ['127.0.0.1:$port']
EOF
# a port for Prometheus: one from the pid, the next ones if taken
pport=$((20000 + $$ % 20000))
for try in 1 2 3 4 5; do
	prometheus --config.file="$TMP/prometheus.yml" --storage.tsdb.path="$TMP/data" \
		--web.listen-address="127.0.0.1:$pport" > "$TMP/prom.log" 2>&1 &
	prom=$!
	CHILDREN="$CHILDREN $prom"
	ready() { curl -sf "http://127.0.0.1:$pport/-/ready" > /dev/null; }
	if poll 30 ready && kill -0 "$prom" 2> /dev/null; then
		break
	fi
	kill "$prom" 2> /dev/null
	wait "$prom" 2> /dev/null
	grep -q 'address already in use' "$TMP/prom.log" || { tail -5 "$TMP/prom.log"; fail "prometheus did not start"; }
	pport=$((pport + 1))
done
API="http://127.0.0.1:$pport/api/v1/query"
# q PROMQL: the query's result vector (JSON), [] when empty or failing
q() { curl -s -G --max-time 5 --data-urlencode "query=$1" "$API" | jq -c '.data.result // []' 2> /dev/null || echo '[]'; }
scraped() { [ "$(q 'up{job="oomcast"} == 1' | jq length)" = 1 ]; }
poll 30 scraped || fail "Prometheus does not scrape oomcast: $(q 'up')"
res="cgroup:$CG_PATH"
# idle: the cgroup is forecast, and has no ETA
has_level() { [ "$(q "oomcast_forecast_level{resource=\"$res\"}" | jq length)" = 1 ]; }
poll 20 has_level || fail "no forecast level for $res in Prometheus"
[ "$(q "oomcast_seconds_to_exhaustion{resource=\"$res\"}" | jq length)" = 0 ] || fail "an ETA for the idle cgroup"

# the Grafana dashboard's queries (its $instance as any): each one the
# real Prometheus accepts, and the host panels find this host's series
dash="$CONTRIB/grafana/oomcast-dashboard.json"
jq -r '.panels[].targets[]?.expr' "$dash" | sed 's/\$instance/.*/g' > "$TMP/exprs"
[ -s "$TMP/exprs" ] || fail "no queries in $dash"
while IFS= read -r e; do
	st=$(curl -s -G --max-time 5 --data-urlencode "query=$e" "$API" | jq -r .status)
	[ "$st" = success ] || fail "Prometheus refused the dashboard's query: $e"
done < "$TMP/exprs"
for e in 'oomcast_memory_available_bytes{instance=~".*"}' 'max by (instance) (oomcast_forecast_level)'; do
	grep -qxF "$e" "$TMP/exprs" || fail "the dashboard lost its query $e"
	[ "$(q "$e" | jq length)" -ge 1 ] || fail "no data for the dashboard's $e"
done

while [ "$(($(date +%s) - born))" -lt 18 ]; do sleep 0.5; done
touch "$TMP/go"
start=$(date +%s)
eta_seen= fired_at= victim_seen=
while kill -0 "$victim" 2> /dev/null && [ "$(($(date +%s) - start))" -lt 90 ]; do
	r=$(q "oomcast_seconds_to_exhaustion{resource=\"$res\"}")
	if [ "$(echo "$r" | jq length)" = 1 ]; then
		# when Prometheus scraped it, and the ETA then
		echo "$r" | jq -r '.[0].value | "\(.[0]) \(.[1])"' >> "$TMP/etas"
		[ -n "$eta_seen" ] || echo "ETA in Prometheus after $(($(date +%s) - start)) s: $(tail -1 "$TMP/etas")"
		eta_seen=1
	fi
	[ -n "$victim_seen" ] || [ "$(q "oomcast_forecast_victim_info{resource=\"$res\",pid=\"$victim\"}" | jq length)" != 1 ] ||
		victim_seen=1
	if [ -z "$fired_at" ] && [ "$(q "ALERTS{alertname=\"OomcastMemoryCritical\",alertstate=\"firing\",resource=\"$res\"}" | jq length)" = 1 ]; then
		fired_at=$(($(date +%s) - start))
		echo "OomcastMemoryCritical firing after $fired_at s"
	fi
	sleep 0.5
done
wait "$victim"
vrc=$?
kill_t=$(date +%s.%N)
echo "memhog ended after $(($(date +%s) - start)) s (status $vrc)"
[ "$vrc" = 137 ] || fail "memhog exited $vrc, expected 137 (OOM kill)"
[ -n "$eta_seen" ] || fail "no oomcast_seconds_to_exhaustion for $res in Prometheus before the kill"
# the ETA Prometheus stored is oomcast's forecast: within 25% of the time
# that was left, at least 3 s before the kill, at least once
good=$(sort -u "$TMP/etas" | awk -v k="$kill_t" '{ left = k - $1; d = $2 - left; if (d < 0) d = -d }
	left >= 3 && d <= 0.25 * left { n++ } END { print n + 0 }')
echo "ETAs within 25% of the time left: $good of $(sort -u "$TMP/etas" | wc -l)"
[ "$good" -ge 1 ] || fail "no ETA in Prometheus within 25% of the time left: $(sort -u "$TMP/etas" | tr '\n' ' ')"
[ -n "$victim_seen" ] || fail "the child was not the cgroup's victim in Prometheus"
[ -n "$fired_at" ] || fail "OomcastMemoryCritical did not fire before the kill"

# after the kill: counted in its scope, and the note fires
counted() { [ "$(q "oomcast_oom_kills_total{scope=\"$CG_PATH\"} >= 1" | jq length)" = 1 ]; }
poll 30 counted || fail "the kill is not counted in scope $CG_PATH: $(q 'oomcast_oom_kills_total')"
noted() { [ "$(q "ALERTS{alertname=\"OomcastOomKill\",alertstate=\"firing\",scope=\"$CG_PATH\"}" | jq length)" = 1 ]; }
poll 30 noted || fail "OomcastOomKill did not fire for $CG_PATH"
kill "$prom" "$mon" 2> /dev/null
pass "Prometheus saw the ETA, the victim and the critical alert before the kill, then the kill in $CG_PATH"
