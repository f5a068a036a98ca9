/* render/json_record.c: recordings read and written (see json_record.h). */
#include "config.h"
#include "render/json_record.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "model/watch.h"
#include "render/json.h"
#include "util/buf.h"
#include "util/err.h"

json_t *
mwjson_rec_seconds(double t)
{
	return json_real(round(t * 1000) / 1000);
}

void
mwjson_rec_end_line(struct mw_buf *out, const struct watch_info *i)
{
	json_t *d = json_object();

	mwjson_set(d, "kind", json_string("watch-sample"));
	mwjson_set(d, "t", mwjson_rec_seconds(i->watched));
	mwjson_set(d, "end", json_string(watch_end_key(i->end)));
	mwjson_dump_line(d, out);
	json_decref(d);
}

int
mwjson_rec_bad(struct mwjson_rec *r, const char *what)
{
	return mw_err_set(r->err, -EINVAL, MW_EXIT_TARGET,
	    "%s:%zu: %s; give a file written by '%s'", r->path, r->line, what,
	    r->writer);
}

int
mwjson_rec_header(struct mwjson_rec *r, const json_t *d)
{
	const char *s;
	uint64_t v;

	if (mwjson_get_u64(d, "schema", &v) < 0 || v != 1)
		return mwjson_rec_bad(r, "the first line has no \"schema\": 1 (a newer memwatch's recording?)");
	if (mwjson_get_str(d, "recording", &s) < 0)
		return mwjson_rec_bad(r, "no \"recording\" in the first line");
	if (strcmp(s, r->recording) != 0)
		return mw_err_set(r->err, -EINVAL, MW_EXIT_TARGET,
		    "%s is a recording of %s%s, not of %s; use '%s --from %s'",
		    r->path, r->other_of, s, r->of, r->other, r->path);
	return 0;
}

/* One line: valid JSON, a "watch-sample" object, then fn. */
static int
read_line(struct mwjson_rec *r, const char *text, size_t len,
    int (*fn)(struct mwjson_rec *r, json_t *d, void *arg), void *arg)
{
	json_error_t je;
	const char *kind;
	json_t *d = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
	int rc;

	if (d == NULL)
		return mw_err_set(r->err, -EINVAL, MW_EXIT_TARGET,
		    "%s:%zu:%d: not valid JSON (%s); give a file written by '%s'",
		    r->path, r->line, je.column, je.text, r->writer);
	if (!json_is_object(d) || mwjson_get_str(d, "kind", &kind) < 0 ||
	    strcmp(kind, "watch-sample") != 0)
		rc = mwjson_rec_bad(r, "not a \"watch-sample\" line");
	else
		rc = fn(r, d, arg);
	json_decref(d);
	return rc;
}

int
mwjson_rec_read(FILE *f, struct mwjson_rec *r,
    int (*fn)(struct mwjson_rec *r, json_t *d, void *arg), void *arg)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	int rc = 0;

	r->line = 0;
	while (rc == 0 && (n = getline(&line, &cap, f)) > 0) {
		r->line++;
		if (line[n - 1] != '\n')
			break;	/* cut short by a kill or a full disk */
		rc = read_line(r, line, (size_t)n, fn, arg);
	}
	if (rc == 0 && ferror(f))
		rc = mw_err_set(r->err, -EIO, MW_EXIT_TARGET,
		    "cannot read %s (read error); check the disk", r->path);
	if (rc == 0 && r->line == 0)
		rc = mw_err_set(r->err, -EINVAL, MW_EXIT_TARGET,
		    "%s is empty; give a file written by '%s'", r->path,
		    r->writer);
	free(line);
	return rc;
}

int
mwjson_rec_load(struct mwjson_rec *r,
    int (*fn)(struct mwjson_rec *r, json_t *d, void *arg), void *arg)
{
	FILE *f = fopen(r->path, "re");
	int rc;

	if (f == NULL)
		return mw_err_set(r->err, -errno, MW_EXIT_TARGET,
		    "cannot read %s (%s); check the file name", r->path,
		    strerror(errno));
	rc = mwjson_rec_read(f, r, fn, arg);
	fclose(f);
	return rc;
}
