#!/bin/sh
# contrib/prometheus: the alert rules are valid (promtool check rules), do
# what their unit tests say (promtool test rules: a page on CRITICAL for
# 10 s, a warning on a wont_fit load, a note for every OOM kill), and use
# only metrics that the real oomcast exports (each oomcast_* name in the
# rules is a family of `oomcast --textfile`'s page); the Grafana dashboard
# is JSON and queries only exported metrics (tests/integ/prometheus_server.sh
# runs its queries on a real Prometheus). Skips without promtool (Debian
# package prometheus).
: "${OOMCAST:?OOMCAST must point at the binary}"
: "${CONTRIB:?CONTRIB must point at contrib/}"
command -v promtool > /dev/null || { echo "SKIP: promtool is not installed (apt-get install prometheus)"; exit 77; }
set -u
TMP=$(mktemp -d /tmp/oomcast-test.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

rules="$CONTRIB/prometheus/oomcast-rules.yml"
promtool check rules "$rules" || fail "promtool check rules"
# promtool reads the rule files relative to the test file
(cd "$CONTRIB/prometheus" && promtool test rules oomcast-rules.test.yml) || fail "promtool test rules"

"$OOMCAST" -n 1 --textfile "$TMP/page.prom" > /dev/null 2>&1 < /dev/null || fail "oomcast --textfile failed"
names=$(grep -o 'oomcast_[a-z_]*' "$rules" | sort -u)
[ -n "$names" ] || fail "no oomcast metric in the rules"
for n in $names; do
	grep -q "^# TYPE $n " "$TMP/page.prom" || fail "the rules use $n, which oomcast does not export"
done
# the Grafana dashboard: valid JSON, and only exported metrics in its queries
dash="$CONTRIB/grafana/oomcast-dashboard.json"
jq -e '.panels | length > 0' "$dash" > /dev/null || fail "$dash is not a dashboard"
dnames=$(jq -r '.panels[].targets[]?.expr' "$dash" | grep -o 'oomcast_[a-z_]*' | sort -u)
[ -n "$dnames" ] || fail "no oomcast metric in the dashboard"
for n in $dnames; do
	grep -q "^# TYPE $n " "$TMP/page.prom" || fail "the dashboard uses $n, which oomcast does not export"
done
echo "PASS: rules check, their unit tests pass, and they use only exported metrics ($(echo $names | wc -w))"
