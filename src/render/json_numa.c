/* render/json_numa.c: a mapping's NUMA placement as show --json's "numa". */
#include "config.h"
#include "render/json_numa.h"

#include <inttypes.h>

#include "parse/numa_maps.h"
#include "parse/smaps.h"

void
mwjson_numa_tail(struct mw_buf *out, const struct vma *v, void *arg)
{
	const struct numa_maps *nm = arg;
	const struct numa_map *m = numa_maps_find(nm, v->start);

	if (m == NULL)
		return;
	mw_buf_adds(out, ",\n      \"numa\": {\n        \"policy\": \"");
	/* printable ASCII (the parser keeps no other): " and \ escaped */
	for (const char *p = m->policy; *p != '\0'; p++) {
		if (*p == '"' || *p == '\\')
			mw_buf_addc(out, '\\');
		mw_buf_addc(out, *p);
	}
	mw_buf_adds(out, "\",\n        \"nodes\": {");
	for (size_t i = 0; i < m->n; i++)
		mw_buf_printf(out, "%s\n          \"%" PRIu32 "\": %" PRIu64,
		    i ? "," : "", nm->nodes[m->first + i].node,
		    nm->nodes[m->first + i].bytes);
	mw_buf_adds(out, m->n > 0 ? "\n        }\n      }" : "}\n      }");
}
