/* trace/symbols.h: user addresses of one process to functions, with
 * elfutils' libdwfl (the ELF files the process maps, their symbol tables,
 * and debug information where installed).
 *
 * The map of the process is read once, when it is opened, so that a
 * process that exits during a trace can still be symbolized afterwards.
 */
#ifndef MW_TRACE_SYMBOLS_H
#define MW_TRACE_SYMBOLS_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

struct mw_err;
struct mw_arena;

struct sym_frame {
	uint64_t ip;
	const char *func;	/* NULL: no symbol */
	uint64_t off;		/* ip - the function's start */
	const char *module;	/* file name of the ELF object, or NULL */
	const char *file;	/* source file, NULL without debug info */
	int line;
};

struct symbolizer;

int sym_open(struct symbolizer **s, pid_t pid, struct mw_err *err);
/*
 * Describe ip; a return address (every frame but the innermost) is looked
 * up at ip - 1, inside the call. Strings live as long as s (or in arena).
 */
void sym_lookup(struct symbolizer *s, uint64_t ip, bool ret,
    struct mw_arena *arena, struct sym_frame *f);
void sym_close(struct symbolizer *s);

#endif
