/* tests/unit/agreedoc.h: a document as jansson's tree, for the agreement
 * checks of the streaming readers (snapagree.h, sysagree.h). */
#ifndef MW_TESTS_AGREEDOC_H
#define MW_TESTS_AGREEDOC_H

#include <string.h>
#include <jansson.h>

/*
 * data[0..n) as jansson reads it (duplicate keys refused), when it is an
 * object of the given kind and schema 1, as mwjson_load checks; else NULL.
 */
static json_t *
agree_doc(const char *data, size_t n, const char *kind)
{
	json_error_t je;
	json_t *doc = json_loadb(data, n, JSON_REJECT_DUPLICATES, &je), *k, *sc;

	if (doc == NULL)
		return NULL;
	k = json_object_get(doc, "kind");
	sc = json_object_get(doc, "schema");
	if (json_is_object(doc) && json_is_string(k) &&
	    strcmp(json_string_value(k), kind) == 0 && json_is_integer(sc) &&
	    json_integer_value(sc) == 1)
		return doc;
	json_decref(doc);
	return NULL;
}

#endif
