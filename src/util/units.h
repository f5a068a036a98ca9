/* util/units.h: checked number parsing and byte formatting.
 *
 * Parsing refuses signs and overflow (strtoull would read "-1" as
 * UINT64_MAX). Formatting is for renderers: amounts are bytes inside.
 */
#ifndef MW_UTIL_UNITS_H
#define MW_UTIL_UNITS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/*
 * Decimal digits at [p, end) into *v; *next (may be NULL) gets the first byte
 * after them. 0, -EINVAL when no digit starts p, -ERANGE past UINT64_MAX.
 */
int mw_parse_u64(const char *p, const char *end, uint64_t *v,
    const char **next);
/* One more than the value of a hex digit ('0'-'9', 'a'-'f', 'A'-'F'); 0 else. */
extern const unsigned char mw_hex_digit1[256];
/* Same as mw_parse_u64, hexadecimal digits (no 0x). */
int mw_parse_x64(const char *p, const char *end, uint64_t *v,
    const char **next);
/* An optional '-' then decimal digits, within int64_t. */
int mw_parse_i64(const char *p, const char *end, int64_t *v,
    const char **next);
/* A whole C string as u64 / i64 / non-negative seconds (fractions allowed). */
int mw_parse_u64_str(const char *s, uint64_t *v);
/* A whole C string as a process id: decimal digits, 1 to INT_MAX. */
int mw_parse_pid(const char *s, pid_t *pid);
int mw_parse_seconds(const char *s, double *v);
/* A duration: seconds, or a number with s, m, h or d ("90", "1.5m", "2h"). */
int mw_parse_duration(const char *s, double *seconds);

/* kib * 1024 into *bytes; false on overflow. */
bool mw_kib_to_bytes(uint64_t kib, uint64_t *bytes);
/* a * b; false on overflow. */
bool mw_mul_u64(uint64_t a, uint64_t b, uint64_t *out);

#define MW_FMT_BYTES_LEN 32

/*
 * THE size formatter, for tables and (through render/amount.c) sentences:
 * "0", "512B", "9.5K", "123M", "1.2G" (powers of 1024, one letter, one
 * decimal below 10, as free -h and htop). With exact, the plain byte count.
 */
/* Decimal digits of v written backwards, ending before end; returns the
 * first (no NUL written). */
char *mw_utoa_end(char *end, uint64_t v);
const char *mw_fmt_bytes(char out[MW_FMT_BYTES_LEN], uint64_t bytes,
    bool exact);
/*
 * The same text written backwards, ending before end (at most 24 bytes,
 * no NUL): its first byte, or NULL for 1 TiB and more (only mw_fmt_bytes()
 * writes those).
 */
char *mw_fmt_bytes_end(char *end, uint64_t bytes, bool exact);
/* Signed compact size: "+8.0M", "-4.0K", "0". */
const char *mw_fmt_delta(char out[MW_FMT_BYTES_LEN], int64_t delta,
    bool exact);

/* a - b as int64_t, saturating at the int64_t range. */
int64_t mw_delta(uint64_t after, uint64_t before);

#endif
