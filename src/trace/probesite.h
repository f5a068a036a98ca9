/* trace/probesite.h: where in a function an entry probe costs least.
 *
 * A uprobe replaces an instruction with a breakpoint; after the BPF
 * program ran, the kernel either emulates the instruction it replaced
 * (x86: push, jumps, calls) or executes it out of line and single-steps
 * it, a second trap that on a virtual machine costs twenty times the
 * first. A probe that needs only the function's first argument (free,
 * munmap: the block) can sit past a leading null test, on the first push
 * of the path the argument is not NULL on, where the argument register is
 * still untouched. Pure: reads the function's first bytes, nothing else.
 */
#ifndef MW_TRACE_PROBESITE_H
#define MW_TRACE_PROBESITE_H

#include <stddef.h>
#include <stdint.h>

/*
 * The offset into the x86-64 code at code[0..n) (a function's first
 * bytes) of the first push on the path its first argument (rdi) is not
 * NULL on, past an optional endbr64 and a "test %rdi,%rdi; je" that
 * leaves on NULL; 0 (the entry) when the code does not start that way.
 */
size_t probe_site_x86(const uint8_t *code, size_t n);

#endif
