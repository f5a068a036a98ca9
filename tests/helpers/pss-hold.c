/* tests/helpers/pss-hold.c: a process that holds still for the tests.
 *
 * It touches 32 MiB of private anonymous memory, then sleeps; linked
 * statically, so no shared library's pages (whose PSS share moves as other
 * processes start and exit) are in its PSS, which then stays the same to
 * the byte. It ends by itself after 300 seconds should nobody stop it.
 */
#include <stdlib.h>
#include <unistd.h>

int
main(void)
{
	size_t n = (size_t)32 << 20;
	volatile char *p = malloc(n);

	if (p == NULL)
		return 1;
	for (size_t i = 0; i < n; i += 4096)
		p[i] = 1;	/* volatile: the stores cannot be dropped */
	alarm(300);
	for (;;)
		pause();
}
