/* render/json_proc_read_int.h: what json_proc_read.c (the mappings) and
 * json_proc_doc.c (the rest of the document) share; not for other files. */
#ifndef MW_RENDER_JSON_PROC_READ_INT_H
#define MW_RENDER_JSON_PROC_READ_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "model/fields.h"
#include "parse/jsontok.h"
#include "parse/smaps.h"
#include "render/json_proc_fast.h"
#include "util/buf.h"

struct mwjson_rd;
struct proc_snapshot;

/*
 * A mapping's keys, in the order memwatch writes them: the rows of
 * snapshot_vma_fields(), the smaps row spread into a key per field.
 */
#define VK_MAX 64

struct vkey {
	const char *name;
	size_t len;
	const struct field_row *row;
	unsigned char idx;	/* the row's index */
	signed char field;	/* FT_SMAPS: the smaps field, else -1 */
};

struct prd {
	struct mwjson_rd *rd;
	struct proc_snapshot *s;
	struct vkey vk[VK_MAX];
	size_t nvk;
	const struct field_row *rows;	/* a mapping's */
	size_t nrows;
	struct mw_buf tmp;
	/* the document's head */
	bool object;		/* the top is an object */
	struct mw_buf kind;	/* "kind", when a string */
	bool has_kind;
	bool has_schema;
	int64_t schema;
	/*
	 * The kinds the caller takes: one of them other than a process
	 * snapshot ends the read at its "kind" (PRD_OTHER), as its own
	 * reader reads the document again; NULL reads on.
	 */
	const char *const *kinds;
	/* the snapshot */
	bool stamp_ok, process_ok, vmas_bad;
	bool has_vmas;
	size_t bad_map;		/* first bad mapping + 1, 0 none */
	const char *bad_why;
	bool has_totals, totals_ok, rollup;
	struct vma totals;
	struct mwjson_fast fast;
	bool (*keep)(void *arg, const struct vma *v);
	void *keep_arg;
	/* a row the caller already holds, by its text (see json_proc_read.h) */
	const struct vma *(*same)(void *arg, const char *q, const char *end,
	    size_t *len);
	/* read a mapping at a time (mwjson_proc_stream) */
	bool pause;		/* stop once "vmas" opens, once */
	bool in_vmas;		/* stopped there, its ']' not read yet */
	uint32_t top_obj;	/* the top object's id */
	size_t item;		/* the next mapping's index */
	const char *row_text;	/* the last row's text when read at once */
	size_t row_len;
};


/* read_document(): the document is of another kind the caller takes. */
#define PRD_OTHER 2

static inline bool
is(const char *k, size_t n, const char *name)
{
	return strlen(name) == n && memcmp(k, name, n) == 0;
}

void prd_init(struct prd *p, struct mwjson_rd *rd, struct proc_snapshot *s);
/* The decoded string of the last token, NUL-terminated, in p->tmp. */
const char *prd_cstr(struct prd *p, size_t *n);
/* The same through mw_unescape_json, into the snapshot's arena. */
const char *prd_arena_str(struct prd *p, size_t *len);
/* A key of object obj, decoded; JT_ERR on a duplicate. */
int prd_key(struct prd *p, uint32_t obj, const char **k, size_t *n);
/* The value's first token; a container not wanted is skipped (JT_ARR). */
enum jtok_type prd_scalar(struct prd *p);
/* One field's value (a smaps amount, or thp_eligible's boolean). */
void prd_field_value(struct prd *p, enum jtok_type t, int f, struct vma *v,
    int *bad_field);
/* "vmas" (its '[' read): every mapping into p->s->vmas. */
int prd_read_vmas(struct prd *p);
/* One item of "vmas": 1, 0 after its ']', or JT_ERR. */
int prd_vma_next(struct prd *p);

#endif
