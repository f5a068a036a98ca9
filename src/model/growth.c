/* model/growth.c: a process table row's PSS history as a trend. */
#include "config.h"
#include "model/growth.h"

#include <math.h>

#include "model/proctable.h"

bool
pt_row_trend(const struct pt_row *r, int64_t *growth,
    enum trend_verdict *verdict)
{
	double t[PT_HIST], v[PT_HIST];
	struct trend_judgement j;

	if (!r->rollup || r->nhist < 2)
		return false;
	for (unsigned i = 0; i < r->nhist; i++) {
		t[i] = i;
		v[i] = (double)r->hist[i];
	}
	trend_judge(t, v, r->nhist, &j);
	*growth = llround(j.all.slope * j.all.span);
	*verdict = j.verdict;
	return true;
}
