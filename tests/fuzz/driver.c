/* tests/fuzz/driver.c: runs a fuzz harness over files without libFuzzer.
 *
 * Built into each harness when configure is not given --enable-fuzzing, so
 * that `make check` replays the seed corpus and every saved crash
 * (tests/fuzz/regress/NAME/) under the normal (or sanitizer) build.
 * Usage: fuzz_NAME FILE|DIR...; prints one TAP line per argument.
 */
#include "config.h"

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	uint8_t *p = NULL;
	size_t n = 0, cap = 0, r;

	if (f == NULL)
		return -1;
	do {
		if (cap - n < 65536) {
			cap = cap ? cap * 2 : 65536;
			p = realloc(p, cap);
			if (p == NULL)
				abort();
		}
		r = fread(p + n, 1, cap - n, f);
		n += r;
	} while (r > 0);
	fclose(f);
	LLVMFuzzerTestOneInput(p, n);
	/* Also every prefix cut at a line end: truncated files. */
	for (size_t i = 0; i < n; i++)
		if (p[i] == '\n' && i % 7 == 0)
			LLVMFuzzerTestOneInput(p, i);
	free(p);
	return 0;
}

static int
run_path(const char *path)
{
	struct stat st;
	struct dirent *de;
	char sub[4096];
	int files = 0;
	DIR *d;

	if (stat(path, &st) < 0)
		return -1;
	if (!S_ISDIR(st.st_mode))
		return run_file(path) == 0 ? 1 : -1;
	d = opendir(path);
	if (d == NULL)
		return -1;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(sub, sizeof(sub), "%s/%s", path, de->d_name);
		int n = run_path(sub);

		if (n > 0)
			files += n;
	}
	closedir(d);
	return files;
}

int
main(int argc, char **argv)
{
	int n, failed = 0;

	for (int i = 1; i < argc; i++) {
		n = run_path(argv[i]);
		printf("%s %d - %s (%d files)\n", n >= 0 ? "ok" : "not ok", i,
		    argv[i], n);
		failed |= n < 0;
	}
	printf("1..%d\n", argc - 1);
	return failed;
}
