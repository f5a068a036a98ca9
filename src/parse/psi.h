/* parse/psi.h: a pressure stall file (/proc/pressure/memory); no I/O.
 *
 *   some avg10=0.00 avg60=0.00 avg300=0.00 total=383
 *   full avg10=0.00 avg60=0.00 avg300=0.00 total=250
 *
 * "some": the share of wall time in which at least one task waited for
 * memory; "full": in which every non-idle task did (kernel/sched/psi.c).
 * Averages are percentages over 10, 60 and 300 s, kept in hundredths of a
 * percent; total is the stalled time in microseconds since boot. A line
 * the kernel did not print (older kernels have no "full" for cpu) is
 * absent, never 0.
 */
#ifndef MW_PARSE_PSI_H
#define MW_PARSE_PSI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct psi_line {
	bool have;
	uint32_t avg10, avg60, avg300;	/* hundredths of a percent, <= 10000 */
	uint64_t total;			/* microseconds */
};

struct psi {
	struct psi_line some, full;
	size_t skipped;		/* malformed lines passed over */
};

/* Fill psi. 0, or -EINVAL when no line is usable. */
int psi_parse(const char *buf, size_t len, struct psi *psi);

#endif
