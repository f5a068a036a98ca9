/* tests/unit/sysagree.h: the system snapshot's streaming reader against
 * jansson's.
 *
 * sys_agree(data, n, piece) reads one document both ways: jansson's tree
 * (json_loadb with duplicates refused, the checks of mwjson_load, then
 * mwjson_system_from_doc) and mwjson_system_read() handed piece bytes at a
 * time. The streaming reader may give a document up (the loader then reads
 * it with the tree), but what it accepts the tree loader must accept, and
 * into the same snapshot: the same document written back, the same text
 * of 'system show --verbose', the same parts known and unknown. Returns 1
 * when they agree, 0 (and a reason in why) when not; *tree and *stream say
 * which accepted it.
 */
#ifndef MW_TESTS_SYSAGREE_H
#define MW_TESTS_SYSAGREE_H

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>

#include "agreedoc.h"
#include "model/system.h"
#include "render/json_read.h"
#include "render/json_system.h"
#include "render/text_system.h"
#include "util/err.h"

static int
sysagree_tree(const char *data, size_t n, struct sys_snapshot *s)
{
	struct mw_err err;
	json_t *doc;
	int rc;

	/* jansson loses a NUL after a number or literal: never JSON */
	if (memchr(data, '\0', n) != NULL)
		return -1;
	doc = agree_doc(data, n, "system-snapshot");
	if (doc == NULL)
		return -1;
	mw_err_clear(&err);
	rc = mwjson_system_from_doc(doc, "doc", s, &err);
	json_decref(doc);
	return rc;
}

/* s as text: the document written back, then what 'system show' prints. */
static char *
sysagree_text(const struct sys_snapshot *s)
{
	struct text_opts o = { true, false, true, NULL, NULL };
	json_t *doc = mwjson_system_snapshot(s);
	char *text = NULL, *js;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	js = json_dumps(doc, JSON_SORT_KEYS | JSON_INDENT(1));
	fprintf(f, "%s\n", js ? js : "(not written)");
	free(js);
	json_decref(doc);
	text_system_show(f, s, &o);
	fprintf(f, "\nrequested %x page_size_from %d buddy_from_pti %d\n",
	    s->requested, (int)s->page_size_from, (int)s->buddy_from_pti);
	for (int p = 0; p < SYS_PART_NR; p++)
		fprintf(f, "part %d: have %d err %d why %s\n", p,
		    (int)s->part[p].have, s->part[p].err,
		    s->part[p].why ? s->part[p].why : "-");
	fclose(f);
	return text;
}

static int
sys_agree(const char *data, size_t n, size_t piece, bool *tree, bool *stream,
    const char **why)
{
	struct sys_snapshot t, s;
	struct mwjson_rd rd;
	struct mw_err err;
	char *a, *b;

	sys_snapshot_init(&t);
	sys_snapshot_init(&s);
	*tree = sysagree_tree(data, n, &t) == 0;
	mw_err_clear(&err);
	mwjson_rd_mem(&rd, data, n, piece, "doc", &err);
	*stream = mwjson_system_read(&rd, &s) == 0;
	mwjson_rd_close(&rd);
	*why = NULL;
	if (*stream && !*tree) {
		*why = "only the streaming reader accepts it";
	} else if (*stream) {
		a = sysagree_text(&t);
		b = sysagree_text(&s);
		if (strcmp(a, b) != 0)
			*why = "the two snapshots differ";
		if (*why != NULL && getenv("SYSAGREE_SHOW") != NULL)
			fprintf(stderr, "--- tree\n%s\n--- stream\n%s\n", a, b);
		free(a);
		free(b);
	}
	sys_snapshot_free(&t);
	sys_snapshot_free(&s);
	return *why == NULL;
}

#endif
