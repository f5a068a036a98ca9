/* render/json_numa.h: a mapping's NUMA placement as show --json's "numa". */
#ifndef MW_RENDER_JSON_NUMA_H
#define MW_RENDER_JSON_NUMA_H

#include "util/buf.h"

struct vma;

/*
 * A tail for mwjson_stream_set_tail(), arg the process's numa_maps:
 * ",\n      \"numa\": {\"policy\": ..., \"nodes\": {\"N\": bytes}}" for a
 * mapping numa_maps lists, nothing for one it does not.
 */
void mwjson_numa_tail(struct mw_buf *out, const struct vma *v, void *arg);

#endif
