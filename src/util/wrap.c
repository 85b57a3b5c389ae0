/* wrap.c - greedy word wrapping; see wrap.h. Bytes, not display columns:
 * the entries are ASCII. */
#include "util/wrap.h"

#include <string.h>

size_t wrap_next(const char *s, size_t width, size_t *next)
{
	size_t len = strcspn(s, "\n");
	if (!*s) {
		*next = 0;
		return 0;
	}
	if (width == 0)
		width = 1;
	size_t cut = len;
	if (len > width) {
		cut = width;
		while (cut > 0 && s[cut] != ' ')
			cut--;
		if (cut == 0)
			cut = width;   /* one long word */
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
