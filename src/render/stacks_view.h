/* render/stacks_view.h: the report of 'memwatch PID stacks', as text
 * (render/text_stacks.c) and as the "stacks" document (json_stacks.c). */
#ifndef MW_RENDER_STACKS_VIEW_H
#define MW_RENDER_STACKS_VIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>
#include <jansson.h>

struct stacks_report;

/* What the command measured around the report. */
struct stacks_context {
	pid_t pid;
	const char *comm;	/* raw bytes */
	size_t comm_len;
	double seconds;		/* the window */
	bool exited;		/* the process exited during it */
	bool has_growth;
	int64_t rss_growth, anon_growth;	/* bytes over the window */
	size_t top;		/* stacks to show */
	const char *libs;	/* "glibc, jemalloc" (malloc mode) */
	bool kernel;		/* every kernel frame on its own line (text),
				 * not the one folded line */
};

int text_stacks(FILE *f, const struct stacks_report *r,
    const struct stacks_context *c, bool bytes);
json_t *mwjson_stacks(const struct stacks_report *r,
    const struct stacks_context *c);

#endif
