/* tests/fuzz/fuzz_recording.c: the watch and leaks recording readers. */
#include "config.h"

#include <stdint.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/leaks.h"
#include "model/watch.h"
#include "render/json_leaks.h"
#include "render/json_watch.h"
#include "util/err.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct watch_info i;
	struct watch w;
	struct watch_verdict v;
	struct leaks l;
	struct leak_rank *r;
	struct mw_err err;
	FILE *f;

	if (size == 0)
		return 0;
	f = fmemopen((void *)data, size, "r");
	if (f == NULL)
		return 0;
	memset(&i, 0, sizeof(i));
	mw_err_clear(&err);
	watch_init(&w);
	if (mwjson_watch_read(f, "fuzz", &i, &w, &err) == 0)
		watch_judge(&w, &v);
	watch_free(&w);
	rewind(f);
	memset(&i, 0, sizeof(i));
	mw_err_clear(&err);
	leaks_init(&l);
	if (mwjson_leaks_read(f, "fuzz", &i, &l, &err) == 0) {
		leaks_rank(&l, &r);
		free(r);
	}
	leaks_free(&l);
	fclose(f);
	return 0;
}
