/* tests/fuzz/fuzz_snapshot_json.c: the process-snapshot JSON loader. */
#include "config.h"

#include <stdint.h>
#include <stddef.h>
#include <jansson.h>

#include "model/snapshot.h"
#include "render/json_proc.h"
#include "util/err.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct proc_snapshot snap;
	struct mw_err err;
	json_error_t je;
	json_t *doc, *back;

	doc = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, &je);
	if (doc == NULL)
		return 0;
	mw_err_clear(&err);
	if (json_is_object(doc) &&
	    mwjson_proc_snapshot_from(doc, "fuzz", &snap, &err) == 0) {
		back = mwjson_proc_snapshot(&snap);
		json_decref(back);
		snapshot_free(&snap);
	}
	json_decref(doc);
	return 0;
}
