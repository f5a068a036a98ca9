/* tests/fuzz/fuzz_sysparse.c: the five system parsers and what consumes them.
 *
 * The same bytes are read as meminfo, zoneinfo, buddyinfo, slabinfo and
 * pagetypeinfo; the result then goes through the fragmentation math,
 * explain, the text and JSON writers and the snapshot reader.
 */
#include "config.h"

#include "sys_consume.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data;
	struct sys_snapshot s;

	sys_snapshot_init(&s);
	s.part[SYS_MEMINFO].have = meminfo_parse(p, size, &s.arena, &s.mi) == 0;
	s.part[SYS_ZONEINFO].have = zoneinfo_parse(p, size, &s.arena, &s.zi) == 0;
	s.part[SYS_BUDDYINFO].have = buddyinfo_parse(p, size, &s.arena, &s.bi) == 0;
	s.part[SYS_SLABINFO].have = slabinfo_parse(p, size, &s.arena, &s.si) == 0;
	s.part[SYS_PAGETYPEINFO].have =
	    pagetypeinfo_parse(p, size, &s.arena, &s.pti) == 0;
	s.requested = SYS_ALL;
	consume(&s);
	sys_snapshot_free(&s);
	return 0;
}
