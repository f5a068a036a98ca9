/* model/system_fields.c: the system-snapshot document's rows. */
#include "config.h"
#include "model/system_fields.h"

#include "model/system.h"
#include "parse/slabinfo.h"

/* Bytes held by the cache's slabs (the snapshot's page size). */
static uint64_t
slab_size(const void *c, const void *sys)
{
	const struct sys_snapshot *s = sys;

	return sys_slab_size(c, s->page_size);
}

static uint64_t
slab_active_size(const void *c, const void *sys)
{
	(void)sys;
	return slab_cache_active_bytes(c);
}

#define S(k, t, u, kn, m, kf) { .key = k, .type = t, .unit = u, \
	.known = kn, .off = offsetof(struct slab_cache, m), \
	.known_off = offsetof(struct slab_cache, kf) }
#define SD(k, g, om, help) { .key = k, .type = FT_DERIVED, .unit = FU_BYTES, \
	.known = FK_ALWAYS, .get = g, .om_name = om, .om_help = help }
#define SOM(k, m, om, help) { .key = k, .type = FT_U64, .unit = FU_COUNT, \
	.known = FK_REQUIRED, .off = offsetof(struct slab_cache, m), \
	.om_name = om, .om_help = help }

static const struct field_row slab_rows[] = {
	S("name", FT_CSTR, FU_NONE, FK_REQUIRED, name, name),
	SOM("active_objs", active_objs, "memwatch_slab_active_objects",
	    "Objects in use in a cache (slabinfo active_objs)."),
	SOM("num_objs", num_objs, "memwatch_slab_objects",
	    "Object slots in a cache (slabinfo num_objs)."),
	S("objsize", FT_U64, FU_BYTES, FK_REQUIRED, objsize, objsize),
	S("objperslab", FT_U64, FU_COUNT, FK_REQUIRED, objperslab, objperslab),
	S("pagesperslab", FT_U64, FU_PAGES, FK_REQUIRED, pagesperslab,
	    pagesperslab),
	S("active_slabs", FT_U64, FU_COUNT, FK_REQUIRED, active_slabs,
	    active_slabs),
	S("num_slabs", FT_U64, FU_COUNT, FK_REQUIRED, num_slabs, num_slabs),
	SD("size", slab_size, "memwatch_slab_size_bytes",
	    "Memory held by the slabs of a cache (slabinfo)."),
	SD("active_size", slab_active_size, NULL, NULL),
	S("limit", FT_U64, FU_COUNT, FK_FLAG, limit, has_tunables),
	S("batchcount", FT_U64, FU_COUNT, FK_FLAG, batchcount, has_tunables),
	S("sharedfactor", FT_U64, FU_COUNT, FK_FLAG, sharedfactor,
	    has_tunables),
	S("sharedavail", FT_U64, FU_COUNT, FK_ALWAYS, sharedavail,
	    sharedavail),
};
#undef S
#undef SD
#undef SOM

const struct field_row *
system_slab_fields(size_t *n)
{
	*n = sizeof(slab_rows) / sizeof(slab_rows[0]);
	return slab_rows;
}
