/* util/time.h: clocks and timestamps. */
#ifndef MW_UTIL_TIME_H
#define MW_UTIL_TIME_H

#include <stdint.h>
#include <time.h>

#define MW_RFC3339_LEN 32

/* Monotonic milliseconds, for pacing and measuring. */
uint64_t mw_now_ms(void);
/* Monotonic nanoseconds. */
uint64_t mw_now_ns(void);
/* CPU time of the calling thread, nanoseconds. */
uint64_t mw_thread_cpu_ns(void);
/* "2026-11-26T10:11:40Z" (UTC); returns out. */
const char *mw_rfc3339(char out[MW_RFC3339_LEN], time_t t);
/* Parse what mw_rfc3339 writes (fractions and offsets accepted). */
int mw_parse_rfc3339(const char *s, time_t *t);
/* Sleep for seconds (fractions allowed); returns early on a signal. */
void mw_sleep(double seconds);

#endif
