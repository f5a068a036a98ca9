/* tests/fuzz/fuzz_meminfo.c: parse/meminfo.c alone on arbitrary bytes, then
 * everything that consumes it (see sys_consume.h).
 */
#include "config.h"

#include "sys_consume.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sys_snapshot s;

	sys_snapshot_init(&s);
	s.part[SYS_MEMINFO].have = meminfo_parse((const char *)data, size, &s.arena,
	    &s.mi) == 0;
	s.requested = SYS_ALL;
	consume(&s);
	sys_snapshot_free(&s);
	return 0;
}
