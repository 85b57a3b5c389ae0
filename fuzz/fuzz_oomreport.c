/* fuzz_oomreport.c - libFuzzer target for the kernel OOM report parser: the
 * kernel log can hold any bytes a process names itself with (comm) or a
 * cgroup is named with, and `oomcast why --from FILE` reads any file, so no
 * input may crash the parser or the assembler. Lines are fed one by one, as
 * /dev/kmsg hands them over. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "formats/oomreport.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *b = (const char *)data, *end = b + size;
	struct oom_assembler a;
	struct oom_kill k;
	oomreport_init(&a);
	while (b < end) {
		const char *nl = memchr(b, '\n', (size_t)(end - b));
		size_t n = nl ? (size_t)(nl - b) : (size_t)(end - b);
		if (oomreport_feed(&a, b, n, &k)) {
			/* what it hands out is always terminated and in range */
			if (strlen(k.comm) >= sizeof k.comm || strlen(k.oom_memcg) >= sizeof k.oom_memcg ||
			    strlen(k.task_memcg) >= sizeof k.task_memcg || k.pid <= 0 ||
			    strlen(k.gfp_flags) >= sizeof k.gfp_flags)
				__builtin_trap();
		}
		b += n + 1;
	}
	/* a report left without its kill line is handed out at the end */
	if (oomreport_flush(&a, &k) && (strlen(k.comm) >= sizeof k.comm || k.pid <= 0 ||
	                                strlen(k.gfp_flags) >= sizeof k.gfp_flags))
		__builtin_trap();
	return 0;
}
