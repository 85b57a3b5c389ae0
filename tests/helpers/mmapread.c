/* mmapread - read a file through a shared read-only mapping again and
 * again, one byte a page, as llama.cpp reads mmap'd weights for every
 * token: in a memory cgroup smaller than the file the pages are reclaimed
 * and read back from disk on every pass.
 * usage: mmapread FILE SECONDS */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: mmapread FILE SECONDS\n");
		return 2;
	}
	int fd = open(argv[1], O_RDONLY);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) < 0 || st.st_size <= 0) {
		perror(argv[1]);
		return 1;
	}
	const volatile unsigned char *p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED) {
		perror("mmap");
		return 1;
	}
	long page = sysconf(_SC_PAGESIZE);
	double end = now() + atof(argv[2]);
	unsigned long sum = 0, passes = 0;
	while (now() < end) {
		for (off_t o = 0; o < st.st_size; o += page)
			sum += p[o];
		passes++;
	}
	fprintf(stderr, "mmapread: %lu passes (%lu)\n", passes, sum & 1);
	return 0;
}
