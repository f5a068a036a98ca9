/* render/json.c: jansson helpers shared by every JSON document. */
#include "config.h"
#include "render/json.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "util/atomic.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/escape.h"
#include "util/time.h"
#include "util/units.h"
#include "util/xmalloc.h"

struct dump_state {
	struct mw_buf *b;
	bool in_str;		/* between a string's quotes */
};

/* jansson returns NULL only when out of memory: end like xmalloc does. */
static json_t *
need(json_t *v)
{
	if (v == NULL) {
		fprintf(stderr, "memwatch: out of memory (building JSON)\n");
		exit(1);
	}
	return v;
}

void
mwjson_set(json_t *obj, const char *key, json_t *value)
{
	if (json_object_set_new(obj, key, value) < 0)
		need(NULL);
}

void
mwjson_set_own(json_t *obj, const char *key, json_t *value)
{
	if (json_object_set_new_nocheck(obj, key, value) < 0)
		need(NULL);
}

json_t *
mwjson_doc_new(const char *kind)
{
	json_t *doc = need(json_object());

	mwjson_set(doc, "kind", mwjson_cstr(kind));
	mwjson_set(doc, "schema", need(json_integer(1)));
	mwjson_set(doc, "memwatch", mwjson_cstr(PACKAGE_VERSION));
	return doc;
}

void
mwjson_put_stamp(json_t *doc, time_t taken_at, const char *kernel,
    uint64_t page_size)
{
	char ts[MW_RFC3339_LEN];

	mwjson_set(doc, "taken_at", mwjson_cstr(mw_rfc3339(ts, taken_at)));
	if (kernel != NULL)
		mwjson_set(doc, "kernel", mwjson_str(kernel, strlen(kernel)));
	if (page_size != 0)
		mwjson_set(doc, "page_size", mwjson_u64(page_size));
}

json_t *
mwjson_u64(uint64_t v)
{
	return need(json_integer(v > (uint64_t)INT64_MAX ? INT64_MAX :
	    (json_int_t)v));
}

json_t *
mwjson_i64(int64_t v)
{
	return need(json_integer((json_int_t)v));
}

json_t *
mwjson_str(const char *s, size_t n)
{
	struct mw_buf b;
	json_t *v;

	mw_buf_init(&b);
	mw_escape_json(&b, s, n);
	v = need(json_stringn(b.data, b.len));
	mw_buf_free(&b);
	return v;
}

json_t *
mwjson_cstr(const char *s)
{
	return mwjson_str(s, strlen(s));
}

json_t *
mwjson_addr(uint64_t addr)
{
	char s[24];

	snprintf(s, sizeof(s), "0x%" PRIx64, addr);
	return need(json_string(s));
}

/*
 * The shortest text that reads back as the same double ("0.008", not
 * jansson's %.17g "0.0080000000000000002"), written as jansson writes
 * reals: a '.', never the locale's comma, an exponent without '+' or
 * leading zeros, ".0" when the digits would read as an integer.
 */
size_t
mwjson_real_text(char out[MWJSON_REAL_LEN], double v)
{
	char t[MWJSON_REAL_LEN], *e;
	size_t n = 0;
	int len = 0;

	for (int p = 1; p <= 17; p++) {
		len = snprintf(t, sizeof(t), "%.*g", p, v);
		if (strtod(t, NULL) == v)
			break;
	}
	for (int i = 0; i < len && n + 3 < MWJSON_REAL_LEN; i++) {
		char c = t[i];

		if (c == ',')
			c = '.';
		out[n++] = c;
		if (c != 'e')
			continue;
		if (t[i + 1] == '+')
			i++;
		else if (t[i + 1] == '-')
			out[n++] = t[++i];
		while (t[i + 1] == '0' && t[i + 2] != '\0')
			i++;
	}
	out[n] = '\0';
	e = strpbrk(out, ".e");
	if (e == NULL && n + 2 < MWJSON_REAL_LEN) {
		memcpy(out + n, ".0", 3);
		n += 2;
	}
	return n;
}

/*
 * jansson's dump callback, into a struct mw_buf. A real arrives as one
 * chunk outside a string (a string is dumped as '"', its pieces, '"', a
 * quote inside it escaped): such a chunk is written again, shortest.
 */
static int
dump_to_buf(const char *p, size_t n, void *arg)
{
	struct dump_state *d = arg;
	char num[MWJSON_REAL_LEN];

	if (n == 1 && p[0] == '"')
		d->in_str = !d->in_str;
	else if (!d->in_str && n > 0 && n < sizeof(num) &&
	    (p[0] == '-' || (p[0] >= '0' && p[0] <= '9')) &&
	    (memchr(p, '.', n) != NULL || memchr(p, 'e', n) != NULL ||
	    memchr(p, 'E', n) != NULL)) {
		memcpy(num, p, n);
		num[n] = '\0';
		n = mwjson_real_text(num, strtod(num, NULL));
		p = num;
	}
	mw_buf_add(d->b, p, n);
	return 0;
}

/* doc as text into b (appended); jansson's layout, reals shortest. */
static void
dump_doc(json_t *doc, struct mw_buf *b, size_t flags)
{
	struct dump_state d = { b, false };

	if (json_dump_callback(doc, dump_to_buf, &d, flags) < 0)
		need(NULL);
}

int
mwjson_print(json_t *doc, FILE *f, bool compact)
{
	size_t flags = JSON_PRESERVE_ORDER | (compact ? JSON_COMPACT : JSON_INDENT(2));
	struct mw_buf b;
	int rc = 0;

	/* One buffer, one write: jansson's FILE output writes token by token. */
	mw_buf_init(&b);
	dump_doc(doc, &b, flags);
	mw_buf_addc(&b, '\n');
	if (fwrite(b.data, 1, b.len, f) != b.len)
		rc = errno != 0 ? -errno : -EIO;
	mw_buf_free(&b);
	return rc;
}

int
mwjson_dump_line(json_t *doc, struct mw_buf *out)
{
	dump_doc(doc, out, JSON_PRESERVE_ORDER | JSON_COMPACT);
	mw_buf_addc(out, '\n');
	return 0;
}

void
mwjson_dump_indented(json_t *doc, struct mw_buf *out)
{
	dump_doc(doc, out, JSON_PRESERVE_ORDER | JSON_INDENT(2));
}

int
mwjson_write_file(json_t *doc, const char *path, struct mw_err *err)
{
	struct mw_buf b;
	int rc;

	mw_buf_init(&b);
	dump_doc(doc, &b, JSON_PRESERVE_ORDER | JSON_INDENT(2));
	mw_buf_addc(&b, '\n');
	rc = mw_write_atomic(path, b.data, b.len, err);
	mw_buf_free(&b);
	return rc;
}

int
mwjson_emit(json_t *doc, FILE *f, bool compact)
{
	int rc = mwjson_print(doc, f, compact);

	json_decref(doc);
	return rc;
}

int
mwjson_save(json_t *doc, const char *path, struct mw_err *err)
{
	int rc = mwjson_write_file(doc, path, err);

	json_decref(doc);
	return rc;
}

int
mwjson_emit_to(json_t *doc, const char *path, struct mw_err *err)
{
	if (path == NULL || strcmp(path, "-") == 0)
		return mwjson_emit(doc, stdout, false);
	return mwjson_save(doc, path, err);
}

const char *
mwjson_lib_version(void)
{
	return jansson_version_str();
}

static bool
kind_ok(const char *kind, const char *const *kinds)
{
	for (; *kinds != NULL; kinds++)
		if (strcmp(kind, *kinds) == 0)
			return true;
	return false;
}

/* "a process-snapshot or system-snapshot" */
void
mwjson_kinds_text(char *out, size_t n, const char *const *kinds)
{
	size_t len = 0;

	out[0] = '\0';
	for (size_t i = 0; kinds[i] != NULL && len < n; i++)
		len += (size_t)snprintf(out + len, n - len, "%s%s",
		    i == 0 ? "" : kinds[i + 1] == NULL ? " or " : ", ",
		    kinds[i]);
}

/*
 * A snapshot of a process with the default vm.max_map_count (65530
 * mappings) is below 64 MiB; a bigger file is not one of ours, and reading
 * it whole (jansson's tree takes several times the text) could take the
 * machine's memory.
 */
#define MWJSON_MAX_FILE ((uint64_t)256 << 20)

static int
too_big(const char *path, struct mw_err *err)
{
	return mw_err_set(err, -EFBIG, MW_EXIT_TARGET,
	    "cannot load %s (larger than 256 MiB, not a memwatch snapshot); give a file written by 'memwatch ... snapshot'",
	    path);
}

/*
 * The first byte that is not JSON white space, ' ' while there is none
 * yet: a document memwatch can load starts with '{'.
 */
static char
first_byte(const struct mw_buf *b)
{
	for (size_t i = 0; i < b->len; i++)
		if (!strchr(" \t\r\n", b->data[i]) || b->data[i] == '\0')
			return b->data[i];
	return ' ';
}

/*
 * Read path whole into b (one buffer: jansson's stream reader goes a byte at
 * a time); say plainly when it is missing, a directory or empty.
 */
static int
read_doc(const char *path, struct mw_buf *b, struct mw_err *err)
{
	struct stat st;
	FILE *f = fopen(path, "rb");
	size_t n;
	int e;

	if (f == NULL) {
		e = errno;
		return mw_err_set(err, -e, MW_EXIT_TARGET,
		    "cannot read %s (%s); check the path and its permissions",
		    path, strerror(e));
	}
	if (fstat(fileno(f), &st) < 0)
		memset(&st, 0, sizeof(st));
	if (S_ISDIR(st.st_mode)) {
		fclose(f);
		return mw_err_set(err, -EISDIR, MW_EXIT_TARGET,
		    "cannot load %s (a directory); give a file written by 'memwatch ... snapshot'",
		    path);
	}
	if (S_ISREG(st.st_mode) && (uint64_t)st.st_size > MWJSON_MAX_FILE) {
		fclose(f);
		return too_big(path, err);
	}
	if (S_ISREG(st.st_mode) && st.st_size > 0)
		mw_buf_grow(b, (size_t)st.st_size);
	do {
		mw_buf_grow(b, 65536);
		n = fread(b->data + b->len, 1, b->cap - b->len - 1, f);
		mw_buf_setlen(b, b->len + n);
		/* Garbage (or /dev/zero) is refused at once, not read whole. */
		if (b->len > 0 && first_byte(b) != '{' && first_byte(b) != ' ')
			break;
		if (b->len > MWJSON_MAX_FILE) {
			fclose(f);
			return too_big(path, err);
		}
	} while (n > 0);
	e = ferror(f) ? EIO : 0;
	fclose(f);
	if (e != 0)
		return mw_err_set(err, -e, MW_EXIT_TARGET,
		    "cannot read %s (%s); check the file", path, strerror(e));
	if (b->len == 0)
		return mw_err_set(err, -EINVAL, MW_EXIT_TARGET,
		    "cannot load %s (the file is empty); give a file written by 'memwatch ... snapshot'",
		    path);
	if (b->len >= 3 && memcmp(b->data, "\xef\xbb\xbf", 3) == 0)
		return mw_err_set(err, -EINVAL, MW_EXIT_TARGET,
		    "cannot load %s (it starts with a UTF-8 byte-order mark, which JSON does not allow); remove the first 3 bytes or give a file written by 'memwatch ... snapshot'",
		    path);
	if (first_byte(b) == '\0' || (unsigned char)first_byte(b) >= 0x80)
		return mw_err_set(err, -EINVAL, MW_EXIT_TARGET,
		    "cannot load %s (binary data, not JSON); give a file written by 'memwatch ... snapshot'",
		    path);
	return 0;
}

/* What jansson's message means for a file that was a document once. */
static const char *
json_hint(const char *text)
{
	if (strstr(text, "end of file expected") != NULL)
		return ": trailing data after the document";
	if (strstr(text, "premature end of input") != NULL ||
	    strstr(text, "near end of file") != NULL)
		return ": the file ends early, truncated?";
	return "";
}

int
mwjson_load(const char *path, const char *const *kinds, json_t **doc,
    struct mw_err *err)
{
	json_error_t je;
	json_int_t schema;
	const char *kind;
	char want[128];
	json_t *d, *k, *s;
	struct mw_buf b;
	int rc;

	mw_buf_init(&b);
	rc = read_doc(path, &b, err);
	d = rc < 0 ? NULL : json_loadb(b.data, b.len, JSON_REJECT_DUPLICATES,
	    &je);
	mw_buf_free(&b);
	if (rc < 0)
		return rc;
	if (d == NULL) {
		if (je.line <= 0)
			return mw_err_set(err, -EINVAL, MW_EXIT_TARGET,
			    "cannot load %s (%s); give a file written by 'memwatch ... snapshot'",
			    path, je.text);
		return mw_err_set(err, -EINVAL, MW_EXIT_TARGET,
		    "%s:%d:%d: not valid JSON (%s%s); give a file written by 'memwatch ... snapshot'",
		    path, je.line, je.column, je.text, json_hint(je.text));
	}
	k = json_object_get(d, "kind");
	s = json_object_get(d, "schema");
	if (!json_is_object(d) || !json_is_string(k)) {
		json_decref(d);
		return mw_err_set(err, -EINVAL, MW_EXIT_TARGET,
		    "%s is not a memwatch document (no \"kind\"); give a file written by 'memwatch ... snapshot'",
		    path);
	}
	kind = json_string_value(k);
	if (!kind_ok(kind, kinds)) {
		mwjson_kinds_text(want, sizeof(want), kinds);
		mw_err_set(err, -EINVAL, MW_EXIT_TARGET,
		    "%s holds a \"%s\" document, not a %s; give the right file",
		    path, kind, want);
		json_decref(d);
		return -EINVAL;
	}
	schema = json_is_integer(s) ? json_integer_value(s) : -1;
	if (schema != 1) {
		json_decref(d);
		if (schema > 1)
			return mw_err_set(err, -EINVAL, MW_EXIT_TARGET,
			    "%s has schema %lld, newer than this memwatch reads (1); use a newer memwatch",
			    path, (long long)schema);
		return mw_err_set(err, -EINVAL, MW_EXIT_TARGET,
		    "%s has no valid \"schema\"; give a file written by 'memwatch ... snapshot'",
		    path);
	}
	*doc = d;
	return 0;
}

int
mwjson_get_u64(const json_t *obj, const char *key, uint64_t *v)
{
	json_t *x = json_object_get(obj, key);

	if (x == NULL || json_is_null(x))
		return -ENOENT;
	if (!json_is_integer(x) || json_integer_value(x) < 0)
		return -EINVAL;
	*v = (uint64_t)json_integer_value(x);
	return 0;
}

int
mwjson_get_i64(const json_t *obj, const char *key, int64_t *v)
{
	json_t *x = json_object_get(obj, key);

	if (x == NULL || json_is_null(x))
		return -ENOENT;
	if (!json_is_integer(x))
		return -EINVAL;
	*v = (int64_t)json_integer_value(x);
	return 0;
}

int
mwjson_get_str(const json_t *obj, const char *key, const char **s)
{
	json_t *x = json_object_get(obj, key);

	if (x == NULL || json_is_null(x))
		return -ENOENT;
	if (!json_is_string(x))
		return -EINVAL;
	*s = json_string_value(x);
	return 0;
}

