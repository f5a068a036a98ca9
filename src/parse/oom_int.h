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

#endif
