/* parse/keyline.c: one field of a key-value file (see keyline.h). */
#include "config.h"
#include "parse/keyline.h"

#include <errno.h>
#include <string.h>

#include "util/units.h"

/* The value of the line starting with key, up to its newline or end. */
static const char *
find(const char *buf, size_t len, const char *key, const char **vend)
{
	const char *p = buf, *end = buf + len, *nl;
	size_t klen = strlen(key);

	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if ((size_t)(end - p) >= klen && memcmp(p, key, klen) == 0) {
			p += klen;
			*vend = nl ? nl : end;
			while (p < *vend && (*p == ' ' || *p == '\t'))
				p++;
			return p;
		}
		if (nl == NULL)
			break;
		p = nl + 1;
	}
	return NULL;
}

int
keyline_u64(const char *buf, size_t len, const char *key, uint64_t *v)
{
	const char *vend, *p = find(buf, len, key, &vend);

	return p ? mw_parse_u64(p, vend, v, NULL) : -ENOENT;
}

uint32_t
keyline_u64s(const char *buf, size_t len, const char *const *keys,
    size_t n, uint64_t *v)
{
	const char *p = buf, *end = buf + len, *nl, *q, *vend;
	uint32_t left = n >= 32 ? UINT32_MAX : ((uint32_t)1 << n) - 1, got = 0;
	size_t klen[32];

	for (size_t i = 0; i < n && i < 32; i++)
		klen[i] = strlen(keys[i]);
	while (p < end && left != 0) {
		nl = memchr(p, '\n', (size_t)(end - p));
		vend = nl ? nl : end;
		for (uint32_t l = left; l != 0; l &= l - 1) {
			unsigned i = (unsigned)__builtin_ctz(l);

			if (*p != keys[i][0] || (size_t)(end - p) < klen[i] ||
			    memcmp(p, keys[i], klen[i]) != 0)
				continue;
			left &= ~((uint32_t)1 << i);	/* its first line only */
			for (q = p + klen[i]; q < vend && (*q == ' ' ||
			    *q == '\t'); q++)
				;
			if (mw_parse_u64(q, vend, &v[i], NULL) == 0)
				got |= (uint32_t)1 << i;
		}
		if (nl == NULL)
			break;
		p = nl + 1;
	}
	return got;
}

int
keyline_text(const char *buf, size_t len, const char *key,
    const char **val, size_t *n)
{
	const char *vend, *p = find(buf, len, key, &vend);

	if (p == NULL)
		return -ENOENT;
	*val = p;
	*n = (size_t)(vend - p);
	return 0;
}

size_t
keyline_unescape_name(char *out, const char *s, size_t n)
{
	size_t o = 0;

	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\\' && i + 1 < n && (s[i + 1] == 'n' ||
		    s[i + 1] == '\\'))
			out[o++] = s[++i] == 'n' ? '\n' : '\\';
		else
			out[o++] = s[i];
	}
	return o;
}
