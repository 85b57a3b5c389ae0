#!/bin/sh
# Golden screens (as tmux's regress/): each case of tests/golden/cases plays
# a recording in the dashboard in tmux at a fixed size, pauses it at a chosen
# sample with the player's keys and compares the captured pane with
# tests/golden/NAME.txt. Nothing on a replayed screen may come from this
# machine or its clock (the recording's time is shown in UTC here): a
# difference is a change of design (then run tests/golden/regen.sh and read
# the diff) or a leak to fix. GOLDEN_REGEN=1 writes the files instead.
. "$TESTLIB"
command -v tmux > /dev/null || skip "tmux is not installed"
golden=$(dirname "$FIXTURES")/golden
# the dashboard's settings: none (lib.sh's XDG_CONFIG_HOME is empty)
export TZ=UTC LANG=C.UTF-8 LC_ALL=C.UTF-8
failed=0 n=0
# a tmux server of its own for each case (a fresh one starts at once); the
# one running is ended on the way out, as lib.sh ends its own
trap 'T kill-server 2> /dev/null; cleanup' EXIT
# settled PATTERN: the pane shows PATTERN and the same screen twice, 0.3 s apart
settled() {
	end=$(($(date +%s) + 20))
	prev=
	while [ "$(date +%s)" -le "$end" ]; do
		T capture-pane -p -t s > "$TMP/pane" 2> /dev/null
		if grep -Eq -- "$1" "$TMP/pane"; then
			[ -n "$prev" ] && cmp -s "$TMP/pane" "$prev" && return 0
			cp "$TMP/pane" "$TMP/prev"
			prev=$TMP/prev
		fi
		sleep 0.3
	done
	return 1
}
while read -r name size source opts keys; do
	case "$name" in ''|'#'*) continue ;; esac
	n=$((n + 1))
	[ "$opts" = - ] && opts=
	opts=$(echo "$opts" | tr , ' ')
	if [ "$source" = demo ]; then
		rec=$(dirname "$golden")/../demo/demo.rec
		[ -f "$rec" ] || fail "$name: no demo/demo.rec"
		cmd="OOMCAST_DEMO=$rec $OOMCAST demo $opts --speed 0.01"
	else
		cmd="$OOMCAST replay $FIXTURES/$source $opts --speed 0.01"
	fi
	SOCK=$TMP/tmux-$n.sock
	T new-session -d -s s -x "${size%x*}" -y "${size#*x}" "env TERM=screen $cmd; sleep 60"
	# the first sample, then paused there; then the case's keys, one by one
	# (each is answered before the next is read)
	settled "REPLAY .*#1 |too small" || fail "$name: the replay did not start"
	T send-keys -t s Z
	# KEY*N: N times
	[ "$keys" = - ] || for k in $keys; do
		case "$k" in
		*'*'[0-9]*) for i in $(seq "${k##*\*}"); do T send-keys -t s "${k%\**}"; done ;;
		*) T send-keys -t s "$k" ;;
		esac
	done
	# (an overlay that fills the screen shows its own footer: "1-22 of 46")
	settled "paused|end|too small| [0-9]+-[0-9]+ of [0-9]+ " || fail "$name: the screen did not settle"
	if [ "${GOLDEN_REGEN:-}" = 1 ]; then
		cp "$TMP/pane" "$golden/$name.txt"
		echo "wrote tests/golden/$name.txt"
	elif ! cmp -s "$TMP/pane" "$golden/$name.txt"; then
		echo "---- $name ($size, $source $opts, keys: $keys): expected - , shown + ----"
		diff -u "$golden/$name.txt" "$TMP/pane" | tail -n +3 | head -40
		failed=$((failed + 1))
	fi
	T kill-server 2> /dev/null
done < "$golden/cases"
[ "$failed" = 0 ] || fail "$failed of $n golden screens differ (tests/golden/regen.sh regenerates them after a change of design)"
# the figures of one screen agree: the cgroup meter's "used" and the
# forecast's "left" for that cgroup add up to its limit (within the
# rounding of three-digit figures), the page cache in it counted by neither
# (demo-cache: a cgroup mostly page cache; it once said 190 MiB of 300 used
# beside 299 MiB left)
checked=0
for f in "$golden"/*.txt; do
	r=$(awk '
	function bytes(v, u) { return v * (u ~ /^G/ ? 2^30 : u ~ /^M/ ? 2^20 : u ~ /^K/ ? 2^10 : 1) }
	/^Cg  \[/ { for (i = 1; i < NF; i++) if ($(i + 1) == "used" && $(i + 2) == "/") {
			used = bytes($(i - 1) + 0, $i); lim = bytes($(i + 3) + 0, $(i + 4)) }
		for (i = 1; i <= NF; i++) if ($i == "v1" || $i == "v2") name = $(i + 1) }
	/^cg / && name != "" && index($0, "cg " name " ") == 1 {
		for (i = 2; i <= NF; i++) if ($i == "left")   # "left 143 MiB" or "299 MiB left"
			left = $(i + 1) ~ /^[0-9.]+$/ ? bytes($(i + 1), $(i + 2)) : bytes($(i - 2), $(i - 1)) }
	END { if (lim && left != "") { d = used + left - lim; if (d < 0) d = -d
		print (d <= lim * 0.01 ? "ok" : "bad " used " + " left " != " lim) } }' "$f")
	case $r in
	ok) checked=$((checked + 1)) ;;
	bad*) fail "$(basename "$f"): the cgroup's used and left do not add up to its limit: $r" ;;
	esac
done
[ "$checked" -ge 3 ] || fail "only $checked golden screens show a cgroup's used and left"
pass "$n golden screens as expected"
