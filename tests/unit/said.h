/* tests/unit/said.h: a model sentence as text output shows it, its typed
 * amounts in the unit style (render/amount.h), for strstr() checks. */
#ifndef MW_TESTS_SAID_H
#define MW_TESTS_SAID_H

#include <string.h>

#include "render/amount.h"
#include "util/buf.h"

/* The text with its amounts formatted; valid until the next call. */
static inline const char *
said_as(const char *text, int exact)
{
	static struct mw_buf b;

	if (text == NULL)
		return "";
	mw_buf_reset(&b);
	amount_text(&b, text, strlen(text), exact);
	mw_buf_addc(&b, '\0');
	return b.data;
}

static inline const char *
said(const char *text)
{
	return said_as(text, 0);
}

#endif
