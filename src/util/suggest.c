/* util/suggest.c: how far a typed word is from a known one. */
#include "config.h"
#include "util/suggest.h"

#include <string.h>

int
mw_edits(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	int d[16][16];

	if (la >= 16 || lb >= 16)
		return 3;
	for (size_t i = 0; i <= la; i++)
		for (size_t j = 0; j <= lb; j++) {
			int v = i == 0 ? (int)j : j == 0 ? (int)i :
			    d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);

			if (i > 0 && d[i - 1][j] + 1 < v)
				v = d[i - 1][j] + 1;
			if (j > 0 && d[i][j - 1] + 1 < v)
				v = d[i][j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < v)
				v = d[i - 2][j - 2] + 1;
			d[i][j] = v;
		}
	return d[la][lb] < 3 ? d[la][lb] : 3;
}

