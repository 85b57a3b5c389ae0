/* fakeram.c - an LD_PRELOAD shim that makes a program see a machine with
 * FAKE_RAM_MIB of RAM where it asks sysconf(_SC_PHYS_PAGES), as ggml's CPU
 * device does for llama.cpp's --fit (ggml-cpu.cpp: its free and total
 * memory are both that). Everything else is the real sysconf's.
 *   cc -shared -fPIC -O2 -o /tmp/fakeram.so bench/fakeram.c -ldl
 * For bench/llama_fit_cut.sh. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdlib.h>
#include <unistd.h>

long sysconf(int name)
{
	static long (*real)(int);
	if (!real)
		real = (long (*)(int))dlsym(RTLD_NEXT, "sysconf");
	const char *f = getenv("FAKE_RAM_MIB");
	long page = real(_SC_PAGE_SIZE);
	if (name == _SC_PHYS_PAGES && f && page > 0)
		return atol(f) * 1048576L / page;
	return real(name);
}
