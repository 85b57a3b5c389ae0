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

/* One line on standard error: "oomcast: " and the message printf makes of
 * fmt, escaped whole (util/escape.h), since it may quote a file name, a
 * value or a library's words. The one way an error line is printed: a
 * part escaped before would be escaped twice. */
void output_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
