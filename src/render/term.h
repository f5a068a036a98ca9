/* render/term.h: what the text renderers need to know about the terminal. */
#ifndef MW_RENDER_TERM_H
#define MW_RENDER_TERM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct mw_buf;

/*
 * Columns of f's terminal; when f is not a terminal, $COLUMNS if it holds
 * a number, else fallback.
 */
size_t term_width(FILE *f, size_t fallback);
/*
 * Whether lines written to f have a width to fit: f is a terminal, or
 * COLUMNS says one. Otherwise (a pipe, a file) paths are printed whole.
 */
bool term_fits(FILE *f);

/* SGR sequences, appended only when color is true. */
#define TERM_BOLD	"\033[1m"
#define TERM_DIM	"\033[2m"
#define TERM_RED	"\033[31m"
#define TERM_GREEN	"\033[32m"
#define TERM_YELLOW	"\033[33m"
#define TERM_BLUE	"\033[34m"
#define TERM_MAGENTA	"\033[35m"
#define TERM_CYAN	"\033[36m"
#define TERM_RESET	"\033[0m"
void term_sgr(struct mw_buf *out, bool color, const char *sgr);

/* Write out to f and empty it; 0 or -EIO. */
int term_flush(struct mw_buf *out, FILE *f);

/*
 * Append text (already safe for the terminal) wrapped at width columns,
 * every line starting with indent spaces; words are never split.
 */
void term_wrap(struct mw_buf *out, const char *text, size_t len,
    size_t width, size_t indent);
/*
 * The same after lead (a bullet or a label, already safe) on the first
 * line: the text starts where lead ends, or at indent if lead is shorter.
 */
void term_wrap_lead(struct mw_buf *out, const char *lead, const char *text,
    size_t len, size_t width, size_t indent);

#endif
