/* parse/oom_int.h: what parse/oom.c and parse/oom_body.c share; no I/O. */
#ifndef MW_PARSE_OOM_INT_H
#define MW_PARSE_OOM_INT_H

#include "parse/oom.h"

enum oom_mode {
	OOM_MODE_NONE,		/* between known blocks */
	OOM_MODE_MEMINFO,	/* after "Mem-Info:" */
	OOM_MODE_STATS,		/* after "Memory cgroup stats for" */
	OOM_MODE_TABLE,		/* after a "[ pid ]" header */
};

struct oom_state {
	struct mw_arena *arena;
	struct oom_log *log;
	struct oom_report *cur;	/* the report being read, or NULL */
	enum oom_mode mode;
	int col[OOM_COL_NR + 1];	/* the table's columns in order */
	size_t ncol;
	struct oom_when when;	/* of the line being read */
	size_t line;		/* its number */
};

/* One line's text after its prefix (blanks at its end trimmed). */
void oom_parse_text(struct oom_state *st, const char *p, const char *e);
/* A new report, made current. */
struct oom_report *oom_new_report(struct oom_state *st, bool header);
/* Room for one more element of size sz in *v (len used, *cap held). */
void *oom_push(struct oom_state *st, void **v, size_t len, size_t *cap,
    size_t sz);
/* A copy of [p, e) in the arena. */
struct oom_text oom_text(struct oom_state *st, const char *p, const char *e);

/* First lit in [p, e), or NULL. */
const char *oom_find(const char *p, const char *e, const char *lit);
/* The number after the first key (at a word start); 0 or -1. */
int oom_key_u64(const char *p, const char *e, const char *key, uint64_t *v,
    const char **next);
/* The same for "NkB" (or "NKB") as bytes. */
int oom_key_kib(const char *p, const char *e, const char *key,
    uint64_t *bytes);
/* Count a line that could not be read. */
void oom_skip(struct oom_state *st);
/* The report a body line belongs to (a new one when none is open). */
struct oom_report *oom_body(struct oom_state *st);
/* The open report for lines show_mem() also prints elsewhere, or NULL. */
struct oom_report *oom_open_report(struct oom_state *st);
/* Append name [k, ke) = val to a kv array in the arena (a name that is
 * not printable ASCII is counted skipped instead). */
void oom_add_kv(struct oom_state *st, struct proc_kv **v, size_t *n,
    size_t *cap, const char *k, const char *ke, uint64_t val);

/* parse/oom_mem.c; each true when the line was one of its kind. */
bool oom_table_header(struct oom_state *st, const char *p, const char *e);
bool oom_table_row(struct oom_state *st, const char *p, const char *e);
bool oom_zone_line(struct oom_state *st, const char *p, const char *e);
void oom_reserve(struct oom_state *st, const char *p, const char *e);
bool oom_meminfo(struct oom_state *st, const char *p, const char *e);
bool oom_mem_misc(struct oom_state *st, const char *p, const char *e);

#endif
