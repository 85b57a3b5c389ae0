/* json.c - one JSON object per sample; sizes in bytes, times in seconds,
 * unknown values null. Key order is fixed so diffs of recordings read well. */
#include "view/json.h"

static void key(struct strbuf *b, const char *k)
{
	sb_putc(b, '"');
	sb_puts(b, k);
	sb_puts(b, "\":");
}

static void ku64(struct strbuf *b, const char *k, uint64_t v, bool comma)
{
	key(b, k);
	sb_json_u64(b, v);
	if (comma)
		sb_putc(b, ',');
}

static void knum(struct strbuf *b, const char *k, double v, int dec, bool comma)
{
	key(b, k);
	sb_json_num(b, v, dec);
	if (comma)
		sb_putc(b, ',');
}

static void write_cgroup(struct strbuf *b, const struct snap_cgroup *c)
{
	sb_putc(b, '{');
	key(b, "path");
	sb_json_cstr(b, c->path);
	sb_printf(b, ",\"version\":%d,", (int)c->version);
	ku64(b, "limit", c->limit, true);
	key(b, "limited");
	sb_puts(b, c->limited < 0 ? "null," : c->limited ? "true," : "false,");
	ku64(b, "effective_limit", c->effective_limit, true);
	ku64(b, "usage", c->usage, true);
	ku64(b, "swap_limit", c->swap_limit, true);
	ku64(b, "anon", c->anon, true);
	ku64(b, "file", c->file, true);
	ku64(b, "oom_kills", c->oom_kills, false);
	sb_putc(b, '}');
}

static void write_proc(struct strbuf *b, const struct snapshot *s, const struct snap_proc *p)
{
	sb_printf(b, "{\"pid\":%d,", (int)p->pid);
	key(b, "ppid");
	sb_json_int(b, p->ppid >= 0 ? p->ppid : SNAP_NA_INT);
	sb_putc(b, ',');
	key(b, "user");
	sb_json_cstr(b, snapshot_string(s, p->user));
	sb_putc(b, ',');
	key(b, "comm");
	sb_json_cstr(b, p->comm[0] ? p->comm : NULL);
	sb_putc(b, ',');
	key(b, "cmdline");
	sb_json_cstr(b, snapshot_string(s, p->cmdline));
	sb_putc(b, ',');
	ku64(b, "rss", p->rss, true);
	ku64(b, "anon", p->anon, true);
	ku64(b, "file", p->file, true);
	ku64(b, "shmem", p->shmem, true);
	ku64(b, "swap", p->swap, true);
	key(b, "oom_score");
	sb_json_int(b, p->oom_score);
	sb_putc(b, ',');
	key(b, "oom_score_adj");
	sb_json_int(b, p->oom_score_adj);
	sb_putc(b, ',');
	key(b, "cgroup");
	sb_json_cstr(b, p->cgroup >= 0 ? s->cgroups[p->cgroup].path : NULL);
	sb_putc(b, ',');
	knum(b, "growth", p->growth, 0, false);
	sb_putc(b, '}');
}

void json_write_sample(struct strbuf *b, const struct snapshot *s, const struct rows *rows)
{
	sb_printf(b, "{\"schema\":%d,", JSON_SCHEMA);
	knum(b, "t", s->t, 3, true);

	key(b, "mem");
	sb_putc(b, '{');
	ku64(b, "total", s->mem.total, true);
	ku64(b, "free", s->mem.free, true);
	ku64(b, "available", s->mem.available, true);
	ku64(b, "cached", s->mem.cached, true);
	ku64(b, "buffers", s->mem.buffers, true);
	ku64(b, "shmem", s->mem.shmem, true);
	ku64(b, "anon", s->mem.anon, true);
	ku64(b, "mlocked", s->mem.mlocked, true);
	ku64(b, "dirty", s->mem.dirty, false);
	sb_puts(b, "},");

	key(b, "swap");
	sb_putc(b, '{');
	ku64(b, "total", s->swap.total, true);
	ku64(b, "free", s->swap.free, true);
	ku64(b, "cached", s->swap.cached, false);
	sb_puts(b, "},");

	const struct snap_psi *ps = &s->psi;
	double na = NAN;
	key(b, "psi");
	sb_putc(b, '{');
	knum(b, "some_avg10", ps->present ? ps->some_avg10 : na, 2, true);
	knum(b, "some_avg60", ps->present ? ps->some_avg60 : na, 2, true);
	knum(b, "full_avg10", ps->present ? ps->full_avg10 : na, 2, true);
	knum(b, "full_avg60", ps->present ? ps->full_avg60 : na, 2, true);
	knum(b, "some_total", ps->present ? ps->some_total_s : na, 6, true);
	knum(b, "full_total", ps->present ? ps->full_total_s : na, 6, false);
	sb_puts(b, "},");

	key(b, "vm");
	sb_putc(b, '{');
	ku64(b, "oom_kills", s->vm.oom_kills, true);
	ku64(b, "pgmajfault", s->vm.pgmajfault, true);
	ku64(b, "pswpin", s->vm.pswpin, true);
	ku64(b, "pswpout", s->vm.pswpout, false);
	sb_puts(b, "},");

	key(b, "self_cgroup");
	sb_json_cstr(b, s->self_cgroup >= 0 ? s->cgroups[s->self_cgroup].path : NULL);
	sb_putc(b, ',');

	key(b, "cgroups");
	sb_putc(b, '[');
	for (size_t i = 0; i < s->ncgroups; i++) {
		if (i)
			sb_putc(b, ',');
		write_cgroup(b, &s->cgroups[i]);
	}
	sb_puts(b, "],");

	sb_printf(b, "\"nprocs\":%zu,", s->nprocs);
	key(b, "procs");
	sb_putc(b, '[');
	for (size_t i = 0; i < rows->n; i++) {
		if (i)
			sb_putc(b, ',');
		write_proc(b, s, &s->procs[rows->idx[i]]);
	}
	sb_puts(b, "]}\n");
}
