/* parse/mountinfo.c: /proc/PID/mountinfo, one mount at a time. */
#include "config.h"
#include "parse/mountinfo.h"

#include <string.h>

#include "parse/lex.h"

/* mountinfo's octal escapes into out (size n); false if it does not fit. */
static bool
unescape(char *out, size_t n, const char *p, const char *e)
{
	size_t k = 0;

	while (p < e) {
		char c = *p++;

		if (c == '\\' && e - p >= 3 && p[0] >= '0' && p[0] <= '3' &&
		    p[1] >= '0' && p[1] <= '7' && p[2] >= '0' && p[2] <= '7') {
			c = (char)((p[0] - '0') * 64 + (p[1] - '0') * 8 + (p[2] - '0'));
			p += 3;
		}
		if (c == '\0' || k + 1 >= n)
			return false;
		out[k++] = c;
	}
	out[k] = '\0';
	return k > 0 && out[0] == '/';
}

bool
mountinfo_is(const char *p, const char *e, const char *s)
{
	size_t n = strlen(s);

	return (size_t)(e - p) == n && memcmp(p, s, n) == 0;
}

bool
mountinfo_has_option(const char *p, const char *e, const char *name)
{
	while (p < e) {
		const char *c = memchr(p, ',', (size_t)(e - p));

		if (c == NULL)
			c = e;
		if (mountinfo_is(p, c, name))
			return true;
		p = c + 1;
	}
	return false;
}

bool
mountinfo_next(const char **pp, const char *end, struct mount_entry *e,
    size_t *skipped)
{
	const char *lp, *le;

	while (*pp < end) {
		const char *f[6][2], *q, *tp, *te;
		int i;

		*pp = lex_line(*pp, end, &lp, &le);
		if (lex_skip_blank(lp, le) == le)
			continue;
		q = lp;
		for (i = 0; i < 6 && lex_token(&q, le, &tp, &te); i++) {
			f[i][0] = tp;
			f[i][1] = te;
		}
		/* the optional fields end at a lone "-" */
		while (i == 6 && lex_token(&q, le, &tp, &te) &&
		    !(te - tp == 1 && *tp == '-'))
			;
		if (i < 6 || !lex_token(&q, le, &e->type, &e->type_end) ||
		    !lex_token(&q, le, &e->source, &e->source_end) ||
		    !unescape(e->root, sizeof(e->root), f[3][0], f[3][1]) ||
		    !unescape(e->point, sizeof(e->point), f[4][0], f[4][1])) {
			if (skipped != NULL)
				(*skipped)++;
			continue;
		}
		e->dev = f[2][0];
		e->dev_end = f[2][1];
		if (!lex_token(&q, le, &e->super, &e->super_end))
			e->super = e->super_end = le;
		return true;
	}
	return false;
}
