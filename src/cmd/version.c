/* cmd/version.c: memwatch --version: the version, the kernel's optional
 * interfaces memwatch found, and how this binary was built. */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <sys/utsname.h>

#include "cmd/cmd.h"
#include "model/features.h"
#include "render/json.h"
#ifdef HAVE_BPF
#include "trace/tracelib.h"
#include "util/err.h"
#endif

int
cmd_version(struct mw_ctx *ctx)
{
	struct mw_source live = { .root_fd = -1 };
	struct mw_features f;
	struct utsname u;

	printf("memwatch %s\n", PACKAGE_VERSION);
	/* The running kernel's, whatever --proc-root says. */
	if (mw_source_open(&live, NULL, NULL) == 0) {
		mw_features_probe(&live, &f);
		mw_source_close(&live);
		printf("kernel %s: smaps_rollup %s, PAGEMAP_SCAN %s, PSI %s, eBPF %s\n",
		    uname(&u) == 0 ? u.release : "(unknown release)",
		    mw_feature_word(f.smaps_rollup),
		    mw_feature_word(f.pagemap_scan), mw_feature_word(f.psi),
		    mw_feature_word(f.bpf));
	} else {
		printf("kernel: /proc cannot be opened; features unknown\n");
	}
	printf("built with jansson %s and %s, %s\n", mwjson_lib_version(),
	    curses_version(),
#ifdef MW_STATIC_DEPS
	    "linked statically"
#else
	    "shared libraries"
#endif
	    );
	printf("opens %s for serve when it runs; reads the process table "
	    "itself (%s is its reference in the tests)\n", MW_MHD_SONAME,
	    MW_PROC2_SONAME);
#ifdef HAVE_BPF
	{
		struct mw_err err;
		const char *v;

		/* opened here only: every other command starts without it */
		mw_err_clear(&err);
		if (tracelib_load(&err) == 0) {
			v = libbpf_version_string();
			printf("stacks traces with eBPF (libbpf %s, opened from %s when it runs)\n",
			    v[0] == 'v' ? v + 1 : v, MW_BPF_SONAME);
		} else {
			printf("stacks traces with eBPF, but %s\n", err.msg);
		}
	}
#else
	printf("stacks built without eBPF (see ./configure --enable-bpf)\n");
#endif
#ifdef MW_SANITIZERS
	printf("built with AddressSanitizer and UndefinedBehaviorSanitizer\n");
#endif
	(void)ctx;
	return MW_EXIT_OK;
}
