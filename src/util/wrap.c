/* wrap.c - greedy word wrapping; see wrap.h. Measured as the views show
 * text: a byte they escape takes four columns, a character beyond ASCII at
 * most two (never less than it takes), so a log line or a cgroup's name
 * with raw bytes wraps instead of running past its box. */
#include "util/wrap.h"

#include <string.h>

#include "util/escape.h"

size_t wrap_next(const char *s, size_t width, size_t *next)
{
	size_t len = strcspn(s, "\n");
	if (!*s) {
		*next = 0;
		return 0;
	}
	if (width == 0)
		width = 1;
	/* the whole characters that fit in width columns (one at least) */
	size_t fit = 0, cols = 0;
	while (fit < len) {
		size_t l, c = (size_t)escape_cols(s + fit, len - fit, &l);
		if (cols + c > width && fit > 0)
			break;
		cols += c;
		fit += l;
	}
	size_t cut = fit;
	if (fit < len) {
		/* (a space is one byte: never inside a character) */
		while (cut > 0 && s[cut] != ' ')
			cut--;
		if (cut == 0)
			cut = fit;   /* one long word */
	}
	size_t n = cut;
	while (n > 0 && s[n - 1] == ' ')
		n--;
	size_t k = cut;
	while (s[k] == ' ')
		k++;
	if (s[k] == '\n')
		k++;
	*next = k;
	return n;
}
