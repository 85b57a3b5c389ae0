/* fuzz_recording.c - libFuzzer target for the recording reader: `oomcast
 * replay` opens any file it is given, so no bytes may crash the reader, the
 * decoder or the replay of what they hand out. The input is read as a
 * whole file (through fmemopen, played to its end, then again from its
 * first sample, as the dashboard's step back does); and, when it starts
 * with '=', the rest as one sample's fields (the decoder without zlib in
 * the way, so mutations reach the fields). */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "analysis/loads.h"
#include "formats/recording.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* What the reader hands out is whole: every index it leaves is in range. */
static void check(const struct rec_sample *r)
{
	const struct snapshot *s = &r->snap;
	for (size_t i = 0; i < s->nprocs; i++) {
		const struct snap_proc *p = &s->procs[i];
		if (p->cgroup >= (int)s->ncgroups || r->sampled_cgroup[i] >= (int)r->ncgroups_sampled ||
		    p->model_idx >= (int)s->nmodels || strlen(p->comm) >= sizeof p->comm ||
		    p->cmdline >= s->strings_len || p->user >= s->strings_len ||
		    (p->load >= 0 && (size_t)p->load >= s->nload_args))
			__builtin_trap();
	}
	if (s->ngpus > SNAP_GPUS_MAX || s->ngpu_procs > SNAP_GPU_PROCS_MAX ||
	    r->ncgroups_sampled > s->ncgroups)
		__builtin_trap();
	/* a replay sizes the loads it holds: -np, -kvu, -fit off, -ngl as
	 * recorded, against the recorded GPUs */
	struct loads l;
	loads_init(&l);
	loads_update(&l, s);
	loads_free(&l);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rec_sample r;
	char err[256];
	rec_sample_init(&r);
	if (size > 0 && data[0] == '=') {
		if (rec_decode_sample(data + 1, size - 1, &r, err, sizeof err) == 0)
			check(&r);
		rec_sample_free(&r);
		return 0;
	}
	FILE *f = fmemopen((void *)data, size, "r");
	struct rec_header h;
	struct rec_reader *rd = f ? rec_reader_open(f, &h, err, sizeof err) : NULL;
	if (rd) {
		for (int pass = 0; pass < 2; pass++) {
			while (rec_reader_next(rd, &r, err, sizeof err) == REC_OK)
				check(&r);
			if (rec_reader_seek(rd, 0) < 0)
				break;
		}
		rec_reader_close(rd);
	}
	rec_sample_free(&r);
	return 0;
}
