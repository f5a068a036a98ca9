/* render/json_proc_text.c: the process-snapshot document as text, its one
 * encoder for mappings (memwatch-json(5), "process-snapshot").
 *
 * A tree per mapping costs far more than the mapping's text (60,000
 * mappings: over 300 MB and most of the run). The mappings are written
 * here directly, in the layout json_dumps() gives with JSON_INDENT(2) and
 * JSON_PRESERVE_ORDER (render/json_text.h), so the bytes are the same as
 * a tree's. The head and the totals,
 * small and written once, are jansson's (json_proc_tree.c); a mapping as
 * a tree (the diff document's) is this text read back.
 */
#include "config.h"
#include "render/json_proc.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/snapshot.h"
#include "model/snapshot_fields.h"
#include "model/vma.h"
#include "render/json.h"
#include "render/json_text.h"
#include "util/buf.h"
#include "util/digits.h"
#include "util/escape.h"

static void
text_vmflags(struct mw_buf *b, struct mw_buf *scratch, const struct vma *v,
    int depth)
{
	bool first = true;
	const char *p, *w;

	mw_buf_addc(b, '[');
	for (int f = 0; f < VMF_NR_FLAGS; f++) {
		if (!(v->vmflags >> f & 1))
			continue;
		mw_buf_add(b, first ? "" : ",", !first);
		first = false;
		mwjson_text_nl(b, depth + 1);
		mwjson_text_str(b, scratch, vmflag_code(f), 2);
	}
	for (p = v->vmflags_other; p != NULL && *p != '\0';) {
		while (*p == ' ')
			p++;
		for (w = p; *p != '\0' && *p != ' '; p++)
			;
		if (p == w)
			continue;
		mw_buf_add(b, first ? "" : ",", !first);
		first = false;
		mwjson_text_nl(b, depth + 1);
		mwjson_text_str(b, scratch, w, (size_t)(p - w));
	}
	if (!first)
		mwjson_text_nl(b, depth);
	mw_buf_addc(b, ']');
}

/* jansson's object keeps one value per key: the last set wins, in the
 * place of the first. Rare enough (a kernel printing a field twice) to do
 * the slow way. */
static bool
extra_has_dup(const struct smaps_extra *x)
{
	for (; x != NULL; x = x->next)
		for (const struct smaps_extra *y = x->next; y != NULL;
		    y = y->next)
			if (strcmp(x->name, y->name) == 0)
				return true;
	return false;
}

static void
text_extra(struct mw_buf *b, struct mw_buf *scratch, const struct vma *v,
    int depth)
{
	const struct smaps_extra *x;
	bool first = true;

	if (extra_has_dup(v->extra)) {
		json_t *o = mwjson_vma_extra(v);
		struct mw_buf t;
		char *s = json_dumps(o, JSON_PRESERVE_ORDER | JSON_INDENT(2));

		json_decref(o);
		if (s == NULL)
			abort();
		/* Re-indent: each line but the first gains depth levels. */
		mw_buf_init(&t);
		for (const char *p = s; *p != '\0'; p++) {
			mw_buf_addc(&t, *p);
			if (*p == '\n')
				for (int i = 0; i < depth * 2; i++)
					mw_buf_addc(&t, ' ');
		}
		mw_buf_add(b, t.data, t.len);
		mw_buf_free(&t);
		free(s);
		return;
	}
	mw_buf_addc(b, '{');
	for (x = v->extra; x != NULL; x = x->next) {
		mw_buf_add(b, first ? "" : ",", !first);
		first = false;
		mwjson_text_nl(b, depth + 1);
		mwjson_text_str(b, scratch, x->name, strlen(x->name));
		mw_buf_add(b, ": ", 2);
		if (x->text != NULL)
			mwjson_text_str(b, scratch, x->text, strlen(x->text));
		else
			mwjson_text_u64(b, x->value);
	}
	if (!first)
		mwjson_text_nl(b, depth);
	mw_buf_addc(b, '}');
}

/*
 * The hot part of a mapping, written through a cursor into room made
 * once: keys, numbers, addresses and known flag codes. A mapping's fixed
 * text is at most 27 fields and 41 flags of well under 100 bytes each,
 * and short plain strings (perms, a short path: CUR_STR_MAX bytes each);
 * other strings (a long or odd path, unknown flags and fields) leave the
 * cursor and take the general path.
 */
#define VMA_FIXED_MAX ((size_t)16384)
#define VMA_INDENT "\n      "	/* a mapping's keys: depth 3 */

static char *
cur_lit(char *w, const char *s, size_t n)
{
	memcpy(w, s, n);
	return w + n;
}

/* A string literal, without its NUL. */
#define CUR_LIT(w, lit) cur_lit((w), (lit), sizeof(lit) - 1)

/* ",\n      \"key\": " */
static char *
cur_key(char *w, const char *key, size_t klen)
{
	w = CUR_LIT(w, "," VMA_INDENT "\"");
	w = cur_lit(w, key, klen);
	return CUR_LIT(w, "\": ");
}

/* Decimal v, as mwjson_u64() writes it (at most INT64_MAX). */
static inline char *
cur_u64(char *w, uint64_t v)
{
	return mw_put_u64(w, v > (uint64_t)INT64_MAX ? INT64_MAX : v);
}

static char *
cur_addr(char *w, uint64_t x)
{
	w = CUR_LIT(w, "\"0x");
	w = mw_put_hex(w, x, 1);
	*w++ = '"';
	return w;
}

/* Printable ASCII but " and \: written as is by both escaping steps. */
static bool
plain(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < 0x20 || s[i] >= 0x7f || s[i] == '"' || s[i] == '\\')
			return false;
	return true;
}

/*
 * The fields present, in their order. A key's text (",\n      \"rss\": ")
 * is copied as its whole 32-byte slot, the cursor moved by its length:
 * the room made for the mapping covers the overshoot.
 */
static char *
cur_fields(char *w, const struct vma *v, const struct mwjson_key *key)
{
	for (uint32_t left = v->present; left != 0; left &= left - 1) {
		int f = __builtin_ctz(left);

		memcpy(w, key[f].text, sizeof(key[f].text));
		w += key[f].len;
		if (f != SMAPS_THP_ELIGIBLE)
			w = cur_u64(w, v->val[f]);
		else if (v->val[f] != 0)
			w = CUR_LIT(w, "true");
		else
			w = CUR_LIT(w, "false");
	}
	return w;
}

/* Known flags only: the items are at depth 4. */
static char *
cur_vmflags(char *w, uint64_t flags)
{
	bool first = true;

	*w++ = '[';
	for (uint64_t left = flags; left != 0; left &= left - 1) {
		int f = __builtin_ctzll(left);

		if (!first)
			*w++ = ',';
		first = false;
		w = CUR_LIT(w, VMA_INDENT "  \"");
		w = cur_lit(w, vmflag_code(f), 2);
		*w++ = '"';
	}
	if (!first)
		w = CUR_LIT(w, VMA_INDENT);
	*w++ = ']';
	return w;
}

/* Leave the cursor for the general writers, and come back. */
#define CUR_LEAVE(b, w) mw_buf_setlen((b), (size_t)((w) - (b)->data))
#define CUR_BACK(b, w) (mw_buf_grow((b), VMA_FIXED_MAX), \
	(w) = (b)->data + (b)->len)

/*
 * A string of the mapping: a short plain one through the cursor (the room
 * made for a mapping holds MWJSON_VMA_ROWS_MAX of them beside its fixed
 * text), any other through the general writer.
 */
#define CUR_STR_MAX 128

static inline char *
cur_str(char *w, struct mw_buf *b, struct mw_buf *scratch, const char *s,
    size_t n)
{
	if (n <= CUR_STR_MAX && plain(s, n)) {
		*w++ = '"';
		w = cur_lit(w, s, n);
		*w++ = '"';
		return w;
	}
	CUR_LEAVE(b, w);
	mwjson_text_str(b, scratch, s, n);
	return CUR_BACK(b, w);
}

/*
 * A mapping object at depth 2 (as an item of "vmas"): its rows in order
 * (model/snapshot_fields.c), each key's text made once in js->row_key and
 * copied as its whole slot, the cursor moved by its length.
 */
#define ROW_KEY(w, k) (memcpy((w), (k)->text, sizeof((k)->text)), \
	(w) += (k)->len)

static void
text_vma(struct mw_buf *b, struct mw_buf *scratch, const struct vma *v,
    const struct mwjson_stream *js)
{
	const struct mwjson_key *k = js->row_key;
	const char *s;
	size_t open;
	char *w;

	CUR_BACK(b, w);
	/* The first row ("start") is always written: '{' takes the place of
	 * its comma. */
	open = b->len;
	for (size_t i = 0; i < js->nrows; i++, k++) {
		const struct field_row *r = &js->rows[i];

		switch ((enum field_type)r->type) {
		case FT_ADDR:
			ROW_KEY(w, k);
			w = cur_addr(w, *FIELD_AT_C(v, r->off, uint64_t));
			break;
		case FT_U64:
			if (!field_known(v, r, NULL))
				break;
			ROW_KEY(w, k);
			w = cur_u64(w, *FIELD_AT_C(v, r->off, uint64_t));
			break;
		case FT_PERMS:
			ROW_KEY(w, k);
			s = FIELD_AT_C(v, r->off, char);
			w = cur_str(w, b, scratch, s, strlen(s));
			break;
		case FT_DEV:
			ROW_KEY(w, k);
			*w++ = '"';
			w = mw_put_hex(w, FIELD_AT_C(v, r->off, uint32_t)[0], 2);
			*w++ = ':';
			w = mw_put_hex(w, FIELD_AT_C(v, r->off, uint32_t)[1], 2);
			*w++ = '"';
			break;
		case FT_STR:
			s = *FIELD_AT_C(v, r->off, const char *);
			if (s == NULL)
				break;
			ROW_KEY(w, k);
			w = cur_str(w, b, scratch, s,
			    *FIELD_AT_C(v, r->off + sizeof(s), size_t));
			break;
		case FT_KIND:
			ROW_KEY(w, k);
			s = vma_kind_name(vma_kind(v));
			*w++ = '"';
			w = cur_lit(w, s, strlen(s));
			*w++ = '"';
			break;
		case FT_SMAPS:
			w = cur_fields(w, v, js->key);
			break;
		case FT_VMFLAGS:
			if (!field_known(v, r, NULL))
				break;
			ROW_KEY(w, k);
			if (v->vmflags_other == NULL) {
				w = cur_vmflags(w, v->vmflags);
				break;
			}
			CUR_LEAVE(b, w);
			text_vmflags(b, scratch, v, 3);
			CUR_BACK(b, w);
			break;
		case FT_EXTRA:
			if (!field_known(v, r, NULL))
				break;
			ROW_KEY(w, k);
			CUR_LEAVE(b, w);
			text_extra(b, scratch, v, 3);
			CUR_BACK(b, w);
			break;
		case FT_U32:
		case FT_I64:
		case FT_PID:
		case FT_CSTR:
		case FT_CHAR:
		case FT_TIME:
		case FT_ARGV:
		case FT_DERIVED:
		case FT_DERIVED_I64:
		case FT_DERIVED_BOOL:
		case FT_DERIVED_STR:
		case FT_NODE:
		case FT_ZONE:
		case FT_PAGES:
		case FT_BOOL:
		case FT_PAGE_LIST:
		case FT_COUNTS:
		case FT_ORDERS:
		case FT_KV:
		case FT_PERCENT:
		case FT_NAMED:
		case FT_OBJECT:
		case FT_WORD:
		case FT_PARAMS:
		case FT_COLUMNS:
		case FT_ITEMS:
			break;	/* not in a mapping */
		}
	}
	w = CUR_LIT(w, "\n    }");
	CUR_LEAVE(b, w);
	b->data[open] = '{';
}

static int
to_buf(const char *p, size_t n, void *b)
{
	mw_buf_add(b, p, n);
	return 0;
}

/* jansson's text of o, appended to out. */
static void
text_dump(struct mw_buf *out, json_t *o)
{
	if (json_dump_callback(o, to_buf, out,
	    JSON_PRESERVE_ORDER | JSON_INDENT(2)) < 0) {
		fprintf(stderr, "memwatch: out of memory (building JSON)\n");
		exit(1);
	}
	json_decref(o);
}

void
mwjson_stream_init(struct mwjson_stream *js, struct mw_buf *out,
    int (*flush)(struct mw_buf *, void *), void *arg)
{
	memset(js, 0, sizeof(*js));
	js->out = out;
	js->flush = flush;
	js->arg = arg;
	mw_buf_init(&js->scratch);
	js->rows = snapshot_vma_fields(&js->nrows);
	if (js->nrows > MWJSON_VMA_ROWS_MAX)
		abort();	/* a row more than room for its key */
	for (size_t i = 0; i < js->nrows; i++) {
		struct mwjson_key *k = &js->row_key[i];
		const char *key = js->rows[i].key;

		k->len = (unsigned char)(cur_key(k->text, key, strlen(key)) -
		    k->text);
	}
	for (int f = 0; f < SMAPS_NR; f++) {
		struct mwjson_key *k = &js->key[f];
		char *e = cur_key(k->text, smaps_field_json_name(f),
		    strlen(smaps_field_json_name(f)));

		k->len = (unsigned char)(e - k->text);
	}
}

void
mwjson_stream_free(struct mwjson_stream *js)
{
	mw_buf_free(&js->scratch);
}

/* The head, without its closing "\n}", and the opening of "vmas". */
static void
stream_head(struct mwjson_stream *js, const struct proc_snapshot *s)
{
	text_dump(js->out, mwjson_proc_head(s));
	/* The head is a non-empty object: it ends in "\n}". */
	mw_buf_setlen(js->out, js->out->len - 2);
	if (s->has_vmas)
		mw_buf_adds(js->out, ",\n  \"vmas\": [");
	js->head = true;
}

int
mwjson_stream_vma(struct mwjson_stream *js, const struct proc_snapshot *s,
    const struct vma *v)
{
	struct mw_buf *out = js->out;

	if (!js->head)
		stream_head(js, s);
	mw_buf_add(out, js->n == 0 ? "\n    " : ",\n    ", js->n == 0 ? 5 : 6);
	js->n++;
	text_vma(out, &js->scratch, v, js);
	if (js->tail != NULL) {
		/* text_vma() ends the object with "\n    }" */
		mw_buf_setlen(out, out->len - 6);
		js->tail(out, v, js->tail_arg);
		mw_buf_adds(out, "\n    }");
	}
	if (js->flush != NULL && out->len >= MWJSON_FLUSH_AT)
		return js->flush(out, js->arg);
	return 0;
}

void
mwjson_stream_set_tail(struct mwjson_stream *js,
    void (*tail)(struct mw_buf *, const struct vma *, void *), void *arg)
{
	js->tail = tail;
	js->tail_arg = arg;
}

int
mwjson_stream_end(struct mwjson_stream *js, const struct proc_snapshot *s)
{
	json_t *tail = json_object();
	struct mw_buf *out = js->out;
	size_t at;

	if (!js->head)
		stream_head(js, s);
	if (s->has_vmas)
		mw_buf_adds(out, js->n > 0 ? "\n  ]" : "]");
	/* {"totals": ...} gives "{\n  \"totals\": {...}\n}": its first "{"
	 * becomes the "," after what came before. */
	mwjson_set(tail, "totals", mwjson_proc_totals(s));
	at = out->len;
	text_dump(out, tail);
	out->data[at] = ',';
	mw_buf_addc(out, '\n');
	return js->flush != NULL ? js->flush(out, js->arg) : 0;
}

int
mwjson_proc_snapshot_text(const struct proc_snapshot *s, const uint32_t *idx,
    size_t n, struct mw_buf *out, int (*flush)(struct mw_buf *, void *),
    void *arg)
{
	struct mwjson_stream js;
	int rc = 0;

	mwjson_stream_init(&js, out, flush, arg);
	if (idx == NULL)
		n = s->vmas.len;
	if (!s->has_vmas)
		n = 0;
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = mwjson_stream_vma(&js, s,
		    &s->vmas.v[idx != NULL ? idx[i] : i]);
	if (rc == 0)
		rc = mwjson_stream_end(&js, s);
	mwjson_stream_free(&js);
	return rc;
}
