/* gguf.c - GGUF header reading; see gguf.h. Layout (little-endian): "GGUF",
 * u32 version (2 or 3), u64 tensor count, u64 metadata count, then each
 * metadata pair: a string key (u64 length, bytes), u32 type, the value.
 * Strings are u64 length + bytes; arrays u32 element type, u64 count, the
 * elements. Parsers elsewhere have had CVEs for unchecked lengths and
 * overflowing counts: here every read is bounded by the buffer. */
#include "model/gguf.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

enum { T_U8, T_I8, T_U16, T_I16, T_U32, T_I32, T_F32, T_BOOL, T_STRING, T_ARRAY, T_U64, T_I64,
       T_F64, T_N };

struct rd {
	const uint8_t *p, *end;
	bool bad;
};

static uint64_t get(struct rd *r, size_t n)
{
	if (r->bad || (size_t)(r->end - r->p) < n) {
		r->bad = true;
		return 0;
	}
	uint64_t v = 0;
	for (size_t i = 0; i < n; i++)
		v |= (uint64_t)r->p[i] << (8 * i);
	r->p += n;
	return v;
}

static size_t scalar_size(uint32_t t)
{
	static const size_t sz[T_N] = {1, 1, 2, 2, 4, 4, 4, 1, 0, 0, 8, 8, 8};
	return t < T_N ? sz[t] : 0;
}

/* A string: its bytes in place (not NUL-terminated). */
static const uint8_t *str(struct rd *r, uint64_t *len)
{
	*len = get(r, 8);
	if (r->bad || *len > (uint64_t)(r->end - r->p)) {
		r->bad = true;
		return NULL;
	}
	const uint8_t *s = r->p;
	r->p += *len;
	return s;
}

/* An integer value of any integer type (bool too); false for other types. */
static bool int_value(struct rd *r, uint32_t t, uint64_t *v)
{
	switch (t) {
	case T_U8: case T_I8: case T_BOOL: *v = get(r, 1); return true;
	case T_U16: case T_I16: *v = get(r, 2); return true;
	case T_U32: case T_I32: *v = get(r, 4); return true;
	case T_U64: case T_I64: *v = get(r, 8); return true;
	default: return false;
	}
}

/* Skip a value of type t (arrays of arrays included, to a bounded depth). */
static void skip(struct rd *r, uint32_t t, int depth)
{
	if (t == T_STRING) {
		uint64_t n;
		str(r, &n);
	} else if (t == T_ARRAY) {
		uint32_t et = (uint32_t)get(r, 4);
		uint64_t n = get(r, 8);
		if (r->bad || depth > 2 || et >= T_N) {
			r->bad = true;
			return;
		}
		size_t es = scalar_size(et);
		if (es) {
			if (n > (uint64_t)(r->end - r->p) / es) {
				r->bad = true;
				return;
			}
			r->p += n * es;
		} else {
			for (uint64_t i = 0; i < n && !r->bad; i++)
				skip(r, et, depth + 1);
		}
	} else {
		size_t es = scalar_size(t);
		if (!es) {
			r->bad = true;
			return;
		}
		get(r, es);
	}
}

/* Does key (klen bytes) end in "." suffix with a prefix free of dots
 * (ARCH.suffix)? */
static bool arch_key(const uint8_t *k, uint64_t kl, const char *suffix)
{
	size_t sl = strlen(suffix);
	if (kl <= sl + 1 || memcmp(k + kl - sl, suffix, sl) != 0 || k[kl - sl - 1] != '.')
		return false;
	return memchr(k, '.', kl - sl - 1) == NULL;
}

static bool key_is(const uint8_t *k, uint64_t kl, const char *name)
{
	return kl == strlen(name) && memcmp(k, name, kl) == 0;
}

static void copy_str(char *dst, size_t cap, const uint8_t *s, uint64_t n)
{
	size_t k = n < cap - 1 ? (size_t)n : cap - 1;
	for (size_t i = 0; i < k; i++)
		dst[i] = s[i] >= 0x20 && s[i] < 0x7f ? (char)s[i] : '?';
	dst[k] = '\0';
}

__attribute__((format(printf, 3, 4)))
static int fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -1;
}

int gguf_parse(const uint8_t *buf, size_t len, struct gguf_info *g, char *err, size_t errlen)
{
	memset(g, 0, sizeof *g);
	g->block_count = g->context_length = g->embedding_length = g->head_count = GGUF_UNKNOWN;
	g->head_count_kv = g->key_length = g->value_length = g->sliding_window = GGUF_UNKNOWN;
	g->kv_heads_sum = g->file_type = GGUF_UNKNOWN;
	struct rd r = {buf, buf + len, false};
	if (len < 4 || memcmp(buf, "GGUF", 4) != 0)
		return fail(err, errlen, "not a GGUF file");
	r.p += 4;
	g->version = (uint32_t)get(&r, 4);
	g->n_tensors = get(&r, 8);
	g->n_kv = get(&r, 8);
	if (r.bad)
		return fail(err, errlen, "GGUF header truncated");
	if (g->version < 2 || g->version > 3)
		return fail(err, errlen, "GGUF version %u not supported (2 and 3 are)", g->version);
	if (g->n_kv > 1000000 || g->n_tensors > 10000000)
		return fail(err, errlen, "GGUF header counts are implausible");
	uint64_t kv_sum = 0;
	bool kv_array = false;
	for (uint64_t i = 0; i < g->n_kv && !r.bad; i++) {
		uint64_t kl;
		const uint8_t *k = str(&r, &kl);
		uint32_t t = (uint32_t)get(&r, 4);
		if (r.bad || !k)
			break;
		/* the tokenizer's arrays (megabytes) come after the sizes: once
		 * the sizes are there, stop before them */
		if (kl > 10 && memcmp(k, "tokenizer.", 10) == 0 && g->block_count != GGUF_UNKNOWN &&
		    g->head_count != GGUF_UNKNOWN && g->embedding_length != GGUF_UNKNOWN)
			break;
		uint64_t v;
		const struct { const char *suffix; uint64_t *dst; } ints[] = {
			{"block_count", &g->block_count},
			{"context_length", &g->context_length},
			{"embedding_length", &g->embedding_length},
			{"attention.key_length", &g->key_length},
			{"attention.value_length", &g->value_length},
			{"attention.sliding_window", &g->sliding_window},
		};
		bool done = false;
		for (size_t j = 0; j < sizeof ints / sizeof ints[0] && !done; j++)
			if (arch_key(k, kl, ints[j].suffix)) {
				if (int_value(&r, t, &v))
					*ints[j].dst = v;
				else
					skip(&r, t, 0);
				done = true;
			}
		if (done)
			continue;
		if (arch_key(k, kl, "attention.head_count") || arch_key(k, kl, "attention.head_count_kv")) {
			bool kv = arch_key(k, kl, "attention.head_count_kv");
			uint64_t *dst = kv ? &g->head_count_kv : &g->head_count;
			if (int_value(&r, t, &v)) {
				*dst = v;
			} else if (t == T_ARRAY) {
				/* per layer (0 = a layer without KV): keep the largest,
				 * and the sum for the KV estimate */
				uint32_t et = (uint32_t)get(&r, 4);
				uint64_t n = get(&r, 8);
				uint64_t mx = 0, sum = 0;
				if (!scalar_size(et) || n > (uint64_t)(r.end - r.p) / scalar_size(et) ||
				    et == T_F32 || et == T_F64) {
					r.bad = true;
					break;
				}
				for (uint64_t j = 0; j < n; j++) {
					int_value(&r, et, &v);
					if (v > mx)
						mx = v;
					if (sum < (1ull << 40))
						sum += v;
				}
				*dst = mx;
				if (kv) {
					kv_sum = sum;
					kv_array = true;
				}
			} else {
				skip(&r, t, 0);
			}
			continue;
		}
		if (key_is(k, kl, "general.architecture") && t == T_STRING) {
			uint64_t n;
			const uint8_t *s = str(&r, &n);
			if (s)
				copy_str(g->arch, sizeof g->arch, s, n);
		} else if (key_is(k, kl, "general.name") && t == T_STRING) {
			uint64_t n;
			const uint8_t *s = str(&r, &n);
			if (s)
				copy_str(g->name, sizeof g->name, s, n);
		} else if (key_is(k, kl, "general.file_type") && int_value(&r, t, &v)) {
			g->file_type = v;
		} else {
			skip(&r, t, 0);
		}
		/* the sizes come before the tokenizer's large arrays: stop early */
		if (g->arch[0] && g->block_count != GGUF_UNKNOWN && g->embedding_length != GGUF_UNKNOWN &&
		    g->head_count != GGUF_UNKNOWN && g->head_count_kv != GGUF_UNKNOWN &&
		    g->context_length != GGUF_UNKNOWN && g->key_length != GGUF_UNKNOWN &&
		    g->value_length != GGUF_UNKNOWN)
			break;
	}
	if (g->head_count_kv == GGUF_UNKNOWN)
		g->head_count_kv = g->head_count;   /* no GQA: as many KV heads as heads */
	if (kv_array)
		g->kv_heads_sum = kv_sum;
	else if (g->head_count_kv != GGUF_UNKNOWN && g->block_count != GGUF_UNKNOWN &&
		 g->block_count < 100000 && g->head_count_kv < 100000)
		g->kv_heads_sum = g->block_count * g->head_count_kv;
	if (g->block_count == GGUF_UNKNOWN || g->kv_heads_sum == GGUF_UNKNOWN ||
	    (g->key_length == GGUF_UNKNOWN &&
	     (g->embedding_length == GGUF_UNKNOWN || g->head_count == GGUF_UNKNOWN || g->head_count == 0)))
		return fail(err, errlen, r.bad ? "GGUF metadata truncated or malformed"
					       : "GGUF metadata lacks the model's sizes");
	return 0;
}

int gguf_read_file(const char *path, size_t map_max, struct gguf_info *g, uint64_t *size,
                   char *err, size_t errlen)
{
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	struct stat st;
	if (fd < 0)
		return fail(err, errlen, "cannot read %s: %s", path, strerror(errno));
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return fail(err, errlen, "cannot read %s: not a regular file", path);
	}
	*size = (uint64_t)st.st_size;
	size_t len = (uint64_t)st.st_size < map_max ? (size_t)st.st_size : map_max;
	void *m = len ? mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, 0) : MAP_FAILED;
	close(fd);
	if (m == MAP_FAILED)
		return fail(err, errlen, "%s: %s", path, len ? strerror(errno) : "empty file");
	char why[160];
	int rc = gguf_parse(m, len, g, why, sizeof why);
	munmap(m, len);
	if (rc < 0)
		return fail(err, errlen, "%s: %s", path, why);
	return 0;
}

uint64_t gguf_kv_bytes(const struct gguf_info *g, uint64_t n_ctx, double elem_bytes)
{
	if (g->kv_heads_sum == GGUF_UNKNOWN)
		return GGUF_UNKNOWN;
	uint64_t hk = g->key_length, hv = g->value_length;
	if (hk == GGUF_UNKNOWN) {
		if (g->embedding_length == GGUF_UNKNOWN || g->head_count == GGUF_UNKNOWN ||
		    g->head_count == 0)
			return GGUF_UNKNOWN;
		hk = g->embedding_length / g->head_count;
	}
	if (hv == GGUF_UNKNOWN)
		hv = hk;
	uint64_t cells = (n_ctx + 255) / 256 * 256;
	double b = (double)cells * (double)g->kv_heads_sum * (double)(hk + hv) * elem_bytes;
	return b >= 1.8e19 ? GGUF_UNKNOWN : (uint64_t)b;
}
