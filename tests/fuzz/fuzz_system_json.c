/* tests/fuzz/fuzz_system_json.c: the system-snapshot JSON loader. */
#include "config.h"

#include <stdint.h>
#include <stddef.h>
#include <stdio.h>
#include <jansson.h>

#include "model/finding.h"
#include "model/system.h"
#include "model/system_explain.h"
#include "render/json_system.h"
#include "render/text_system.h"
#include "util/err.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *null;
	struct text_opts o = { .verbose = true };
	struct sys_snapshot s;
	struct finding_list f;
	struct mw_err err;
	json_error_t je;
	json_t *doc;

	if (null == NULL)
		null = fopen("/dev/null", "w");
	doc = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, &je);
	if (doc == NULL)
		return 0;
	sys_snapshot_init(&s);
	mw_err_clear(&err);
	if (json_is_object(doc) &&
	    mwjson_system_from_doc(doc, "fuzz", &s, &err) == 0) {
		finding_list_init(&f);
		sys_explain(&s, &f);
		finding_list_free(&f);
		text_system_show(null, &s, &o);
		json_decref(mwjson_system_snapshot(&s));
		json_decref(mwjson_buddy(&s));
	}
	sys_snapshot_free(&s);
	json_decref(doc);
	return 0;
}
