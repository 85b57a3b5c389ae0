# forecast_eval.awk - the offline half of bench/scenarios.sh: from each run's
# recorded samples, the kill time (the cgroup's OOM counter) and, for oomcast
# and three baselines computed from the same samples, the alarm metrics; prints
# the markdown table. Portable awk (mawk, gawk, busybox): no asort, no gensub.
#
# Input: runs.tsv, one line per run: SHAPE RUN ID RESOURCE LIMIT_MIB KILL_MEANT
# T_LOAD LOADS. Each run's samples are read from DIR/ID.tsv (made by
# scenarios.sh with jq): t headroom capacity rate eta_s eta_low_s eta_high_s
# level oom_kills usage anon file shmem procs killed, "-" for null; procs:
# the cgroup's processes the JSON lists, "age_s,anon,growth" each, ";"
# between; killed: the time of the kernel's report of a kill in the cgroup,
# where the sample has one.
#
# Methods, each judged at every sample before the kill:
#   oomcast  alarm = level warning or critical; its own eta_s
#   B1       least-squares line over the last 10 s of headroom (5 samples at
#            least); ETA = where the line reaches 0; alarm = ETA < 60 s
#   B2       slope of the last two samples; ETA = headroom / -slope; alarm =
#            ETA < 60 s
#   B3       alarm = headroom below 10 % of the capacity (earlyoom's and
#            systemd-oomd's kind of rule); no ETA
# Metrics (the kill time tk = the kernel's, from its report, where oomcast
# read one and it falls between the sample before the OOM counter rose, tp,
# and the sample that saw it rise; else tk = that sample, the kill came
# after tp and by tk, up to an interval before tk):
#   lead     tk - the first alarming sample of the 60 s before the kill (before
#            tp where tk is a sample's), 60 s at most (0: none; an alarm
#            earlier than that is a false alarm, not a lead)
#   held     tk - the start of the unbroken alarm the last sample before tk is
#            part of (0: not alarming then), from the lead's first sample at
#            the earliest and 60 s at most: the alarm before that is counted
#            as false, and must not also count as held (a rule that is
#            always on would hold it the whole run)
#   ETA err  |eta - (tk - t)| / (tk - t) at the samples of [tk-30, tk); a
#            sample without an ETA counts as infinitely wrong; pooled over runs
#   with ETA the share of those samples that had an ETA
#   false s  alarm time (each sample's alarm lasts until the next sample) in
#            runs without a kill, or more than 60 s before the kill in runs
#            with one (before tp - 60 where tk is a sample's: the earliest
#            the kill can have come); per run

BEGIN {
	FS = "\t"
	INF = 1e300
	nm = split("oomcast B1 B2 B3", M, " ")
	WARN_ETA = 60
	B1_WINDOW = 10
	B3_SHARE = 0.10
	ERR_WINDOW = 30
	FALSE_BEFORE = 60
}

function abs(x) { return x < 0 ? -x : x }
function min(a, b) { return a < b ? a : b }

# median of v[1..n], sorting v in place (insertion sort: n is a few hundred)
function median(v, n,    i, j, x) {
	if (n == 0)
		return ""
	for (i = 2; i <= n; i++) {
		x = v[i]
		for (j = i - 1; j >= 1 && v[j] > x; j--)
			v[j + 1] = v[j]
		v[j + 1] = x
	}
	return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
}

function fmt_s(x) { return x == "" ? "-" : sprintf("%.1f", x) }

# "median (min-max)" of the per-run values vals[key, 1..n]
function fmt_runs(key, n,    i, v, lo, hi, med) {
	if (n == 0)
		return "-"
	lo = INF; hi = -INF
	for (i = 1; i <= n; i++) {
		v[i] = vals[key, i]
		if (v[i] < lo) lo = v[i]
		if (v[i] > hi) hi = v[i]
	}
	med = median(v, n)
	if (n == 1)
		return sprintf("%.1f s", med)
	return sprintf("%.1f s (%.1f-%.1f)", med, lo, hi)
}

function load_run(file,    line, f, n) {
	n = 0
	while ((getline line < file) > 0) {
		split(line, f, "\t")
		if (f[2] == "-" || f[3] == "-")
			continue
		n++
		T[n] = f[1] + 0; H[n] = f[2] + 0; C[n] = f[3] + 0
		ETA[n] = f[5]; LVL[n] = f[8]; OK[n] = f[9] == "-" ? 0 : f[9] + 0
		P[n] = f[14]; KT[n] = f[15] == "-" || f[15] == "" ? "" : f[15] + 0
	}
	close(file)
	return n
}

# A[i] (alarm 0/1) and E[i] (ETA or "") for method m over samples 1..n
function judge(m, n,    i, j, k, sx, sy, sxx, sxy, mx, my, b, a, dt) {
	for (i = 1; i <= n; i++) {
		E[i] = ""
		if (m == "oomcast") {
			E[i] = ETA[i] == "-" ? "" : ETA[i] + 0
			A[i] = LVL[i] == "warning" || LVL[i] == "critical"
		} else if (m == "B1") {
			sx = sy = k = 0
			for (j = i; j >= 1 && T[j] > T[i] - B1_WINDOW; j--) {
				sx += T[j] - T[i]; sy += H[j]; k++
			}
			if (k >= 5) {
				mx = sx / k; my = sy / k; sxx = sxy = 0
				for (j = i; j > i - k; j--) {
					sxx += (T[j] - T[i] - mx) ^ 2
					sxy += (T[j] - T[i] - mx) * (H[j] - my)
				}
				if (sxx > 0 && (b = sxy / sxx) < 0) {
					a = my - b * mx          # the line's headroom now
					E[i] = a <= 0 ? 0 : a / -b
				}
			}
			A[i] = E[i] != "" && E[i] < WARN_ETA
		} else if (m == "B2") {
			if (i > 1 && (dt = T[i] - T[i - 1]) > 0 && (b = (H[i] - H[i - 1]) / dt) < 0)
				E[i] = H[i] <= 0 ? 0 : H[i] / -b
			A[i] = E[i] != "" && E[i] < WARN_ETA
		} else {
			A[i] = H[i] < B3_SHARE * C[i]
		}
	}
}

{
	shape = $1; id = $3
	if (!(shape in nruns)) {
		order[++nshapes] = shape
		nruns[shape] = 0; nkilled[shape] = 0; meant[shape] = $6
	}
	nruns[shape]++
	n = load_run(dir "/" id ".tsv")
	if (n == 0) {
		printf "%s: no samples of %s\n", id, $4 > "/dev/stderr"
		next
	}
	tk = ""
	for (i = 2; i <= n; i++)
		if (OK[i] > OK[1]) { tk = T[i]; break }
	last = n                                   # the last sample judged
	if (tk != "")
		for (last = 0; last < n && T[last + 1] < tk; last++)
			;
	if (tk != "")
		nkilled[shape]++
	kr = nkilled[shape]
	# the kernel's time of the kill, where it came between the sample
	# before the counter rose and the one that saw it (oomcast's JSON
	# gives it where its clock agreed with the kernel's)
	kt = ""
	for (i = 1; i <= n && kt == ""; i++)
		kt = KT[i]
	exact = tk != "" && kt != "" && last >= 1 && kt > T[last] && kt <= tk
	if (exact)
		tk = kt
	# an alarm is false only if it came more than 60 s before the kill;
	# where only the samples tell, the kill came after the last sample
	# before tk (its counter had not risen yet) and by tk: more than 60 s
	# before the earliest it can have come
	tb = exact || last < 1 ? tk - FALSE_BEFORE : T[last] - FALSE_BEFORE
	if (fixtures != "" && !(shape in fixed))
		write_fixture(shape, $0, n, tk, exact)
	fixed[shape] = 1
	for (mi = 1; mi <= nm; mi++) {
		m = M[mi]
		judge(m, n)
		key = shape SUBSEP m
		# false alarm seconds
		fs = 0
		for (i = 1; i <= last; i++) {
			if (!A[i])
				continue
			t1 = i < n ? T[i + 1] : T[i]
			if (tk != "" && t1 > tb)
				t1 = tb
			if (t1 > T[i])
				fs += t1 - T[i]
		}
		falsesum[key] += fs
		if (tk == "")
			continue
		lead = 0
		for (i = 1; i <= last; i++)
			if (A[i] && T[i] >= tb) { lead = min(tk - T[i], FALSE_BEFORE); break }
		held = 0
		if (last >= 1 && A[last]) {
			for (i = last; i > 1 && A[i - 1]; i--)
				;
			# held from the minute before the kill at most: before
			# it, false alarm (a sample at 59.4 s is as held as one
			# alarming since long before)
			for (; i < last && T[i] < tb; i++)
				;
			held = min(tk - T[i], FALSE_BEFORE)
		}
		vals[key SUBSEP "lead", kr] = lead
		vals[key SUBSEP "held", kr] = held
		if (m == "B3")
			continue
		for (i = 1; i <= last; i++) {
			if (T[i] < tk - ERR_WINDOW)
				continue
			left = tk - T[i]
			errs[key, ++nerr[key]] = E[i] == "" ? INF : abs(E[i] - left) / left
			if (E[i] != "")
				nwith[key]++
		}
	}
}

# every k-th sample, the last, and all of the 2 s around the kill
function keep(i, k, n, tk) {
	return (i - 1) % k == 0 || i == n || (tk != "" && T[i] > tk - 2 && T[i] < tk + 1)
}


function write_fixture(shape, meta, n, tk, exact,    f, out, k, i, day, t0, cmd, rows, procs, dt, nd) {
	split(meta, f, "\t")
	gsub(/file=[^ ]*/, "file=FILE(256 MiB)", f[8])
	out = fixtures "/" shape (withprocs ? "-procs" : "") ".tsv"
	k = int((n + 699) / 700)                     # at most 700 rows: under 30 KB
	t0 = T[1]
	cmd = "date -u -d @" int(t0) " +%F"
	day = "?"
	(cmd | getline day)
	close(cmd)
	printf "# oomcast-forecast-series 1\n" > out
	printf "# shape: %s: shapes %s, in a memory cgroup limited to %s MiB (v1)\n", shape, f[8], f[5] > out
	printf "# source: bench/scenarios.sh run %s of %s, %s, its forecast item %s\n", f[3], day, \
	       how == "" ? "oomcast --json -d 0.2" : how, "for the run's cgroup" > out
	# the interval the samples came at (a replay's JSON does not say it)
	for (i = 2; i <= n; i++)
		dt[++nd] = T[i] - T[i - 1]
	if (nd)
		printf "# recorded a sample every %.1f s (the median interval; the rows kept: below)\n", median(dt, nd) > out
	printf "# load started: %.3f s\n", f[7] - t0 > out
	# to the microsecond, as the rows: rounded up past its own sample's
	# row, the kill read that sample as one before it
	if (tk != "" && exact)
		printf "# kill: %.6f s (the kernel's time of it)\n", tk - t0 > out
	else if (tk != "")
		printf "# kill: %.6f s (the first sample whose OOM-kill counter had risen)\n", tk - t0 > out
	else
		printf "# kill: none\n" > out
	for (i = 1; i <= n; i++)
		rows += keep(i, k, n, tk)
	if (k == 1)
		printf "# all %d samples; t in s from the first sample, when its cgroup was read;\n", n > out
	else
		printf "# %d of %d samples (every %d.%s); t in s from the first sample, when its cgroup was read;\n", rows, n, k, \
		       tk != "" ? ", and all within 2 s of the kill" : "" > out
	printf "# headroom = limit - (anon + shmem + kernel) and capacity in bytes, as oomcast reports them\n" > out
	# the processes only from a replay with --top 0 (withprocs): a live
	# run's JSON lists the largest process of the machine alone
	for (i = 1; i <= n && !procs && withprocs; i++)
		procs = P[i] != "" && P[i] != "-"
	if (procs) {
		printf "# procs: the cgroup's processes, \"age_s,anon,growth\" each (s, bytes, bytes/s;\n" > out
		printf "# null unknown), \";\" between, - none\n" > out
		printf "# t\theadroom\tcapacity\tprocs\n" > out
	} else {
		printf "# t\theadroom\tcapacity\n" > out
	}
	for (i = 1; i <= n; i++) {
		if (!keep(i, k, n, tk))
			continue
		# to the microsecond: at -d 1 the forecast's rules a second
		# apart are decided by a millisecond
		printf "%.6f\t%.0f\t%.0f", T[i] - t0, H[i], C[i] > out
		if (procs)
			printf "\t%s", P[i] == "" ? "-" : P[i] > out
		printf "\n" > out
	}
	close(out)
}

END {
	print "| shape | method | runs | killed | lead time | alarm held at kill | median ETA error, last 30 s | with an ETA, last 30 s | false alarm s per run |"
	print "|---|---|---|---|---|---|---|---|---|"
	for (s = 1; s <= nshapes; s++) {
		shape = order[s]
		for (mi = 1; mi <= nm; mi++) {
			m = M[mi]
			key = shape SUBSEP m
			if (m == "B3" || nerr[key] == 0)
				err = share = "-"
			else {
				for (i = 1; i <= nerr[key]; i++)
					v[i] = errs[key, i]
				x = median(v, nerr[key])
				# an ETA from a slope of a few bytes is off by
				# more than any figure says
				err = x >= INF ? "no ETA" : x >= 100 ? "> 9999 %" : sprintf("%.0f %%", 100 * x)
				share = sprintf("%.0f %%", 100 * nwith[key] / nerr[key])
			}
			printf "| %s | %s | %d | %d/%d | %s | %s | %s | %s | %.1f |\n", \
				m == "oomcast" ? shape : "", m, nruns[shape], nkilled[shape], nruns[shape], \
				fmt_runs(key SUBSEP "lead", nkilled[shape]), fmt_runs(key SUBSEP "held", nkilled[shape]), \
				err, share, falsesum[key] / nruns[shape]
		}
	}
}
