/* parse/vmflags.c: smaps' VmFlags two-letter codes; no I/O. */
#include "config.h"
#include "parse/smaps.h"
#include "parse/smaps_int.h"

#include <stdint.h>

#include "util/arena.h"

/* Indexed by enum vmflag. */
static const char vmflag_codes[VMF_NR_FLAGS][3] = {
#define CODE(n, a, b) [VMF_##n] = { a, b, '\0' },
	VMFLAG_LIST(CODE)
#undef CODE
};

const char *
vmflag_code(enum vmflag f)
{
	return vmflag_codes[f];
}

/* One more than the flag of a two-letter code, by its letters; 0: none. */
static const unsigned char vmflag_by_letters[26 * 26] = {
#define BY_LETTERS(n, a, b) [((a) - 'a') * 26 + ((b) - 'a')] = VMF_##n + 1,
	VMFLAG_LIST(BY_LETTERS)
#undef BY_LETTERS
};

/* The flag of the code [c, c+2), or -1. */
static int
vmflag_lookup(const char *c)
{
	unsigned a = (unsigned char)c[0] - 'a', b = (unsigned char)c[1] - 'a';

	if (a >= 26 || b >= 26)
		return -1;
	return (int)vmflag_by_letters[a * 26 + b] - 1;
}

int
vmflag_by_code(const char *code)
{
	if (code[0] == '\0' || code[1] == '\0' || code[2] != '\0')
		return -1;
	return vmflag_lookup(code);
}

void
smaps_parse_vmflags(struct vma *out, const char *p, const char *end,
    struct mw_arena *arena)
{
	const char *other = NULL, *w;
	size_t other_len = 0;
	int f;

	out->has_vmflags = true;
	/* The kernel's spelling: "rd wr mr mw me ac " (a space after each). */
	while (end - p >= 3 && p[2] == ' ' && (f = vmflag_lookup(p)) >= 0) {
		out->vmflags |= (uint64_t)1 << f;
		p += 3;
	}
	for (;;) {
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		if (p == end)
			break;
		w = p;
		while (p < end && *p != ' ' && *p != '\t')
			p++;
		f = p - w == 2 ? vmflag_lookup(w) : -1;
		if (f >= 0) {
			out->vmflags |= (uint64_t)1 << f;
		} else {
			if (other == NULL)
				other = w;
			other_len = (size_t)(p - other);
		}
	}
	if (other != NULL && arena != NULL) {
		/* Keeps known codes between unknown ones: rare, harmless. */
		out->vmflags_other = mw_arena_strndup(arena, other, other_len);
	}
}
