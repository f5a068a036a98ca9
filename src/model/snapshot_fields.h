/* model/snapshot_fields.h: the process-snapshot document described once.
 *
 * Rows (model/fields.h) in the document's order for the three parts that
 * carry the model's values: "process" (struct proc_snapshot), each item of
 * "vmas" (struct vma) and "totals" (struct vma, the snapshot's totals).
 * The text writer and the streaming reader of the document, its tree
 * loader, the diff document's sides and the explain document's process
 * walk them. A new key of a mapping is a row here and its parser.
 */
#ifndef MW_MODEL_SNAPSHOT_FIELDS_H
#define MW_MODEL_SNAPSHOT_FIELDS_H

#include <stddef.h>

#include "model/fields.h"

/* The keys of "process", in order (struct proc_snapshot). */
const struct field_row *snapshot_process_fields(size_t *n);
/* The keys of a mapping, in order (struct vma). */
const struct field_row *snapshot_vma_fields(size_t *n);

#endif
