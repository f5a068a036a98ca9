/* model/reserve.c: lowmem_reserve and the zones a request may use. */
#include "config.h"
#include "model/reserve.h"

#include <string.h>

#include "parse/zoneinfo.h"

int
zone_type_index(const struct zoneinfo *zi, int node, const char *name)
{
	int idx = 0;

	for (size_t i = 0; i < zi->len; i++) {
		if (zi->zones[i].node != node)
			continue;
		if (strcmp(zi->zones[i].name, name) == 0)
			return idx;
		idx++;
	}
	return -1;
}

const struct zone_info *
zone_row(const struct zoneinfo *zi, int node, const char *name)
{
	for (size_t i = 0; i < zi->len; i++)
		if (zi->zones[i].node == node &&
		    strcmp(zi->zones[i].name, name) == 0)
			return &zi->zones[i];
	return NULL;
}

int
alloc_class_top(const struct zoneinfo *zi, int node, enum alloc_class c)
{
	static const char *const movable[] = { "Movable", "HighMem", "Normal" };
	int idx;

	switch (c) {
	case ALLOC_KERNEL:
		return zone_type_index(zi, node, "Normal");
	case ALLOC_MOVABLE:
		for (size_t i = 0; i < sizeof(movable) / sizeof(*movable); i++)
			if ((idx = zone_type_index(zi, node, movable[i])) >= 0)
				return idx;
		break;
	}
	return -1;
}

enum zone_access
zone_access(const struct zoneinfo *zi, const struct zone_info *z,
    enum alloc_class c, unsigned order, uint64_t *reserve)
{
	int top = alloc_class_top(zi, z->node, c);
	int own = zone_type_index(zi, z->node, z->name);
	uint64_t need, have = z->val[ZF_FREE];

	*reserve = 0;
	if (top < 0 || own < 0 || !zone_has(z, ZF_FREE) ||
	    !zone_has(z, ZF_LOW))
		return ZA_UNKNOWN;
	if (own > top)
		return ZA_ABOVE;
	if (own < top) {
		if ((unsigned)top >= z->nprotection)
			return ZA_UNKNOWN;
		*reserve = z->protection[top];
	}
	if (order >= 64)
		return ZA_RESERVED;
	if (__builtin_add_overflow(z->val[ZF_LOW], *reserve, &need))
		return ZA_RESERVED;
	/* __zone_watermark_ok(): free_pages -= (1 << order) - 1 */
	if (have < ((uint64_t)1 << order) - 1)
		return ZA_RESERVED;
	return have - (((uint64_t)1 << order) - 1) > need ? ZA_OPEN :
	    ZA_RESERVED;
}
