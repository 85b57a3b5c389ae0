/* output.h - the end of a command's output: whether it all reached its
 * file. stdio only reports a full disk or a closed pipe at the flush, so a
 * command that does not look exits 0 with its output lost. */
#ifndef OOMCAST_OUTPUT_H
#define OOMCAST_OUTPUT_H

#include <stdbool.h>
#include <stdio.h>

/* Has a write to f failed so far? (Flushes f; errno says why.) */
bool output_failed(FILE *f);

/* Flush and close standard output. 0, or -1 after one line on standard
 * error naming the problem ("oomcast: CMD: cannot write the output: No space
 * left on device"). */
int output_close(const char *cmd);

#endif
