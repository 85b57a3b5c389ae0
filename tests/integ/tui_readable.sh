#!/bin/sh
# The dashboard's most important things first, readable (issue 14), driven
# in tmux at 200x50, 80x24 and 40x10 while a child of the test fills a
# memory cgroup of its own named like a container (docker/<64-hex id>):
# - the banner's Fix line wraps whole, or says "more: press x" where the
#   screen is too short; never cut silently;
# - the chart follows that cgroup (its limit the top line, its short id in
#   the title) and its "last Ns" is no more than the time since start;
# - the cgroup is named by its 12-char short id, marked where cut;
# - COMMAND shows the program's name and its arguments, the path on 'p';
# - the sorted column's title is readable in 8 colours, 256 and NO_COLOR.
# Everything checked is the test's own: its cgroup, its pids.
. "$TESTLIB"
command -v tmux > /dev/null || skip "tmux is not installed"
[ -x "${MEMHOG:-}" ] || skip "memhog helper not built"
need_memcg "oc-tr-$$"
ver=$CG_VER top=$CG_DIR
id=$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n')
[ ${#id} = 64 ] || fail "no 64-hex id: $id"
short=$(echo "$id" | cut -c1-12)
rest=$(echo "$id" | cut -c13-24)
mkdir "$top/docker" "$top/docker/$id" || skip "cannot make nested memory cgroups"
dir=$top/docker/$id
# removed children first (cleanup goes down the list)
{ echo "$dir"; echo "$top/docker"; cat "$CGLIST"; } > "$TMP/cgl" && cat "$TMP/cgl" > "$CGLIST"
set_limit "$ver" "$dir" 536870912
# a forecast level's rank, -1 for none
level_rank() {
	case $1 in OK) echo 0 ;; WATCH) echo 1 ;; WARNING) echo 2 ;; CRITICAL) echo 3 ;; *) echo -1 ;; esac
}
# the first fix step of the entry the banner will name, as `oomcast kb` has it
step=$("$OOMCAST" kb cgroup-limit |
	awk '/^  Fix:/ {f = 1; next} f && /^    - / {if (n++) exit; sub(/^    - /, "")} f && n {print}' |
	tr -s ' \n' '  ' | sed 's/^ *//; s/ *$//')
[ -n "$step" ] || fail "no fix step in oomcast kb cgroup-limit"
# the banner renders the figures it has: the command that shows the cgroup's
# own files (its directory as DIR here: fix_shown puts DIR for any), and this
# cgroup's container short id (another test's cgroup, holding the banner on
# a busy machine, has none)
files="memory.max memory.current memory.events"
[ "$ver" = 1 ] && files="memory.limit_in_bytes memory.usage_in_bytes memory.max_usage_in_bytes memory.failcnt"
tick='`'
step_cg="${step%%$tick*}$tick(cd DIR && grep . $files)$tick; ${tick}systemctl show${step#*"$tick; ${tick}systemctl show"}"
step_ours=$(echo "$step_cg" | sed "s/CONTAINER/$short/g")

# the Fix text as the pane shows it: its first row after " Fix: " and the
# rows of 6 spaces that continue it, joined
fix_shown() {
	awk '/^ Fix: / {f = 1; print substr($0, 7); next} f && /^      [^ ]/ {print substr($0, 7); next} {f = 0}' "$TMP/pane" |
		tr -s ' \n' '  ' | sed 's/ *$//; s#(cd /sys/fs/cgroup/[^ ]*#(cd DIR#'
}


for size in 200x50 80x24 40x10; do
	w=${size%x*} h=${size#*x}
	tmux_fresh
	spawn_in "$dir" /bin/sleep 301
	keeper=$SPAWNED
	t0=$(date +%s)
	T new-session -d -s s -x "$w" -y "$h" "env TERM=xterm-256color $OOMCAST -d 0.5 -p $keeper"
	wait_for 'PID' || fail "dashboard did not start at $size"
	# COMMAND: the name, then the arguments; no path until 'p'
	wait_for "^ *$keeper .* sleep 301" || fail "$size: COMMAND of $keeper is not 'sleep 301'"
	grep -q "^ *$keeper .*/bin/sleep" "$TMP/pane" && fail "$size: COMMAND shows the path without 'p'"
	# the name highlighted (bold), its arguments not
	T capture-pane -e -p -t s > "$TMP/epane"
	row=$(grep -a " $keeper .*sleep.* 301" "$TMP/epane" | head -1)
	at_name=$(printf '%s\n' "$row" | sed 's/sleep.*//' | sgr_fold)
	at_args=$(printf '%s\n' "$row" | sed 's/ 301.*//' | sgr_fold)
	case "$at_name" in *bold=1*) ;; *) fail "$size: the program's name is not highlighted: $at_name in $(printf "%s" "$row" | cat -v)" ;; esac
	case "$at_args" in *bold=0*) ;; *) fail "$size: the arguments are highlighted too: $at_args" ;; esac
	T send-keys -t s p
	wait_for "^ *$keeper .* /bin/sleep 301" 5 || fail "$size: 'p' does not show the path"
	T send-keys -t s p
	wait_for "^ *$keeper .* sleep 301" 5 || fail "$size: 'p' again does not hide the path"
	# a child that fills the cgroup: 8 MiB/s into 512 MiB, an ETA under a
	# minute from the start; it stops at 480 MiB, so no OOM kill ends it
	spawn_in "$dir" "$MEMHOG" 480 8 3600
	hog=$SPAWNED
	# the cgroup's forecast row by its short id, never the rest of its id
	# (below 16 lines the forecast has one row: another test's load may
	# hold it)
	wait_for "^cg .?.?.?$short +(WATCH|WARNING|CRITICAL)" 20 ||
		if [ "$h" -lt 16 ]; then echo "note: $size: the one forecast row showed another"
		else fail "$size: no forecast row naming $short"; fi
	grep "^cg " "$TMP/pane" | grep -q "$rest" && fail "$size: the forecast row shows the long id"
	if [ "$h" -ge 12 ]; then
		# the cgroup row: the short id, never the whole id (the row shows
		# the tightest of oomcast's, the watched and the just-killed: on a
		# busy machine another test's may hold it a while)
		wait_for "^Cg .* v[12] [^ ]*$short  oom kills" 10 ||
			echo "note: $size: the Cg row showed another cgroup"
		grep "^Cg " "$TMP/pane" | grep -q "$rest" && fail "$size: the Cg row shows the long id"
	fi
	# the banner shows the most urgent on the machine: another test's
	# cgroup may hold it; any cgroup's banner names the same entry
	if [ "$w" -lt 80 ]; then
		# one row of 40 columns: the heading's start and the mark
		wait_for "^ (WARNING|CRITICAL) .* more: press x *$" 20 ||
			fail "$size: no one-row banner with 'more: press x' while $short fills"
		grep "^ (WARNING|CRITICAL) " "$TMP/pane" | grep -q "$rest" && fail "$size: the banner shows the long id"
	else
		wait_for "(WARNING|CRITICAL) [^[]*: \\[cgroup-limit\\]" 20 ||
			fail "$size: no cgroup-limit banner while $short fills"
	fi
	if [ "$w" -lt 80 ]; then
		:
	elif [ "$h" -ge 30 ]; then
		# room enough: the Fix line whole, wrapped, and no "more" mark
		shown=$(fix_shown)
		[ "$shown" = "$step_ours" ] || [ "$shown" = "$step_cg" ] || [ "$shown" = "$step" ] ||
			fail "$size: Fix shown is not the whole step:
shown: $shown
step:  $step_ours"
		grep -q "more: press x" "$TMP/pane" && fail "$size: 'more' though all is shown"
	else
		# too short for all of it: what is shown is a true start, and the
		# mark says the rest is under x
		grep -q "more: press x" "$TMP/pane" || fail "$size: the banner is cut without 'more: press x'"
		shown=$(fix_shown)
		ok=
		for want in "$step_ours" "$step_cg" "$step"; do
			case "$want" in "$shown"*) ok=1 ;; esac
		done
		[ -n "$ok" ] || fail "$size: the Fix shown is not the step's start: $shown"
	fi
	if [ "$h" -ge 50 ]; then
		# the chart follows the most urgent resource, as the forecast rows
		# order them: ours when it leads (its 512M limit on top), another
		# test's cgroup meanwhile; its span no longer than oomcast has run
		ok=
		for i in $(seq 40); do
			T capture-pane -p -t s > "$TMP/pane"
			first=$(grep -E '^(cg [^ ]+|RAM|swap|RAM\+swap|gpu[^ ]*) +(OK|WATCH|WARNING|CRITICAL) ' "$TMP/pane" | head -1)
			case "$first" in
			"cg "*" OK "*|"") sleep 0.25; continue ;;
			"cg "*) ;;
			*) sleep 0.25; continue ;;
			esac
			nm=$(echo "$first" | awk '{print $2}' | sed 's/^…//; s/^~//')
			if ! grep -Eq "^[0-9.]+[KMGT]? +cg [^ ]*$nm room under its limit, last [0-9]+s" "$TMP/pane"; then
				# the keeper is pinned (-p): its cgroup's rows come
				# first, and the chart follows the most urgent of all:
				# another test's cgroup at its kill (a busy machine's
				# oom_scope.sh), its row further down, as urgent at least
				cn=$(sed -n 's/^[0-9.]*[KMGT]\{0,1\} *cg \([^ ]*\) room under its limit, last [0-9]*s.*/\1/p' "$TMP/pane" |
					head -1 | sed 's/^…//; s/^~//')
				cl=$(grep -F "$cn" "$TMP/pane" | grep -Eo ' (OK|WATCH|WARNING|CRITICAL) ' | head -1 | tr -d ' ')
				fl=$(echo "$first" | awk '{print $3}')
				[ -n "$cn" ] && [ "$(level_rank "$cl")" -ge "$(level_rank "$fl")" ] ||
					fail "$size: the chart does not follow $nm, the most urgent: $(grep 'last [0-9]*s' "$TMP/pane")"
				nm=$cn
			fi
			span=$(sed -n 's/.* room under its limit, last \([0-9]*\)s.*/\1/p' "$TMP/pane" | head -1)
			[ "$span" -le $(($(date +%s) - t0 + 1)) ] ||
				fail "$size: chart says last ${span}s after $(($(date +%s) - t0))s"
			case "$nm" in
			"$short")
				grep -Eq "^512M +cg [^ ]*$short room under its limit" "$TMP/pane" ||
					fail "$size: the chart's top line is not the 512M limit"
				ok=1; break ;;
			esac
			sleep 0.25
		done
		[ -n "$ok" ] || echo "note: $size: another cgroup stayed more urgent than ours: checked against it"
	fi
	# x opens the whole entry
	T send-keys -t s x
	wait_for "Cause:|cgroup-limit" 5 || fail "$size: x does not open the entry"
	T send-keys -t s q
	kill -9 "$hog" "$keeper" 2> /dev/null
	wait "$hog" "$keeper" 2> /dev/null
done

# The sorted column's title (RSS, the default sort) against the rest of the
# header: black on cyan in 8 and 256 colours (never bold black, grey on
# many terminals), underlined without colour; each drawn its own way
# hdr_cell: the attributes in force where the sorted title (RSS) starts
hdr_cell() {
	T capture-pane -e -p -t s > "$TMP/epane"
	grep -a 'PID' "$TMP/epane" | head -1 | sed 's/RSS.*//' | sgr_fold
}
for mode in xterm xterm-256color nocolor; do
	tmux_fresh
	if [ "$mode" = nocolor ]; then
		T new-session -d -s s -x 120 -y 30 "env TERM=xterm-256color NO_COLOR=1 $OOMCAST -d 0.5"
	else
		T new-session -d -s s -x 120 -y 30 "env TERM=$mode $OOMCAST -d 0.5"
	fi
	wait_for 'PID' || fail "$mode: dashboard did not start"
	wait_for 'RSS' || fail "$mode: no RSS header"
	sgr=$(hdr_cell)
	echo "$mode: the sorted title: $sgr"
	case "$mode" in
	nocolor)
		[ "$sgr" = "fg=- bg=- bold=1 ul=1 rev=0" ] ||
			fail "$mode: sorted title not bold underlined on the reversed header: $sgr"
		;;
	*)
		[ "$sgr" = "fg=30 bg=46 bold=0 ul=0 rev=0" ] ||
			fail "$mode: sorted title not black on cyan: $sgr"
		;;
	esac
	T send-keys -t s q
done
pass "banner wraps, chart follows the cgroup, short ids, COMMAND and sorted header readable"
