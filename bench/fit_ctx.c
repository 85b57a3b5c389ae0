/* fit_ctx.c - the context oomcast says llama-server takes with no -c on a
 * machine of RAM_MIB (footprint_fit_ctx, as a live load of llama-server
 * is sized: loads.c), for a GGUF file: for bench/llama_fit_cut.sh, beside
 * what the real llama-server chooses on a machine faked to that size.
 *   cc -O2 -Isrc -Ibuild -include build/config.h -o /tmp/fit_ctx bench/fit_ctx.c \
 *      build/liboomcast.a $(pkg-config --libs libproc2) -lm -lz
 *   /tmp/fit_ctx FILE.gguf RAM_MIB [STREAMS]
 * Prints the context, then what --fit measures at it and at the trained
 * one (MiB). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/footprint.h"
#include "analysis/loads.h"
#include "formats/cpuinfo.h"
#include "formats/gguf.h"
#include "snapshot.h"

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: fit_ctx FILE.gguf RAM_MIB [STREAMS]\n");
		return 2;
	}
	struct gguf_info g;
	uint64_t size;
	char err[512];
	if (gguf_read_file(argv[1], GGUF_READ_MAX, GGUF_ALL, &g, &size, err, sizeof err) < 0) {
		fprintf(stderr, "fit_ctx: %s\n", err);
		return 2;
	}
	uint64_t ram = strtoull(argv[2], NULL, 10) << 20, streams = argc > 3 ? strtoull(argv[3], NULL, 10) : 1;
	/* llama-server's defaults, as a live load's (loads.c): flash
	 * attention auto (on, on the CPU), its own allowance, 4 slots in one
	 * unified stream unless -np N (N streams), this CPU's copies */
	struct fp_opts o;
	memset(&o, 0, sizeof o);
	o.mmap = true;
	load_program_opts(LP_SERVER, -1, 0, SNAP_CRAM_UNSAID, &o);
	o.cpu = cpuinfo_read("");
	o.streams = (uint32_t)streams;
	o.seqs = streams > 1 ? 1 : 4;
	uint64_t c = footprint_fit_ctx(&g, size, &o, ram, streams);
	struct footprint f;
	o.ctx = c;
	if (!c || footprint_of(&g, size, &o, &f) < 0) {
		fprintf(stderr, "fit_ctx: no footprint\n");
		return 1;
	}
	printf("%llu %.1f\n", (unsigned long long)c, (double)(f.kv + f.compute + f.weights) / 1048576);
	return 0;
}
