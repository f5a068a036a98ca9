/* util/escape.h: untrusted text (comm, cmdline, paths, cache names) made safe.
 *
 * Terminal rule: printable UTF-8 passes; '\' becomes "\\"; newline, tab, CR
 * and ESC become "\n" "\t" "\r" "\e"; other C0 bytes, DEL, C1 controls
 * (U+0080..U+009F), the bytes of invisible format characters (Unicode
 * category Cf, such as the direction overrides U+202A..U+202E and isolates
 * U+2066..U+2069, zero-width spaces, the byte-order mark; and U+2028,
 * U+2029) and bytes that are not valid UTF-8 become "\xNN". The mapping
 * is one to one, so the original bytes can be recovered.
 *
 * JSON rule: the result is valid UTF-8. '\' becomes "\\" and every byte that
 * is not part of valid UTF-8 becomes "\xNN"; everything else, control
 * characters included, is kept (the JSON encoder escapes those as \u00XX).
 * A script recovers the bytes by undoing "\\" and "\xNN".
 */
#ifndef MW_UTIL_ESCAPE_H
#define MW_UTIL_ESCAPE_H

#include <stdbool.h>
#include <stddef.h>

struct mw_buf;

/* Append the escaped form of s[0..n) to out. */
void mw_escape_term(struct mw_buf *out, const char *s, size_t n);
void mw_escape_json(struct mw_buf *out, const char *s, size_t n);
/* Undo mw_escape_json: a doubled backslash and \xNN back to bytes. */
void mw_unescape_json(struct mw_buf *out, const char *s, size_t n);

/* Display columns of valid UTF-8 text (escaped text always is). */
size_t mw_text_width(const char *s, size_t n);
/*
 * Append escaped s to out, fitted to exactly width columns: padded with
 * spaces (on the right when left, else on the left) or cut, ending in '~'
 * when cut. Cuts never split a character.
 */
void mw_escape_fit(struct mw_buf *out, const char *s, size_t n, size_t width,
    bool left);
/*
 * The same, left-aligned, but cut on the left: '~' then the end of the
 * text (a path's last components say the most). Never splits a character.
 */
void mw_escape_fit_tail(struct mw_buf *out, const char *s, size_t n,
    size_t width);

#endif
