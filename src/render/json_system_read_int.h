/* render/json_system_read_int.h: what the system snapshot's loader
 * (json_system_read.c) and its pagetypeinfo part (json_system_read_pti.c)
 * share; not for other files. */
#ifndef MW_RENDER_JSON_SYSTEM_READ_INT_H
#define MW_RENDER_JSON_SYSTEM_READ_INT_H

#include <stdbool.h>
#include <stdint.h>
#include <jansson.h>

#include "model/system.h"
#include "model/system_fields.h"
#include "parse/lex.h"

struct mw_err;

struct sysrd {
	const char *what;		/* the file, for messages */
	struct sys_snapshot *s;
	struct mw_err *err;
};

/* "FILE: PATH is missing or not WANT; ...": -EINVAL. */
int sysrd_bad(struct sysrd *r, const char *path, const char *want);
/* o[key] as a count: 0, -ENOENT when absent and not required, or the
 * error (at names the object). */
int sysrd_u64(struct sysrd *r, const json_t *o, const char *key, const char *at,
    uint64_t *v, bool required);
/* The object o by its rows into base (zeroed by the caller); at
 * prefixes a message's key ("zones[1]."). */
int sysrd_rows(struct sysrd *r, const json_t *o, const char *at, void *base,
    enum system_rows which);
/* "pagetypeinfo" of doc, when there, into r->s->pti. */
int sysrd_pti(struct sysrd *r, const json_t *doc);

#endif
