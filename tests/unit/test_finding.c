/* tests/unit/test_finding.c: model/finding.c, the list of findings. */
#include "config.h"

#include "model/finding.h"
#include "tap.h"

int
main(void)
{
	struct finding_list fl;
	const struct finding *f;
	char big[3000];

	finding_list_init(&fl);
	ok(fl.len == 0 && finding_find(&fl, "x") == NULL, "empty list");
	finding_add(&fl, "plain", false, 99, "no amount");
	finding_printf(&fl, "sized", true, 9961472, "%s of %d", "9.5 MiB", 2);
	for (int i = 0; i < 40; i++)	/* past the first growth */
		finding_printf(&fl, "many", true, (uint64_t)i, "row %d", i);
	is_u64(fl.len, 42, "every row kept");
	f = finding_find(&fl, "plain");
	ok(f != NULL && !f->has_bytes && f->bytes == 0,
	    "no amount: has_bytes false, bytes 0");
	f = finding_find(&fl, "sized");
	ok(f != NULL && f->has_bytes && f->bytes == 9961472, "amount kept");
	is_str(f ? f->text : NULL, "9.5 MiB of 2", "printf text");
	is_str(fl.v[41].text, "row 39", "order kept");
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	f = finding_printf(&fl, "long", false, 0, "%s!", big);
	is_u64(strlen(f->text), sizeof(big), "long text not cut");
	finding_list_free(&fl);
	ok(fl.len == 0 && fl.v == NULL, "free leaves an empty list");
	finding_add(&fl, "again", false, 0, "reusable");
	is_u64(fl.len, 1, "reusable after free");
	finding_list_free(&fl);
	return tap_done();
}
