/* fit.c - `oomcast fit FILE|OLLAMA-NAME [--runtime R] [--ctx N] [--kv-type T]
 * [--kv-type-v T] [--fa|--no-fa] [--no-mmap] [--overhead MIB] [--cache-ram MIB]
 * [--gpu-layers N] [--no-kv-offload] [--json]`:
 * will this model load here, and in which scope? Its footprint (footprint.h)
 * against the room this machine and the memory cgroup oomcast runs in have
 * now (room.h), with the verdict, how much is missing, and the largest
 * context that fits. With --gpu-layers, the footprint is split between RAM
 * and the GPUs (footprint_split: from llama.cpp's source, not measured) and
 * each part judged against its own room. --runtime takes the program's own
 * memory, its flash attention and llama-server's prompt cache as live loads
 * do (load_program_opts, load_cache_short). */
#include "cmd/cmd.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/footprint.h"
#include "analysis/loads.h"
#include "analysis/room.h"
#include "formats/cpuinfo.h"
#include "formats/gguf.h"
#include "formats/ollama.h"
#include "formats/tsplit.h"
#include "snapshot.h"
#include "source/source.h"
#include "util/escape.h"
#include "util/fmt.h"
#include "util/output.h"
#include "util/strbuf.h"


#define KV_TYPE_LIST "f16, q8_0, q4_0, f32, bf16, q4_1, q5_0, q5_1, iq4_nl"

static const char usage[] =
	"usage: oomcast fit FILE.gguf|OLLAMA-NAME [--runtime llama-server|llama-cli|node]\n"
	"                   [-c|--ctx N] [--kv-type T] [--kv-type-v T] [--fa|--no-fa]\n"
	"                   [--no-mmap] [--overhead MIB] [--cache-ram MIB]\n"
	"                   [--ubatch-size N] [--gpu-layers N|all|auto] [--no-kv-offload]\n"
	"                   [--tensor-split A,B,...] [--split-mode layer|none]\n"
	"                   [--main-gpu N] [--cpu plain|avx2|avx512|amx] [--no-repack]\n"
	"                   [--no-host] [--json]\n"
	"Will this model load here? Its footprint with llama.cpp (weights, KV cache,\n"
	"compute buffer, the runtime) against RAM, swap and the memory cgroup oomcast\n"
	"runs in, the verdict, what is missing, and the largest context that fits.\n"
	"--gpu-layers N splits it between RAM and each GPU as llama.cpp's -ngl N would;\n"
	"auto as its default does (all the layers its --fit leaves 1 GiB free with)\n"
	"(computed from llama.cpp's source, not measured on a GPU); --tensor-split,\n"
	"--split-mode and --main-gpu as its -ts, -sm and -mg.\n"
	"--runtime: the program's own memory (llama.cpp's programs 32 MiB, 112 with a GPU,\n"
	"160 node) and flash attention (on for llama.cpp's programs without --gpu-layers);\n"
	"without it, node's. llama-server's prompt cache (--cache-ram as its -cram, 8192 by default,\n"
	"-1 no limit, 0 off) grows after the load: tight where it could outgrow the room,\n"
	"with the -cram that fits.\n"
	"--kv-type sets the KV cache's K and V types (llama.cpp's -ctk and -ctv: f16,\n"
	"q8_0, q4_0, f32, bf16, q4_1, q5_0, q5_1, iq4_nl); --kv-type-v then V's alone:\n"
	"--kv-type q8_0 --kv-type-v f16 is -ctk q8_0.\n"
	"llama.cpp's CPU backend keeps its own copies of the weights it repacks for\n"
	"this CPU's matrix instructions (AMX; with AVX2 and AVX-512 those of Q4_0,\n"
	"Q4_K, IQ4_NL, MXFP4): --cpu sizes them for another kind of CPU than this one,\n"
	"--no-repack (its -nr) for none. A build with a GPU backend makes none (its\n"
	"pinned host buffer comes first) unless --no-host.\n"
	"Exit 0 fits (or tight), 1 will not fit, 2 an error.\n";

struct fit_args {
	const char *model;
	struct fp_opts o;
	enum load_program prog;
	bool ctx_cut;               /* no --ctx, and llama.cpp's --fit cuts the trained one */
	bool ctx_cut_gpu;           /* ... against the GPUs' memory (else RAM's) */
	bool gpu_given;             /* --gpu-layers given (any value, auto too) */
	uint64_t prompt_cache;      /* at most (load_cache_bound): 0 none or off */
	bool prompt_cache_unlimited;   /* -cram negative: bounded by the context alone */
	bool json;
	int64_t gpu_layers;         /* 0: none offloaded */
	bool gpu_auto;              /* --gpu-layers auto: llama.cpp's --fit decides */
	bool overhead_given;        /* --overhead */
	bool no_kv_offload;
	float ts[TSPLIT_MAX];       /* --tensor-split: each GPU's share (llama.cpp's -ts) */
	size_t nts;
	enum fp_split_mode sm;      /* --split-mode (llama.cpp's -sm) */
	int64_t main_gpu;           /* --main-gpu (llama.cpp's -mg) */
	bool no_host;               /* --no-host (llama.cpp's) */
};

/* The GPUs of this machine a load would use (room_gpus), copied out of the
 * sample, and the split over them. */
struct fit_gpus {
	size_t n;
	int index[FP_DEVS_MAX];
	char res[FP_DEVS_MAX][40];     /* "gpu:N", "gpu:N/migM" (room_gpu_name) */
	char name[FP_DEVS_MAX][96];
	uint64_t left[FP_DEVS_MAX], total[FP_DEVS_MAX];
	bool split;                 /* --gpu-layers given and the split computed */
	struct fp_split sp;
	size_t cards;               /* cards with memory of their own in view */
	uint64_t ram_total;         /* MemTotal (llama.cpp's --fit weighs it) */
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
		{"gpu-layers", required_argument, NULL, 'g'}, {"no-kv-offload", no_argument, NULL, 'n'},
		{"tensor-split", required_argument, NULL, 't'},
		{"split-mode", required_argument, NULL, 's'}, {"main-gpu", required_argument, NULL, 'G'},
		{"runtime", required_argument, NULL, 'r'}, {"no-fa", no_argument, NULL, 'F'},
		{"cache-ram", required_argument, NULL, 'C'}, {"kv-type-v", required_argument, NULL, 'V'},
		{"cpu", required_argument, NULL, 'P'},   {"no-repack", no_argument, NULL, 'R'},
		{"no-host", no_argument, NULL, 'H'},
		{"help", no_argument, NULL, 'h'},      {NULL, 0, NULL, 0},
	};
	memset(a, 0, sizeof *a);
	a->o.mmap = true;
	int cpu = -1;               /* --cpu; -1 this machine's (/proc/cpuinfo) */
	int fa = -1;                /* -fa: 1 on, 0 off, -1 as the runtime does */
	enum kv_type kv_v = KV_F16;
	bool said_v = false;        /* --kv-type-v: V's own; else --kv-type's */
	int64_t cram = SNAP_CRAM_UNSAID, overhead = -1;
	opterr = 0;
	optind = 1;
	int ch;
	uint64_t v;
	for (int at = optind; (ch = getopt_long(argc, argv, ":c:h", longs, NULL)) != -1;
	     at = optind) {
		switch (ch) {
		case 'c':
			if (parse_u64(optarg, 1, 1ull << 24, &a->o.ctx) < 0)
				return fprintf(stderr, "oomcast: fit: --ctx wants 1 to 16777216\n"), -1;
			break;
		case 'k':
			if (!kv_type_parse(optarg, &a->o.kv))
				return fprintf(stderr, "oomcast: fit: --kv-type wants one of llama.cpp's: "
					       "%s\n", KV_TYPE_LIST), -1;
			break;
		case 'V':
			if (!kv_type_parse(optarg, &kv_v))
				return fprintf(stderr, "oomcast: fit: --kv-type-v wants one of llama.cpp's: "
					       "%s\n", KV_TYPE_LIST), -1;
			said_v = true;
			break;
		case 'f': fa = 1; break;
		case 'F': fa = 0; break;
		case 'r':
			if (strcmp(optarg, "llama-server") == 0)
				a->prog = LP_SERVER;
			else if (strcmp(optarg, "llama-cli") == 0)
				a->prog = LP_NATIVE;
			else if (strcmp(optarg, "node") == 0)
				a->prog = LP_EMBEDDED;
			else
				return fprintf(stderr, "oomcast: fit: --runtime wants llama-server, "
					       "llama-cli or node\n"), -1;
			break;
		case 'C':
			/* llama-server's -cram: MiB in an int32, negative no size limit */
			if (optarg[0] == '-' && parse_u64(optarg + 1, 1, (uint64_t)INT32_MAX + 1, &v) == 0)
				cram = -1;
			else if (parse_u64(optarg, 0, INT32_MAX, &v) < 0)
				return fprintf(stderr, "oomcast: fit: --cache-ram wants MiB, %lld to %d\n",
					       (long long)INT32_MIN, INT32_MAX), -1;
			else
				cram = (int64_t)v;
			break;
		case 'm': a->o.mmap = false; break;
		case 'P':
			if ((cpu = cpu_kind_parse(optarg)) < 0)
				return fprintf(stderr, "oomcast: fit: --cpu wants plain, avx2, avx512 or amx\n"), -1;
			break;
		case 'R': a->o.copies_off = FP_COPIES_NO_REPACK; break;
		case 'H': a->no_host = true; break;
		case 'o':
			if (parse_u64(optarg, 0, 1u << 20, &v) < 0)
				return fprintf(stderr, "oomcast: fit: --overhead wants MiB, 0 to 1048576\n"), -1;
			overhead = (int64_t)(v << 20);
			break;
		case 'u':
			/* llama.cpp's -ub: the window layers' cache is window + this */
			if (parse_u64(optarg, 1, 1u << 20, &a->o.ubatch) < 0)
				return fprintf(stderr, "oomcast: fit: --ubatch-size wants 1 to 1048576\n"), -1;
			break;
		case 'j': a->json = true; break;
		case 'g':
			/* "all" every layer; "auto" llama.cpp's default: all it can
			 * fit (footprint_fit_gpu, once the GPUs are seen) */
			a->gpu_given = true;
			a->gpu_auto = strcmp(optarg, "auto") == 0;
			if (a->gpu_auto)
				a->gpu_layers = 0;
			else if (strcmp(optarg, "all") == 0)
				a->gpu_layers = 1 << 16;
			else if (parse_u64(optarg, 0, 1u << 16, &v) < 0)
				return fprintf(stderr, "oomcast: fit: --gpu-layers wants 0 to 65536, all or "
				               "auto\n"), -1;
			else
				a->gpu_layers = (int64_t)v;
			break;
		case 'n': a->no_kv_offload = true; break;
		case 't': {
			int k = tsplit_parse(optarg, strlen(optarg), a->ts);
			if (k < 0)
				return fprintf(stderr, "oomcast: fit: --tensor-split wants shares like 3,1 "
					       "(at most %d)\n", TSPLIT_MAX), -1;
			a->nts = (size_t)k;
			break;
		}
		case 's':
			if (strcmp(optarg, "layer") == 0)
				a->sm = FP_SM_LAYER;
			else if (strcmp(optarg, "none") == 0)
				a->sm = FP_SM_NONE;
			else
				return fprintf(stderr, "oomcast: fit: --split-mode wants layer or none "
					       "(row and tensor are not sized)\n"), -1;
			break;
		case 'G':
			if (parse_u64(optarg, 0, FP_DEVS_MAX - 1, &v) < 0)
				return fprintf(stderr, "oomcast: fit: --main-gpu wants 0 to %d\n",
					       FP_DEVS_MAX - 1), -1;
			a->main_gpu = (int64_t)v;
			break;
		case 'h':
			fputs(usage, stdout);
			return 1;
		default:
			cmd_getopt_refused("fit", longs, ch, at, argv, "(oomcast fit --help)");
			return -1;
		}
	}
	if (optind != argc - 1) {
		fprintf(stderr, "oomcast: fit: give one model file or ollama name (oomcast fit --help)\n");
		return -1;
	}
	a->model = argv[optind];
	a->o.cpu = cpu >= 0 ? (enum cpu_kind)cpu : cpuinfo_read("");
	a->o.kv_v = said_v ? kv_v : a->o.kv;
	/* llama-context.cpp: "quantized V cache requires flash_attn" (a
	 * quantised K does not); with -fa auto it turns flash attention on */
	if (kv_type_quantized(a->o.kv_v) && fa == 0) {
		fprintf(stderr, "oomcast: fit: llama.cpp refuses a %s V cache with flash attention off "
			"(--no-fa)\n", kv_type_name(a->o.kv_v));
		return -1;
	}
	if (a->gpu_auto && a->prog == LP_EMBEDDED) {
		fprintf(stderr, "oomcast: fit: --gpu-layers auto is the default of llama.cpp's own "
			"programs: give --runtime llama-server or llama-cli\n");
		return -1;
	}
	if (cram != SNAP_CRAM_UNSAID && a->prog != LP_SERVER) {
		fprintf(stderr, "oomcast: fit: --cache-ram is llama-server's: give --runtime llama-server\n");
		return -1;
	}
	/* no --runtime: node-llama-cpp's (160 MiB, flash attention off unless
	 * --fa), as before --runtime was there */
	a->prompt_cache = load_program_opts(a->prog, fa, a->gpu_auto ? 1 : a->gpu_layers, cram, &a->o);
	/* llama-server's 4 slots (-np auto) share one KV stream: its window
	 * layers hold 4 windows */
	if (a->prog == LP_SERVER)
		a->o.seqs = 4;
	if (kv_type_quantized(a->o.kv_v))
		a->o.flash_attn = true;
	if (overhead >= 0)
		a->o.overhead = (uint64_t)overhead;
	a->overhead_given = overhead >= 0;
	return 0;
}

/* "q8_0", or "K q8_0, V f16" where they differ */
static void kv_label(const struct fp_opts *o, char *out, size_t n)
{
	if (o->kv == o->kv_v)
		snprintf(out, n, "%s", kv_type_name(o->kv));
	else
		snprintf(out, n, "K %s, V %s", kv_type_name(o->kv), kv_type_name(o->kv_v));
}

static const char *verdict_of(uint64_t total, uint64_t left)
{
	return load_verdict_name(load_verdict_of(total, left));
}

/* The RAM side's verdict for need bytes in a room with left: a load that
 * fits is still tight where llama-server's prompt cache, which grows after
 * it, could outgrow what the room leaves (load_cache_short, as live loads;
 * *cram the -cram that fits). Not judged with layers on a GPU, as live. */
static enum load_verdict ram_verdict(const struct fit_args *a, bool split, uint64_t need,
                                     uint64_t left, uint64_t *cram)
{
	enum load_verdict v = load_verdict_of(need, left);
	uint64_t c;
	if (v != LV_WONT_FIT && !split && load_cache_short(need, left, a->prompt_cache, &c)) {
		v = LV_TIGHT;
		if (cram)
			*cram = c;
	}
	return v;
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
		struct footprint *f = &fq->q[fq->n].f;
		if (!size || size >= fsize || footprint_of_mix(g, (enum quant_mix)m, size, o, f) < 0)
			continue;
		/* a mix whose copies this CPU makes are not known is not sized */
		if (!f->copies_known && o->copies_off == FP_COPIES_ON && o->cpu != CPU_PLAIN)
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

/* The worst of the RAM side's tightest room and each GPU's: its name, room,
 * what it must hold and the verdict. */
struct fit_worst {
	char name[SNAP_PATH_MAX + 8];
	uint64_t left, need;
	enum load_verdict v;
	bool cache_short;           /* the RAM room's: ram_verdict */
	uint64_t cram_fits;
};

static void worst_of(const struct fit_args *a, const struct footprint *f, const struct room_item *r,
                     size_t nr, const struct fit_gpus *gp, struct fit_worst *w)
{
	memset(w, 0, sizeof *w);
	uint64_t need = gp->split ? gp->sp.ram_total : f->total;
	if (nr) {
		snprintf(w->name, sizeof w->name, "%s", r[0].name);
		w->left = r[0].left;
		w->need = need;
		w->cram_fits = UINT64_MAX;   /* left as is unless the cache is short */
		w->v = ram_verdict(a, gp->split, need, r[0].left, &w->cram_fits);
		w->cache_short = w->cram_fits != UINT64_MAX;
	}
	for (size_t k = 0; gp->split && k < gp->n; k++) {
		enum load_verdict v = load_verdict_of(gp->sp.dev[k].total, gp->left[k]);
		if (v > w->v) {
			snprintf(w->name, sizeof w->name, "%s", gp->res[k]);
			w->left = gp->left[k];
			w->need = gp->sp.dev[k].total;
			w->v = v;
		}
	}
}

static void print_split(const struct fit_args *a, uint64_t n_layer, const struct fit_gpus *gp)
{
	const struct fp_split *sp = &gp->sp;
	printf("  offloaded with --gpu-layers %s%lld (%s; from its source, not measured):\n"
	       "    %llu of %llu repeating layers%s; their KV cache %s\n",
	       a->gpu_auto ? "auto: " : "", (long long)a->gpu_layers,
	       a->gpu_auto ? "llama.cpp's default, as its --fit leaves it" : "as llama.cpp's -ngl",
	       (unsigned long long)sp->layers_on_gpu,
	       (unsigned long long)n_layer, sp->output_on_gpu ? " and the output layer" : "",
	       a->no_kv_offload ? "in RAM (--no-kv-offload)" : "on the GPU");
	printf("  %-10s %12s  (weights %s, CPU copies %s, KV %s, compute %s, runtime %s)\n", "RAM part",
	       B(sp->ram_total), B(sp->ram_weights), B(sp->ram_copies), B(sp->ram_kv), B(sp->ram_compute),
	       B(sp->ram_overhead));
	for (size_t k = 0; k < sp->ndev; k++) {
		char lbl[48];
		if (gp->n)
			snprintf(lbl, sizeof lbl, "%s part", gp->res[k]);
		else if (sp->ndev > 1)
			snprintf(lbl, sizeof lbl, "GPU %zu part", k);
		else
			snprintf(lbl, sizeof lbl, "GPU part");
		printf("  %-10s %12s  (weights %s, KV %s, compute %s; the driver's own not counted)\n",
		       lbl, B(sp->dev[k].total), B(sp->dev[k].weights), B(sp->dev[k].kv), B(sp->dev[k].compute));
	}
}

/* llama-server's prompt cache: its bound, and whether the room after the
 * load holds it (worst_of); the -cram that does when not */
static void print_cache(const struct fit_args *a, size_t nr, const struct fit_gpus *gp,
                        const struct fit_worst *w)
{
	if (a->prog != LP_SERVER)
		return;
	if (!a->prompt_cache) {
		printf("  prompt cache off (-cram 0)\n");
		return;
	}
	char lim[80];
	if (a->prompt_cache_unlimited)
		snprintf(lim, sizeof lim, "with no size limit (-cram -1) up to %s (its context's tokens)",
			 B(a->prompt_cache));
	else
		snprintf(lim, sizeof lim, "up to %s", B(a->prompt_cache));
	char en[2 * sizeof w->name];
	escape_copy(en, sizeof en, w->name);
	printf("  prompt cache %s, grows after the load: ", lim);
	if (gp->split)
		printf("not judged with --gpu-layers\n");
	else if (!nr)
		printf("not judged (no room known)\n");
	else if (w->cache_short)
		printf("could outgrow the %s left in %s; -cram %llu fits\n",
		       B(w->left > w->need ? w->left - w->need : 0), en, (unsigned long long)w->cram_fits);
	else
		printf("fits in what is left in %s\n", en);
}

/* An error naming a file (the user's path, an ollama blob's): the name's
 * control bytes escaped, as every name oomcast prints. */
static void fit_error(const char *err)
{
	char e[4 * 600 + 1];
	escape_copy(e, sizeof e, err);
	fprintf(stderr, "oomcast: fit: %s\n", e);
}

static void print_text(const struct fit_args *a, const char *path, const struct gguf_info *g,
                       const struct footprint *f, const struct room_item *r, size_t nr,
                       uint64_t max_ctx, uint64_t max_ctx_q8, const struct fit_quants *fq,
                       const struct fit_gpus *gp)
{
	uint64_t need = gp->split ? gp->sp.ram_total : f->total;
	struct fit_worst w;
	worst_of(a, f, r, nr, gp, &w);
	char ep[4 * 4096 + 1];
	escape_copy(ep, sizeof ep, path);
	printf("%s: %s (%s)\n", ep, g->name[0] ? g->name : "unnamed", g->arch);
	char kvn[32];
	kv_label(&a->o, kvn, sizeof kvn);
	printf("  context %llu (%llu cells), KV cache %s, flash attention %s, weights %s\n",
	       (unsigned long long)f->ctx, (unsigned long long)f->cells, kvn,
	       a->o.flash_attn ? "on" : "off", a->o.mmap ? "mapped (llama.cpp's default)" : "read in (--no-mmap)");
	if (a->ctx_cut)
		printf("  no --ctx: %s takes the trained context, %llu, which its --fit (on by default) "
		       "cuts to %llu to leave 1 GiB %s\n",
		       a->prog == LP_SERVER ? "llama-server" : a->prog == LP_NATIVE ? "llama-cli" : "llama.cpp",
		       (unsigned long long)g->context_length, (unsigned long long)f->ctx,
		       a->ctx_cut_gpu ? "free on each GPU" : "of this machine's RAM");
	/* llama.cpp loads it, and says "n_ctx_seq (N) > n_ctx_train (M) --
	 * possible training context overflow": it fits, it may not answer */
	if (g->context_length != GGUF_UNKNOWN && g->context_length && f->ctx > g->context_length)
		printf("  past the model's trained context (%llu): llama.cpp loads it, warning of a "
		       "\"possible training context overflow\"\n", (unsigned long long)g->context_length);
	printf("  %-10s %12s  %s\n", "weights", B(f->weights),
	       a->o.mmap ? "page cache: reclaimable, read again from disk when evicted" : "anonymous");
	if (f->added)
		printf("  %-10s %12s  (anonymous: llama.cpp's CPU backend repacks %s of them for\n"
		       "  %-10s %12s   this %s CPU%s; --no-repack as its -nr)\n", "CPU copies", B(f->added),
		       B(f->copied), "", "", cpu_kind_name(a->o.cpu),
		       a->o.mmap ? ", beside the mapped file" : "");
	else if (a->o.copies_off == FP_COPIES_GPU_HOST && a->o.cpu != CPU_PLAIN)
		printf("  %-10s %12s  (a build with a GPU backend keeps the CPU's weights in its\n"
		       "  %-10s %12s   pinned host buffer, not repacked for this %s CPU; --no-host)\n",
		       "CPU copies", "none", "", "", cpu_kind_name(a->o.cpu));
	else if (!f->copies_known && a->o.cpu != CPU_PLAIN && a->o.copies_off == FP_COPIES_ON)
		printf("  %-10s %12s  (llama.cpp's copies for this %s CPU: not known, the tensor table "
		       "was not read)\n", "CPU copies", "?", cpu_kind_name(a->o.cpu));
	if (f->swa_cells)
		printf("  %-10s %12s  (%llu of %llu layers slide over %llu tokens: %llu cells)\n", "KV cache",
		       B(f->kv), (unsigned long long)g->swa_layers, (unsigned long long)g->block_count,
		       (unsigned long long)g->sliding_window, (unsigned long long)f->swa_cells);
	else
		printf("  %-10s %12s\n", "KV cache", B(f->kv));
	printf("  %-10s %12s  (reserved; a long prompt touches it all)\n", "compute", B(f->compute));
	printf("  %-10s %12s  (%s's own; --overhead)\n", "runtime", B(f->overhead),
	       a->prog == LP_SERVER ? "llama-server" : a->prog == LP_NATIVE ? "llama-cli" : "node-llama-cpp");
	printf("  %-10s %12s\n", "total", B(f->total));
	if (gp->split)
		print_split(a, g->block_count, gp);
	else if (a->gpu_auto)
		printf("  --gpu-layers auto: 0 (llama.cpp's default as its --fit leaves it: no layer leaves "
		       "1 GiB free on the GPUs seen, all of it in RAM)\n");
	for (size_t i = 0; i < nr; i++) {
		const char *v = load_verdict_name(ram_verdict(a, gp->split, need, r[i].left, NULL));
		printf("  %-24s %s left of %s: %s", r[i].name, B(r[i].left), B(r[i].capacity),
		       strcmp(v, "wont_fit") == 0 ? "will not fit" : v);
		if (need > r[i].left)
			printf(", %s missing", B(need - r[i].left));
		printf("\n");
	}
	for (size_t k = 0; gp->split && k < gp->n; k++) {
		const char *nm = gp->res[k];
		const char *v = verdict_of(gp->sp.dev[k].total, gp->left[k]);
		printf("  %-24s %s free of %s: %s", nm, B(gp->left[k]), B(gp->total[k]),
		       strcmp(v, "wont_fit") == 0 ? "will not fit" : v);
		if (gp->sp.dev[k].total > gp->left[k])
			printf(", %s missing", B(gp->sp.dev[k].total - gp->left[k]));
		char en[200];
		escape_copy(en, sizeof en, gp->name[k]);
		printf("  (%s)\n", en);
	}
	if (gp->split && !gp->n)
		printf("  no GPU seen (or its free memory unknown): the GPU part is not judged\n");
	print_cache(a, nr, gp, &w);
	if (nr && gp->split && !gp->n) {
		if (w.v == LV_WONT_FIT)
			printf("verdict: wont_fit (%s)\n", w.name);
		else
			printf("verdict: not known (the RAM part %s in %s; the GPU part not judged)\n",
			       load_verdict_name(w.v), w.name);
	} else if (nr) {
		printf("  largest context that fits: ");
		/* the search stops at the trained context: more may fit */
		bool all = g->context_length != GGUF_UNKNOWN && max_ctx && max_ctx >= g->context_length;
		if (max_ctx)
			printf("%llu%s with a %s KV cache", (unsigned long long)max_ctx,
			       all ? " (all the model was trained for)" : "", kvn);
		else
			printf("none with a %s KV cache", kvn);
		bool both_q8 = a->o.kv == KV_Q8_0 && a->o.kv_v == KV_Q8_0;
		if (!both_q8 && max_ctx_q8)
			printf(", %llu with q8_0 (-fa on -ctk q8_0 -ctv q8_0)", (unsigned long long)max_ctx_q8);
		else if (!both_q8)
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
		printf("verdict: %s (%s)\n", load_verdict_name(w.v), w.name);
	}
}

/* gpu_split: the same keys as a loads[] item's (man page) */
static void json_split(struct strbuf *b, const struct fit_args *a, const struct fit_gpus *gp)
{
	sb_puts(b, ",\"gpu_split\":");
	if (!gp->split) {
		sb_puts(b, "null");
		return;
	}
	const struct fp_split *sp = &gp->sp;
	sb_printf(b, "{\"gpu_layers\":%lld,\"gpu_layers_auto\":%s,\"kv_offload\":%s,\"layers_on_gpu\":%llu,"
		  "\"ram_bytes\":%llu,\"ram_weights\":%llu,\"ram_copies\":%llu,\"ram_kv\":%llu,"
		  "\"ram_compute\":%llu,\"gpus\":[",
		  (long long)a->gpu_layers, a->gpu_auto ? "true" : "false", a->no_kv_offload ? "false" : "true",
		  (unsigned long long)sp->layers_on_gpu, (unsigned long long)sp->ram_total,
		  (unsigned long long)sp->ram_weights, (unsigned long long)sp->ram_copies,
		  (unsigned long long)sp->ram_kv,
		  (unsigned long long)sp->ram_compute);
	for (size_t k = 0; k < sp->ndev; k++) {
		sb_puts(b, k ? ",{\"index\":" : "{\"index\":");
		if (gp->n)
			sb_printf(b, "%d,\"resource\":\"%s\",\"name\":", gp->index[k], gp->res[k]);
		else
			sb_puts(b, "null,\"resource\":null,\"name\":");
		sb_json_cstr(b, gp->n ? gp->name[k] : NULL);
		sb_printf(b, ",\"layers\":%llu,\"output\":%s,\"weights\":%llu,\"kv_bytes\":%llu,"
			  "\"compute_bytes\":%llu,\"bytes\":%llu,\"room\":",
			  (unsigned long long)sp->dev[k].layers, sp->dev[k].output ? "true" : "false",
			  (unsigned long long)sp->dev[k].weights, (unsigned long long)sp->dev[k].kv,
			  (unsigned long long)sp->dev[k].compute, (unsigned long long)sp->dev[k].total);
		if (gp->n)
			sb_printf(b, "%llu,\"verdict\":\"%s\"}", (unsigned long long)gp->left[k],
				  verdict_of(sp->dev[k].total, gp->left[k]));
		else
			sb_puts(b, "null,\"verdict\":null}");
	}
	sb_puts(b, "]}");
}

static void print_json(const struct fit_args *a, const char *path, const struct gguf_info *g,
                       const struct footprint *f,
                       const struct room_item *r, size_t nr, uint64_t max_ctx, uint64_t max_ctx_q8,
                       const struct fit_quants *fq, const struct fit_gpus *gp)
{
	uint64_t need = gp->split ? gp->sp.ram_total : f->total;
	struct fit_worst w;
	worst_of(a, f, r, nr, gp, &w);
	/* an offloaded load with no GPU seen: only a RAM shortfall is a verdict */
	bool judged = nr && (!gp->split || gp->n || w.v == LV_WONT_FIT);
	struct strbuf b = {0};
	sb_puts(&b, "{\"path\":");
	sb_json_cstr(&b, path);
	sb_printf(&b, ",\"format\":\"gguf\",\"file_bytes\":%llu,\"weights\":%llu,\"weights_mapped\":%s,"
		  "\"kv_bytes\":%llu,\"kv_type\":\"%s\",\"kv_type_v\":\"%s\",\"ctx\":%llu,\"cells\":%llu,\"swa_cells\":%llu,"
		  "\"flash_attn\":%s,"
		  "\"compute_bytes\":%llu,\"overhead_bytes\":%llu,\"expected_total\":%llu,"
		  "\"anon_bytes\":%llu,\"cpu\":\"%s\",\"weights_copied\":%llu,\"weights_added\":%llu,"
		  "\"copies_known\":%s,\"copies_off\":%s%s%s,",
		  (unsigned long long)f->weights, (unsigned long long)f->weights,
		  a->o.mmap ? "true" : "false", (unsigned long long)f->kv, kv_type_name(a->o.kv),
		  kv_type_name(a->o.kv_v),
		  (unsigned long long)f->ctx, (unsigned long long)f->cells, (unsigned long long)f->swa_cells,
		  a->o.flash_attn ? "true" : "false", (unsigned long long)f->compute, (unsigned long long)f->overhead,
		  (unsigned long long)f->total, (unsigned long long)f->anon, cpu_kind_name(a->o.cpu),
		  (unsigned long long)f->copied, (unsigned long long)f->added,
		  f->copies_known ? "true" : "false", fp_copies_off_name(a->o.copies_off) ? "\"" : "",
		  fp_copies_off_name(a->o.copies_off) ? fp_copies_off_name(a->o.copies_off) : "null",
		  fp_copies_off_name(a->o.copies_off) ? "\"" : "");
	sb_puts(&b, "\"scope\":");
	sb_json_cstr(&b, nr ? w.name : NULL);
	sb_puts(&b, ",\"room\":");
	if (nr)
		sb_json_u64(&b, w.left);
	else
		sb_puts(&b, "null");
	sb_printf(&b, ",\"verdict\":");
	sb_json_cstr(&b, judged ? load_verdict_name(w.v) : NULL);
	sb_puts(&b, ",\"missing\":");
	sb_json_u64(&b, nr && w.need > w.left ? w.need - w.left : 0);
	if (gp->split && !gp->n)
		sb_puts(&b, ",\"max_ctx\":null,\"max_ctx_q8_0\":null");
	else
		sb_printf(&b, ",\"max_ctx\":%llu,\"max_ctx_q8_0\":%llu", (unsigned long long)max_ctx,
			  (unsigned long long)max_ctx_q8);
	sb_puts(&b, ",\"ctx_train\":");
	if (g->context_length != GGUF_UNKNOWN && g->context_length)
		sb_json_u64(&b, g->context_length);
	else
		sb_puts(&b, "null");
	sb_printf(&b, ",\"ctx_cut\":%s", a->ctx_cut ? "true" : "false");
	/* the layers asked for, as used (auto: llama.cpp's choice; all: every
	 * layer and the output one) */
	if (a->gpu_given)
		sb_printf(&b, ",\"gpu_layers\":%lld,\"gpu_layers_auto\":%s", (long long)a->gpu_layers,
			  a->gpu_auto ? "true" : "false");
	else
		sb_puts(&b, ",\"gpu_layers\":null,\"gpu_layers_auto\":false");
	json_split(&b, a, gp);
	/* llama-server's prompt cache: the keys of a live loads[] item's */
	if (a->prompt_cache == UINT64_MAX)
		sb_puts(&b, ",\"prompt_cache_max\":-1");
	else if (a->prompt_cache)
		sb_printf(&b, ",\"prompt_cache_max\":%llu", (unsigned long long)a->prompt_cache);
	else
		sb_puts(&b, ",\"prompt_cache_max\":null");
	if (w.cache_short)
		sb_printf(&b, ",\"cache_ram_fits\":%llu", (unsigned long long)w.cram_fits);
	else
		sb_puts(&b, ",\"cache_ram_fits\":null");
	sb_puts(&b, ",\"fit_quant\":");
	sb_json_cstr(&b, fq->fit >= 0 ? quantmix_name(fq->q[fq->fit].mix) : NULL);
	sb_puts(&b, ",\"quants\":[");
	for (int i = 0; i < fq->n; i++)
		sb_printf(&b, "%s{\"type\":\"%s\",\"file_bytes\":%llu,\"weights_copied\":%llu,"
			  "\"expected_total\":%llu,\"verdict\":%s%s%s}",
			  i ? "," : "", quantmix_name(fq->q[i].mix), (unsigned long long)fq->q[i].file_bytes,
			  (unsigned long long)fq->q[i].f.copied,
			  (unsigned long long)fq->q[i].f.total, nr ? "\"" : "",
			  nr ? verdict_of(fq->q[i].f.total, r[0].left) : "null", nr ? "\"" : "");
	sb_puts(&b, "],\"fits\":{");
	for (size_t i = 0; i < nr; i++) {
		if (i)
			sb_putc(&b, ',');
		sb_json_cstr(&b, r[i].name);
		sb_printf(&b, ":{\"left\":%llu,\"capacity\":%llu,\"verdict\":\"%s\"}",
			  (unsigned long long)r[i].left, (unsigned long long)r[i].capacity,
			  load_verdict_name(ram_verdict(a, gp->split, need, r[i].left, NULL)));
	}
	for (size_t k = 0; gp->split && k < gp->n; k++)
		sb_printf(&b, "%s\"%s\":{\"left\":%llu,\"capacity\":%llu,\"verdict\":\"%s\"}",
			  nr || k ? "," : "", gp->res[k], (unsigned long long)gp->left[k],
			  (unsigned long long)gp->total[k], verdict_of(gp->sp.dev[k].total, gp->left[k]));
	sb_puts(&b, "}}\n");
	fwrite(b.s, 1, b.len, stdout);
	sb_free(&b);
}

/* One sample of this machine: RAM, swap, and oomcast's own cgroup. */
static int sample_room(struct room_item *r, size_t max, size_t *n, struct fit_gpus *gp)
{
	const char *cause = NULL;
	struct source *src = live_source_new("", &cause);
	if (!src) {
		output_error("fit: %s", cause);
		return -1;
	}
	struct snapshot s;
	snapshot_init(&s);
	int rc = source_sample(src, &s, &cause);
	if (rc < 0)
		output_error("fit: %s", cause);
	else {
		*n = room_of(&s, s.self_cgroup, r, max);
		gp->ram_total = s.mem.total;
		/* pid 0: a load not started holds nothing on any card */
		gp->n = room_gpus(&s, 0, gp->index, gp->left, FP_DEVS_MAX);
		for (size_t i = 0; i < s.ngpus; i++)
			gp->cards += !s.gpus[i].unified;
		for (size_t k = 0; k < gp->n; k++) {
			const struct snap_gpu *c = &s.gpus[gp->index[k]];
			snprintf(gp->name[k], sizeof gp->name[k], "%s", c->name);
			gp->total[k] = c->total;
			gp->index[k] = c->index;
			room_gpu_name(c, gp->res[k], sizeof gp->res[k]);
		}
	}
	snapshot_free(&s);
	source_destroy(src);
	return rc;
}

/* footprint_split's refusals, said once for both callers */
static void split_refused(const char *path)
{
	char ep[512];
	escape_copy(ep, sizeof ep, path);
	fprintf(stderr, "oomcast: fit: %s: cannot split it between RAM and GPU (its tensor table, "
		"more than %d layers, window layers, or layers with different KV heads)\n", ep,
		GGUF_SPLIT_LAYERS);
}

int cmd_fit(int argc, char **argv)
{
	struct fit_args a;
	int rc = parse_args(argc, argv, &a);
	if (rc)
		return rc < 0 ? 2 : (output_close("fit") < 0 ? 2 : 0);
	char path[4096], err[400];
	if (ollama_resolve(a.model, path, sizeof path, err, sizeof err) < 0) {
		fit_error(err);
		return 2;
	}
	struct gguf_info g;
	uint64_t fsize;
	if (gguf_read_file(path, GGUF_READ_MAX, GGUF_ALL, &g, &fsize, err, sizeof err) < 0) {
		fit_error(err);
		return 2;
	}
	/* llama-context.cpp: "model does not support different K and V cache
	 * types" (MLA caches K alone, V a view of it) */
	if (g.mla && a.o.kv != a.o.kv_v) {
		char ep[512];
		escape_copy(ep, sizeof ep, path);
		fprintf(stderr, "oomcast: fit: llama.cpp refuses different K (%s) and V (%s) cache types "
			"for %s (MLA)\n", kv_type_name(a.o.kv), kv_type_name(a.o.kv_v), ep);
		return 2;
	}
	struct footprint f;
	if (footprint_of(&g, fsize, &a.o, &f) < 0) {
		char ep[512];
		escape_copy(ep, sizeof ep, path);
		fprintf(stderr, "oomcast: fit: %s does not say enough to size a load (%s)\n", ep,
			g.context_length == GGUF_UNKNOWN && !a.o.ctx ? "no context length: give --ctx"
			: "its vocabulary or widths are missing");
		return 2;
	}
	/* --gpu-layers all (or more than it has): every layer and the output */
	if (g.block_count != GGUF_UNKNOWN && (uint64_t)a.gpu_layers > g.block_count + 1)
		a.gpu_layers = (int64_t)g.block_count + 1;
	a.prompt_cache_unlimited = a.prompt_cache == UINT64_MAX;
	a.prompt_cache = load_cache_bound(a.prompt_cache, &f);
	struct room_item r[4];
	size_t nr = 0;
	static struct fit_gpus gp;
	memset(&gp, 0, sizeof gp);
	if (sample_room(r, 4, &nr, &gp) < 0)
		return 2;
	/* a GPU build (layers offloaded, or a card of its own in view) puts
	 * the CPU's weights in the GPU's pinned host buffer: no copies
	 * (footprint.h), unless --no-host */
	if (a.gpu_auto && !gp.n) {
		fprintf(stderr, "oomcast: fit: --gpu-layers auto: no GPU's free memory is known here "
			"(llama.cpp's --fit decides by it)\n");
		return 2;
	}
	if (a.o.copies_off == FP_COPIES_ON && !a.no_host && (a.gpu_layers > 0 || gp.cards)) {
		a.o.copies_off = FP_COPIES_GPU_HOST;
		if (footprint_of(&g, fsize, &a.o, &f) < 0)   /* as above: it does not fail */
			return 2;
	}
	/* and a llama.cpp program of such a build needs more of its own */
	if (a.prog != LP_EMBEDDED && !a.overhead_given &&
	    (a.gpu_layers > 0 || a.gpu_auto || gp.cards)) {
		a.o.overhead = FP_OVERHEAD_NATIVE_GPU;
		if (footprint_of(&g, fsize, &a.o, &f) < 0)
			return 2;
	}
	/* llama.cpp's programs with no -c: the trained context, which their
	 * --fit cuts where no GPU takes part and it would not leave 1 GiB of
	 * RAM (footprint_fit_ctx); with a GPU it weighs the GPUs' memory
	 * (below) */
	if (a.prog != LP_EMBEDDED && !a.o.ctx && a.gpu_layers == 0 && !gp.cards &&
	    snap_known(gp.ram_total)) {
		uint64_t c = footprint_fit_ctx(&g, fsize, &a.o, gp.ram_total, 1);
		if (c && c != f.ctx) {
			a.ctx_cut = true;
			a.o.ctx = c;
			if (footprint_of(&g, fsize, &a.o, &f) < 0)
				return 2;
		}
	}
	/* the split over the GPUs seen (footprint_shares, as a live load's);
	 * with none seen, unnamed devices: as many as -ts gives shares, up to
	 * --main-gpu with --split-mode none, else one */
	double share[FP_DEVS_MAX];
	size_t ndev = gp.n ? gp.n : a.sm == FP_SM_NONE ? (size_t)a.main_gpu + 1 : a.nts ? a.nts : 1;
	struct fp_devs_args da = {a.sm, a.main_gpu, a.nts, a.ts};
	if ((a.gpu_layers > 0 || a.gpu_auto) &&
	    footprint_shares(&da, gp.n ? gp.left : NULL, ndev, share) < 0) {
		fprintf(stderr, "oomcast: fit: --main-gpu %lld is past the %zu GPU(s) seen\n",
			(long long)a.main_gpu, ndev);
		return 2;
	}
	/* llama.cpp's --fit on the GPUs seen (as a live load's: loads.c):
	 * with auto, the layers it leaves there; with or without, the context
	 * it cuts where --ctx was not given */
	if ((a.gpu_auto || a.gpu_layers > 0) && gp.n && a.prog != LP_EMBEDDED) {
		bool ctx_auto = !a.o.ctx, filled;
		struct fp_opts o = a.o;
		int64_t ngl;
		if (footprint_fit_devs(&g, fsize, &o, ctx_auto, 1, !a.no_kv_offload, &da, share, ndev,
		                       gp.left, a.gpu_auto ? -1 : a.gpu_layers, &ngl, &filled) < 0) {
			split_refused(path);
			return 2;
		}
		a.gpu_layers = ngl;
		if (o.ctx && o.ctx != f.ctx) {
			a.ctx_cut = a.ctx_cut_gpu = true;
			a.o.ctx = o.ctx;
			if (footprint_of(&g, fsize, &a.o, &f) < 0)
				return 2;
		}
	}
	if (a.gpu_layers > 0) {
		if (footprint_split(&g, &f, &a.o, a.gpu_layers, !a.no_kv_offload, share, ndev, &gp.sp) < 0) {
			split_refused(path);
			return 2;
		}
		gp.split = true;
	}
	uint64_t max_ctx = 0, max_q8 = 0;
	struct fp_opts q8 = a.o;
	q8.kv = q8.kv_v = KV_Q8_0;
	/* llama.cpp refuses a quantised V cache without flash attention
	 * ("quantized V cache requires flash_attn"): the q8_0 figure is
	 * with it, and the advice says -fa on */
	q8.flash_attn = true;
	if (nr && gp.split && gp.n) {
		max_ctx = footprint_max_ctx_split(&g, fsize, &a.o, a.gpu_layers, !a.no_kv_offload, share,
		                                  gp.n, r[0].left, gp.left);
		max_q8 = footprint_max_ctx_split(&g, fsize, &q8, a.gpu_layers, !a.no_kv_offload, share,
		                                 gp.n, r[0].left, gp.left);
	} else if (nr && !gp.split) {
		max_ctx = footprint_max_ctx(&g, fsize, &a.o, r[0].left);
		max_q8 = footprint_max_ctx(&g, fsize, &q8, r[0].left);
	}
	struct fit_quants fq = {0, {{0}}, -1};
	/* smaller files are sized for RAM only: not offered with --gpu-layers */
	if (!gp.split)
		quants_of(&g, fsize, &a.o, r, nr, nr && f.total > r[0].left, &fq);
	if (a.json)
		print_json(&a, path, &g, &f, r, nr, max_ctx, max_q8, &fq, &gp);
	else
		print_text(&a, path, &g, &f, r, nr, max_ctx, max_q8, &fq, &gp);
	if (output_close("fit") < 0)
		return 2;
	struct fit_worst w;
	worst_of(&a, &f, r, nr, &gp, &w);
	return nr && w.v == LV_WONT_FIT ? 1 : 0;
}
