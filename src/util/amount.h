/* util/amount.h: typed amounts inside sentences.
 *
 * The model never formats an amount: a sentence carries each one as a
 * token, MW_AMT_OPEN, a kind letter, the integer in decimal, MW_AMT_CLOSE
 * ("\x1f" "b5453824" "\x1e"), and render/amount.c replaces every token with
 * the amount in the one unit style ("5.2M") or, with --bytes, the exact
 * integer. Pages are turned into bytes (with the page size) before they
 * become a token; ratios, counts and durations do not change with --bytes
 * and are written as they are.
 *
 * A token is at most MW_AMT_TOK_LEN - 1 bytes. Text from outside (a
 * path, a command, a cgroup's name) enters a sentence through
 * mw_buf_add_plain(), which writes each MW_AMT_OPEN byte in it as a
 * token of its own (MW_AMT_LITERAL), written back as that byte: a name
 * cannot pass for an amount. A stray MW_AMT_OPEN that is no whole token
 * is left to the escaper.
 */
#ifndef MW_UTIL_AMOUNT_H
#define MW_UTIL_AMOUNT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct mw_buf;

#define MW_AMT_OPEN '\x1f'
#define MW_AMT_CLOSE '\x1e'
#define MW_AMT_TOK_LEN 24

enum mw_amt_kind {
	MW_AMT_BYTES = 'b',	/* uint64_t bytes: "5.2M" */
	MW_AMT_DELTA = 'd',	/* int64_t bytes, signed: "+8.0M", "-4.0K" */
	MW_AMT_LITERAL = 'l',	/* no amount: the byte MW_AMT_OPEN itself */
};

/* One scanned token. */
struct mw_amt {
	enum mw_amt_kind kind;
	uint64_t mag;		/* magnitude in bytes */
	bool neg;		/* MW_AMT_DELTA below zero */
};

/* A token as a string literal, for a fixed size named in a sentence:
 * "blocks smaller than " MW_AMT_LIT(2097152) " cannot...". */
#define MW_AMT_LIT(n) "\x1f" "b" #n "\x1e"
#define MW_AMT_2M MW_AMT_LIT(2097152)

/* The token for bytes / a signed change, NUL-terminated in out. */
const char *mw_amt_bytes(char out[MW_AMT_TOK_LEN], uint64_t bytes);
const char *mw_amt_delta(char out[MW_AMT_TOK_LEN], int64_t delta);
/* The same, appended to b. */
void mw_buf_add_amt(struct mw_buf *b, uint64_t bytes);

/* Text from outside appended to a sentence in b (see above). */
void mw_buf_add_plain(struct mw_buf *b, const char *s, size_t n);
/* The same in b alone (reset first), for a "%s": b's data. */
const char *mw_plain(struct mw_buf *b, const char *s, size_t n);

/*
 * A whole token at [p, end) into *a: its length, or 0 when p does not
 * start one.
 */
size_t mw_amt_scan(const char *p, const char *end, struct mw_amt *a);

#endif
