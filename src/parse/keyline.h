/* parse/keyline.h: one "Key:<tab>value" line of a /proc key-value file
 * (status, meminfo style); no I/O.
 *
 * For a caller that needs a single field of a file and not the whole of
 * it (export reads the uid of every process: status_parse() would do
 * forty times the work).
 */
#ifndef MW_PARSE_KEYLINE_H
#define MW_PARSE_KEYLINE_H

#include <stddef.h>
#include <stdint.h>

/*
 * The first number after key (e.g. "Uid:") on the line that starts with
 * it, spaces and tabs skipped, into *v. 0; -ENOENT when no line starts
 * with key; -EINVAL or -ERANGE when its value is not a number.
 */
int keyline_u64(const char *buf, size_t len, const char *key, uint64_t *v);
/*
 * keyline_u64 for n keys in one pass over buf: v[i] set as keyline_u64
 * would set it for keys[i] (the first line starting with it; spaces and
 * tabs skipped). Returns the set of keys whose value was read, bit i for
 * keys[i] (n <= 32); v[i] is left alone for the others.
 */
uint32_t keyline_u64s(const char *buf, size_t len, const char *const *keys,
    size_t n, uint64_t *v);
/*
 * The rest of the line that starts with key, after the spaces and tabs
 * that follow it: *val points into buf, *n bytes, no newline. 0 or -ENOENT.
 */
int keyline_text(const char *buf, size_t len, const char *key,
    const char **val, size_t *n);
/*
 * status's "Name:" value back to the command's bytes: the kernel escapes
 * a newline as "\n" and a backslash as "\\" there (fs/proc/array.c) and
 * nothing else. Writes at most n bytes to out; returns the length.
 */
size_t keyline_unescape_name(char *out, const char *s, size_t n);

#endif
