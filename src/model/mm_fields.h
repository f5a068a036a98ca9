/* model/mm_fields.h: the counters of a system snapshot as rows.
 *
 * Rows (model/fields.h) over struct mm_state for the keys "vmstat", "psi"
 * and "settings" of the "system-snapshot" document (the "pressure"
 * document's "vmstat" and "settings" too). The JSON writer and both
 * readers go over them; a reader calls each row's done() once it set it,
 * which indexes the counters and says what the state has. A new file of
 * counters is a parser and a row here; a new setting of a kind memwatch
 * reads is a line of model/mmstate.h's lists, which give the rows. The
 * rows' context (field_ctx.doc) is the snapshot's struct meminfo, or
 * NULL, for zswap's pool.
 */
#ifndef MW_MODEL_MM_FIELDS_H
#define MW_MODEL_MM_FIELDS_H

#include <stddef.h>

#include "model/fields.h"

/* The keys, in the document's order (struct mm_state). */
const struct field_row *mm_fields(size_t *n);

#endif
