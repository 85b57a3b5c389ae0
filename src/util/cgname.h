/* cgname.h - a cgroup path shortened for a narrow cell, from the left, the
 * distinguishing part kept: a container's 64-hex id becomes its 12-char
 * short id (as `docker ps` shows it), a systemd unit keeps its name, and
 * what is left of the width goes to the components before it. What is cut
 * is marked with an ellipsis, never dropped silently. */
#ifndef OOMCAST_CGNAME_H
#define OOMCAST_CGNAME_H
#include <stddef.h>

/* Write path shortened to show in at most width columns (as the views show
 * it: each byte they escape as \xNN takes four; ell counts as ell_cols)
 * into out, and to fit its outlen bytes (a wide character takes more
 * bytes than columns), cut between characters either way. ell: the
 * ellipsis ("\u2026" or "~"). Returns out. */
char *cgname_short(const char *path, int width, const char *ell, int ell_cols, char *out,
                   size_t outlen);

#endif
