/* model/finding.c: the growable list of findings (see finding.h). */
#include "config.h"
#include "model/finding.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/xmalloc.h"

void
finding_list_init(struct finding_list *fl)
{
	fl->v = NULL;
	fl->len = fl->cap = 0;
}

void
finding_list_free(struct finding_list *fl)
{
	for (size_t i = 0; i < fl->len; i++)
		free(fl->v[i].text);
	free(fl->v);
	finding_list_init(fl);
}

static struct finding *
finding_push(struct finding_list *fl, const char *id, bool has_bytes,
    uint64_t bytes, char *text)
{
	struct finding *f;

	if (fl->len == fl->cap) {
		fl->cap = fl->cap ? fl->cap * 2 : 16;
		fl->v = mw_xreallocarray(fl->v, fl->cap, sizeof(*fl->v));
	}
	f = &fl->v[fl->len++];
	f->id = id;
	f->has_bytes = has_bytes;
	f->bytes = has_bytes ? bytes : 0;
	f->text = text;
	return f;
}

struct finding *
finding_add(struct finding_list *fl, const char *id, bool has_bytes,
    uint64_t bytes, const char *text)
{
	return finding_push(fl, id, has_bytes, bytes, mw_xstrdup(text));
}

struct finding *
finding_vprintf(struct finding_list *fl, const char *id, bool has_bytes,
    uint64_t bytes, const char *fmt, va_list ap)
{
	struct mw_buf b;

	mw_buf_init(&b);
	mw_buf_vprintf(&b, fmt, ap);
	return finding_push(fl, id, has_bytes, bytes, mw_buf_detach(&b, NULL));
}

struct finding *
finding_printf(struct finding_list *fl, const char *id, bool has_bytes,
    uint64_t bytes, const char *fmt, ...)
{
	struct finding *f;
	va_list ap;

	va_start(ap, fmt);
	f = finding_vprintf(fl, id, has_bytes, bytes, fmt, ap);
	va_end(ap);
	return f;
}

const struct finding *
finding_find(const struct finding_list *fl, const char *id)
{
	for (size_t i = 0; i < fl->len; i++)
		if (strcmp(fl->v[i].id, id) == 0)
			return &fl->v[i];
	return NULL;
}
