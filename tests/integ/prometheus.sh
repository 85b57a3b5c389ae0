#!/bin/sh
# The exporter, against the real binary and the real kernel: oomcast
# --prometheus alone (no terminal, nothing on stdout) on a free loopback
# port, with --textfile beside it. /metrics answers in the text exposition
# format that promtool accepts, with HELP and TYPE for every family and the
# true figures (MemTotal, the kernel's OOM-kill counter, a memory cgroup of
# the test's own whose name is hostile); only GET and HEAD (405 otherwise),
# 404 elsewhere, 4xx for oversized and malformed requests; many scrapers at
# once, none of them making oomcast sample (a scrape serves the last
# sample) or disturbing its pace. The text file is replaced whole at every
# sample. A port in use is a one-line error; SIGTERM ends it.
. "$TESTLIB"
command -v curl > /dev/null || skip "curl is not installed (apt-get install curl)"
command -v promtool > /dev/null || skip "promtool is not installed (apt-get install prometheus)"

# a memory cgroup whose name tries to break a label value: a double quote,
# a backslash, an escape sequence (the kernel refuses a newline)
ESC=$(printf '\033')
CG_PATH=
if cg=$(make_memcg "prom\"q\\b${ESC}[2Jx-$$"); then
	set -- $cg
	CG_VER=$1 CG_DIR=$2 CG_PATH=$3
	set_limit "$CG_VER" "$CG_DIR" 268435456
else
	echo "note: no writable memory cgroup, the cgroup part is not checked"
fi

PROMFILE="$TMP/node/oomcast.prom"
mkdir "$TMP/node"
"$OOMCAST" --prometheus 0 -d 0.5 --textfile "$PROMFILE" > "$TMP/out" 2> "$TMP/err" < /dev/null &
mon=$!
CHILDREN="$CHILDREN $mon"
poll 20 grep -q 'metrics at http://127\.0\.0\.1:[0-9]*/metrics' "$TMP/err" ||
	fail "oomcast did not say where it serves: $(cat "$TMP/err")"
port=$(sed -n 's|^oomcast: metrics at http://127\.0\.0\.1:\([0-9]*\)/metrics$|\1|p' "$TMP/err")
URL="http://127.0.0.1:$port/metrics"

# loopback only: the one listening socket on that port is 127.0.0.1's
hexport=$(printf '%04X' "$port")
listeners=$(cat /proc/net/tcp /proc/net/tcp6 2>/dev/null | awk -v p=":$hexport" '$2 ~ p"$" && $4 == "0A" {print $2}')
[ "$listeners" = "0100007F:$hexport" ] || fail "listening on '$listeners', expected 127.0.0.1 only"

# get FILE [CURL-ARGS...]: scrape into FILE (headers in FILE.h); the status
code() { f=$1; shift; curl -s -o "$f" -D "$f.h" -w '%{http_code}' --max-time 10 "$@" 2> /dev/null; }
get() { f=$1; shift; curl -s -o "$f" -D "$f.h" -w '%{http_code}' --max-time 10 "$@" "$URL" 2> /dev/null; }
first_sample() { [ "$(get "$TMP/m")" = 200 ]; }
poll 20 first_sample || fail "no 200 from $URL: $(cat "$TMP/m")"

vm_before=$(vm_oom_kills)
[ "$(get "$TMP/m")" = 200 ] || fail "scrape failed"
vm_after=$(vm_oom_kills)
grep -qi '^content-type: text/plain; version=0.0.4; charset=utf-8' "$TMP/m.h" ||
	fail "content type: $(grep -i content-type "$TMP/m.h")"
promtool check metrics < "$TMP/m" > "$TMP/lint" 2>&1 || { cat "$TMP/lint"; fail "promtool check metrics failed"; }
# every sample's family has its HELP and TYPE lines, before its samples
awk '/^# HELP / {help[$3] = 1; next}
	/^# TYPE / {type[$3] = 1; next}
	/^#/ {next}
	{ name = $1; sub(/\{.*/, "", name)
	  if (!(name in help) || !(name in type)) { print "no HELP/TYPE before " name; bad = 1 } }
	END { exit bad }' "$TMP/m" || fail "a family lacks HELP or TYPE"
# no raw control byte anywhere (a label value from the system is escaped)
tr -d '\n' < "$TMP/m" | LC_ALL=C grep -q '[[:cntrl:]]' && fail "a raw control byte on the page"

# true figures: MemTotal, and the kernel's OOM-kill counter at that moment
metric() { awk -v n="$1" '$1 == n {print $2}' "$2"; }
memtotal=$(awk '$1 == "MemTotal:" {printf "%.0f", $2 * 1024}' /proc/meminfo)
[ "$(metric oomcast_memory_total_bytes "$TMP/m")" = "$memtotal" ] ||
	fail "oomcast_memory_total_bytes $(metric oomcast_memory_total_bytes "$TMP/m"), MemTotal $memtotal"
kills=$(metric oomcast_kernel_oom_kills_total "$TMP/m")
[ "$kills" -ge "$((vm_before - 2))" ] && [ "$kills" -le "$vm_after" ] ||
	fail "oomcast_kernel_oom_kills_total $kills, /proc/vmstat says $vm_before..$vm_after"
grep -q '^oomcast_oom_kills_total{scope="system"} ' "$TMP/m" || fail "no system kill counter"

# the test's cgroup, its name escaped: \" and \\ as the format says, the
# escape byte as the text \x1b (its backslash escaped too)
if [ -n "$CG_PATH" ]; then
	label=$(printf '%s' "$CG_PATH" | sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e "s/$ESC/\\\\\\\\x1b/g")
	want="oomcast_cgroup_limit_bytes{cgroup=\"$label\"} 268435456"
	has_cg() { get "$TMP/c" > /dev/null; grep -qxF "$want" "$TMP/c"; }
	poll 20 has_cg || fail "no line '$want': $(grep oomcast_cgroup_limit_bytes "$TMP/c")"
	promtool check metrics < "$TMP/c" > "$TMP/lint" 2>&1 || { cat "$TMP/lint"; fail "promtool on the page with the hostile cgroup"; }
	grep -qF "oomcast_forecast_level{resource=\"cgroup:$label\"} 0" "$TMP/c" ||
		fail "no forecast level for the cgroup"
	grep -qF "oomcast_seconds_to_exhaustion{resource=\"cgroup:$label\"}" "$TMP/c" &&
		fail "an ETA for an idle cgroup"
fi

# HEAD: the headers of a GET, no body
[ "$(get "$TMP/h" -I)" = 200 ] || fail "HEAD not 200"
grep -qi '^content-length: [1-9]' "$TMP/h.h" || fail "HEAD without a Content-Length"
# read-only: every other method is 405 with Allow
for m in POST PUT DELETE PATCH OPTIONS; do
	[ "$(get "$TMP/x" -X "$m")" = 405 ] || fail "$m answered $(cat "$TMP/x.h" | head -1)"
	grep -qi '^allow: GET, HEAD' "$TMP/x.h" || fail "$m: 405 without Allow"
done
# a request body is never read: a small POST is 405; a 1 MiB one is 405
# or, when the server closes before curl has sent it all, cut (000)
head -c 1024 /dev/zero > "$TMP/body"
[ "$(get "$TMP/x" --data-binary @"$TMP/body")" = 405 ] || fail "a 1 KiB POST was not 405"
head -c 1048576 /dev/zero > "$TMP/body"
c=$(get "$TMP/x" --data-binary @"$TMP/body")
[ "$c" = 405 ] || [ "$c" = 000 ] || fail "a 1 MiB POST answered $c"
for path in / /metricsx /metrics/ /../etc/passwd; do
	[ "$(code "$TMP/x" --path-as-is "http://127.0.0.1:$port$path")" = 404 ] || fail "$path not 404"
done
# oversized and malformed: 40 KiB of header, 40 KiB of URL, no Host
big=$(head -c 40000 /dev/zero | tr '\0' a)
[ "$(get "$TMP/x" -H "X-Big: $big")" = 431 ] || fail "a 40 KiB header was not refused (431)"
[ "$(code "$TMP/x" "$URL?$big")" = 414 ] || fail "a 40 KiB URL was not refused (414)"
[ "$(get "$TMP/x" -H 'Host:')" = 400 ] || fail "HTTP/1.1 without Host was not 400"
[ "$(get "$TMP/x" -X GET --data-binary hello)" = 400 ] || fail "a GET with a body was not 400"
# a scraper keeps its connection: two scrapes on one
curl -sv -o /dev/null -o /dev/null "$URL" "$URL" 2> "$TMP/v"
grep -q '^\* Re-using existing connection' "$TMP/v" || fail "the connection was not kept alive"

# many scrapers at once: 400 scrapes, 32 at a time (the most one address
# may hold), from one curl (-Z) so the client's start-up is not measured;
# all of them whole pages
set --
for i in $(seq 400); do set -- "$@" -o "$TMP/par.$i" "$URL"; done
t0=$(date +%s.%N)
curl -s --no-progress-meter -Z --parallel-immediate --parallel-max 32 -w '%{http_code}\n' --max-time 30 "$@" > "$TMP/codes"
t1=$(date +%s.%N)
[ "$(grep -c '^200$' "$TMP/codes")" = 400 ] || fail "concurrent scrapes: $(sort "$TMP/codes" | uniq -c | tr '\n' ' ')"
for f in "$TMP"/par.*; do
	[ "$(tail -c 1 "$f" | od -An -tx1 | tr -d ' ')" = 0a ] && grep -q '^oomcast_build_info' "$f" ||
		fail "a concurrent scrape got a cut page ($f)"
done
echo "400 scrapes, 32 at a time: $(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.2f", b - a}') s"
# a scrape serves the last sample: 400 scrapes saw only the few samples
# taken meanwhile (one every 0.5 s), never a sample of their own
stamps=$(cat "$TMP"/par.* | grep '^oomcast_sample_timestamp_seconds' | sort -u | wc -l)
most=$(awk -v a="$t0" -v b="$t1" 'BEGIN {print int((b - a) / 0.5) + 2}')
[ "$stamps" -le "$most" ] || fail "$stamps samples among 400 scrapes in $(awk -v a="$t0" -v b="$t1" 'BEGIN {print b - a}') s"
rm -f "$TMP"/par.*

# none of it disturbed the sampler: the last sample is fresh
[ "$(get "$TMP/m")" = 200 ] || fail "scrape failed after the abuse"
age=$(awk -v now="$(date +%s.%N)" '$1 == "oomcast_sample_timestamp_seconds" {print now - $2}' "$TMP/m")
awk -v a="$age" 'BEGIN {exit !(a >= 0 && a < 2)}' || fail "the last sample is $age s old"

# the text file: the same metrics, replaced whole at every sample, no
# temporary file left beside it
promtool check metrics < "$PROMFILE" > "$TMP/lint" 2>&1 || { cat "$TMP/lint"; fail "promtool on --textfile"; }
t_file=$(metric oomcast_sample_timestamp_seconds "$PROMFILE")
newer() { [ "$(metric oomcast_sample_timestamp_seconds "$PROMFILE")" != "$t_file" ]; }
poll 10 newer || fail "--textfile not rewritten"
grep -q '^oomcast_memory_total_bytes ' "$PROMFILE" || fail "--textfile lacks the memory"
[ "$(ls "$TMP/node")" = oomcast.prom ] || fail "left beside the text file: $(ls "$TMP/node")"

# the port taken: a one-line error, exit 2
"$OOMCAST" --prometheus "$port" -n 1 > /dev/null 2> "$TMP/err2"
rc=$?
[ "$rc" = 2 ] || fail "a second exporter on port $port exited $rc"
[ "$(cat "$TMP/err2")" = "oomcast: cannot listen on 127.0.0.1:$port: Address already in use" ] ||
	fail "port in use: '$(cat "$TMP/err2")'"

# libmicrohttpd missing, or a library without its functions: a one-line
# error, exit 2 (it is loaded when the exporter starts, not linked)
OOMCAST_MHD_LIBRARY=$TMP/no-such-lib.so "$OOMCAST" --prometheus 0 -n 1 > /dev/null 2> "$TMP/err4"
rc=$?
[ "$rc" = 2 ] && [ "$(wc -l < "$TMP/err4")" = 1 ] &&
	grep -q "^oomcast: cannot load OOMCAST_MHD_LIBRARY for the metrics server (Debian package libmicrohttpd12): .*no-such-lib" "$TMP/err4" ||
	fail "no libmicrohttpd: exit $rc, '$(cat "$TMP/err4")'"
zlib=$(ldconfig -p | awk '/libz\.so\.1 .*x86-64|libz\.so\.1 / {print $NF; exit}')
if [ -n "$zlib" ]; then
	OOMCAST_MHD_LIBRARY=$zlib "$OOMCAST" --prometheus 0 -n 1 > /dev/null 2> "$TMP/err5"
	rc=$?
	[ "$rc" = 2 ] && [ "$(cat "$TMP/err5")" = "oomcast: OOMCAST_MHD_LIBRARY has no MHD_start_daemon" ] ||
		fail "a library without libmicrohttpd's functions: exit $rc, '$(cat "$TMP/err5")'"
fi

# a text file that cannot be: a directory, a missing directory
"$OOMCAST" --textfile "$TMP" -n 1 > /dev/null 2> "$TMP/err3"
[ $? = 2 ] && [ "$(cat "$TMP/err3")" = "oomcast: cannot write --textfile $TMP: it is a directory" ] ||
	fail "--textfile DIR: '$(cat "$TMP/err3")'"
"$OOMCAST" --textfile "$TMP/none/x.prom" -n 1 > /dev/null 2> "$TMP/err3"
[ $? = 2 ] && [ "$(cat "$TMP/err3")" = "oomcast: cannot write --textfile $TMP/none/x.prom: No such file or directory" ] ||
	fail "--textfile in a missing directory: '$(cat "$TMP/err3")'"
# what a rename would replace: a device (as /dev/null is), a FIFO, a link.
# Each refused in one line and left as it was
mknod "$TMP/null" c 1 3 && mkfifo "$TMP/fifo.prom" && ln -s "$TMP/real.prom" "$TMP/link.prom" ||
	fail "cannot make the device, FIFO and link"
for f in null fifo.prom link.prom; do
	"$OOMCAST" --textfile "$TMP/$f" -n 1 > /dev/null 2> "$TMP/err3"
	[ $? = 2 ] && [ "$(wc -l < "$TMP/err3")" = 1 ] &&
		grep -q "^oomcast: cannot write --textfile $TMP/$f: it is " "$TMP/err3" ||
		fail "--textfile $f: '$(cat "$TMP/err3")'"
done
[ -c "$TMP/null" ] && [ -p "$TMP/fifo.prom" ] && [ -L "$TMP/link.prom" ] ||
	fail "--textfile replaced what it refused: $(ls -l "$TMP/null" "$TMP/fifo.prom" "$TMP/link.prom")"
# and where a FIFO takes the file's name while it runs: said once, left
# alone (moved over the file in one rename, between two writes)
# (just after a write, 2 s before the next: never inside one's check and
# rename, however busy the machine)
mkfifo "$TMP/late.fifo" || fail "mkfifo"
"$OOMCAST" --textfile "$TMP/late.prom" -d 2 > /dev/null 2> "$TMP/err6" &
late=$!
CHILDREN="$CHILDREN $late"
poll 10 test -s "$TMP/late.prom" || fail "--textfile $TMP/late.prom not written"
first=$(stat -c %Y.%y "$TMP/late.prom")
written() { [ "$(stat -c %Y.%y "$TMP/late.prom")" != "$first" ]; }
poll 10 written || fail "--textfile $TMP/late.prom not written again"
mv "$TMP/late.fifo" "$TMP/late.prom" || fail "mv"
poll 10 grep -q 'late.prom: it is not a regular file' "$TMP/err6" ||
	fail "the FIFO in the file's place not said: '$(cat "$TMP/err6")'"
sleep 4.2   # two writes more: said once, not again
kill "$late"; wait "$late" 2> /dev/null
[ -p "$TMP/late.prom" ] || fail "a FIFO that took the text file's name was replaced"
[ "$(grep -c 'late.prom: it is not a regular file' "$TMP/err6")" = 1 ] ||
	fail "the FIFO in the file's place, said: '$(cat "$TMP/err6")'"

# headless: nothing on stdout; SIGTERM ends it as the signal would
[ -s "$TMP/out" ] && fail "the exporter wrote to stdout: $(head -c 200 "$TMP/out")"
kill -TERM "$mon"
wait "$mon"
rc=$?
[ "$rc" = 143 ] || fail "SIGTERM: exit $rc, expected 143"
CHILDREN=

# beside the dashboard (--dashboard, in tmux): the dashboard draws, the
# page is served and the text file written; q ends all of it
if command -v tmux > /dev/null; then
	rm -f "$PROMFILE"
	cat > "$TMP/run.sh" <<EOS
"$OOMCAST" --prometheus 0 --textfile "$PROMFILE" --dashboard -d 0.5 2> "$TMP/derr"
echo "EXIT=\$?"
exec sleep 60
EOS
	T new-session -d -s s -x 120 -y 30 "sh $TMP/run.sh"
	wait_for 'PID' 20 || fail "the dashboard did not start beside the exporter"
	poll 20 grep -q 'metrics at' "$TMP/derr" || fail "no address said: $(cat "$TMP/derr")"
	URL="http://127.0.0.1:$(sed -n 's|^oomcast: metrics at http://127\.0\.0\.1:\([0-9]*\)/metrics$|\1|p' "$TMP/derr")/metrics"
	[ "$(get "$TMP/d")" = 200 ] || fail "no 200 beside the dashboard"
	promtool check metrics < "$TMP/d" > "$TMP/lint" 2>&1 || { cat "$TMP/lint"; fail "promtool beside the dashboard"; }
	poll 10 test -s "$PROMFILE" || fail "no --textfile beside the dashboard"
	T send-keys -t s q
	wait_for 'EXIT=0' 10 || fail "q did not end the dashboard and the exporter"
	curl -s --max-time 5 "$URL" > /dev/null && fail "still serving after q"
	T kill-server 2> /dev/null
else
	echo "note: no tmux, --dashboard beside the exporter is not checked"
fi
pass "exporter on 127.0.0.1:$port: promtool-clean, true figures, GET/HEAD only, limits, 400 concurrent scrapes, --textfile"
