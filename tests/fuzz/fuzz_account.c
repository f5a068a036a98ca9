/* tests/fuzz/fuzz_account.c: the parsers behind system account on
 * arbitrary bytes: mountinfo, /proc/sysvipc/shm, /proc/vmallocinfo.
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "parse/ipcshm.h"
#include "parse/mountinfo.h"
#include "parse/vmallocinfo.h"
#include "util/arena.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct mount_entry e;
	const char *p = (const char *)data, *end = p + size;
	struct ipcshm_sum shm;
	struct vmallocinfo vi;
	struct mw_arena a;
	uint64_t pages = 0;

	while (mountinfo_next(&p, end, &e, NULL))
		if (e.point[0] != '/' || e.type_end < e.type)
			__builtin_trap();
	(void)ipcshm_parse((const char *)data, size, &shm);
	mw_arena_init(&a);
	if (vmallocinfo_parse((const char *)data, size, &a, &vi) == 0) {
		for (size_t i = 0; i < vi.len; i++)
			pages += vi.callers[i].pages;
		if (pages != vi.pages)
			__builtin_trap();
	}
	mw_arena_free(&a);
	return 0;
}
