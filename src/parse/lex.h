/* parse/lex.h: line and token helpers shared by the /proc parsers; no I/O.
 *
 * Every helper walks [p, end) and never reads at or past end. A "line" is
 * the bytes up to '\n' (or end), with trailing blanks and '\r' trimmed.
 */
#ifndef MW_PARSE_LEX_H
#define MW_PARSE_LEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A named kernel value kept as printed ("nr_free_pages", 3840). */
struct proc_kv {
	const char *name;	/* NUL-terminated, owned by the caller's arena */
	uint64_t value;
};

/* Zone names are short ("DMA32", "HighMem"); longer ones are malformed. */
#define PROC_ZONE_NAME_MAX 16

/* The next line [*lp, *le) after p; returns the start of the following one. */
const char *lex_line(const char *p, const char *end, const char **lp,
    const char **le);
/* First non-blank byte at or after p (blank: space or tab). */
const char *lex_skip_blank(const char *p, const char *end);
/* Last byte + 1 of [p, e) without trailing blanks and '\r'. */
const char *lex_rtrim(const char *p, const char *e);
/* True when [p, end) starts with the C string lit. */
bool lex_starts(const char *p, const char *end, const char *lit);
/* Newlines in [p, p + len), plus one: an upper bound on the lines. */
size_t lex_count_lines(const char *p, size_t len);
/*
 * A decimal token at *pp (blanks skipped first) that must end at a blank
 * or at end; *pp moves past it. 0, -EINVAL, -ERANGE.
 */
int lex_u64(const char **pp, const char *end, uint64_t *v);
/* A signed decimal token, the same way (node numbers). */
int lex_int(const char **pp, const char *end, int *v);
/* The next blank-delimited token at *pp into [*tp, *te); false if none. */
bool lex_token(const char **pp, const char *end, const char **tp,
    const char **te);
/*
 * True when [p, e) is not empty and holds only printable ASCII (and blanks
 * when spaces): kernel key and zone names are; anything else in one is
 * damage, and refusing it keeps every name safe for terminals and JSON keys.
 */
bool lex_printable(const char *p, const char *e, bool spaces);
/*
 * "Node N, zone NAME" at the start of [p, end): node and zone name into
 * node and zone (NUL-terminated); *pp moves past the name. 0 or -EINVAL.
 */
int lex_node_zone(const char **pp, const char *end, int *node,
    char zone[PROC_ZONE_NAME_MAX]);

#endif
