/* samples/sample.h: the step loop every sample program shares.
 *
 * A sample prints its pid and its plan, then waits: each line read from
 * stdin (a person pressing Enter, or a test writing a line) runs one step,
 * which ends by printing one line "step N: what was done, addresses, sizes".
 * End of input (Ctrl-D), SIGINT, SIGTERM or SIGHUP ends the program
 * cleanly, so it can remove what it created.
 */
#ifndef MW_SAMPLES_SAMPLE_H
#define MW_SAMPLES_SAMPLE_H

#include <stddef.h>
#include <stdint.h>

/* Line-buffer stdout, catch the stop signals, print "NAME: pid N", what the
 * program shows and the plan (a NULL-terminated list, one per step; may be
 * NULL). */
void sample_start(const char *name, const char *what,
    const char *const *plan);

/* Wait for the next line on stdin: 1 to run the next step; 0 at end of input
 * or after a stop signal (the caller then cleans up and exits 0). The first
 * call prints "ready: ...", the line a test waits for. */
int sample_next(void);

/* Print "step N: ..." (N counts from 1) and flush. */
void sample_step(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* After the last step: wait for one more line or end of input. */
void sample_finish(void);

/* The page size, and n rounded up to whole pages. */
size_t sample_page_size(void);
size_t sample_page_round(size_t n);

/* Write one byte in every page of [p, p + len), so each page is faulted in
 * and private to us; read one byte of each page (returns their sum so the
 * compiler keeps the reads). */
void sample_touch(void *p, size_t len);
unsigned sample_read(const void *p, size_t len);

/* A size argument: decimal bytes with an optional K, M or G suffix (powers
 * of 1024); exits with a usage message when it is not one. */
size_t sample_size_arg(const char *prog, const char *arg);

/* Print "NAME: WHAT failed (strerror)" to stderr and exit 1. */
void sample_die(const char *what) __attribute__((noreturn));

/* Print "ready: ..." and wait for end of input or a stop signal. */
void sample_wait_eof(void);

/* 1 once a stop signal has arrived. */
int sample_stopping(void);

#endif
