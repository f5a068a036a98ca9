/* util/dl.c: loading a library and its functions (see dl.h). */
#include "config.h"
#include "util/dl.h"

#include <dlfcn.h>
#include <errno.h>

int
mw_dl_load(const char *soname, const char *const names[], size_t n,
    void *fn[], const char **why)
{
	void *h = dlopen(soname, RTLD_NOW | RTLD_LOCAL);

	if (h == NULL) {
		*why = dlerror();
		return -ENOENT;
	}
	for (size_t i = 0; i < n; i++)
		if ((fn[i] = dlsym(h, names[i])) == NULL) {
			*why = names[i];
			dlclose(h);
			return -ENOSYS;
		}
	return 0;
}
