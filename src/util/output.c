/* output.c - checking that output was written, and error lines; see
 * output.h. */
#include "util/output.h"

#include <errno.h>
#include <stdarg.h>
#include <string.h>

#include "util/escape.h"

/* Why the first failed flush failed: stdio drops the buffer then, so a later
 * flush succeeds and only ferror() remembers, without the reason. */
static int first_errno;

bool output_failed(FILE *f)
{
	errno = 0;
	bool bad = fflush(f) != 0 || ferror(f);
	if (bad && !first_errno)
		first_errno = errno;
	return bad;
}

int output_close(const char *cmd)
{
	bool bad = output_failed(stdout);
	int e = first_errno;
	/* fclose reports what fflush did not (an NFS server refusing at close) */
	if (fclose(stdout) != 0 && !bad) {
		bad = true;
		e = errno;
	}
	if (!bad)
		return 0;
	fprintf(stderr, "oomcast: %s: cannot write the output: %s\n", cmd,
		e ? strerror(e) : "write error");
	return -1;
}

void output_error(const char *fmt, ...)
{
	char msg[4096], safe[4 * sizeof msg + 1];   /* a path may be 4 KiB */
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	escape_copy(safe, sizeof safe, msg);
	fprintf(stderr, "oomcast: %s\n", safe);
}
