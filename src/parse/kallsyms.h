/* parse/kallsyms.h: /proc/kallsyms text into the kernel's code symbols,
 * sorted by address, to name the frames of kernel stacks; no I/O.
 *
 * Lines are "ADDRESS TYPE NAME" with "\t[MODULE]" after the symbols of
 * loaded modules. Only code symbols (types t, T) are kept. When the reader
 * may not see kernel addresses (kernel.kptr_restrict, no CAP_SYSLOG) the
 * kernel prints every address as 0: the table is then empty and hidden is
 * set, so that no frame is ever named from zeros. Rows and names live in
 * the caller's arena.
 */
#ifndef MW_PARSE_KALLSYMS_H
#define MW_PARSE_KALLSYMS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct mw_arena;

struct ksym {
	uint64_t addr;		/* first byte of the code */
	const char *name;
	const char *module;	/* NULL: the kernel image itself */
};

struct ksyms {
	struct ksym *v;		/* sorted by addr */
	size_t len;
	size_t skipped;		/* malformed lines */
	bool hidden;		/* code symbols listed, every address 0 */
};

/* Symbols of buf into out; 0, or -EINVAL if no line was usable. */
int kallsyms_parse(const char *buf, size_t len, struct mw_arena *arena,
    struct ksyms *out);
/* The symbol whose code holds addr (the last one at or below it), or NULL. */
const struct ksym *kallsyms_find(const struct ksyms *k, uint64_t addr);

#endif
