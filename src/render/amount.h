/* render/amount.h: the one place an amount in a sentence becomes text.
 *
 * The unit style, everywhere memwatch prints an amount for a person:
 * powers of 1024 with one letter, as free -h, htop and pmap write them
 * ("0", "512B", "9.5K", "123M", "1.2G", "2.0T"; one decimal below 10).
 * Exact (--bytes): the integer, followed by " bytes" inside a sentence;
 * a sentence says an amount below 1K in bytes too ("0 bytes", "512 bytes").
 * Tables call util/units.h's mw_fmt_bytes()/mw_fmt_delta() directly;
 * sentences hold typed tokens (util/amount.h) replaced here.
 */
#ifndef MW_RENDER_AMOUNT_H
#define MW_RENDER_AMOUNT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/units.h"

struct mw_amt;
struct mw_buf;

#define AMOUNT_LEN (MW_FMT_BYTES_LEN + 8)

/* One amount as a sentence says it: "5.2M", "+8.0M", "5453824 bytes",
 * "0 bytes". */
const char *amount_fmt(char out[AMOUNT_LEN], const struct mw_amt *a,
    bool exact);
/* Bytes as a sentence says them (amount_fmt of a MW_AMT_BYTES). */
const char *amount_bytes(char out[AMOUNT_LEN], uint64_t bytes, bool exact);
/*
 * A table's before and after (MW_FMT_BYTES_LEN each): as mw_fmt_bytes()
 * writes them, but when two different amounts would round alike, both in
 * the unit of their difference, so that a change never shows between two
 * equal figures ("1.4M => 1.4M" becomes "1420K => 1428K").
 */
void amount_pair(char *bs, char *as, uint64_t before, uint64_t after,
    bool exact);
/* s[0, n) onto out with every token replaced; other bytes as they are. */
void amount_text(struct mw_buf *out, const char *s, size_t n, bool exact);
/* The same, the bytes between tokens escaped for the terminal. */
void amount_term(struct mw_buf *out, const char *s, size_t n, bool exact);
/* Calls fn once per token of s, in order. */
void amount_each(const char *s, size_t n,
    void (*fn)(const struct mw_amt *a, void *arg), void *arg);

#endif
