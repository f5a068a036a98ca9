/* tests/fuzz/fuzz_status.c: parse/status.c and parse/stat.c. */
#include "config.h"

#include <stdint.h>
#include <stddef.h>

#include "parse/stat.h"
#include "parse/status.h"
#include "util/arena.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct proc_status st;
	struct proc_stat ps;
	struct mw_arena a;
	uint64_t btime;
	size_t skipped;

	mw_arena_init(&a);
	status_parse((const char *)data, size, &a, &st, &skipped);
	stat_parse((const char *)data, size, &ps);
	procstat_btime((const char *)data, size, &btime);
	mw_arena_free(&a);
	return 0;
}
