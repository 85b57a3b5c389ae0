/* inspect.h - one process looked at closely, for the detail view: its
 * memory from /proc/PID/smaps_rollup and its largest mappings from
 * /proc/PID/smaps. Read only while the view is open, for that process. The
 * parsers take a buffer, so fixtures stand in for /proc. */
#ifndef OOMCAST_INSPECT_H
#define OOMCAST_INSPECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define INSPECT_MAPS 5
#define INSPECT_PATH_MAX 512

struct inspect_map {
	char path[INSPECT_PATH_MAX];   /* raw (hostile: escape it); "[anon]" unnamed */
	uint64_t rss;                  /* bytes, all its mappings together */
	bool cut;                      /* path longer than kept */
};

struct proc_inspect {
	pid_t pid;
	uint64_t start;             /* the process it is about (clock ticks) */
	int err;                    /* 0 read; else why not (errno: ESRCH gone, EACCES) */
	bool rollup;                /* smaps_rollup read */
	/* bytes, SNAP_NA unknown. The rollup splits Pss by kind (Pss_File,
	 * Pss_Shmem; kernel 5.x+), not Rss: RssFile and RssShmem are in the
	 * snapshot (status) */
	uint64_t rss, pss, anon, pss_file, pss_shmem, swap, swap_pss, locked;
	struct inspect_map maps[INSPECT_MAPS];   /* largest RSS first */
	size_t nmaps;
	bool maps_read;             /* smaps read (nmaps may be 0) */
};

void inspect_clear(struct proc_inspect *in);

/* smaps_rollup: fills rss..locked from its "Key: N kB" lines. False when no
 * Rss line is there. */
bool inspect_parse_rollup(const char *buf, size_t len, struct proc_inspect *out);

/* smaps: the INSPECT_MAPS largest files by resident size, every mapping of
 * a file added together, unnamed ones as "[anon]" (and [heap], [stack] by
 * their names). A buffer cut in the middle counts what it holds. */
void inspect_parse_smaps(const char *buf, size_t len, struct proc_inspect *out);

/* Read both for pid under root ("" live); a pid that is now another
 * process (start differs) is ESRCH. */
void inspect_read(const char *root, pid_t pid, uint64_t start, struct proc_inspect *out);

#endif
