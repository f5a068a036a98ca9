/* tests/fuzz/sys_consume.h: what the system-parser harnesses do with a
 * parsed snapshot: the fragmentation math, explain, the text and JSON
 * writers, the snapshot reader and the diff. Included by each fuzz_*.c that
 * fuzzes a /proc system file.
 */
#ifndef MW_FUZZ_SYS_CONSUME_H
#define MW_FUZZ_SYS_CONSUME_H

#include <stdint.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <jansson.h>

#include "model/finding.h"
#include "model/frag.h"
#include "model/system.h"
#include "model/system_diff.h"
#include "model/system_explain.h"
#include "render/json_system.h"
#include "render/text_system.h"
#include "util/err.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
consume(struct sys_snapshot *s)
{
	static FILE *null;
	struct text_opts o = { .verbose = true };
	struct finding_list f;
	struct sys_diff d;
	struct sys_snapshot back;
	struct mw_err err;
	json_t *doc;
	char *text;

	if (null == NULL)
		null = fopen("/dev/null", "w");
	finding_list_init(&f);
	sys_explain(s, &f);
	finding_list_free(&f);
	text_system_show(null, s, &o);
	doc = mwjson_system_snapshot(s);
	text = json_dumps(doc, 0);
	json_decref(doc);
	doc = text ? json_loads(text, 0, NULL) : NULL;
	free(text);
	sys_snapshot_init(&back);
	mw_err_clear(&err);
	if (doc != NULL && mwjson_system_from_doc(doc, "fuzz", &back, &err) == 0) {
		sys_diff_compute(s, &back, &d);
		text_system_diff(null, &d, &o);
		json_decref(mwjson_system_diff(&d, false));
		sys_diff_free(&d);
	}
	sys_snapshot_free(&back);
	json_decref(doc);
}

#endif
