/* gpuhog.c - allocate a known amount of NVIDIA GPU memory through the CUDA
 * driver API, loaded with dlopen (no CUDA headers or libraries at build
 * time), for checks on a real GPU beside nvidia-smi.
 *
 *   gpuhog MIB STEP_MIB STEP_MS HOLD_S
 * allocates MIB (0: until the card is full) in steps of STEP_MIB every
 * STEP_MS, prints "ready N MiB" (or the CUDA error that stopped it, as
 * CUDA_ERROR_OUT_OF_MEMORY), holds it HOLD_S seconds and exits. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

typedef int cures;
typedef int cudev;
typedef void *cuctx;
typedef unsigned long long cuptr;

static void nap(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
	nanosleep(&ts, NULL);
}

int main(int argc, char **argv)
{
	if (argc != 5) {
		fprintf(stderr, "usage: gpuhog MIB STEP_MIB STEP_MS HOLD_S\n");
		return 2;
	}
	unsigned long long want = strtoull(argv[1], NULL, 10), step = strtoull(argv[2], NULL, 10);
	long step_ms = atol(argv[3]), hold = atol(argv[4]);
	void *cuda = dlopen("libcuda.so.1", RTLD_NOW);
	if (!cuda) {
		fprintf(stderr, "gpuhog: %s\n", dlerror());
		return 1;
	}
	cures (*init)(unsigned) = (cures (*)(unsigned))dlsym(cuda, "cuInit");
	cures (*devget)(cudev *, int) = (cures (*)(cudev *, int))dlsym(cuda, "cuDeviceGet");
	cures (*ctxnew)(cuctx *, unsigned, cudev) =
		(cures (*)(cuctx *, unsigned, cudev))dlsym(cuda, "cuCtxCreate_v2");
	cures (*alloc)(cuptr *, size_t) = (cures (*)(cuptr *, size_t))dlsym(cuda, "cuMemAlloc_v2");
	cures (*errname)(cures, const char **) =
		(cures (*)(cures, const char **))dlsym(cuda, "cuGetErrorName");
	if (!init || !devget || !ctxnew || !alloc || !errname) {
		fprintf(stderr, "gpuhog: libcuda.so.1 lacks the driver API calls\n");
		return 1;
	}
	cudev dev;
	cuctx ctx;
	cures r;
	if ((r = init(0)) || (r = devget(&dev, 0)) || (r = ctxnew(&ctx, 0, dev))) {
		const char *n = "?";
		errname(r, &n);
		fprintf(stderr, "gpuhog: CUDA start: %s\n", n);
		return 1;
	}
	unsigned long long got = 0;
	while (want == 0 || got < want) {
		unsigned long long s = want && want - got < step ? want - got : step;
		cuptr p;
		if ((r = alloc(&p, (size_t)(s << 20)))) {
			const char *n = "?";
			errname(r, &n);
			printf("stopped %s after %llu MiB\n", n, got);
			fflush(stdout);
			break;
		}
		got += s;
		if (step_ms)
			nap(step_ms);
	}
	printf("ready %llu MiB\n", got);
	fflush(stdout);
	nap(hold * 1000);
	return 0;
}
