/* render/json_explain.h: the "explain" and "pages" documents.
 *
 * Findings of any source (explain, diff, system, oom) render as {"id",
 * "bytes", "text", "amounts"}: "bytes" is absent when the finding has no
 * amount; "text" has its amounts in units, "amounts" the same amounts as
 * integers (bytes; a change signed), in the order the text gives them.
 */
#ifndef MW_RENDER_JSON_EXPLAIN_H
#define MW_RENDER_JSON_EXPLAIN_H

#include <jansson.h>
#include <stdbool.h>

struct proc_snapshot;
struct explain;
struct finding;
struct finding_list;
struct pages_report;

/* A sentence as a JSON string, its amounts in units, or in bytes with
 * bytes (--bytes) (new reference). */
json_t *mwjson_sentence(const char *text, bool bytes);
/* "text" (as mwjson_sentence()) and "amounts" of a sentence into o. */
void mwjson_set_sentence(json_t *o, const char *text, bool bytes);
/* One finding / a list of them (new references). */
json_t *mwjson_finding(const struct finding *f, bool bytes);
json_t *mwjson_findings(const struct finding_list *fl, bool bytes);
/* {"kind": "explain", "process", "findings", "facts", ...}. */
json_t *mwjson_explain(const struct proc_snapshot *snap,
    const struct explain *ex, bool bytes);
/* {"kind": "pages", "process", "page_size", "vmas", "totals"}. */
json_t *mwjson_pages(const struct pages_report *r);

#endif
