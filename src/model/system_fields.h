/* model/system_fields.h: the system-snapshot document's rows.
 *
 * Rows (model/fields.h) for the parts of "system-snapshot" (and of the
 * "slabs" document) whose keys are fixed: a slab cache (struct
 * slab_cache; the context of a FT_DERIVED row is the struct sys_snapshot).
 * The JSON writer, the JSON loader and the OpenMetrics walk go over them.
 */
#ifndef MW_MODEL_SYSTEM_FIELDS_H
#define MW_MODEL_SYSTEM_FIELDS_H

#include <stddef.h>

#include "model/fields.h"

/* The keys of a slab cache, in order (struct slab_cache). */
const struct field_row *system_slab_fields(size_t *n);

#endif
