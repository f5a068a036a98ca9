/* tests/unit/corpus.h: run a check over every capture of one /proc file.
 *
 * Captures are samples/proc/NAME/FILE in the repository (always there) and,
 * when $MW_PUBLIC_SAMPLES names a directory, DIR/NAME/proc/FILE and
 * DIR/NAME/SUB/proc/FILE of the public corpus.
 */
#ifndef MW_TESTS_CORPUS_H
#define MW_TESTS_CORPUS_H

#include <dirent.h>
#include <stdbool.h>
#include <sys/stat.h>

#include "tap.h"

typedef void (*corpus_fn)(const char *path, const char *text, size_t len);

static inline int
corpus_file(const char *path, corpus_fn fn)
{
	size_t len;
	char *text = tap_slurp(path, &len);

	if (text == NULL)
		return 0;
	fn(path, text, len);
	free(text);
	return 1;
}

/* FILE in every DIR/<entry>/SUB; returns how many were checked. */
static inline int
corpus_walk(const char *dir, const char *sub, const char *file, corpus_fn fn)
{
	char path[4096];
	struct dirent *de;
	int n = 0;
	DIR *d = opendir(dir);

	if (d == NULL)
		return 0;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s%s/%s", dir, de->d_name, sub,
		    file);
		n += corpus_file(path, fn);
		if (*sub != '\0') {	/* one more level: pcp-qa/NAME/proc */
			char sub2[4096];

			snprintf(sub2, sizeof(sub2), "%s/%s", dir, de->d_name);
			n += corpus_walk(sub2, sub, file, fn);
		}
	}
	closedir(d);
	return n;
}

/* The public corpus directory, or NULL (with the reason in *why). */
static inline const char *
corpus_public(const char **why)
{
	const char *dir = getenv("MW_PUBLIC_SAMPLES");
	struct stat st;

	if (dir == NULL || *dir == '\0') {
		*why = "MW_PUBLIC_SAMPLES not set";
		return NULL;
	}
	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
		*why = "MW_PUBLIC_SAMPLES is not a directory";
		return NULL;
	}
	return dir;
}

/*
 * Every capture of file: the repository's (at least min_repo of them) and
 * the public corpus's (at least min_public, or a skip with the reason).
 */
static inline void
corpus_each(const char *file, corpus_fn fn, int min_repo, int min_public)
{
	const char *why = NULL, *pub = corpus_public(&why);
	int n;

	n = corpus_walk(tap_src("samples/proc"), "", file, fn);
	ok(n >= min_repo, "%d repository captures of %s", n, file);
	if (pub == NULL) {
		tap_skip(why);
		return;
	}
	n = corpus_walk(pub, "/proc", file, fn);
	ok(n >= min_public, "%d public captures of %s", n, file);
}

#endif
