/* memhog - a test child that allocates and touches anonymous memory at a
 * known rate, then holds it. Used by the integration tests as a stand-in for
 * a model being loaded.
 *
 *   memhog MIB [RATE_MIB_PER_S [HOLD_S]]
 *
 * RATE 0 (default) allocates at once. Prints "done MIB" on stdout when all is
 * touched, then sleeps HOLD_S seconds (default 3600) and exits 0.
 *
 * Load shapes for the forecast benchmark, from the environment:
 *   MEMHOG_READ=FILE      read FILE first (page cache, like weights being read)
 *   MEMHOG_BURST=MIB:S    allocate MIB at once, then pause S seconds (tensor
 *                         by tensor); RATE is then ignored
 *   MEMHOG_NOISE=1        free and reallocate a random few MiB as it goes
 *   MEMHOG_WAIT=FILE      wait until FILE exists before anything else (a
 *                         server that has been up a while, then loads; at
 *                         most 600 s, then exit 1)
 *   MEMHOG_MAP=FILE       map FILE (read-only) and keep it mapped: a file
 *                         named as a GPU backend's library (libggml-cuda.so)
 *                         makes a GPU build of llama.cpp in the maps */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <stdbool.h>
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
	const char *rd = getenv("MEMHOG_READ"), *burst = getenv("MEMHOG_BURST");
	bool noise = getenv("MEMHOG_NOISE") != NULL;
	long burst_mib = 0;
	double burst_pause = 0;
	if (burst && sscanf(burst, "%ld:%lf", &burst_mib, &burst_pause) != 2)
		burst_mib = 0;
	const char *gate = getenv("MEMHOG_WAIT");
	for (double t = now(); gate && access(gate, F_OK) != 0; usleep(50000)) {
		if (now() - t > 600) {
			fprintf(stderr, "memhog: %s did not appear in 600 s\n", gate);
			return 1;
		}
	}
	const char *map = getenv("MEMHOG_MAP");
	if (map) {
		int fd = open(map, O_RDONLY);
		if (fd < 0 || mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fd, 0) == MAP_FAILED) {
			perror("memhog: MEMHOG_MAP");
			return 1;
		}
		close(fd);
	}
	if (rd) {
		char buf[1 << 16];
		int fd = open(rd, O_RDONLY);
		if (fd < 0) {
			perror("memhog: MEMHOG_READ");
			return 1;
		}
		while (read(fd, buf, sizeof buf) > 0)
			;
		close(fd);
	}
	char *spare[8] = {0};
	srand(42);
	double t0 = now();
	for (long i = 0; i < mib; i++) {
		char *p = mmap(NULL, chunk, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED) {
			perror("memhog: mmap");
			return 1;
		}
		memset(p, 0x5a, chunk);   /* touch every page: RSS, not just address space */
		if (noise && i % 4 == 0) {
			/* up to 8 MiB that comes and goes */
			int k = rand() % 8;
			if (spare[k]) {
				munmap(spare[k], chunk);
				spare[k] = NULL;
			} else if ((spare[k] = mmap(NULL, chunk, PROT_READ | PROT_WRITE,
						    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)) != MAP_FAILED) {
				memset(spare[k], 1, chunk);
			} else {
				spare[k] = NULL;
			}
		}
		if (burst_mib > 0) {
			if ((i + 1) % burst_mib == 0)
				usleep((useconds_t)(burst_pause * 1e6));
		} else if (rate > 0) {
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
