/* fit.c - `oomcast fit FILE|OLLAMA-NAME [--ctx N] [--kv-type T] [--fa]
 * [--no-mmap] [--overhead MIB] [--json]`: will this model load here, and in
 * which scope? Its footprint (footprint.h) against the room this machine and
 * the memory cgroup oomcast runs in have now (room.h), with the verdict, how
 * much is missing, and the largest context that fits. */
#include "cmd/cmd.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/footprint.h"
#include "analysis/loads.h"
#include "analysis/room.h"
#include "formats/gguf.h"
#include "formats/ollama.h"
#include "snapshot.h"
#include "source/source.h"
#include "util/fmt.h"
#include "util/output.h"
#include "util/strbuf.h"


static const char usage[] =
	"usage: oomcast fit FILE.gguf|OLLAMA-NAME [--ctx N] [--kv-type f16|q8_0|q4_0] [--fa]\n"
	"                   [--no-mmap] [--overhead MIB] [--ubatch-size N] [--json]\n"
	"Will this model load here? Its footprint with llama.cpp (weights, KV cache,\n"
	"compute buffer, the runtime) against RAM, swap and the memory cgroup oomcast\n"
	"runs in, the verdict, what is missing, and the largest context that fits.\n"
	"Exit 0 fits (or tight), 1 will not fit, 2 an error.\n";

struct fit_args {
	const char *model;
	struct fp_opts o;
	bool json;
};

static int parse_u64(const char *s, uint64_t lo, uint64_t hi, uint64_t *out)
{
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno || end == s || *end || s[0] == '-' || v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

static int parse_args(int argc, char **argv, struct fit_args *a)
{
	static const struct option longs[] = {
		{"ctx", required_argument, NULL, 'c'}, {"kv-type", required_argument, NULL, 'k'},
		{"fa", no_argument, NULL, 'f'},        {"no-mmap", no_argument, NULL, 'm'},
		{"overhead", required_argument, NULL, 'o'}, {"json", no_argument, NULL, 'j'},
		{"ubatch-size", required_argument, NULL, 'u'},
		{"help", no_argument, NULL, 'h'},      {NULL, 0, NULL, 0},
	};
	memset(a, 0, sizeof *a);
	a->o.mmap = true;
	a->o.overhead = FP_OVERHEAD_DEFAULT;
	opterr = 0;
	optind = 1;
	int ch;
	uint64_t v;
	while ((ch = getopt_long(argc, argv, "c:h", longs, NULL)) != -1) {
		switch (ch) {
		case 'c':
			if (parse_u64(optarg, 1, 1ull << 24, &a->o.ctx) < 0)
				return fprintf(stderr, "oomcast: fit: --ctx wants 1 to 16777216\n"), -1;
			break;
		case 'k':
			if (!kv_type_parse(optarg, &a->o.kv))
				return fprintf(stderr, "oomcast: fit: --kv-type wants f16, q8_0 or q4_0\n"), -1;
			break;
		case 'f': a->o.flash_attn = true; break;
		case 'm': a->o.mmap = false; break;
		case 'o':
			if (parse_u64(optarg, 0, 1u << 20, &v) < 0)
				return fprintf(stderr, "oomcast: fit: --overhead wants MiB, 0 to 1048576\n"), -1;
			a->o.overhead = v << 20;
			break;
		case 'u':
			/* llama.cpp's -ub: the window layers' cache is window + this */
			if (parse_u64(optarg, 1, 1u << 20, &a->o.ubatch) < 0)
				return fprintf(stderr, "oomcast: fit: --ubatch-size wants 1 to 1048576\n"), -1;
			break;
		case 'j': a->json = true; break;
		case 'h':
			fputs(usage, stdout);
			return 1;
		default:
			fprintf(stderr, "oomcast: fit: unknown option '%s' (oomcast fit --help)\n",
				argv[optind - 1]);
			return -1;
		}
	}
	if (optind != argc - 1) {
		fprintf(stderr, "oomcast: fit: give one model file or ollama name (oomcast fit --help)\n");
		return -1;
	}
	a->model = argv[optind];
	return 0;
}

static const char *verdict_of(uint64_t total, uint64_t left)
{
	return load_verdict_name(load_verdict_of(total, left));
}

#define B(v) fmt_bytes_iec((v), (char[16]){0}, 16)

/* What a smaller quantisation of the same model would take here: each of
 * llama.cpp's mixes smaller than the file, at the same context. */
struct fit_quants {
	int n;
	struct {
		enum quant_mix mix;
		uint64_t file_bytes;
		struct footprint f;
	} q[QM_N];
	int fit;                    /* index into q of fit_quant, or -1 */
};

static void quants_of(const struct gguf_info *g, uint64_t fsize, const struct fp_opts *o,
                      const struct room_item *r, size_t nr, bool wont_fit, struct fit_quants *fq)
{
	fq->n = 0;
	fq->fit = -1;
	for (int m = 0; m < QM_N; m++) {
		uint64_t size = footprint_mix_file(g, fsize, (enum quant_mix)m);
		if (!size || size >= fsize || footprint_of(g, size, o, &fq->q[fq->n].f) < 0)
			continue;
		fq->q[fq->n].mix = (enum quant_mix)m;
		fq->q[fq->n].file_bytes = size;
		/* fit_quant: only for a load that will not fit, the largest
		 * (the first: the mixes go largest first) that does */
		if (wont_fit && nr && fq->fit < 0 && fq->q[fq->n].f.total <= r[0].left)
			fq->fit = fq->n;
		fq->n++;
	}
}

static void print_text(const struct fit_args *a, const char *path, const struct gguf_info *g,
                       const struct footprint *f, const struct room_item *r, size_t nr,
                       uint64_t max_ctx, uint64_t max_ctx_q8, const struct fit_quants *fq)
{
	printf("%s: %s (%s)\n", path, g->name[0] ? g->name : "unnamed", g->arch);
	printf("  context %llu (%llu cells), KV cache %s, flash attention %s, weights %s\n",
	       (unsigned long long)f->ctx, (unsigned long long)f->cells, kv_type_name(a->o.kv),
	       a->o.flash_attn ? "on" : "off", a->o.mmap ? "mapped (llama.cpp's default)" : "read in (--no-mmap)");
	printf("  %-10s %12s  %s\n", "weights", B(f->weights),
	       a->o.mmap ? "page cache: reclaimable, read again from disk when evicted" : "anonymous");
	if (f->swa_cells)
		printf("  %-10s %12s  (%llu of %llu layers slide over %llu tokens: %llu cells)\n", "KV cache",
		       B(f->kv), (unsigned long long)g->swa_layers, (unsigned long long)g->block_count,
		       (unsigned long long)g->sliding_window, (unsigned long long)f->swa_cells);
	else
		printf("  %-10s %12s\n", "KV cache", B(f->kv));
	printf("  %-10s %12s  (reserved; a long prompt touches it all)\n", "compute", B(f->compute));
	printf("  %-10s %12s  (--overhead)\n", "runtime", B(f->overhead));
	printf("  %-10s %12s\n", "total", B(f->total));
	for (size_t i = 0; i < nr; i++) {
		const char *v = verdict_of(f->total, r[i].left);
		printf("  %-24s %s left of %s: %s", r[i].name, B(r[i].left), B(r[i].capacity),
		       strcmp(v, "wont_fit") == 0 ? "will not fit" : v);
		if (f->total > r[i].left)
			printf(", %s missing", B(f->total - r[i].left));
		printf("\n");
	}
	if (nr) {
		printf("  largest context that fits: ");
		if (max_ctx)
			printf("%llu with a %s KV cache", (unsigned long long)max_ctx, kv_type_name(a->o.kv));
		else
			printf("none with a %s KV cache", kv_type_name(a->o.kv));
		if (a->o.kv != KV_Q8_0 && max_ctx_q8)
			printf(", %llu with q8_0 (-fa on -ctk q8_0 -ctv q8_0)", (unsigned long long)max_ctx_q8);
		else if (a->o.kv != KV_Q8_0)
			printf(", none with q8_0 either");
		printf("\n");
		if (fq->n) {
			printf("  smaller files (llama-quantize's mixes, at this context):\n");
			for (int i = 0; i < fq->n; i++) {
				const char *v = verdict_of(fq->q[i].f.total, r[0].left);
				printf("    %-7s %12s, total %12s: %s%s\n", quantmix_name(fq->q[i].mix),
				       B(fq->q[i].file_bytes), B(fq->q[i].f.total),
				       strcmp(v, "wont_fit") == 0 ? "will not fit" : v,
				       i == fq->fit ? "  <- the largest that fits" : "");
			}
		}
		printf("verdict: %s (%s)\n", verdict_of(f->total, r[0].left), r[0].name);
	}
}

static void print_json(const struct fit_args *a, const char *path, const struct footprint *f,
                       const struct room_item *r, size_t nr, uint64_t max_ctx, uint64_t max_ctx_q8,
                       const struct fit_quants *fq)
{
	struct strbuf b = {0};
	sb_puts(&b, "{\"path\":");
	sb_json_cstr(&b, path);
	sb_printf(&b, ",\"format\":\"gguf\",\"file_bytes\":%llu,\"weights\":%llu,\"weights_mapped\":%s,"
		  "\"kv_bytes\":%llu,\"kv_type\":\"%s\",\"ctx\":%llu,\"cells\":%llu,\"swa_cells\":%llu,"
		  "\"flash_attn\":%s,"
		  "\"compute_bytes\":%llu,\"overhead_bytes\":%llu,\"expected_total\":%llu,"
		  "\"anon_bytes\":%llu,",
		  (unsigned long long)f->weights, (unsigned long long)f->weights,
		  a->o.mmap ? "true" : "false", (unsigned long long)f->kv, kv_type_name(a->o.kv),
		  (unsigned long long)f->ctx, (unsigned long long)f->cells, (unsigned long long)f->swa_cells,
		  a->o.flash_attn ? "true" : "false", (unsigned long long)f->compute, (unsigned long long)f->overhead,
		  (unsigned long long)f->total, (unsigned long long)f->anon);
	sb_puts(&b, "\"scope\":");
	sb_json_cstr(&b, nr ? r[0].name : NULL);
	sb_puts(&b, ",\"room\":");
	if (nr)
		sb_json_u64(&b, r[0].left);
	else
		sb_puts(&b, "null");
	sb_printf(&b, ",\"verdict\":");
	sb_json_cstr(&b, nr ? verdict_of(f->total, r[0].left) : NULL);
	sb_puts(&b, ",\"missing\":");
	sb_json_u64(&b, nr && f->total > r[0].left ? f->total - r[0].left : 0);
	sb_printf(&b, ",\"max_ctx\":%llu,\"max_ctx_q8_0\":%llu,\"fit_quant\":",
		  (unsigned long long)max_ctx, (unsigned long long)max_ctx_q8);
	sb_json_cstr(&b, fq->fit >= 0 ? quantmix_name(fq->q[fq->fit].mix) : NULL);
	sb_puts(&b, ",\"quants\":[");
	for (int i = 0; i < fq->n; i++)
		sb_printf(&b, "%s{\"type\":\"%s\",\"file_bytes\":%llu,\"expected_total\":%llu,\"verdict\":%s%s%s}",
			  i ? "," : "", quantmix_name(fq->q[i].mix), (unsigned long long)fq->q[i].file_bytes,
			  (unsigned long long)fq->q[i].f.total, nr ? "\"" : "",
			  nr ? verdict_of(fq->q[i].f.total, r[0].left) : "null", nr ? "\"" : "");
	sb_puts(&b, "],\"fits\":{");
	for (size_t i = 0; i < nr; i++) {
		if (i)
			sb_putc(&b, ',');
		sb_json_cstr(&b, r[i].name);
		sb_printf(&b, ":{\"left\":%llu,\"capacity\":%llu,\"verdict\":\"%s\"}",
			  (unsigned long long)r[i].left, (unsigned long long)r[i].capacity,
			  verdict_of(f->total, r[i].left));
	}
	sb_puts(&b, "}}\n");
	fwrite(b.s, 1, b.len, stdout);
	sb_free(&b);
}

/* One sample of this machine: RAM, swap, and oomcast's own cgroup. */
static int sample_room(struct room_item *r, size_t max, size_t *n)
{
	const char *cause = NULL;
	struct source *src = live_source_new("", &cause);
	if (!src) {
		fprintf(stderr, "oomcast: fit: %s\n", cause);
		return -1;
	}
	struct snapshot s;
	snapshot_init(&s);
	int rc = source_sample(src, &s, &cause);
	if (rc < 0)
		fprintf(stderr, "oomcast: fit: %s\n", cause);
	else
		*n = room_of(&s, s.self_cgroup, r, max);
	snapshot_free(&s);
	source_destroy(src);
	return rc;
}

int cmd_fit(int argc, char **argv)
{
	struct fit_args a;
	int rc = parse_args(argc, argv, &a);
	if (rc)
		return rc < 0 ? 2 : (output_close("fit") < 0 ? 2 : 0);
	char path[4096], err[400];
	if (ollama_resolve(a.model, path, sizeof path, err, sizeof err) < 0) {
		fprintf(stderr, "oomcast: fit: %s\n", err);
		return 2;
	}
	struct gguf_info g;
	uint64_t fsize;
	if (gguf_read_file(path, GGUF_READ_MAX, GGUF_ALL, &g, &fsize, err, sizeof err) < 0) {
		fprintf(stderr, "oomcast: fit: %s\n", err);
		return 2;
	}
	struct footprint f;
	if (footprint_of(&g, fsize, &a.o, &f) < 0) {
		fprintf(stderr, "oomcast: fit: %s does not say enough to size a load (%s)\n", path,
			g.context_length == GGUF_UNKNOWN && !a.o.ctx ? "no context length: give --ctx"
			: "its vocabulary or widths are missing");
		return 2;
	}
	struct room_item r[4];
	size_t nr = 0;
	if (sample_room(r, 4, &nr) < 0)
		return 2;
	uint64_t max_ctx = 0, max_q8 = 0;
	if (nr) {
		struct fp_opts q8 = a.o;
		q8.kv = KV_Q8_0;
		/* llama.cpp refuses a quantised V cache without flash attention
		 * ("quantized V cache requires flash_attn"): the q8_0 figure is
		 * with it, and the advice says -fa on */
		q8.flash_attn = true;
		max_ctx = footprint_max_ctx(&g, fsize, &a.o, r[0].left);
		max_q8 = footprint_max_ctx(&g, fsize, &q8, r[0].left);
	}
	struct fit_quants fq;
	quants_of(&g, fsize, &a.o, r, nr, nr && f.total > r[0].left, &fq);
	if (a.json)
		print_json(&a, path, &f, r, nr, max_ctx, max_q8, &fq);
	else
		print_text(&a, path, &g, &f, r, nr, max_ctx, max_q8, &fq);
	if (output_close("fit") < 0)
		return 2;
	return nr && f.total > r[0].left ? 1 : 0;
}
