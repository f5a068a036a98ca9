/* render/capture.h: what a capture wrote, as text or as the "capture"
 * document (render/text_capture.c, render/json_capture.c). */
#ifndef MW_RENDER_CAPTURE_H
#define MW_RENDER_CAPTURE_H

#include <stdbool.h>
#include <stdio.h>
#include <jansson.h>

struct capture_result;

/* "Captured N files (SIZE) into DIR", the skipped files' reasons and how
 * to read the tree back; 0, or -errno of a failed write. */
int text_capture(FILE *f, const char *dir, const struct capture_result *r,
    bool bytes);
/* {"kind": "capture", "dir", "files", "bytes", "skipped"}. */
json_t *mwjson_capture(const char *dir, const struct capture_result *r);

#endif
