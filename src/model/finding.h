/* model/finding.h: plain-language findings, each with the amount it is about.
 *
 * A finding is one sentence or short paragraph built from a process's own
 * numbers ("9.5M of address space was reserved but never touched"), an id a
 * script can match ("untouched-reservations") and, when the sentence is
 * about an amount, that amount in bytes. The text holds its amounts as typed
 * tokens (util/amount.h), never formatted: renderers replace them
 * (render/amount.h) in the unit style or in bytes with --bytes, and print
 * the text under its section or emit {"id", "bytes", "text", "amounts"} in
 * JSON. explain (one snapshot) and diff (two snapshots) both produce lists
 * of them, and so do the system, pressure, cgroup and oom explanations.
 *
 * Ownership: the list owns every text (malloc'd) and its array; ids are
 * string literals (static storage) and are not copied. finding_list_free()
 * releases everything and leaves the list empty and reusable.
 */
#ifndef MW_MODEL_FINDING_H
#define MW_MODEL_FINDING_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct finding {
	const char *id;		/* "heap-vs-mmap": static, kebab-case */
	uint64_t bytes;		/* the amount the text is about */
	bool has_bytes;		/* false: the finding has no single amount */
	char *text;		/* owned; one paragraph, no trailing newline */
};

struct finding_list {
	struct finding *v;
	size_t len;
	size_t cap;
};

void finding_list_init(struct finding_list *fl);
void finding_list_free(struct finding_list *fl);

/* Append a finding; text is copied. Returns the new row (owned by fl). */
struct finding *finding_add(struct finding_list *fl, const char *id,
    bool has_bytes, uint64_t bytes, const char *text);
/* The same with a printf-formatted text. */
struct finding *finding_printf(struct finding_list *fl, const char *id,
    bool has_bytes, uint64_t bytes, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
struct finding *finding_vprintf(struct finding_list *fl, const char *id,
    bool has_bytes, uint64_t bytes, const char *fmt, va_list ap)
    __attribute__((format(printf, 5, 0)));
/* The first finding with this id, or NULL. */
const struct finding *finding_find(const struct finding_list *fl,
    const char *id);

#endif
