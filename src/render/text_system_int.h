/* render/text_system_int.h: what the system's text renderers share
 * (text_system.c, text_system_diff.c). */
#ifndef MW_RENDER_TEXT_SYSTEM_INT_H
#define MW_RENDER_TEXT_SYSTEM_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "render/term.h"
#include "util/units.h"

struct text_opts;

#define SZ MW_FMT_BYTES_LEN

/* code when o asks for colour, else "". */
const char *ts_col(const struct text_opts *o, const char *code);
#define RED(o) ts_col(o, TERM_RED)
#define YEL(o) ts_col(o, TERM_YELLOW)
#define GRN(o) ts_col(o, TERM_GREEN)
#define BOLD(o) ts_col(o, TERM_BOLD)
#define OFF(o) ts_col(o, TERM_RESET)

/* Escaped untrusted text fitted to width columns. */
void ts_put_fit(FILE *f, const char *s, size_t width, bool left);
/* Word-wrapped, escaped paragraph with a hanging indent; its amounts
 * formatted (render/amount.h), in bytes with --bytes. */
void ts_put_wrapped(FILE *f, const char *first, const char *text,
    size_t width, bool bytes);

#endif
