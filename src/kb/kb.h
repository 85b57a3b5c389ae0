/* kb.h - the error knowledge base: entries written as small text files
 * (kb/NAME.txt, format in kb/README.md), built into the binary and extended
 * from ~/.config/oomcast/kb/. An entry names a memory problem people hit
 * when running models, the log lines that show it (POSIX extended regular
 * expressions), its cause and the steps that fix it. */
#ifndef OOMCAST_KB_H
#define OOMCAST_KB_H

#include <regex.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define KB_ID_MAX 48
#define KB_LINE_MAX 1024      /* longest line of an entry file */
#define KB_FILE_MAX 65536     /* largest entry file */
#define KB_SIGS_MAX 32
#define KB_SIG_MAX 300        /* longest signature expression */
#define KB_SAMPLES_MAX 32
#define KB_STEPS_MAX 16

struct kb_sig {
	char *src;                /* the expression as written */
	regex_t re;
	bool compiled;
	/* "when $A < $B" (or > !=): a numeric test on two captured groups */
	int cmp_a, cmp_b;
	char cmp_op;              /* 0: none */
};

struct kb_entry {
	char id[KB_ID_MAX];
	char *title, *category, *resources, *runtimes, *related;
	int priority;             /* 1..9: how specific the entry is */
	/* "weak": its lines only hint (a bare "Killed", exit status 137), and
	 * check says how to confirm; NULL: its signatures are exact */
	char *check;
	struct kb_sig *sigs;      /* nsigs of them, KB_SIGS_MAX at most */
	size_t nsigs, sigs_cap;
	char *samples[KB_SAMPLES_MAX];
	size_t nsamples;
	char *cause;              /* paragraphs separated by "\n" */
	char *fix[KB_STEPS_MAX];  /* steps, each one paragraph */
	size_t nfix;
	char origin[256];         /* "built in" or the file's path */
};

struct kb {
	struct kb_entry *e;
	size_t n, cap;
	bool compiled;
};

/* Parse one entry from buf. 0, or -1 with "line N: what is wrong" in err.
 * Expressions are checked (compiled and freed) here; see kb_compile. */
int kb_parse(const char *buf, size_t len, const char *origin, struct kb_entry *out,
             char *err, size_t errlen);
void kb_entry_free(struct kb_entry *e);

void kb_init(struct kb *kb);
void kb_free(struct kb *kb);

/* The entries built into the binary. Returns -1 with err set if one does
 * not parse (a bug the tests catch). */
int kb_load_builtin(struct kb *kb, char *err, size_t errlen);
/* Every *.txt in dir: an entry with an id already known replaces it. A file
 * that does not parse is reported on warn (one line) and skipped. Returns
 * how many were added or replaced. */
size_t kb_load_dir(struct kb *kb, const char *dir, FILE *warn);
/* Built-in entries, then the user's ($XDG_CONFIG_HOME or ~/.config)/oomcast/kb. */
int kb_load_all(struct kb *kb, FILE *warn, char *err, size_t errlen);

const struct kb_entry *kb_find(const struct kb *kb, const char *id);

/* Compile every signature for matching (kb_parse only checks them). */
void kb_compile(struct kb *kb);

/* Does line (NUL-terminated) match signature s of an entry? */
bool kb_sig_match(const struct kb_sig *s, const char *line);

/* Text of an entry's step with placeholders filled: {now} (this machine's
 * numbers) and {driver}. With a NULL value, the parenthesised group that
 * holds the placeholder is left out, so the step still reads well. */
void kb_render(const char *text, const char *now, const char *driver, char *out, size_t outlen);

/* The values a step's placeholders take; NULL: not known. A step writes
 * "{name}" (a NULL value drops the parenthesised group around it, as above)
 * or "{name|default}" (the default text when NULL), so that a fix command
 * carries this machine's figures where oomcast has them and the generic
 * spelling where it has not. */
struct kb_vars {
	const char *now;            /* this machine's numbers */
	const char *driver;         /* "ollama, pid 42" */
	const char *limit;          /* a memory limit the load fits in: "760M" */
	const char *limit_k8s;      /* the same as a Kubernetes quantity: "760Mi" */
	const char *unit;           /* the systemd unit of the cgroup: "ollama.service" */
	const char *container;      /* its container's short id */
	const char *ctx;            /* the largest context that fits: "3072" */
	const char *cram;           /* llama-server's -cram that fits (MiB): "443" */
	/* "(cd /sys/fs/cgroup/memory/box && grep . memory.limit_in_bytes ...)" */
	const char *cg_show;
	const char *cg_set;         /* "echo 768M > /sys/fs/cgroup/box/memory.max" */
};
void kb_render_vars(const char *text, const struct kb_vars *v, char *out, size_t outlen);

#endif
