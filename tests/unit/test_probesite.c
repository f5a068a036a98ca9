/* tests/unit/test_probesite.c: trace/probesite.c on the first bytes of
 * real allocator functions and on code it must leave alone. */
#include "config.h"

#include "tap.h"
#include "trace/probesite.h"

int
main(void)
{
	/* glibc 2.36 (Debian 12) free: test %rdi,%rdi; je +0xbf; push %rbp */
	static const uint8_t free236[] = { 0x48, 0x85, 0xff, 0x0f, 0x84, 0xbf,
	    0x00, 0x00, 0x00, 0x55, 0x48, 0x8d, 0x77, 0xf0, 0x53 };
	/* the same behind endbr64, with a short je and push %r12 */
	static const uint8_t cet[] = { 0xf3, 0x0f, 0x1e, 0xfa, 0x48, 0x85, 0xff,
	    0x74, 0x30, 0x41, 0x54, 0x55 };
	/* glibc 2.36 malloc: push %r12 first: the entry is emulated already */
	static const uint8_t malloc236[] = { 0x41, 0x54, 0x55, 0x53, 0x48, 0x89,
	    0xfb };
	static const uint8_t cet_push[] = { 0xf3, 0x0f, 0x1e, 0xfa, 0x55 };
	/* munmap: mov $0xb,%eax; syscall */
	static const uint8_t munmap[] = { 0xb8, 0x0b, 0x00, 0x00, 0x00, 0x0f,
	    0x05 };
	/* a null test on another register, a jne, no push after it */
	static const uint8_t test_rsi[] = { 0x48, 0x85, 0xf6, 0x74, 0x10, 0x55 };
	static const uint8_t jne[] = { 0x48, 0x85, 0xff, 0x75, 0x10, 0x55 };
	static const uint8_t nopush[] = { 0x48, 0x85, 0xff, 0x74, 0x10, 0x48,
	    0x8b, 0x47, 0xf8 };

	is_u64(probe_site_x86(free236, sizeof(free236)), 9,
	    "free: past the null test, on push %%rbp");
	is_u64(probe_site_x86(cet, sizeof(cet)), 9,
	    "endbr64, test, short je: on push %%r12");
	is_u64(probe_site_x86(malloc236, sizeof(malloc236)), 0,
	    "a push first: the entry");
	is_u64(probe_site_x86(cet_push, sizeof(cet_push)), 4,
	    "endbr64 then a push: on the push");
	is_u64(probe_site_x86(munmap, sizeof(munmap)), 0,
	    "no null test: the entry");
	is_u64(probe_site_x86(test_rsi, sizeof(test_rsi)), 0,
	    "a test of another register: the entry");
	is_u64(probe_site_x86(jne, sizeof(jne)), 0,
	    "a jne (leaves when not NULL): the entry");
	is_u64(probe_site_x86(nopush, sizeof(nopush)), 0,
	    "no push after the je: the entry");
	/* cut short anywhere: never past the bytes given */
	for (size_t n = 1; n < sizeof(free236); n++)
		if (probe_site_x86(free236, n) != 0 &&
		    probe_site_x86(free236, n) >= n)
			ok(0, "free cut to %zu bytes: offset within them", n);
	is_u64(probe_site_x86(free236, 9), 0,
	    "free cut before its push: the entry");
	return tap_done();
}
