/* trace/probesite.c: where in a function an entry probe costs least. */
#include "config.h"
#include "trace/probesite.h"

#include <string.h>

/* The length of a push of a register at code[0..n), or 0. */
static size_t
push_len(const uint8_t *c, size_t n)
{
	if (n >= 1 && c[0] >= 0x50 && c[0] <= 0x57)
		return 1;
	if (n >= 2 && c[0] == 0x41 && c[1] >= 0x50 && c[1] <= 0x57)
		return 2;
	return 0;
}

size_t
probe_site_x86(const uint8_t *code, size_t n)
{
	static const uint8_t endbr64[] = { 0xf3, 0x0f, 0x1e, 0xfa };
	static const uint8_t test_rdi[] = { 0x48, 0x85, 0xff };
	size_t at = 0;

	if (n >= sizeof(endbr64) && memcmp(code, endbr64, sizeof(endbr64)) == 0)
		at = sizeof(endbr64);
	if (push_len(code + at, n - at) > 0)
		return at;
	if (n - at < sizeof(test_rdi) ||
	    memcmp(code + at, test_rdi, sizeof(test_rdi)) != 0)
		return 0;
	at += sizeof(test_rdi);
	if (n - at >= 2 && code[at] == 0x74)			/* je rel8 */
		at += 2;
	else if (n - at >= 6 && code[at] == 0x0f && code[at + 1] == 0x84)
		at += 6;					/* je rel32 */
	else
		return 0;
	return push_len(code + at, n - at) > 0 ? at : 0;
}
