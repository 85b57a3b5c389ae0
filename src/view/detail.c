/* detail.c - one process closely (Enter): its memory as smaps_rollup counts
 * it, its cgroup and limit, its OOM score in plain words, its GPU memory,
 * its model load, its largest mappings and its RSS over the last minutes.
 * Draws what the loop read (struct detail_view); reads nothing itself. */
#include <curses.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "util/escape.h"
#include "util/fmt.h"
#include "util/wrap.h"
#include "view/draw.h"
#include "view/panels.h"

#define LINES_MAX 64
#define LINE_W 200

struct out {
	char buf[LINES_MAX][LINE_W];
	int n;
};

static void add(struct out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add(struct out *o, const char *fmt, ...)
{
	if (o->n >= LINES_MAX)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(o->buf[o->n++], LINE_W, fmt, ap);
	va_end(ap);
}

/* text wrapped to width, the first line after lead, the rest indented */
static void add_wrapped(struct out *o, const char *lead, const char *text, int width)
{
	size_t next, w = width > 30 ? (size_t)width - 4 : 26;
	if (w > LINE_W - 8)
		w = LINE_W - 8;
	const char *s = text;
	for (int i = 0; *s && o->n < LINES_MAX - 24 && i < 8; i++, s += next) {
		size_t len = wrap_next(s, w, &next);
		add(o, "%s%.*s", i ? "    " : lead, (int)len, s);
		if (!next)
			break;
	}
}

#define B(v) fmt_bytes((v), (char[16]){0}, 16)

static const char *adj_words(int adj)
{
	if (adj <= -1000)
		return "never chosen by the OOM killer";
	if (adj < 0)
		return "protected: its score is lowered by that many thousandths of memory";
	if (adj == 0)
		return "no adjustment";
	if (adj >= 1000)
		return "always chosen first";
	return "a preferred victim: its score is raised by that many thousandths";
}

static void memory_lines(struct out *o, const struct detail_view *d)
{
	const struct snap_proc *p = d->p;
	const struct proc_inspect *in = d->in;
	if (!in) {
		add(o, "Memory: RSS %s (anon %s, file %s, shmem %s), swap %s", B(p->rss), B(p->anon),
		    B(p->file), B(p->shmem), B(p->swap));
		add(o, "  smaps not recorded in this source");
		return;
	}
	if (in->err || !in->rollup) {
		add(o, "Memory: RSS %s (anon %s, file %s, shmem %s), swap %s", B(p->rss), B(p->anon),
		    B(p->file), B(p->shmem), B(p->swap));
		add(o, "  smaps_rollup: %s", in->err ? strerror(in->err) : "not readable");
		return;
	}
	add(o, "Memory (smaps_rollup): Rss %s  Pss %s  Anonymous %s", B(in->rss), B(in->pss),
	    B(in->anon));
	add(o, "  Swap %s (SwapPss %s)  Locked %s", B(in->swap), B(in->swap_pss), B(in->locked));
	add(o, "  Pss of files %s, of shmem %s; status: RssFile %s, RssShmem %s", B(in->pss_file),
	    B(in->pss_shmem), B(p->file), B(p->shmem));
	add(o, "  (Pss shares each page among the processes mapping it)");
}

static void cgroup_lines(struct out *o, const struct detail_view *d)
{
	const struct snap_proc *p = d->p;
	if (p->cgroup < 0 || (size_t)p->cgroup >= d->s->ncgroups) {
		add(o, "Cgroup: unknown");
		return;
	}
	const struct snap_cgroup *c = &d->s->cgroups[p->cgroup];
	char path[LINE_W];
	utf8_copy(path, sizeof path, c->path);
	add(o, "Cgroup: %s (v%d)", path, (int)c->version);
	if (snap_known(c->effective_limit))
		add(o, "  limit %s%s, using %s: %s left", B(c->effective_limit),
		    snap_known(c->limit) ? "" : " (an ancestor's)", B(c->usage),
		    snap_known(c->usage) && c->usage < c->effective_limit
			    ? B(c->effective_limit - c->usage) : "nothing");
	else if (c->limited == 0)
		add(o, "  no memory limit: the machine's RAM is its limit; using %s", B(c->usage));
	else
		add(o, "  its limit could not be read; using %s", B(c->usage));
}

static void oom_lines(struct out *o, const struct detail_view *d)
{
	const struct snap_proc *p = d->p;
	if (snap_known_int(p->oom_score))
		add(o, "OOM: oom_score %d: when memory runs out the kernel kills the highest score "
		    "first", (int)p->oom_score);
	else
		add(o, "OOM: oom_score unknown");
	if (snap_known_int(p->oom_score_adj))
		add(o, "  oom_score_adj %d: %s", (int)p->oom_score_adj, adj_words(p->oom_score_adj));
}

static void gpu_model_lines(struct out *o, const struct detail_view *d, int width)
{
	const struct snap_proc *p = d->p;
	if (snap_known(p->gpu))
		add(o, "GPU: %s on all cards", B(p->gpu));
	else
		add(o, "GPU: unknown (no per-process GPU source on this machine)");
	/* the load's runtime (its name counted in), else what the source saw:
	 * a constant name, nothing from the process itself */
	enum runtime rt = d->load ? d->load->runtime : p->runtime;
	if (rt != RT_UNKNOWN)
		add(o, "Runtime: %s", advice_runtime_name(rt));
	const char *model = snapshot_string(d->s, p->model);
	if (!model) {
		add(o, "Model: none named on its command line");
		return;
	}
	char esc[LINE_W * 2];
	utf8_copy(esc, sizeof esc, model);
	char lead[64];
	snprintf(lead, sizeof lead, "Model (%s): ", B(p->model_size));
	add_wrapped(o, lead, esc, width);
	const struct load *l = d->load;
	if (l && l->fp_known)
		add(o, "  load: %s in memory of %s needed; %s in %s", B(l->loaded), B(l->fp.total),
		    load_verdict_name(l->verdict), l->scope);
	else if (l)
		add(o, "  load: %s in memory; its total is not known from the header", B(l->loaded));
}

static void map_lines(struct out *o, const struct detail_view *d, int width)
{
	if (!d->in || d->in->err)
		return;
	if (!d->in->maps_read) {
		add(o, "Largest mappings: smaps not readable");
		return;
	}
	add(o, "Largest mappings (RSS, a file's mappings together):");
	for (size_t i = 0; i < d->in->nmaps; i++) {
		const struct inspect_map *m = &d->in->maps[i];
		char esc[LINE_W];
		utf8_copy(esc, sizeof esc, m->path);
		char lead[32];
		snprintf(lead, sizeof lead, "  %7s  ", B(m->rss));
		add_wrapped(o, lead, esc, width);
	}
	if (d->in->nmaps == 0)
		add(o, "  none resident");
}

/* "45s", "3m05s" */
static const char *span_words(double s, char *out, size_t outsz)
{
	if (s < 99.5)
		snprintf(out, outsz, "%.0fs", s);
	else
		snprintf(out, outsz, "%dm%02ds", (int)(s + 0.5) / 60, (int)(s + 0.5) % 60);
	return out;
}

/* One row of the RSS over the last minutes, scaled between its smallest and
 * largest; the label gives the span the drawn points really cover. */
static void growth_lines(struct out *o, const struct detail_view *d, int width, bool utf8)
{
	if (d->nrss < 2) {
		add(o, "Growth: one sample so far");
		return;
	}
	int w = width - 4 < LINE_W / 3 - 4 ? width - 4 : LINE_W / 3 - 4;
	if (w < 8)
		w = 8;
	size_t from = d->nrss > (size_t)w ? d->nrss - (size_t)w : 0;
	uint64_t lo = UINT64_MAX, hi = 0;
	for (size_t i = from; i < d->nrss; i++)
		if (snap_known(d->rss[i])) {
			lo = d->rss[i] < lo ? d->rss[i] : lo;
			hi = d->rss[i] > hi ? d->rss[i] : hi;
		}
	if (lo > hi) {
		add(o, "Growth: RSS unknown");
		return;
	}
	char rate[24], span[24];
	add(o, "Growth: RSS over the last %s: %s to %s, now %s, %s",
	    span_words(d->rss_age[from], span, sizeof span), B(lo), B(hi),
	    B(d->rss[d->nrss - 1]), fmt_rate(d->p->growth, rate, sizeof rate));
	if (width - 4 < 8)
		return;
	static const char *const bars8[] = {"\u2581", "\u2582", "\u2583", "\u2584",
					    "\u2585", "\u2586", "\u2587", "\u2588"};
	static const char ascii[] = "_.-=+*#@";
	char line[LINE_W];
	size_t k = 0;
	line[k++] = ' ', line[k++] = ' ';
	for (size_t i = from; i < d->nrss && k + 4 < sizeof line; i++) {
		int lvl = !snap_known(d->rss[i]) || hi == lo ? 0
			  : (int)((double)(d->rss[i] - lo) / (double)(hi - lo) * 7.0 + 0.5);
		if (utf8) {
			size_t bl = strlen(bars8[lvl]);
			memcpy(line + k, bars8[lvl], bl);
			k += bl;
		} else {
			line[k++] = ascii[lvl];
		}
	}
	line[k] = '\0';
	add(o, "%s", line);
}

int detail_draw(const struct theme *t, const struct detail_view *d, int lines, int cols,
                int scroll)
{
	static struct out o;
	o.n = 0;
	int width = cols - 6 > 20 ? cols - 6 : 20;
	if (width > LINE_W - 10)
		width = LINE_W - 10;
	char title[96];
	if (!d->p) {
		snprintf(title, sizeof title, "process %d", (int)d->pid);
		add(&o, "process %d has exited", (int)d->pid);
	} else {
		char comm[SNAP_COMM_MAX * 4 + 1];
		utf8_copy(comm, sizeof comm, d->p->comm[0] ? d->p->comm : "?");
		snprintf(title, sizeof title, "%d %s", (int)d->p->pid, comm);
		const char *cmd = snapshot_string(d->s, d->p->cmdline);
		char esc[1024];
		utf8_copy(esc, sizeof esc, cmd ? cmd : d->p->comm);
		add_wrapped(&o, "Command: ", esc, width);
		const char *user = snapshot_string(d->s, d->p->user);
		add(&o, "User: %s   parent: %d", user ? user : "?", (int)d->p->ppid);
		memory_lines(&o, d);
		cgroup_lines(&o, d);
		oom_lines(&o, d);
		gpu_model_lines(&o, d, width);
		map_lines(&o, d, width);
		growth_lines(&o, d, width, t->utf8);
	}
	add(&o, "(Up/Down scroll; k signals it; Esc closes)");
	const char *text[LINES_MAX];
	for (int i = 0; i < o.n; i++)
		text[i] = o.buf[i];
	return overlay_box(t, lines, cols, title, text, o.n, scroll);
}
