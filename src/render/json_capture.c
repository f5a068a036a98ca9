/* render/json_capture.c: the "capture" document. */
#include "config.h"

#include "render/capture.h"

#include "model/capture.h"
#include "render/json.h"

json_t *
mwjson_capture(const char *dir, const struct capture_result *r)
{
	json_t *doc = mwjson_doc_new("capture");
	json_t *files = json_array(), *skipped = json_array();

	for (size_t i = 0; i < r->nfiles; i++)
		json_array_append_new(files, mwjson_cstr(r->files[i]));
	for (size_t i = 0; i < r->nskipped; i++) {
		json_t *o = json_object();

		mwjson_set(o, "file", mwjson_cstr(r->skipped[i].file));
		mwjson_set(o, "reason", mwjson_cstr(r->skipped[i].reason));
		json_array_append_new(skipped, o);
	}
	mwjson_set(doc, "dir", mwjson_cstr(dir));
	mwjson_set(doc, "files", files);
	mwjson_set(doc, "bytes", mwjson_u64(r->bytes));
	mwjson_set(doc, "skipped", skipped);
	return doc;
}
