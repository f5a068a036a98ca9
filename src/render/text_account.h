/* render/text_account.h: the memory account as a text tree. */
#ifndef MW_RENDER_TEXT_ACCOUNT_H
#define MW_RENDER_TEXT_ACCOUNT_H

#include <stdbool.h>
#include <stdio.h>
#include <time.h>
#include <jansson.h>

struct account;

int text_account(FILE *f, const struct account *a, bool bytes, bool color,
    bool by_node);
/* {"kind": "account", ...} (render/json_account.c). */
json_t *mwjson_account(const struct account *a, time_t taken_at,
    bool bytes);

#endif
