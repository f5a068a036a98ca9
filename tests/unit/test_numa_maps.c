/* tests/unit/test_numa_maps.c: parse/numa_maps.c on captures and edge cases. */
#include "config.h"

#include <errno.h>

#include "tap.h"
#include "parse/numa_maps.h"

/* Independent of the parser: the N<node>= pages times the page size. */
static uint64_t
naive_bytes(const char *text, unsigned node)
{
	uint64_t sum = 0;
	const char *p = text;

	while (*p != '\0') {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		char line[4096], *w, *save = NULL;
		unsigned long long pages = 0, kb = 0;
		unsigned nd;

		snprintf(line, sizeof(line), "%.*s", (int)n, p);
		for (w = strtok_r(line, " ", &save); w != NULL;
		    w = strtok_r(NULL, " ", &save)) {
			unsigned long long v;

			if (sscanf(w, "N%u=%llu", &nd, &v) == 2 && nd == node)
				pages += v;
			sscanf(w, "kernelpagesize_kB=%llu", &kb);
		}
		sum += pages * kb * 1024;
		p += n + (nl != NULL);
	}
	return sum;
}

static void
check_file(const char *rel, size_t want_lines, unsigned nodes)
{
	size_t len;
	char *text = tap_slurp(tap_src(rel), &len);
	struct numa_maps nm;
	struct numa_on_node by[4];
	size_t n;
	int rc;

	if (!ok(text != NULL, "%s read", rel))
		return;
	rc = numa_maps_parse(text, len, &nm);
	ok(rc == 0 && nm.skipped == 0 &&
	    nm.len == want_lines, "%s: %zu mappings, none skipped", rel, nm.len);
	n = numa_maps_by_node(&nm, by, 4);
	is_u64(n, nodes, "%s: nodes", rel);
	for (size_t i = 0; i < n; i++)
		is_u64(by[i].bytes, naive_bytes(text, by[i].node),
		    "%s: node %u bytes agree", rel, by[i].node);
	numa_maps_free(&nm);
	free(text);
}

static void
test_two_nodes(void)
{
	size_t len;
	char *text = tap_slurp(tap_src("tests/fuzz/corpus/numa_maps/two-nodes"),
	    &len);
	struct numa_maps nm;
	const struct numa_map *m;

	if (!ok(text != NULL && numa_maps_parse(text, len, &nm) == 0,
	    "two-nodes parsed"))
		return;
	m = numa_maps_find(&nm, 0x400000);
	ok(m != NULL && strcmp(m->policy, "bind:0-1") == 0 && m->n == 2 &&
	    nm.nodes[m->first].node == 0 && nm.nodes[m->first].bytes == 6 * 4096 &&
	    nm.nodes[m->first + 1].node == 1 &&
	    nm.nodes[m->first + 1].bytes == 4 * 4096, "bind:0-1, N0 and N1");
	m = numa_maps_find(&nm, 0x1000000);
	is_str(m ? m->policy : NULL, "interleave=static:0-1",
	    "a policy with flags");
	m = numa_maps_find(&nm, 0x7f0000000000);
	is_str(m ? m->policy : NULL, "prefer (many):0,1",
	    "a policy with a space");
	ok(m != NULL && m->n == 1 && nm.nodes[m->first].node == 1,
	    "prefer (many): its one node");
	m = numa_maps_find(&nm, 0x7f0000200000);
	is_str(m ? m->policy : NULL, "weighted interleave:0-1",
	    "weighted interleave");
	ok(m != NULL && m->n == 2 && nm.nodes[m->first].bytes == 2 << 20,
	    "huge pages counted at their size");
	m = numa_maps_find(&nm, 0x7f0000600000);
	ok(m != NULL && strcmp(m->policy, "local") == 0 && m->n == 0,
	    "no page present: no node");
	ok(numa_maps_find(&nm, 0x7f0000600001) == NULL, "not a start: NULL");
	numa_maps_free(&nm);
	free(text);
}

static void
test_edges(void)
{
	static const struct {
		const char *name, *text;
		int rc;
		size_t len, skipped;
	} edge[] = {
		{ "empty", "", 0, 0, 0 },
		{ "blank lines", "\n  \n", 0, 0, 0 },
		{ "no policy", "7f00\n", -EINVAL, 0, 1 },
		{ "bad address", "zz default N0=1 kernelpagesize_kB=4\n", -EINVAL, 0, 1 },
		{ "address too long", "11111111111111111 default\n", -EINVAL, 0, 1 },
		{ "nodes without a page size", "1000 default N0=3\n", -EINVAL, 0, 1 },
		{ "zero page size", "1000 default N0=3 kernelpagesize_kB=0\n", -EINVAL, 0, 1 },
		{ "pages overflow", "1000 default N0=18446744073709551615 kernelpagesize_kB=4\n",
		  -EINVAL, 0, 1 },
		{ "node overflow", "1000 default N4294967296=1 kernelpagesize_kB=4\n",
		  -EINVAL, 0, 1 },
		{ "bad node count", "1000 default N0=x kernelpagesize_kB=4\n", -EINVAL, 0, 1 },
		{ "a bad line among good ones",
		  "1000 default N0=1 kernelpagesize_kB=4\nzz\n2000 default\n", 0, 2, 1 },
		{ "control bytes in a policy", "1000 de\001fault\n", -EINVAL, 0, 1 },
		{ "no newline at the end", "1000 default N0=1 kernelpagesize_kB=4", 0, 1, 0 },
		{ "out of order", "3000 default\n1000 local\n2000 default\n", 0, 3, 0 },
		{ "a node twice", "1000 default N0=1 N0=2 kernelpagesize_kB=4\n", 0, 1, 0 },
		{ "words without =", "1000 default heap stack huge\n", 0, 1, 0 },
	};

	for (size_t i = 0; i < sizeof(edge) / sizeof(edge[0]); i++) {
		struct numa_maps nm;
		int rc = numa_maps_parse(edge[i].text, strlen(edge[i].text), &nm);

		if (!ok(rc == edge[i].rc && nm.len == edge[i].len &&
		    nm.skipped == edge[i].skipped, "edge: %s", edge[i].name))
			tap_diag("rc %d len %zu skipped %zu", rc, nm.len, nm.skipped);
		numa_maps_free(&nm);
	}
	{
		const char *t = "1000 default N0=1 N0=2 kernelpagesize_kB=4\n";
		struct numa_maps nm;

		numa_maps_parse(t, strlen(t), &nm);
		ok(nm.len == 1 && nm.v[0].n == 1 && nm.nodes[0].bytes == 3 * 4096,
		    "a node printed twice: one key, its pages added");
		numa_maps_free(&nm);
	}
	{
		const char *t = "3000 default\n1000 local\n2000 bind:0\n";
		struct numa_maps nm;

		numa_maps_parse(t, strlen(t), &nm);
		ok(numa_maps_find(&nm, 0x1000) != NULL &&
		    numa_maps_find(&nm, 0x2000) != NULL &&
		    numa_maps_find(&nm, 0x3000) != NULL,
		    "out of order: every mapping found");
		numa_maps_free(&nm);
	}
	{
		const char *t = "1000 default N0=1 N1=2 kernelpagesize_kB=4\n"
		    "2000 default N1=1 N0=4 kernelpagesize_kB=4\n";
		struct numa_maps nm;
		struct numa_on_node by[1];

		numa_maps_parse(t, strlen(t), &nm);
		ok(nm.v[0].n == 2 && nm.v[1].n == 2, "two nodes per line");
		ok(numa_maps_by_node(&nm, by, 1) == 1 && by[0].node == 0 &&
		    by[0].bytes == 5 * 4096, "by node: at most max, in order");
		numa_maps_free(&nm);
	}
}

int
main(void)
{
	test_two_nodes();
	test_edges();
	check_file("tests/fuzz/corpus/numa_maps/zoo-6.18",
	    45, 1);
	check_file("tests/fuzz/corpus/numa_maps/two-nodes", 6, 2);
	return tap_done();
}
