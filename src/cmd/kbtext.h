/* kbtext.h - the knowledge base as `oomcast explain` and `oomcast kb` print
 * it: loading it for a command, and an entry wrapped for a terminal. */
#ifndef OOMCAST_KBTEXT_H
#define OOMCAST_KBTEXT_H

#include <stdbool.h>

#include "kb/kb.h"

/* The built-in entries and the user's; 0, or -1 after a one-line error. */
int kbtext_load(struct kb *kb);
/* "id: title", and with full the cause, the fix steps and related ids. */
void kbtext_print_entry(const struct kb_entry *e, bool full);

#endif
