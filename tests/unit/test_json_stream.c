/* tests/unit/test_json_stream.c: the streaming snapshot reader (and its
 * tokenizer) against jansson's reading of the same documents: every
 * document of the fuzz corpora, read whole and in pieces, and edge cases
 * of JSON itself. */
#include "config.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse/jsontok.h"
#include "tap.h"
#include "snapagree.h"
#include "util/buf.h"

static char *
slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	struct mw_buf b;
	size_t r;

	if (f == NULL)
		return NULL;
	mw_buf_init(&b);
	do {
		mw_buf_grow(&b, 65536);
		r = fread(b.data + b.len, 1, 65536, f);
		mw_buf_setlen(&b, b.len + r);
	} while (r > 0);
	fclose(f);
	return mw_buf_detach(&b, n);
}

static const size_t pieces[] = { 0, 1, 2, 7, 64, 4096 };

/* One document, whole and in every piece size: 1 if all agree. */
static int
agree_all(const char *data, size_t n, bool *accepted, const char **why)
{
	for (size_t i = 0; i < sizeof(pieces) / sizeof(pieces[0]); i++)
		if (!snap_agree(data, n, pieces[i] ? pieces[i] : n + 1,
		    accepted, why))
			return 0;
	return 1;
}

static int
corpus_dir(const char *rel, int *nacc)
{
	DIR *d = opendir(tap_src(rel));
	char dir[4096], path[8192];
	struct dirent *e;
	int n = 0;

	if (d == NULL)
		return 0;
	snprintf(dir, sizeof(dir), "%s", tap_src(rel));
	while ((e = readdir(d)) != NULL) {
		const char *why;
		bool acc = false;
		size_t len;
		char *text;

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if ((text = slurp(path, &len)) == NULL)
			continue;
		if (!ok(agree_all(text, len, &acc, &why),
		    "%s/%s: both readers agree", rel, e->d_name))
			tap_diag("%s", why);
		*nacc += acc;
		n++;
		free(text);
	}
	closedir(d);
	return n;
}

struct edge {
	const char *doc;	/* "@" stands for a valid head */
	bool accept;
	const char *what;
};

#define HEAD "\"kind\":\"process-snapshot\",\"schema\":1," \
	"\"taken_at\":\"2026-01-01T00:00:00Z\",\"process\":{\"pid\":7}"
#define V(x) "{" HEAD ",\"vmas\":[{\"start\":\"0x1000\",\"end\":\"0x2000\"," \
	"\"perms\":\"rw-p\"" x "}]}"

static const struct edge edges[] = {
	{ "{" HEAD "}", true, "the smallest snapshot" },
	{ " \t\r\n{" HEAD "} \n", true, "white space around" },
	{ "{" HEAD "} x", false, "trailing data" },
	{ "{" HEAD "}{}", false, "two documents" },
	{ "{" HEAD ",\"kind\":\"process-snapshot\"}", false, "a duplicate key" },
	{ "{" HEAD ",\"\\u006bind\":1}", false, "a duplicate key once escaped" },
	{ "{\"process\":{\"pid\":7},\"taken_at\":\"2026-01-01T00:00:00Z\","
	  "\"schema\":1,\"kind\":\"process-snapshot\"}", true, "keys in any order" },
	{ V(",\"rss\":4096,\"pss\":0"), true, "a mapping" },
	{ V(",\"rss\":-1"), false, "a negative amount" },
	{ V(",\"rss\":1.0"), false, "a real amount" },
	{ V(",\"rss\":null"), false, "a null amount" },
	{ V(",\"offset\":null,\"dev\":7,\"path\":[]"), true, "ignored types" },
	{ V(",\"x\":{\"a\":1,\"a\":2}"), false, "a duplicate key deep in an unknown value" },
	{ V(",\"x\":{\"a\":1},\"y\":{\"a\":2}"), true, "the same key in two objects" },
	{ V(",\"path\":\"\\ud83d\\ude00 \\u00e9\\/\\\\x41\""), true, "escapes in a path" },
	{ V(",\"path\":\"\\ud83d\""), false, "a lone high surrogate" },
	{ V(",\"path\":\"\\ude00\""), false, "a lone low surrogate" },
	{ V(",\"path\":\"\\u0000\""), false, "\\u0000" },
	{ V(",\"path\":\"\x01\""), false, "a control character" },
	{ V(",\"path\":\"\xc3\x28\""), false, "invalid UTF-8" },
	{ V(",\"path\":\"\xed\xa0\x80\""), false, "an encoded surrogate" },
	{ V(",\"path\":\"\xf4\x90\x80\x80\""), false, "beyond U+10FFFF" },
	{ V(",\"path\":\"\xe0\x80\xaf\""), false, "an overlong sequence" },
	{ V(",\"x\":9223372036854775807,\"y\":-9223372036854775808"), true, "int64 limits" },
	{ V(",\"x\":9223372036854775808"), false, "an integer too big" },
	{ V(",\"x\":-9223372036854775809"), false, "a negative integer too big" },
	{ V(",\"x\":1.7976931348623157e308,\"y\":-0.0e-999"), true, "the largest double" },
	{ V(",\"x\":1.7976931348623159e308"), false, "a real that overflows" },
	{ V(",\"x\":179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497791.0"), true, "just below the overflow" },
	{ V(",\"x\":1e309"), false, "1e309" },
	{ V(",\"x\":0.0001e312"), true, "0.0001e312" },
	{ V(",\"x\":01"), false, "a leading zero" },
	{ V(",\"x\":1.,\"y\":1"), false, "a real without digits" },
	{ V(",\"x\":-"), false, "a lone minus" },
	{ V(",\"x\":tru"), false, "a cut literal" },
	{ V(",\"x\":[1,]"), false, "a trailing comma" },
	{ V(",\"vmflags\":[\"rd\",\"zz\",\"\",\"wr\"]"), true, "unknown vmflags" },
	{ V(",\"vmflags\":[\"rd\",1]"), false, "a vmflag that is not a string" },
	{ V(",\"extra\":{\"A\":1,\"B\":\"t\"}"), true, "extra fields" },
	{ V(",\"extra\":{\"A\":-1}"), false, "a bad extra field" },
	{ "[1,2]", false, "an array" },
	{ "\"x\"", false, "a string at the top" },
	{ "{\"kind\":\"system-snapshot\",\"schema\":1}", false, "another kind" },
	{ "{\"kind\":\"process-snapshot\",\"schema\":2}", false, "a newer schema" },
};

static void
depth(int n, bool accept)
{
	struct mw_buf b;
	const char *why;
	bool acc;

	mw_buf_init(&b);
	mw_buf_adds(&b, "{" HEAD ",\"x\":");
	for (int i = 0; i < n; i++)
		mw_buf_addc(&b, '[');
	for (int i = 0; i < n; i++)
		mw_buf_addc(&b, ']');
	mw_buf_addc(&b, '}');
	ok(agree_all(b.data, b.len, &acc, &why) && acc == accept,
	    "%d nested arrays below the top: %s", n,
	    accept ? "accepted" : "refused");
	mw_buf_free(&b);
}

static void
positions(void)
{
	static const char *const kinds[] = { "process-snapshot", NULL };
	static const char doc[] = "{\n  \"kind\": \"process-snapshot\",\n  \"schema\": 1,\n   x\n}";
	struct proc_snapshot s;
	struct mwjson_rd rd;
	struct mw_err err;
	bool other;

	mw_err_clear(&err);
	mwjson_rd_mem(&rd, doc, strlen(doc), 3, "f.json", &err);
	ok(mwjson_proc_snapshot_read(&rd, kinds, &s, &other) < 0 &&
	    strncmp(err.msg, "f.json:4:4: not valid JSON (", 28) == 0,
	    "an error names the file, line and column");
	tap_diag("%s", err.msg);
	mwjson_rd_close(&rd);
	mw_err_clear(&err);
	mwjson_rd_mem(&rd, doc, 30, 3, "f.json", &err);
	ok(mwjson_proc_snapshot_read(&rd, kinds, &s, &other) < 0 &&
	    strstr(err.msg, "truncated?") != NULL,
	    "a cut document says it may be truncated");
	mwjson_rd_close(&rd);
}

int
main(void)
{
	int n = 0, acc = 0;

	n += corpus_dir("tests/fuzz/corpus/snapshot_json", &acc);
	n += corpus_dir("tests/fuzz/corpus/snapshot_stream", &acc);
	n += corpus_dir("tests/fuzz/regress/snapshot_json", &acc);
	n += corpus_dir("tests/fuzz/regress/snapshot_stream", &acc);
	ok(n >= 10 && acc >= 5, "%d corpus documents read, %d accepted", n, acc);
	for (size_t i = 0; i < sizeof(edges) / sizeof(edges[0]); i++) {
		const char *why;
		bool a;
		int same = agree_all(edges[i].doc, strlen(edges[i].doc), &a, &why);

		if (!ok(same && a == edges[i].accept, "%s: %s", edges[i].what,
		    edges[i].accept ? "accepted" : "refused"))
			tap_diag("%s", why ? why : "both readers agree, but not as expected");
	}
	depth(2047, true);
	depth(2048, false);
	positions();
	printf("1..%d\n", tap_n);
	return tap_failed != 0;
}
