/* memhog - a test child that allocates and touches anonymous memory at a
 * known rate, then holds it. Used by the integration tests as a stand-in for
 * a model being loaded.
 *
 *   memhog MIB [RATE_MIB_PER_S [HOLD_S]]
 *
 * RATE 0 (default) allocates at once. Prints "done MIB" on stdout when all is
 * touched, then sleeps HOLD_S seconds (default 3600) and exits 0. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: memhog MIB [RATE_MIB_PER_S [HOLD_S]]\n");
		return 2;
	}
	long mib = atol(argv[1]);
	double rate = argc > 2 ? atof(argv[2]) : 0;
	double hold = argc > 3 ? atof(argv[3]) : 3600;
	const size_t chunk = 1 << 20;
	double t0 = now();
	for (long i = 0; i < mib; i++) {
		char *p = mmap(NULL, chunk, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED) {
			perror("memhog: mmap");
			return 1;
		}
		memset(p, 0x5a, chunk);   /* touch every page: RSS, not just address space */
		if (rate > 0) {
			double due = t0 + (i + 1) / rate, t = now();
			if (due > t)
				usleep((useconds_t)((due - t) * 1e6));
		}
	}
	printf("done %ld\n", mib);
	fflush(stdout);
	struct timespec h = {(time_t)hold, (long)((hold - (long)hold) * 1e9)};
	nanosleep(&h, NULL);
	return 0;
}
