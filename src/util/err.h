/* util/err.h: one error, with the exit status it asks for.
 *
 * A function that can fail returns 0 or a negative errno; when a user must
 * read why, it fills a struct mw_err once, where the facts are. The message
 * follows "<what> (<why>); <what to do>", lowercase, no final period. Only
 * main.c prints it, prefixed with "memwatch: ".
 */
#ifndef MW_UTIL_ERR_H
#define MW_UTIL_ERR_H

enum mw_exit {
	MW_EXIT_OK = 0,
	MW_EXIT_TARGET = 1,	/* no such process, denied, bad file */
	MW_EXIT_USAGE = 2,	/* bad option, command or argument */
};

struct mw_err {
	int code;		/* negative errno, 0 when unset */
	enum mw_exit exit;
	char msg[1024];
};

void mw_err_clear(struct mw_err *err);
/* Fill err (NULL is allowed) unless already set; returns code. */
int mw_err_set(struct mw_err *err, int code, enum mw_exit exit,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

#endif
