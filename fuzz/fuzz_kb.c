/* fuzz_kb.c - libFuzzer target for the knowledge-base entry parser and the
 * matcher: entries come from a user's folder, log lines from any program,
 * so no bytes may crash them. The input is split at the first 0xff byte:
 * an entry file, then a log line. Build and run with fuzz/run.sh. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kb/asksize.h"
#include "kb/kb.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *sep = memchr(data, 0xff, size);
	size_t elen = sep ? (size_t)(sep - data) : size;
	struct kb_entry e;
	char err[256];
	if (kb_parse((const char *)data, elen, "fuzz", &e, err, sizeof err) == 0) {
		char *line = malloc(size - elen + 1);
		size_t ll = sep ? size - elen - 1 : 0;
		memcpy(line, sep ? sep + 1 : data, ll);
		line[ll] = '\0';
		struct kb_ask ask;
		if (kb_ask_parse(line, &ask) && !(ask.bytes >= 0))
			abort();   /* a size read is a size */
		for (size_t i = 0; i < e.nsigs; i++) {
			struct kb_sig *s = &e.sigs[i];
			s->compiled = regcomp(&s->re, s->src, REG_EXTENDED | REG_ICASE |
					      (s->cmp_op ? 0 : REG_NOSUB)) == 0;
			kb_sig_match(s, line);
		}
		char out[512];
		for (size_t i = 0; i < e.nfix; i++)
			kb_render(e.fix[i], (i & 1) ? "now" : NULL, NULL, out, sizeof out);
		free(line);
		kb_entry_free(&e);
	}
	return 0;
}
