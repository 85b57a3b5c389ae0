/* explain.h - the knowledge base's own commands:
 *   oomcast explain [--follow] [--json] [TEXT... | -]
 *   oomcast kb [ID]
 * Each returns the process's exit status. */
#ifndef OOMCAST_EXPLAIN_H
#define OOMCAST_EXPLAIN_H

int explain_main(int argc, char **argv);
int kb_main(int argc, char **argv);

#endif
