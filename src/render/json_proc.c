/* render/json_proc.c: process snapshots to and from JSON. */
#include "config.h"
#include "render/json_proc.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/snapshot.h"
#include "model/vma.h"
#include "render/json.h"
#include "render/json_proc_read.h"
#include "render/json_read.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/escape.h"
#include "util/time.h"
#include "util/units.h"

void
mwjson_put_fields(json_t *obj, const struct vma *v)
{
	for (int f = 0; f < SMAPS_NR; f++) {
		if (!smaps_has(v, f))
			continue;
		if (f == SMAPS_THP_ELIGIBLE)
			mwjson_set(obj, "thp_eligible",
			    json_boolean(v->val[f] != 0));
		else
			mwjson_set(obj, smaps_field_json_name(f),
			    mwjson_u64(v->val[f]));
	}
}

static json_t *
vmflags_json(const struct vma *v)
{
	json_t *a = json_array();
	const char *p, *w;

	for (int f = 0; f < VMF_NR_FLAGS; f++)
		if (v->vmflags >> f & 1)
			json_array_append_new(a, mwjson_cstr(vmflag_code(f)));
	for (p = v->vmflags_other; p != NULL && *p != '\0';) {
		while (*p == ' ')
			p++;
		for (w = p; *p != '\0' && *p != ' '; p++)
			;
		if (p > w)
			json_array_append_new(a, mwjson_str(w, (size_t)(p - w)));
	}
	return a;
}

static json_t *
extra_json(const struct vma *v)
{
	json_t *o = json_object();
	const struct smaps_extra *x;

	for (x = v->extra; x != NULL; x = x->next) {
		struct mw_buf k;

		mw_buf_init(&k);
		mw_escape_json(&k, x->name, strlen(x->name));
		mwjson_set(o, k.data, x->text != NULL ?
		    mwjson_cstr(x->text) : mwjson_u64(x->value));
		mw_buf_free(&k);
	}
	return o;
}

json_t *
mwjson_vma(const struct vma *v)
{
	json_t *o = json_object();
	char dev[24];

	mwjson_set(o, "start", mwjson_addr(v->start));
	mwjson_set(o, "end", mwjson_addr(v->end));
	mwjson_set(o, "perms", mwjson_str(v->perms, strlen(v->perms)));
	mwjson_set(o, "offset", mwjson_u64(v->offset));
	snprintf(dev, sizeof(dev), "%02" PRIx32 ":%02" PRIx32, v->dev_major,
	    v->dev_minor);
	mwjson_set(o, "dev", mwjson_cstr(dev));
	mwjson_set(o, "inode", mwjson_u64(v->inode));
	if (v->path != NULL)
		mwjson_set(o, "path", mwjson_str(v->path, v->path_len));
	mwjson_set(o, "kind", mwjson_cstr(vma_kind_name(vma_kind(v))));
	mwjson_put_fields(o, v);
	if (v->has_vmflags)
		mwjson_set(o, "vmflags", vmflags_json(v));
	if (v->extra != NULL)
		mwjson_set(o, "extra", extra_json(v));
	return o;
}

static json_t *
cmdline_json(const struct proc_snapshot *s)
{
	json_t *a = json_array();
	const char *p = s->cmdline, *end, *z;

	/* No cmdline (a kernel thread, a snapshot without one): []. */
	if (p == NULL)
		return a;
	end = p + s->cmdline_len;
	while (p < end) {
		z = memchr(p, '\0', (size_t)(end - p));
		if (z == NULL)
			z = end;
		json_array_append_new(a, mwjson_str(p, (size_t)(z - p)));
		p = z + 1;
	}
	return a;
}

json_t *
mwjson_process(const struct proc_snapshot *s)
{
	json_t *o = json_object();
	char ts[MW_RFC3339_LEN], state[2] = { s->state, '\0' };

	mwjson_set(o, "pid", mwjson_i64(s->pid));
	mwjson_set(o, "comm", mwjson_str(s->comm ? s->comm : "", s->comm_len));
	mwjson_set(o, "cmdline", cmdline_json(s));
	if (s->has_uid)
		mwjson_set(o, "uid", mwjson_u64(s->uid));
	if (s->user != NULL)
		mwjson_set(o, "user", mwjson_cstr(s->user));
	if (s->ppid >= 0)
		mwjson_set(o, "ppid", mwjson_i64(s->ppid));
	if (s->threads >= 0)
		mwjson_set(o, "threads", mwjson_i64(s->threads));
	if (s->state != '\0')
		mwjson_set(o, "state", mwjson_str(state, 1));
	if (s->has_start)
		mwjson_set(o, "start_ticks", mwjson_u64(s->start_ticks));
	if (s->start_time != 0)
		mwjson_set(o, "start_time", mwjson_cstr(mw_rfc3339(ts, s->start_time)));
	if (s->has_oom) {
		mwjson_set(o, "oom_score", mwjson_i64(s->oom_score));
		mwjson_set(o, "oom_score_adj", mwjson_i64(s->oom_score_adj));
	}
	return o;
}

static json_t *
totals_json(const struct proc_snapshot *s)
{
	json_t *o = json_object();
	uint64_t uss;

	mwjson_put_fields(o, &s->totals);
	if (snapshot_uss(s, &uss))
		mwjson_set(o, "uss", mwjson_u64(uss));
	if (s->has_vmas)
		mwjson_set(o, "mappings", mwjson_u64(s->mappings));
	mwjson_set(o, "source", mwjson_cstr(s->has_rollup ? "smaps_rollup" : "smaps"));
	return o;
}

static json_t *
status_json(const struct proc_status *st)
{
	json_t *o = json_object();

	for (int f = 0; f < STATUS_NR; f++)
		if (status_has(st, f))
			mwjson_set(o, status_field_json_name(f),
			    mwjson_u64(st->val[f]));
	return o;
}

/*
 * What comes before "vmas": the stamp, the process and its status. The
 * totals come after the mappings, as a streamed document can only know
 * them then.
 */
static json_t *
snapshot_head(const struct proc_snapshot *s)
{
	json_t *doc = mwjson_doc_new("process-snapshot");

	mwjson_put_stamp(doc, s->taken_at, s->kernel, s->page_size);
	mwjson_set(doc, "process", mwjson_process(s));
	if (s->has_status)
		mwjson_set(doc, "status", status_json(&s->status));
	return doc;
}

json_t *
mwjson_proc_snapshot(const struct proc_snapshot *s)
{
	json_t *doc = snapshot_head(s);
	json_t *vmas;

	if (s->has_vmas) {
		vmas = json_array();
		for (size_t i = 0; i < s->vmas.len; i++)
			json_array_append_new(vmas, mwjson_vma(&s->vmas.v[i]));
		mwjson_set(doc, "vmas", vmas);
	}
	mwjson_set(doc, "totals", totals_json(s));
	return doc;
}

/* --- the same document as text, one mapping at a time --- */

/*
 * A tree per mapping costs far more than the mapping's text (60,000
 * mappings: over 300 MB and most of the run). The mappings are written
 * here directly, in the layout json_dumps() gives with JSON_INDENT(2) and
 * JSON_PRESERVE_ORDER, so the bytes are the same as the tree's: strings go
 * through mw_escape_json() and then jansson's own escaping (", \ and
 * control characters; \u00XX in upper case).
 */

/* The JSON text of valid UTF-8 s, quoted. */
static void
text_jstr_raw(struct mw_buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	const char *run = s, *end = s + n;
	char esc[7];

	mw_buf_grow(b, n + 2);
	b->data[b->len++] = '"';
	for (const char *p = s; p < end; p++) {
		unsigned char c = (unsigned char)*p;
		size_t k = 2;

		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		mw_buf_add(b, run, (size_t)(p - run));
		run = p + 1;
		esc[0] = '\\';
		switch (c) {
		case '"': esc[1] = '"'; break;
		case '\\': esc[1] = '\\'; break;
		case '\b': esc[1] = 'b'; break;
		case '\f': esc[1] = 'f'; break;
		case '\n': esc[1] = 'n'; break;
		case '\r': esc[1] = 'r'; break;
		case '\t': esc[1] = 't'; break;
		default:
			memcpy(esc + 1, "u00", 3);
			esc[4] = hex[c >> 4];
			esc[5] = hex[c & 15];
			k = 6;
		}
		mw_buf_add(b, esc, k);
	}
	mw_buf_add(b, run, (size_t)(end - run));
	mw_buf_addc(b, '"');
}

/* Untrusted bytes: what mwjson_str() holds, as jansson prints it. */
static void
text_jstr(struct mw_buf *b, struct mw_buf *scratch, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i;

	/* Printable ASCII but '\' needs neither escaping step. */
	for (i = 0; i < n && p[i] >= 0x20 && p[i] < 0x7f && p[i] != '\\'; i++)
		;
	if (i == n) {
		text_jstr_raw(b, s, n);
		return;
	}
	mw_buf_reset(scratch);
	mw_escape_json(scratch, s, n);
	text_jstr_raw(b, scratch->data, scratch->len);
}

/* "\n" and depth * 2 spaces: jansson's JSON_INDENT(2). */
static void
text_nl(struct mw_buf *b, int depth)
{
	mw_buf_grow(b, 1 + (size_t)depth * 2);
	b->data[b->len++] = '\n';
	memset(b->data + b->len, ' ', (size_t)depth * 2);
	mw_buf_setlen(b, b->len + (size_t)depth * 2);
}

static void
text_u64(struct mw_buf *b, uint64_t v)
{
	char tmp[24];
	size_t i = sizeof(tmp);

	if (v > (uint64_t)INT64_MAX)
		v = INT64_MAX;	/* as mwjson_u64() */
	do
		tmp[--i] = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	mw_buf_add(b, tmp + i, sizeof(tmp) - i);
}

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
		text_nl(b, depth + 1);
		text_jstr(b, scratch, vmflag_code(f), 2);
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
		text_nl(b, depth + 1);
		text_jstr(b, scratch, w, (size_t)(p - w));
	}
	if (!first)
		text_nl(b, depth);
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
		json_t *o = extra_json(v);
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
		text_nl(b, depth + 1);
		text_jstr(b, scratch, x->name, strlen(x->name));
		mw_buf_add(b, ": ", 2);
		if (x->text != NULL)
			text_jstr(b, scratch, x->text, strlen(x->text));
		else
			text_u64(b, x->value);
	}
	if (!first)
		text_nl(b, depth);
	mw_buf_addc(b, '}');
}

/*
 * The hot part of a mapping, written through a cursor into room made
 * once: keys, numbers, addresses and known flag codes. A mapping's fixed
 * text is at most 27 fields and 41 flags of well under 100 bytes each;
 * strings (path, odd perms, unknown flags and fields) leave the cursor and
 * take the general path.
 */
#define VMA_FIXED_MAX ((size_t)8192)
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

/* Decimal v: its digits counted first, then written two at a time. */
static char *
cur_u64(char *w, uint64_t v)
{
	static const char pairs[201] =
	    "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
	    "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
	    "8081828384858687888990919293949596979899";
	size_t n = 1;
	char *e;

	if (v > (uint64_t)INT64_MAX)
		v = INT64_MAX;	/* as mwjson_u64() */
	if (v < 10) {
		*w = (char)('0' + v);
		return w + 1;
	}
	for (uint64_t t = v; t >= 10; t /= 10)
		n++;
	e = w + n;
	while (v >= 100) {
		memcpy(e -= 2, pairs + 2 * (v % 100), 2);
		v /= 100;
	}
	if (v >= 10)
		memcpy(e - 2, pairs + 2 * v, 2);
	else
		e[-1] = (char)('0' + v);
	return w + n;
}

/* x in lower-case hex, at least min digits. */
static char *
cur_hex(char *w, uint64_t x, size_t min)
{
	static const char hex[] = "0123456789abcdef";
	char tmp[16];
	size_t i = sizeof(tmp);

	do
		tmp[--i] = hex[x & 15];
	while ((x >>= 4) != 0 || sizeof(tmp) - i < min);
	return cur_lit(w, tmp + i, sizeof(tmp) - i);
}

static char *
cur_addr(char *w, uint64_t x)
{
	w = CUR_LIT(w, "\"0x");
	w = cur_hex(w, x, 1);
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

/* A mapping object at depth 2 (as an item of "vmas"). */
static void
text_vma(struct mw_buf *b, struct mw_buf *scratch, const struct vma *v,
    const struct mwjson_key *key)
{
	const char *kind = vma_kind_name(vma_kind(v));
	size_t n = strlen(v->perms);
	char *w;

	CUR_BACK(b, w);
	w = CUR_LIT(w, "{" VMA_INDENT "\"start\": ");
	w = cur_addr(w, v->start);
	w = cur_key(w, "end", 3);
	w = cur_addr(w, v->end);
	w = cur_key(w, "perms", 5);
	if (plain(v->perms, n)) {
		*w++ = '"';
		w = cur_lit(w, v->perms, n);
		*w++ = '"';
	} else {
		CUR_LEAVE(b, w);
		text_jstr(b, scratch, v->perms, n);
		CUR_BACK(b, w);
	}
	w = cur_key(w, "offset", 6);
	w = cur_u64(w, v->offset);
	w = cur_key(w, "dev", 3);
	*w++ = '"';
	w = cur_hex(w, v->dev_major, 2);
	*w++ = ':';
	w = cur_hex(w, v->dev_minor, 2);
	*w++ = '"';
	w = cur_key(w, "inode", 5);
	w = cur_u64(w, v->inode);
	if (v->path != NULL) {
		w = cur_key(w, "path", 4);
		CUR_LEAVE(b, w);
		text_jstr(b, scratch, v->path, v->path_len);
		CUR_BACK(b, w);
	}
	w = cur_key(w, "kind", 4);
	*w++ = '"';
	w = cur_lit(w, kind, strlen(kind));
	*w++ = '"';
	w = cur_fields(w, v, key);
	if (v->has_vmflags) {
		w = cur_key(w, "vmflags", 7);
		if (v->vmflags_other == NULL) {
			w = cur_vmflags(w, v->vmflags);
		} else {
			CUR_LEAVE(b, w);
			text_vmflags(b, scratch, v, 3);
			CUR_BACK(b, w);
		}
	}
	if (v->extra != NULL) {
		w = cur_key(w, "extra", 5);
		CUR_LEAVE(b, w);
		text_extra(b, scratch, v, 3);
		CUR_BACK(b, w);
	}
	w = CUR_LIT(w, "\n    }");
	CUR_LEAVE(b, w);
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
	text_dump(js->out, snapshot_head(s));
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
	text_vma(out, &js->scratch, v, js->key);
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
	mwjson_set(tail, "totals", totals_json(s));
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

/* --- loading --- */

static const char *
arena_unescape(struct mw_arena *a, const char *s, size_t *len)
{
	struct mw_buf b;
	const char *r;

	mw_buf_init(&b);
	mw_unescape_json(&b, s, strlen(s));
	r = mw_arena_strndup(a, b.data, b.len);
	*len = b.len;
	mw_buf_free(&b);
	return r;
}

static int
load_fields(const json_t *obj, struct vma *v, const char **why)
{
	/* One hash lookup per known field: far cheaper than a name search per key. */
	for (int f = 0; f < SMAPS_NR; f++) {
		const char *key = smaps_field_json_name(f);
		json_t *val = json_object_get(obj, key);

		if (val == NULL)
			continue;
		if (f == SMAPS_THP_ELIGIBLE && json_is_boolean(val)) {
			smaps_set(v, f, json_is_true(val));
		} else if (json_is_integer(val) && json_integer_value(val) >= 0) {
			smaps_set(v, f, (uint64_t)json_integer_value(val));
		} else {
			*why = key;
			return -EINVAL;
		}
	}
	return 0;
}

static int
load_vmflags(const json_t *a, struct mw_arena *arena, struct vma *v)
{
	struct mw_buf other;
	size_t i;
	json_t *x;

	if (!json_is_array(a))
		return -EINVAL;
	v->has_vmflags = true;
	mw_buf_init(&other);
	json_array_foreach(a, i, x) {
		const char *c = json_string_value(x);
		int f = c != NULL ? vmflag_by_code(c) : -1;

		if (c == NULL)
			return mw_buf_free(&other), -EINVAL;
		if (f >= 0) {
			v->vmflags |= (uint64_t)1 << f;
		} else {
			if (other.len > 0)
				mw_buf_addc(&other, ' ');
			mw_buf_adds(&other, c);
		}
	}
	if (other.len > 0)
		v->vmflags_other = mw_arena_strndup(arena, other.data, other.len);
	mw_buf_free(&other);
	return 0;
}

static int
load_extra(const json_t *o, struct mw_arena *arena, struct vma *v)
{
	const char *key;
	json_t *val;
	size_t n;

	if (!json_is_object(o))
		return -EINVAL;
	json_object_foreach((json_t *)o, key, val) {
		struct smaps_extra *x = mw_arena_alloc(arena, sizeof(*x));

		memset(x, 0, sizeof(*x));
		x->name = arena_unescape(arena, key, &n);
		if (json_is_integer(val) && json_integer_value(val) >= 0)
			x->value = (uint64_t)json_integer_value(val);
		else if (json_is_string(val))
			x->text = arena_unescape(arena, json_string_value(val), &n);
		else
			return -EINVAL;
		x->next = v->extra;
		v->extra = x;
	}
	return 0;
}

int
mwjson_vma_load(const json_t *obj, struct mw_arena *arena, struct vma *v,
    const char **why)
{
	const char *perms, *dev, *path, *next;
	uint64_t maj, min;
	json_t *x;

	memset(v, 0, sizeof(*v));
	if (!json_is_object(obj))
		return *why = "a mapping that is not an object", -EINVAL;
	if (mwjson_get_addr(obj, "start", &v->start) < 0 ||
	    mwjson_get_addr(obj, "end", &v->end) < 0 || v->end < v->start)
		return *why = "start/end", -EINVAL;
	if (mwjson_get_str(obj, "perms", &perms) < 0 || strlen(perms) != 4)
		return *why = "perms", -EINVAL;
	memcpy(v->perms, perms, 5);
	if (mwjson_get_u64(obj, "offset", &v->offset) == -EINVAL ||
	    mwjson_get_u64(obj, "inode", &v->inode) == -EINVAL)
		return *why = "offset/inode", -EINVAL;
	if (mwjson_get_str(obj, "dev", &dev) == 0) {
		if (mw_parse_x64(dev, dev + strlen(dev), &maj, &next) < 0 ||
		    *next != ':' || mw_parse_x64(next + 1, dev + strlen(dev),
		    &min, &next) < 0 || *next != '\0' || maj > UINT32_MAX ||
		    min > UINT32_MAX)
			return *why = "dev", -EINVAL;
		v->dev_major = (uint32_t)maj;
		v->dev_minor = (uint32_t)min;
	}
	if (mwjson_get_str(obj, "path", &path) == 0)
		v->path = arena_unescape(arena, path, &v->path_len);
	if (load_fields(obj, v, why) < 0)
		return -EINVAL;
	if ((x = json_object_get(obj, "vmflags")) != NULL &&
	    load_vmflags(x, arena, v) < 0)
		return *why = "vmflags", -EINVAL;
	if ((x = json_object_get(obj, "extra")) != NULL &&
	    load_extra(x, arena, v) < 0)
		return *why = "extra", -EINVAL;
	return 0;
}

static int
load_process(const json_t *p, struct proc_snapshot *s)
{
	const char *str;
	size_t n, i;
	json_t *a, *x;
	int64_t pid;
	uint64_t uid;
	struct mw_buf cmd;

	if (!json_is_object(p) || mwjson_get_i64(p, "pid", &pid) < 0 ||
	    pid <= 0 || pid > INT32_MAX)
		return -EINVAL;
	s->pid = (pid_t)pid;
	if (mwjson_get_str(p, "comm", &str) == 0)
		s->comm = arena_unescape(&s->arena, str, &s->comm_len);
	if (mwjson_get_u64(p, "start_ticks", &s->start_ticks) == 0)
		s->has_start = true;
	if (mwjson_get_u64(p, "uid", &uid) == 0 && uid <= UINT32_MAX) {
		s->uid = (uint32_t)uid;
		s->has_uid = true;
	}
	if (mwjson_get_str(p, "user", &str) == 0)
		s->user = arena_unescape(&s->arena, str, &n);
	if (mwjson_get_str(p, "start_time", &str) == 0)
		mw_parse_rfc3339(str, &s->start_time);
	mwjson_get_i64(p, "ppid", &s->ppid);
	mwjson_get_i64(p, "threads", &s->threads);
	if (mwjson_get_str(p, "state", &str) == 0 && strlen(str) == 1)
		s->state = str[0];
	if (mwjson_get_i64(p, "oom_score", &s->oom_score) == 0 &&
	    mwjson_get_i64(p, "oom_score_adj", &s->oom_score_adj) == 0)
		s->has_oom = true;
	a = json_object_get(p, "cmdline");
	if (json_is_array(a)) {
		mw_buf_init(&cmd);
		json_array_foreach(a, i, x) {
			if (!json_is_string(x))
				continue;
			mw_unescape_json(&cmd, json_string_value(x),
			    json_string_length(x));
			mw_buf_addc(&cmd, '\0');
		}
		if (cmd.len > 0) {
			s->cmdline = mw_arena_strndup(&s->arena, cmd.data, cmd.len);
			s->cmdline_len = cmd.len;
		}
		mw_buf_free(&cmd);
	}
	return 0;
}

static void
load_status(const json_t *o, struct proc_snapshot *s)
{
	if (!json_is_object(o))
		return;
	s->has_status = true;
	for (int f = 0; f < STATUS_NR; f++)
		if (mwjson_get_u64(o, status_field_json_name(f),
		    &s->status.val[f]) == 0)
			s->status.present |= 1u << f;
}

static int
load_stamp(const json_t *doc, struct proc_snapshot *s)
{
	const char *str;
	size_t n;

	if (mwjson_get_str(doc, "taken_at", &str) < 0 ||
	    mw_parse_rfc3339(str, &s->taken_at) < 0)
		return -EINVAL;
	if (mwjson_get_str(doc, "kernel", &str) == 0)
		s->kernel = arena_unescape(&s->arena, str, &n);
	mwjson_get_u64(doc, "page_size", &s->page_size);
	return 0;
}

int
mwjson_proc_snapshot_from(const json_t *doc, const char *path,
    struct proc_snapshot *s, struct mw_err *err)
{
	const char *why = NULL;
	json_t *vmas, *x, *tot;
	size_t i;

	snapshot_init(s);
	if (load_stamp(doc, s) < 0)
		why = "\"taken_at\" missing or not RFC 3339";
	else if (load_process(json_object_get(doc, "process"), s) < 0)
		why = "\"process\" missing or without a valid \"pid\"";
	vmas = json_object_get(doc, "vmas");
	if (why == NULL && vmas != NULL && !json_is_array(vmas))
		why = "\"vmas\" is not an array";
	json_array_foreach(vmas, i, x) {
		if (why != NULL)
			break;
		if (mwjson_vma_load(x, &s->arena, vma_vec_push(&s->vmas), &why) < 0) {
			snapshot_free(s);
			return mw_err_set(err, -EINVAL, MW_EXIT_TARGET,
			    "%s: mapping %zu has a bad \"%s\"; give a file written by 'memwatch PID snapshot'",
			    path, i, why);
		}
	}
	if (why != NULL) {
		snapshot_free(s);
		return mw_err_set(err, -EINVAL, MW_EXIT_TARGET,
		    "%s: %s; give a file written by 'memwatch PID snapshot'",
		    path, why);
	}
	s->has_vmas = vmas != NULL;
	snapshot_sum(s);
	tot = json_object_get(doc, "totals");
	if (json_is_object(tot)) {
		struct vma t;

		memset(&t, 0, sizeof(t));
		if (load_fields(tot, &t, &why) == 0) {
			for (int f = 0; f < SMAPS_NR; f++)
				if (smaps_has(&t, f))
					smaps_set(&s->totals, f, t.val[f]);
		}
		s->has_rollup = json_is_string(json_object_get(tot, "source")) &&
		    strcmp(json_string_value(json_object_get(tot, "source")),
		    "smaps_rollup") == 0;
	}
	load_status(json_object_get(doc, "status"), s);
	return 0;
}

int
mwjson_proc_snapshot_load(const char *path, struct proc_snapshot *s,
    struct mw_err *err)
{
	static const char *const kinds[] = { "process-snapshot", NULL };
	struct mwjson_rd rd;
	bool other;
	int rc;

	snapshot_init(s);
	rc = mwjson_rd_open(&rd, path, err);
	if (rc == 0)
		rc = mwjson_proc_snapshot_read(&rd, kinds, s, &other);
	mwjson_rd_close(&rd);
	return rc;
}
