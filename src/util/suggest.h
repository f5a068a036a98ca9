/* util/suggest.h: how far a typed word is from a known one. */
#ifndef MW_UTIL_SUGGEST_H
#define MW_UTIL_SUGGEST_H

/*
 * Edits (insert, delete, replace, swap of two neighbours) that turn a into
 * b, counted up to 3 (3 means 3 or more; words of 16 bytes or more are 3).
 */
int mw_edits(const char *a, const char *b);

#endif
