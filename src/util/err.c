/* util/err.c: filling struct mw_err. */
#include "config.h"
#include "util/err.h"

#include <stdarg.h>
#include <stdio.h>

void
mw_err_clear(struct mw_err *err)
{
	err->code = 0;
	err->exit = MW_EXIT_OK;
	err->msg[0] = '\0';
}

int
mw_err_set(struct mw_err *err, int code, enum mw_exit exit,
    const char *fmt, ...)
{
	va_list ap;

	if (err == NULL || err->msg[0] != '\0')
		return code;
	err->code = code;
	err->exit = exit;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return code;
}
