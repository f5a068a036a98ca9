/* model/explain_say.h: the sentence helpers explain.c and its parts share
 * (internal to model/explain*.c). */
#ifndef MW_MODEL_EXPLAIN_SAY_H
#define MW_MODEL_EXPLAIN_SAY_H

#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "model/explain.h"
#include "parse/smaps.h"
#include "util/amount.h"
#include "util/buf.h"
#include "util/units.h"

struct proc_snapshot;

/* Sizes in sentences, several per sentence: a small ring of buffers. */
struct sizes {
	char b[12][MW_FMT_BYTES_LEN];
	int i;
};

/* A typed amount (util/amount.h): render/ writes it in units or bytes. */
static inline const char *
sz(struct sizes *s, uint64_t bytes)
{
	s->i = (s->i + 1) % 12;
	return mw_amt_bytes(s->b[s->i], bytes);
}

/* "1 mapping", "28 mappings". */
static inline const char *
nmaps(struct sizes *s, uint64_t n)
{
	s->i = (s->i + 1) % 12;
	snprintf(s->b[s->i], MW_FMT_BYTES_LEN, "%" PRIu64 " mapping%s", n,
	    n == 1 ? "" : "s");
	return s->b[s->i];
}

/* "0.5%", "12%": part of whole. */
static inline const char *
pct(struct sizes *s, uint64_t part, uint64_t whole)
{
	double p = whole ? 100.0 * (double)part / (double)whole : 0;

	s->i = (s->i + 1) % 12;
	if (part > 0 && p < 0.1)
		snprintf(s->b[s->i], MW_FMT_BYTES_LEN, "under 0.1%%");
	else if (p < 10)
		snprintf(s->b[s->i], MW_FMT_BYTES_LEN, "%.1f%%", p);
	else
		snprintf(s->b[s->i], MW_FMT_BYTES_LEN, "%.0f%%", p);
	return s->b[s->i];
}

static inline void
set(struct explain *ex, enum explain_fact f, uint64_t v)
{
	ex->fact[f] = v;
	ex->has_fact |= (uint64_t)1 << f;
}

static inline void
add(struct explain *ex, enum explain_fact f, uint64_t v)
{
	set(ex, f, ex->fact[f] + v);
}

static inline bool
has(const struct explain *ex, enum explain_fact f)
{
	return ex->has_fact >> f & 1;
}

static inline uint64_t
val(const struct vma *v, enum smaps_field f)
{
	return smaps_has(v, f) ? v->val[f] : 0;
}

/*
 * A mapping's path as a sentence holds it: its first 200 bytes, no part
 * of it an amount (util/amount.h); valid until b changes. At most 600
 * bytes (a byte may take three).
 */
#define SAID_PATH_MAX 600

static inline const char *
said_path(struct mw_buf *b, const struct vma *v)
{
	return mw_plain(b, v->path, v->path_len > 200 ? 200 : v->path_len);
}

#define F(f) (ex->fact[(f)])

/* Append a finding of section sec (its text from fmt). */
void explain_emit(struct explain *ex, enum explain_section sec,
    const char *id, bool has_bytes, uint64_t bytes, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
/* The shared-pages section: RSS against PSS, file mappings, the most
 * shared file. */
void explain_say_shared(struct explain *ex, const struct proc_snapshot *snap,
    struct sizes *s);

#endif
