/* gpu.c - NVML and DRM data merged into the snapshot; see gpu.h. */
#include "source/gpu.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "source/drm.h"
#include "source/drmscan.h"
#include "source/nvml.h"
#include "util/xalloc.h"

struct gpusrc {
	struct nvml *nvml;
	char nvml_why[128];        /* why there is no NVML */
	char drm_root[256];
	struct drmscan *drm;
	/* scratch, allocated on first use: a machine without GPUs does not pay
	 * 28 KiB of resident memory for them */
	struct nvml_reading *nv;
	struct drm_use *uses;
};

struct gpusrc *gpusrc_new(const char *nvml_path, const char *drm_root)
{
	struct gpusrc *g = xcalloc(1, sizeof *g);
	if (nvml_path && strcmp(nvml_path, "off") == 0)
		snprintf(g->nvml_why, sizeof g->nvml_why, "NVML turned off");
	else
		g->nvml = nvml_open(nvml_path, g->nvml_why, sizeof g->nvml_why);
	snprintf(g->drm_root, sizeof g->drm_root, "%s", drm_root ? drm_root : "");
	g->drm = drmscan_new(g->drm_root);
	return g;
}

void gpusrc_free(struct gpusrc *g)
{
	if (!g)
		return;
	nvml_close(g->nvml);
	drmscan_free(g->drm);
	free(g->nv);
	free(g->uses);
	free(g);
}

static void add_proc(struct snapshot *s, pid_t pid, int gpu, uint64_t used)
{
	if (s->ngpu_procs < SNAP_GPU_PROCS_MAX)
		s->gpu_procs[s->ngpu_procs++] = (struct snap_gpu_proc){pid, gpu, used};
	else
		s->gpu_dropped++;   /* said in gpu_note, never silent */
}

static bool index_taken(const struct snapshot *s, int index)
{
	for (size_t i = 0; i < s->ngpus; i++)
		if (s->gpus[i].index == index && s->gpus[i].mig < 0)
			return true;
	return false;
}

static void sample_nvml(struct gpusrc *g, struct snapshot *s)
{
	if (!g->nv)
		g->nv = xcalloc(1, sizeof *g->nv);
	struct nvml_reading *r = g->nv;
	nvml_read(g->nvml, r);
	if (r->ncards > SNAP_GPUS_MAX - s->ngpus)
		s->gpu_dropped += r->ncards - (SNAP_GPUS_MAX - s->ngpus);
	size_t first = s->ngpus;
	for (size_t i = 0; i < r->ncards && s->ngpus < SNAP_GPUS_MAX; i++) {
		const struct nvml_card *c = &r->cards[i];
		struct snap_gpu *gp = &s->gpus[s->ngpus++];
		*gp = (struct snap_gpu){.index = c->index, .mig = c->mig, .total = c->total,
			.used = c->used, .free = c->free, .reserved = c->reserved,
			.gtt_total = SNAP_NA, .gtt_used = SNAP_NA, .lost = c->lost,
			.procs_known = c->procs_known};
		snprintf(gp->name, sizeof gp->name, "%s", c->name);
		snprintf(gp->vendor, sizeof gp->vendor, "nvidia");
		/* no memory figures from a working card: it has none of its own
		 * (Jetson, GB10-like machines) and allocates from system RAM */
		gp->unified = !c->lost && !snap_known(c->total);
		if (c->mig >= 0 && i > 0)
			for (size_t j = s->ngpus - 1; j-- > first;)
				if (s->gpus[j].index == c->index && s->gpus[j].mig < 0) {
					s->gpus[j].mig_parent = true;
					break;
				}
	}
	for (size_t i = 0; i < r->nprocs; i++)
		if (first + (size_t)r->procs[i].card < s->ngpus)
			add_proc(s, r->procs[i].pid, (int)first + r->procs[i].card, r->procs[i].used);
	if (r->note[0])
		snprintf(s->gpu_note, sizeof s->gpu_note, "%s", r->note);
}

static void sample_drm(struct gpusrc *g, struct snapshot *s)
{
	struct drm_card cards[SNAP_GPUS_MAX];
	size_t n = drm_read_cards(g->drm_root, cards, SNAP_GPUS_MAX);
	if (n == 0)
		return;
	size_t first = s->ngpus;
	for (size_t i = 0; i < n && s->ngpus < SNAP_GPUS_MAX; i++) {
		struct snap_gpu *gp = &s->gpus[s->ngpus];
		memset(gp, 0, sizeof *gp);
		/* cardN; the rare box with NVIDIA and AMD cards gets distinct names */
		gp->index = cards[i].index;
		while (index_taken(s, gp->index))
			gp->index += 100;
		s->ngpus++;
		gp->mig = -1;
		snprintf(gp->name, sizeof gp->name, "card%d %s", cards[i].index, cards[i].pdev);
		snprintf(gp->vendor, sizeof gp->vendor, "%s", cards[i].driver_vendor);
		gp->total = cards[i].vram_total;
		gp->used = cards[i].vram_used;
		gp->free = snap_known(gp->total) && snap_known(gp->used) && gp->total >= gp->used
			? gp->total - gp->used : SNAP_NA;
		gp->reserved = SNAP_NA;
		gp->gtt_total = cards[i].gtt_total;
		gp->gtt_used = cards[i].gtt_used;
		/* an APU reports a token VRAM carve-out or none: its models live in
		 * GTT, which is system RAM */
		gp->unified = !snap_known(gp->total) || gp->total == 0;
		gp->procs_known = true;
	}
	if (!g->uses)
		g->uses = xcalloc(SNAP_GPU_PROCS_MAX, sizeof *g->uses);
	size_t nu = drmscan_read(g->drm, s->mono, g->uses, SNAP_GPU_PROCS_MAX);
	for (size_t u = 0; u < nu; u++) {
		int gi = -1;
		for (size_t i = 0; i < n && first + i < s->ngpus; i++)
			if (strcmp(cards[i].pdev, g->uses[u].pdev) == 0)
				gi = (int)(first + i);
		if (gi < 0 && n == 1)
			gi = (int)first;   /* drivers before pdev was printed */
		if (gi < 0)
			continue;
		const struct snap_gpu *gp = &s->gpus[gi];
		/* on a card, VRAM is what runs out (GTT is RAM it borrowed); on an
		 * APU or iGPU everything is RAM: the model sits in GTT (amdgpu) or
		 * system0 (i915) */
		const struct drm_use *du = &g->uses[u];
#define K(x) (snap_known(x) ? (x) : 0)
		uint64_t used = gp->unified ? K(du->vram) + K(du->gtt) + K(du->system) : K(du->vram);
#undef K
		add_proc(s, g->uses[u].pid, gi, used);
	}
}

/* Per-process totals and per-card sums. */
static void attribute(struct gpusrc *g, struct snapshot *s, bool drm_cards)
{
	bool any = false;
	for (size_t i = 0; i < s->ngpus; i++)
		any |= s->gpus[i].procs_known;
	if (!any)
		return;
	for (size_t i = 0; i < s->nprocs; i++) {
		struct snap_proc *p = &s->procs[i];
		p->gpu = drm_cards && !drmscan_readable(g->drm, p->pid) ? SNAP_NA : 0;
	}
	for (size_t i = 0; i < s->ngpu_procs; i++) {
		const struct snap_gpu_proc *u = &s->gpu_procs[i];
		struct snap_gpu *gp = &s->gpus[u->gpu];
		if (snap_known(u->used))
			gp->procs_used += u->used;
		struct snap_proc *p = snapshot_find_proc(s, u->pid);
		if (!p)
			continue;   /* NVML speaks of host pids: another PID namespace */
		if (!snap_known(u->used))
			p->gpu = SNAP_NA;
		else if (snap_known(p->gpu))
			p->gpu += u->used;
	}
	/* unified memory: what the processes hold is all there is to say */
	for (size_t i = 0; i < s->ngpus; i++) {
		struct snap_gpu *gp = &s->gpus[i];
		if (gp->unified && !snap_known(gp->used) && gp->procs_known)
			gp->used = gp->procs_used;
	}
}

void gpusrc_sample(struct gpusrc *g, struct snapshot *s)
{
	s->ngpus = s->ngpu_procs = 0;
	s->gpu_dropped = 0;
	s->gpu_note[0] = '\0';
	if (g->nvml)
		sample_nvml(g, s);
	size_t before = s->ngpus;
	sample_drm(g, s);
	bool drm_cards = s->ngpus > before;
	attribute(g, s, drm_cards);
	if (s->ngpus == 0 && !s->gpu_note[0])
		snprintf(s->gpu_note, sizeof s->gpu_note, "%.110s; no AMD/Intel GPU with memory counters",
			 g->nvml ? "NVML lists no GPU" : g->nvml_why);
	if (s->gpu_dropped) {   /* past the tables: said, never silent */
		size_t l = strlen(s->gpu_note);
		snprintf(s->gpu_note + l, sizeof s->gpu_note - l, "%s%zu GPU cards or users not listed "
			 "(tables of %d and %d)", l ? "; " : "", s->gpu_dropped, SNAP_GPUS_MAX,
			 SNAP_GPU_PROCS_MAX);
	}
}
