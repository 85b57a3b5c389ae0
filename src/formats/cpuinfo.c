/* cpuinfo.c - this machine's kind of CPU for llama.cpp's weight copies; see
 * cpuinfo.h. */
#include "formats/cpuinfo.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "util/readfile.h"

static const char *const names[CPU_KINDS] = {"plain", "avx2", "avx512", "amx"};

const char *cpu_kind_name(enum cpu_kind k)
{
	return (unsigned)k < CPU_KINDS ? names[k] : "plain";
}

int cpu_kind_parse(const char *s)
{
	for (int i = 0; i < CPU_KINDS; i++)
		if (strcmp(s, names[i]) == 0)
			return i;
	return -1;
}

/* flag (a whole word) among the space-separated words of [p, end) */
static bool has_word(const char *p, const char *end, const char *flag)
{
	size_t fl = strlen(flag);
	while (p < end) {
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		const char *w = p;
		while (p < end && *p != ' ' && *p != '\t')
			p++;
		if ((size_t)(p - w) == fl && memcmp(w, flag, fl) == 0)
			return true;
	}
	return false;
}

static bool has_all(const char *p, const char *end, const char *const *flags)
{
	for (; *flags; flags++)
		if (!has_word(p, end, *flags))
			return false;
	return true;
}

enum cpu_kind cpuinfo_kind(const char *buf, size_t len)
{
	const char *p = buf, *end = buf + len;
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		if (!eol)
			eol = end;
		/* x86's "flags\t\t: fpu vme ..." (ARM's is "Features") */
		if (eol - p > 5 && memcmp(p, "flags", 5) == 0 && (p[5] == ' ' || p[5] == '\t' || p[5] == ':')) {
			const char *c = memchr(p, ':', (size_t)(eol - p));
			if (!c)
				return CPU_PLAIN;
			/* the features ggml's x86 variants require (ggml/src/
			 * CMakeLists.txt ggml_add_cpu_backend_variant), in
			 * the kernel's names */
			static const char *const avx2[] = {"avx", "f16c", "avx2", "bmi2", "fma", NULL};
			/* ggml's AVX512: F, CD, VL, DQ and BW (without all five
			 * it loads an AVX2 variant) */
			static const char *const avx512[] = {"avx512f", "avx512cd", "avx512vl", "avx512dq",
			                                     "avx512bw", NULL};
			static const char *const amx[] = {"avx512vbmi", "avx512_vnni", "avx512_bf16",
			                                  "amx_tile", "amx_int8", NULL};
			if (!has_all(c + 1, eol, avx2))
				return CPU_PLAIN;
			if (!has_all(c + 1, eol, avx512))
				return CPU_AVX2;
			return has_all(c + 1, eol, amx) ? CPU_AMX : CPU_AVX512;
		}
		p = eol + 1;
	}
	return CPU_PLAIN;
}

enum cpu_kind cpuinfo_read(const char *root)
{
	/* the first CPU's block holds its flags: a few KiB, whatever the
	 * number of CPUs */
	char buf[16384], path[READFILE_PATH_MAX];
	snprintf(path, sizeof path, "%s/proc/cpuinfo", root ? root : "");
	ssize_t n = readfile(path, buf, sizeof buf);
	return n > 0 ? cpuinfo_kind(buf, (size_t)n) : CPU_PLAIN;
}

/* ggml's type numbers (ggml.h enum ggml_type) */
enum { T_F16 = 1, T_Q4_0 = 2, T_Q4_1 = 3, T_Q8_0 = 8, T_Q2_K = 10, T_Q4_K = 12, T_Q5_K = 13,
       T_Q6_K = 14, T_IQ4_NL = 20, T_IQ4_XS = 23, T_MXFP4 = 39 };

/* AMX's bytes for a block of `type` (its elements in *blck); 0: AMX does
 * not take the type */
static unsigned amx_block(uint32_t type, unsigned *blck)
{
	*blck = 32;
	switch (type) {
	case T_Q4_0: return 18;
	case T_Q4_1: return 20;
	case T_Q8_0: return 34 + 4;        /* + an int32 compensation */
	case T_F16: *blck = 16; return 32; /* not packed */
	}
	*blck = 256;
	switch (type) {
	case T_Q4_K: return 144 + 4;
	case T_Q5_K: return 176 + 4;
	case T_Q6_K: return 210;
	case T_IQ4_XS: return 136 + 2;
	}
	return 0;
}

bool cpu_copy_of(enum cpu_kind k, uint32_t type, const uint64_t ne[4], bool mmid, uint64_t nbytes,
                 uint64_t *copy)
{
	bool two_d = ne[1] > 1 && ne[2] == 1 && ne[3] == 1;
	unsigned blck, bytes = k == CPU_AMX ? amx_block(type, &blck) : 0;
	/* AMX: out features (the rows) a multiple of 32, whole blocks a row */
	if (bytes && !mmid && two_d && ne[1] % 32 == 0 && ne[0] % blck == 0) {
		uint64_t row = ne[0] / blck * bytes;
		return !__builtin_mul_overflow(row, ne[1], copy);
	}
	bool repack = (type == T_Q4_0 || type == T_Q4_K || type == T_IQ4_NL || type == T_MXFP4) ||
	              (type == T_Q2_K && k >= CPU_AVX512);
	bool shape = mmid ? ne[1] > 1 && ne[2] > 1 && ne[3] == 1 : two_d;
	if (k >= CPU_AVX2 && repack && shape && ne[1] % 8 == 0) {
		*copy = nbytes;
		return true;
	}
	return false;
}

bool cpu_copies_add(uint64_t src[CPU_KINDS], uint64_t copy[CPU_KINDS], uint32_t type,
                    const uint64_t ne[4], int mm, bool dup, uint64_t nbytes)
{
	bool bad = false;
	for (int k = 0; k < CPU_KINDS && !bad; k++) {
		uint64_t cb;
		if (mm && cpu_copy_of((enum cpu_kind)k, type, ne, mm == 2, nbytes, &cb))
			bad = __builtin_add_overflow(src[k], nbytes, &src[k]) ||
			      __builtin_add_overflow(copy[k], cb, &copy[k]);
		if (dup && cpu_copy_of((enum cpu_kind)k, type, ne, false, nbytes, &cb))
			bad = bad || __builtin_add_overflow(copy[k], cb, &copy[k]);
	}
	return !bad;
}
