/* mkmodel.c - write a COMPLETE llama-, gemma2- or gemma3-architecture GGUF
 * v3 model with random weights, which llama.cpp loads and evaluates (no
 * download needed):
 *
 *   mkmodel OUT [options]
 *     -A ARCH    llama | gemma2 | gemma3 | deci | deepseek2  default llama
 *     -K LIST    KV heads per layer, "2,2,1,4" (deci only: its
 *                head_count_kv array; one number a layer)
 *     -w N       ARCH.attention.sliding_window (gemma)   default: none written
 *     -p N       ARCH.attention.sliding_window_pattern   default: none written
 *     -t TYPE    f16 | q8_0 | q4_k (Q4_K, output Q6_K: "Q4_K_M"-like) | q6_k
 *     -l N       layers (block_count)                    default 4
 *     -e N       embedding length (n_embd)               default 512
 *     -H N       attention heads                         default 8
 *     -k N       KV heads (GQA)                          default = heads
 *     -f N       feed-forward length (n_ff)              default 4 * n_embd
 *     -v N       vocabulary size (>= 300)                default 1024
 *     -c N       trained context length                  default 4096
 *     -a N       general.alignment (power of two)        default 32
 *     -s N       random seed                             default 1
 *     -n NAME    general.name                            default "oomcast random llama"
 *
 * Tensors: token_embd, output_norm, output, and per block attn_norm,
 * attn_q, attn_k, attn_v, attn_output, ffn_norm, ffn_gate, ffn_up, ffn_down
 * (ggml order: ne[0] is the row length). gemma2 and gemma3 (llama.cpp's
 * src/models/gemma2.cpp, gemma3.cpp load_arch_tensors) have no output (the
 * embeddings are tied) and add per block post_attention_norm and
 * post_ffw_norm; gemma3 also attn_q_norm and attn_k_norm (a head wide).
 * deci (src/models/deci.cpp) is llama's set with each layer's attn_k and
 * attn_v as wide as its own KV heads. deepseek2 (src/models/deepseek2.cpp)
 * is MLA with every layer dense (leading_dense_block_count = layers): a
 * q LoRA of 64, a KV latent of 64, a rope part of 16 and a no-rope part of
 * 32 a head, V heads of 32, written as convert_hf_to_gguf.py writes MLA
 * (key_length = latent + rope, value_length = latent, one KV head, the
 * _mla lengths, attn_k_b and attn_v_b split per head: 3-D tensors). Norms are F32 ones; the rest is
 * random data of small magnitude in the file type's block layout (ggml's
 * ggml-common.h): Q8_0 34 bytes per 32 (f16 d, 32 int8), Q4_K 144 bytes per
 * 256 (f16 d, f16 dmin, 12 bytes of 6-bit scales and mins, 128 bytes of
 * nibbles), Q6_K 210 bytes per 256 (128 ql, 64 qh, 16 int8 scales, f16 d).
 * The vocabulary is SentencePiece style ("llama"): <unk>, <s>, </s>, the 256
 * byte tokens <0x00>..<0xFF>, then normal pieces with scores.
 *
 * Data is produced by xorshift in 8 MiB chunks: a few GiB take seconds. */
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { T_F32 = 0, T_F16 = 1, T_Q8_0 = 8, T_Q4_K = 12, T_Q6_K = 14 };
enum { V_U32 = 4, V_I32 = 5, V_F32 = 6, V_BOOL = 7, V_STRING = 8, V_ARRAY = 9 };

struct ttype {
	int id;
	unsigned blck;   /* elements per block */
	unsigned size;   /* bytes per block */
};
static const struct ttype TYPES[] = {
	{T_F32, 1, 4}, {T_F16, 1, 2}, {T_Q8_0, 32, 34}, {T_Q4_K, 256, 144}, {T_Q6_K, 256, 210},
};
static const struct ttype *ttype(int id)
{
	for (size_t i = 0; i < sizeof TYPES / sizeof TYPES[0]; i++)
		if (TYPES[i].id == id)
			return &TYPES[i];
	abort();
}

struct tensor {
	char name[64];
	uint32_t n_dims;
	uint64_t ne[3];
	int type;
	uint64_t offset, bytes;
};

/* ---- a growable byte buffer for the header ---- */
static unsigned char *hb;
static size_t hlen, hcap;
static void put(const void *p, size_t n)
{
	if (hlen + n > hcap) {
		hcap = (hlen + n) * 2 + 4096;
		hb = realloc(hb, hcap);
		if (!hb) {
			perror("mkmodel");
			exit(1);
		}
	}
	memcpy(hb + hlen, p, n);
	hlen += n;
}
static void p_u32(uint32_t v) { put(&v, 4); }
static void p_u64(uint64_t v) { put(&v, 8); }
static void p_str(const char *s) { p_u64(strlen(s)); put(s, strlen(s)); }
static void p_f32(float v) { put(&v, 4); }
static unsigned n_kv;
static void kv_u32(const char *k, uint32_t v) { p_str(k); p_u32(V_U32); p_u32(v); n_kv++; }
static void kv_f32(const char *k, float v) { p_str(k); p_u32(V_F32); p_f32(v); n_kv++; }
static void kv_str(const char *k, const char *v) { p_str(k); p_u32(V_STRING); p_str(v); n_kv++; }
static void kv_bool(const char *k, int v) { unsigned char b = !!v; p_str(k); p_u32(V_BOOL); put(&b, 1); n_kv++; }

/* ---- random data ---- */
static uint64_t rng = 0x9E3779B97F4A7C15ull;
static inline uint64_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}
static void fill(unsigned char *b, size_t n)
{
	size_t i = 0;
	for (; i + 8 <= n; i += 8) {
		uint64_t r = rnd();
		memcpy(b + i, &r, 8);
	}
	for (; i < n; i++)
		b[i] = (unsigned char)rnd();
}
static void put16(unsigned char *p, uint16_t v) { memcpy(p, &v, 2); }

/* f16 bit patterns (no conversion at run time; values checked by hand):
 * 0x1A8F ~ 0.00032, 0x0690 ~ 1.0e-4, 0x00A8 ~ 1.0e-5 (subnormal) */
#define H_Q8_D 0x0D3Fu    /* ~3.2e-4: 64 * d ~ 0.02 */
#define H_Q4K_D 0x0690u   /* ~1.0e-4 */
#define H_Q4K_DMIN 0x0690u
#define H_Q6K_D 0x00A8u   /* ~1.0e-5 */

/* random data of small magnitude in type's layout; n is a whole number of
 * blocks */
static void fill_type(int type, unsigned char *b, size_t n)
{
	fill(b, n);
	switch (type) {
	case T_F16:
		/* sign, exponent 9 or 10 (2^-6 .. 2^-4), random mantissa:
		 * |w| in [0.0156, 0.0625) */
		for (size_t i = 0; i + 2 <= n; i += 2) {
			uint16_t h;
			memcpy(&h, b + i, 2);
			h = (uint16_t)((h & 0x83FFu) | ((9u + ((h >> 10) & 1u)) << 10));
			memcpy(b + i, &h, 2);
		}
		break;
	case T_Q8_0:
		for (size_t i = 0; i < n; i += 34)
			put16(b + i, H_Q8_D);
		break;
	case T_Q4_K:
		for (size_t i = 0; i < n; i += 144) {
			put16(b + i, H_Q4K_D);
			put16(b + i + 2, H_Q4K_DMIN);
		}
		break;
	case T_Q6_K:
		for (size_t i = 0; i < n; i += 210)
			put16(b + i + 208, H_Q6K_D);
		break;
	default:
		abort();
	}
}

_Noreturn static void usage(void)
{
	fprintf(stderr, "usage: mkmodel OUT [-A llama|gemma2|gemma3] [-t f16|q8_0|q4_k|q6_k] [-l LAYERS] "
			"[-e EMBD] [-H HEADS] [-k KV_HEADS] [-f FF] [-v VOCAB] [-c CTX] [-a ALIGN] [-s SEED] "
			"[-n NAME] [-w WINDOW] [-p PATTERN] [-K KV,KV,...]\n");
	exit(2);
}

static unsigned long num(const char *s)
{
	char *end;
	errno = 0;
	unsigned long v = strtoul(s, &end, 10);
	if (errno || *end || v == 0 || v > (1ul << 30)) {
		fprintf(stderr, "mkmodel: bad number '%s'\n", s);
		exit(2);
	}
	return v;
}

static char *sdup(const char *s)
{
	char *d = malloc(strlen(s) + 1);
	if (!d)
		exit(1);
	return strcpy(d, s);
}

static struct tensor *tens;
static size_t n_tens, cap_tens;
static void add3(const char *name, uint64_t ne0, uint64_t ne1, uint64_t ne2, int type);
static void add(const char *name, uint64_t ne0, uint64_t ne1, int type)
{
	add3(name, ne0, ne1, 0, type);
}

static void add3(const char *name, uint64_t ne0, uint64_t ne1, uint64_t ne2, int type)
{
	if (n_tens == cap_tens) {
		cap_tens = cap_tens * 2 + 16;
		tens = realloc(tens, cap_tens * sizeof *tens);
		if (!tens)
			exit(1);
	}
	const struct ttype *t = ttype(type);
	if (ne0 % t->blck) {
		fprintf(stderr, "mkmodel: %s: row of %" PRIu64 " is not a multiple of the block (%u)\n",
			name, ne0, t->blck);
		exit(2);
	}
	struct tensor *x = &tens[n_tens++];
	snprintf(x->name, sizeof x->name, "%s", name);
	x->n_dims = ne2 ? 3 : ne1 ? 2 : 1;
	x->ne[0] = ne0;
	x->ne[1] = ne1 ? ne1 : 1;
	x->ne[2] = ne2 ? ne2 : 1;
	x->type = type;
	x->bytes = ne0 / t->blck * t->size * x->ne[1] * x->ne[2];
}

int main(int argc, char **argv)
{
	if (argc < 2 || argv[1][0] == '-')
		usage();
	const char *out = argv[1];
	const char *tname = "f16", *name = "oomcast random llama";
	unsigned long layers = 4, embd = 512, heads = 8, kvh = 0, ff = 0, vocab = 1024, ctx = 4096;
	unsigned long align = 32, seed = 1, window = 0, pattern = 0;
	const char *arch = "llama", *kvlist = NULL;
	for (int i = 2; i < argc; i++) {
		if (argv[i][0] != '-' || strlen(argv[i]) != 2 || i + 1 >= argc)
			usage();
		const char *v = argv[++i];
		switch (argv[i - 1][1]) {
		case 't': tname = v; break;
		case 'l': layers = num(v); break;
		case 'e': embd = num(v); break;
		case 'H': heads = num(v); break;
		case 'k': kvh = num(v); break;
		case 'f': ff = num(v); break;
		case 'v': vocab = num(v); break;
		case 'c': ctx = num(v); break;
		case 'a': align = num(v); break;
		case 's': seed = num(v); break;
		case 'n': name = v; break;
		case 'A': arch = v; break;
		case 'w': window = num(v); break;
		case 'p': pattern = num(v); break;
		case 'K': kvlist = v; break;
		default: usage();
		}
	}
	if (!kvh)
		kvh = heads;
	if (!ff)
		ff = 4 * embd;
	if (embd % heads || heads % kvh || (align & (align - 1)) || vocab < 300) {
		fprintf(stderr, "mkmodel: need EMBD %% HEADS == 0, HEADS %% KV_HEADS == 0, "
				"ALIGN a power of two, VOCAB >= 300\n");
		return 2;
	}
	bool gemma = strcmp(arch, "gemma2") == 0 || strcmp(arch, "gemma3") == 0;
	bool deci = strcmp(arch, "deci") == 0, mla = strcmp(arch, "deepseek2") == 0;
	if (!gemma && !deci && !mla && strcmp(arch, "llama") != 0)
		usage();
	/* KV heads per layer: -K for deci, else -k for every layer */
	unsigned long *kvl = calloc(layers, sizeof *kvl);
	if (!kvl)
		return 1;
	for (unsigned long l = 0; l < layers; l++)
		kvl[l] = kvh ? kvh : heads;
	if (kvlist) {
		if (!deci) {
			fprintf(stderr, "mkmodel: -K is for deci\n");
			return 2;
		}
		char *cp = sdup(kvlist), *save = NULL, *t = strtok_r(cp, ",", &save);
		for (unsigned long l = 0; l < layers; l++, t = strtok_r(NULL, ",", &save)) {
			if (!t) {
				fprintf(stderr, "mkmodel: -K wants %lu numbers\n", layers);
				return 2;
			}
			kvl[l] = num(t);
			if (heads % kvl[l]) {
				fprintf(stderr, "mkmodel: -K: %lu does not divide %lu heads\n", kvl[l], heads);
				return 2;
			}
		}
		free(cp);
	}
	if (!gemma && (window || pattern)) {
		fprintf(stderr, "mkmodel: -w and -p are for gemma2 and gemma3\n");
		return 2;
	}
	rng ^= seed * 0xD1B54A32D192ED03ull;
	for (int i = 0; i < 16; i++)
		rnd();

	/* per tensor type and llama_ftype (llama.h) */
	int wt, embt, outt;
	uint32_t ftype;
	if (strcmp(tname, "f16") == 0)
		wt = embt = outt = T_F16, ftype = 1;            /* MOSTLY_F16 */
	else if (strcmp(tname, "q8_0") == 0)
		wt = embt = outt = T_Q8_0, ftype = 7;           /* MOSTLY_Q8_0 */
	else if (strcmp(tname, "q4_k") == 0)
		wt = embt = T_Q4_K, outt = T_Q6_K, ftype = 15;  /* MOSTLY_Q4_K_M */
	else if (strcmp(tname, "q6_k") == 0)
		wt = embt = outt = T_Q6_K, ftype = 18;          /* MOSTLY_Q6_K */
	else
		usage();

	unsigned long hd = embd / heads;
	add("token_embd.weight", embd, vocab, embt);
	add("output_norm.weight", embd, 0, T_F32);
	if (!gemma)
		add("output.weight", embd, vocab, outt);
	for (unsigned long l = 0; l < layers; l++) {
		char n[64];
#define T(s, a, b, t) (snprintf(n, sizeof n, "blk.%lu." s ".weight", l), add(n, a, b, t))
		if (mla) {
			/* q LoRA 64, KV latent 64, rope 16, no-rope 32, V 32 a head */
			T("attn_norm", embd, 0, T_F32);
			T("attn_q_a_norm", 64, 0, T_F32);
			T("attn_kv_a_norm", 64, 0, T_F32);
			T("attn_q_a", embd, 64, wt);
			T("attn_q_b", 64, heads * 48, wt);
			T("attn_kv_a_mqa", embd, 64 + 16, wt);
			snprintf(n, sizeof n, "blk.%lu.attn_k_b.weight", l);
			add3(n, 32, 64, heads, wt);
			snprintf(n, sizeof n, "blk.%lu.attn_v_b.weight", l);
			add3(n, 64, 32, heads, wt);
			T("attn_output", heads * 32, embd, wt);
			T("ffn_norm", embd, 0, T_F32);
			T("ffn_gate", embd, ff, wt);
			T("ffn_up", embd, ff, wt);
			T("ffn_down", ff, embd, wt);
			continue;
		}
		T("attn_norm", embd, 0, T_F32);
		T("attn_q", embd, embd, wt);
		T("attn_k", embd, hd * kvl[l], wt);
		T("attn_v", embd, hd * kvl[l], wt);
		T("attn_output", embd, embd, wt);
		if (strcmp(arch, "gemma3") == 0) {
			T("attn_q_norm", hd, 0, T_F32);
			T("attn_k_norm", hd, 0, T_F32);
		}
		if (gemma)
			T("post_attention_norm", embd, 0, T_F32);
		T("ffn_norm", embd, 0, T_F32);
		T("ffn_gate", embd, ff, wt);
		T("ffn_up", embd, ff, wt);
		T("ffn_down", ff, embd, wt);
		if (gemma)
			T("post_ffw_norm", embd, 0, T_F32);
#undef T
	}
	uint64_t off = 0;
	for (size_t i = 0; i < n_tens; i++) {
		off = (off + align - 1) / align * align;
		tens[i].offset = off;
		off += tens[i].bytes;
	}
	uint64_t data_size = off;

	/* ---- metadata ---- */
	put("GGUF", 4);
	p_u32(3);
	p_u64(n_tens);
	size_t nkv_at = hlen;
	p_u64(0);   /* patched below */
	kv_str("general.architecture", arch);
	kv_str("general.name", name);
	kv_u32("general.file_type", ftype);
	kv_u32("general.alignment", (uint32_t)align);
	kv_u32("general.quantization_version", 2);
	char key[96];
#define K(s) (snprintf(key, sizeof key, "%s." s, arch), key)
	kv_u32(K("block_count"), (uint32_t)layers);
	kv_u32(K("context_length"), (uint32_t)ctx);
	kv_u32(K("embedding_length"), (uint32_t)embd);
	kv_u32(K("feed_forward_length"), (uint32_t)ff);
	kv_u32(K("attention.head_count"), (uint32_t)heads);
	if (mla) {
		kv_u32(K("attention.head_count_kv"), 1);
		kv_u32(K("attention.key_length"), 64 + 16);
		kv_u32(K("attention.value_length"), 64);
		kv_u32(K("attention.key_length_mla"), 48);
		kv_u32(K("attention.value_length_mla"), 32);
		kv_u32(K("attention.q_lora_rank"), 64);
		kv_u32(K("attention.kv_lora_rank"), 64);
		kv_u32(K("rope.dimension_count"), 16);
		kv_u32(K("leading_dense_block_count"), (uint32_t)layers);
		kv_u32(K("expert_feed_forward_length"), (uint32_t)ff);
		kv_u32(K("expert_shared_count"), 0);
	}
	if (mla) {
		/* written above */
	} else if (kvlist) {
		p_str(K("attention.head_count_kv"));
		p_u32(V_ARRAY);
		p_u32(V_U32);
		p_u64(layers);
		for (unsigned long l = 0; l < layers; l++)
			p_u32((uint32_t)kvl[l]);
		n_kv++;
	} else {
		kv_u32(K("attention.head_count_kv"), (uint32_t)kvh);
	}
	if (!mla)
		kv_u32(K("rope.dimension_count"), (uint32_t)hd);
	kv_f32(K("rope.freq_base"), 10000.0f);
	kv_f32(K("attention.layer_norm_rms_epsilon"), 1e-5f);
	if (window)
		kv_u32(K("attention.sliding_window"), (uint32_t)window);
	if (pattern)
		kv_u32(K("attention.sliding_window_pattern"), (uint32_t)pattern);
	kv_u32(K("vocab_size"), (uint32_t)vocab);
#undef K
	kv_str("tokenizer.ggml.model", "llama");
	kv_u32("tokenizer.ggml.unknown_token_id", 0);
	kv_u32("tokenizer.ggml.bos_token_id", 1);
	kv_u32("tokenizer.ggml.eos_token_id", 2);
	kv_bool("tokenizer.ggml.add_bos_token", 1);
	kv_bool("tokenizer.ggml.add_eos_token", 0);

	/* vocabulary: specials, 256 byte tokens, then pieces: "▁" and single
	 * characters, "▁"+character, then two- and three-letter words */
	char **tok = calloc(vocab, sizeof *tok);
	int32_t *ttyp = calloc(vocab, sizeof *ttyp);
	if (!tok || !ttyp)
		return 1;
	size_t nt = 0;
	tok[nt] = sdup("<unk>"), ttyp[nt++] = 2;   /* UNKNOWN */
	tok[nt] = sdup("<s>"), ttyp[nt++] = 3;     /* CONTROL */
	tok[nt] = sdup("</s>"), ttyp[nt++] = 3;
	for (int b = 0; b < 256; b++) {
		char s[8];
		snprintf(s, sizeof s, "<0x%02X>", b);
		tok[nt] = sdup(s), ttyp[nt++] = 6;   /* BYTE */
	}
	static const char chars[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.,!?'-:;()";
	const char *sp = "\xE2\x96\x81";   /* U+2581, SentencePiece's space */
	if (nt < vocab)
		tok[nt] = sdup(sp), ttyp[nt++] = 1;
	for (const char *c = chars; *c && nt < vocab; c++) {
		char s[8] = {*c, 0};
		tok[nt] = sdup(s), ttyp[nt++] = 1;
	}
	for (const char *c = chars; *c && nt < vocab; c++) {
		char s[8];
		snprintf(s, sizeof s, "%s%c", sp, *c);
		tok[nt] = sdup(s), ttyp[nt++] = 1;
	}
	static const char *words[] = {"hello", "world", "the", "model", "memory", "llama"};
	for (size_t w = 0; w < sizeof words / sizeof words[0] && nt < vocab; w++) {
		char s[32];
		snprintf(s, sizeof s, "%s%s", sp, words[w]);
		tok[nt] = sdup(s), ttyp[nt++] = 1;
	}
	for (unsigned long k = 0; nt < vocab; k++) {
		/* "▁aa", "▁ab", ... then "aaa"...: all distinct from the above */
		char s[16];
		if (k < 26 * 26)
			snprintf(s, sizeof s, "%s%c%c", sp, (int)('a' + k / 26), (int)('a' + k % 26));
		else {
			unsigned long j = k - 26 * 26;
			snprintf(s, sizeof s, "%c%c%c%c", (int)('a' + j / 17576 % 26),
				 (int)('a' + j / 676 % 26), (int)('a' + j / 26 % 26), (int)('a' + j % 26));
		}
		tok[nt] = sdup(s), ttyp[nt++] = 1;
	}
	p_str("tokenizer.ggml.tokens");
	p_u32(V_ARRAY);
	p_u32(V_STRING);
	p_u64(vocab);
	for (size_t i = 0; i < vocab; i++)
		p_str(tok[i]);
	n_kv++;
	p_str("tokenizer.ggml.scores");
	p_u32(V_ARRAY);
	p_u32(V_F32);
	p_u64(vocab);
	for (size_t i = 0; i < vocab; i++)
		p_f32(ttyp[i] == 1 ? -(float)i : 0.0f);
	n_kv++;
	p_str("tokenizer.ggml.token_type");
	p_u32(V_ARRAY);
	p_u32(V_I32);
	p_u64(vocab);
	for (size_t i = 0; i < vocab; i++)
		put(&ttyp[i], 4);
	n_kv++;
	uint64_t nkv64 = n_kv;
	memcpy(hb + nkv_at, &nkv64, 8);

	for (size_t i = 0; i < n_tens; i++) {
		p_str(tens[i].name);
		p_u32(tens[i].n_dims);
		for (uint32_t d = 0; d < tens[i].n_dims; d++)
			p_u64(tens[i].ne[d]);
		p_u32((uint32_t)tens[i].type);
		p_u64(tens[i].offset);
	}
	while (hlen % align)
		put("", 1);

	/* ---- write ---- */
	FILE *f = fopen(out, "wb");
	if (!f) {
		fprintf(stderr, "mkmodel: %s: %s\n", out, strerror(errno));
		return 1;
	}
	setvbuf(f, NULL, _IOFBF, 1 << 20);
	if (fwrite(hb, 1, hlen, f) != hlen)
		goto werr;
	enum { CHUNK = 8 << 20 };
	unsigned char *buf = malloc(CHUNK + 256 * 4);
	if (!buf)
		return 1;
	uint64_t pos = 0;
	for (size_t i = 0; i < n_tens; i++) {
		static const unsigned char zero[4096];
		while (pos < tens[i].offset) {
			size_t z = tens[i].offset - pos > sizeof zero ? sizeof zero : (size_t)(tens[i].offset - pos);
			if (fwrite(zero, 1, z, f) != z)
				goto werr;
			pos += z;
		}
		const struct ttype *t = ttype(tens[i].type);
		if (tens[i].type == T_F32) {   /* norms: ones */
			float one = 1.0f;
			for (uint64_t e = 0; e < tens[i].ne[0] * tens[i].ne[1] * tens[i].ne[2]; e++)
				if (fwrite(&one, 4, 1, f) != 1)
					goto werr;
			pos += tens[i].bytes;
			continue;
		}
		size_t per = CHUNK / t->size * t->size;   /* whole blocks */
		for (uint64_t left = tens[i].bytes; left;) {
			size_t n = left > per ? per : (size_t)left;
			fill_type(tens[i].type, buf, n);
			if (fwrite(buf, 1, n, f) != n)
				goto werr;
			left -= n;
		}
		pos += tens[i].bytes;
	}
	if (fclose(f) != 0) {
		f = NULL;
		goto werr;
	}
	printf("%s: %zu tensors, %" PRIu64 " bytes of data, %" PRIu64 " bytes in all\n", out, n_tens,
	       data_size, (uint64_t)hlen + data_size);
	for (size_t i = 0; i < vocab; i++)
		free(tok[i]);
	free(tok);
	free(ttyp);
	free(buf);
	free(tens);
	free(hb);
	free(kvl);
	return 0;
werr:
	fprintf(stderr, "mkmodel: writing %s: %s\n", out, strerror(errno));
	if (f)
		fclose(f);
	remove(out);
	return 1;
}
