/* chunks.c - a load that takes memory a whole chunk at a time; see chunks.h.
 *
 * Why: the forecast's ETA is to zero headroom, but such a load is killed at
 * the first chunk that does not fit. In the recorded shapes where two
 * processes creep a MiB at a time (bench/scenarios.sh: alloc-creep,
 * faster-creep, second-creep, two-growers) every kill came with 1.02 MiB
 * left: the ETA to zero was up to a chunk's time (2 s at 0.5 MiB/s) late,
 * the WARNING that much late too. Read from the samples alone: how much
 * each move took, and when the last one came. */
#include "analysis/chunks.h"

#include <math.h>
#include <string.h>

#include "analysis/growth.h"
#include "util/num.h"

#define CHUNK_MOVES 4           /* moves at least, to know a chunk's size */
#define CHUNK_TOL (1.0 / 16)    /* a move within this share of a chunk of a whole number of them */
#define CHUNK_ONES 0.75         /* of the moves, this share one chunk (the size is theirs) */

/* The fewest chunks after which the gaps between the nm moves at at[] repeat,
 * each within tol of the gap `streams` chunks before it, every place in the
 * turn seen twice at least; 1 where they are even or repeat no other way. */
static int turns_of(const double *at, size_t nm, double tol)
{
	for (size_t m = 1; m <= CHUNK_STREAMS; m++) {
		if (nm < 2 * m + 1)
			break;
		bool same = true;
		for (size_t i = 0; same && i + m + 1 < nm; i++) {
			double g = at[i + 1] - at[i], later = at[i + m + 1] - at[i + m];
			same = fabs(g - later) <= tol;
		}
		if (same)
			return (int)m;
	}
	return 1;
}

bool chunks_read(const struct trend *tr, struct chunks *out)
{
	double moves[TREND_MAX], at[TREND_MAX];
	size_t nm = 0, stills[TREND_MAX];   /* stills[i]: still samples after move i */
	double t0, v0, tnow = NAN, dtmax = 0;
	if (tr->n < 2)
		return false;
	trend_sample(tr, 0, &t0, &v0);
	for (size_t k = 1; k < tr->n; k++) {
		double t, v;
		trend_sample(tr, k, &t, &v);
		double d = v0 - v;   /* consumed */
		if (d < -CHUNK_MIN)
			return false;   /* a free: no such load */
		if (d > CHUNK_MIN) {
			at[nm] = (t0 + t) / 2;
			stills[nm] = 0;
			moves[nm++] = d;
		} else if (nm > 0) {
			stills[nm - 1]++;   /* from the first move on: an idle while before a ramp is no pause of it */
		}
		dtmax = num_fmax(dtmax, t - t0);
		t0 = t, v0 = v, tnow = t;
	}
	if (nm < CHUNK_MOVES)
		return false;
	/* A move of more at once than its streams bring between two samples
	 * is an allocation beside the load, for good, or a new process's
	 * start: the load is read from the moves after the last such (the
	 * window's moves before it may be another load, or fewer streams).
	 * Not over them: bench/scenarios.sh's alloc-creep, 8 MiB beside a
	 * MiB every 2 s, read 0.77 MiB/s at -d 1 while the 8 MiB was in the
	 * window (43 s), not the forecast's 0.5, and faster-creep, a second
	 * stream's 8 MiB start and the two in step after it, 2 MiB every
	 * 2 s, read no chunks at all (the one stream's MiB before were half
	 * a chunk): both on the line's ETA, a WARNING a sample late or 1 s
	 * of false alarm. Judged again against the moves kept, until none
	 * stands out: larger moves before it made a later allocation beside
	 * the chunks (4 of them at once) look like four chunks. */
	double sorted[TREND_MAX], q;
	for (;;) {
		for (size_t i = 0; i < nm; i++)
			sorted[i] = moves[i];
		q = trend_median(sorted, nm);
		size_t first = 0;
		for (size_t i = nm; i-- > 0;)
			if (num_round(moves[i] / q) > CHUNK_STREAMS) {
				first = i + 1;
				break;
			}
		if (first == 0)
			break;
		nm -= first;
		if (nm < CHUNK_MOVES)
			return false;
		memmove(moves, moves + first, nm * sizeof moves[0]);
		memmove(at, at + first, nm * sizeof at[0]);
		memmove(stills, stills + first, nm * sizeof stills[0]);
	}
	/* as many samples still as moving, but one: a chunk every other
	 * sample reads 24 moves and 23 still, or 23 and 24, as the ring
	 * turns, and must be one every sample alike */
	size_t still = 0;
	for (size_t i = 0; i < nm; i++)
		still += stills[i];
	if (still + 1 < nm)
		return false;
	double sum = 0, count[TREND_MAX];
	size_t ones = 0;
	for (size_t i = 0; i < nm; i++) {
		double whole = num_round(moves[i] / q);
		if (whole < 1 || fabs(moves[i] - whole * q) > CHUNK_TOL * q)
			return false;
		if (whole == 1)
			ones++, sum += moves[i];
		count[i] = (i > 0 ? count[i - 1] : 0) + whole;   /* chunks taken by then */
	}
	if ((double)ones < CHUNK_ONES * (double)nm)
		return false;
	out->size = sum / (double)ones;
	out->since = tnow - at[nm - 1];
	/* their pace: a line through when each came against how many had
	 * by then, all of them, not the first and the last alone (each is
	 * half an interval off either way: a chunk every 0.5 s seen 0.4 and
	 * 0.6 s apart in turn read 2.00 or 2.02 MiB/s as the window held an
	 * even number of gaps or not) */
	double period = growth_slope(count, at, (int)nm);   /* s a chunk */
	out->rate = period > 0 ? out->size / period : 0;
	/* a move's time is the midpoint of its two samples, half an interval
	 * off either way: two gaps alike differ by two intervals at most */
	out->streams = ones == nm ? turns_of(at, nm, 2 * dtmax) : 1;
	for (int r = 0; r < out->streams; r++)
		out->ago[r] = tnow - at[nm - (size_t)out->streams + (size_t)r];
	return true;
}

bool chunks_at(const struct chunks *c, double rate)
{
	return fabs(c->rate - rate) <= CHUNK_AGREE * rate;
}

double chunks_eta(const struct chunks *c, double headroom, double rate)
{
	if (!(rate > 0) || !(c->size > 0))
		return NAN;
	double period = c->size / rate;
	/* the chunks that still fit, each with its margin */
	double fit = headroom > CHUNK_MARGIN ? num_floor((headroom - CHUNK_MARGIN) / c->size) : 0;
	if (c->streams <= 1)   /* a chunk overdue comes any moment */
		return num_fmax(period - c->since, 0) + fit * period;
	/* in turns: the k-th from now a turn's time after the one a turn back,
	 * each stream on its own time (one overdue delays none of the others) */
	double m = c->streams, turn = m * period;
	/* fit is whole and under 2^48 (headroom under 2^64 bytes, a chunk over
	 * CHUNK_MIN): num_fmod is exact there, the index in [0, m) */
	int k = fit < 0x1p53 ? (int)num_fmod(fit, m) : 0;
	return num_fmax(turn - c->ago[k], 0) + num_floor(fit / m) * turn;
}
