/* util/time.c: clocks and timestamps. */
#include "config.h"
#include "util/time.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

uint64_t
mw_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

uint64_t
mw_thread_cpu_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

uint64_t
mw_now_ms(void)
{
	return mw_now_ns() / 1000000u;
}

const char *
mw_rfc3339(char out[MW_RFC3339_LEN], time_t t)
{
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, MW_RFC3339_LEN, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return out;
}

int
mw_parse_rfc3339(const char *s, time_t *t)
{
	struct tm tm;
	const char *p;
	int off = 0, sign = 1, oh, om, n = 0;

	memset(&tm, 0, sizeof(tm));
	p = strptime(s, "%Y-%m-%dT%H:%M:%S", &tm);
	if (p == NULL)
		return -EINVAL;
	if (*p == '.')
		for (p++; *p >= '0' && *p <= '9'; p++)
			;
	if (*p == 'Z' || *p == 'z') {
		p++;
	} else if (*p == '+' || *p == '-') {
		sign = *p == '-' ? -1 : 1;
		if (sscanf(p + 1, "%2d:%2d%n", &oh, &om, &n) != 2 || n == 0)
			return -EINVAL;
		off = sign * (oh * 3600 + om * 60);
		p += 1 + n;
	} else {
		return -EINVAL;
	}
	if (*p != '\0')
		return -EINVAL;
	*t = timegm(&tm) - off;
	return 0;
}

void
mw_sleep(double seconds)
{
	struct timespec ts;

	if (seconds <= 0)
		return;
	ts.tv_sec = (time_t)seconds;
	ts.tv_nsec = (long)((seconds - (double)ts.tv_sec) * 1e9);
	nanosleep(&ts, NULL);
}
