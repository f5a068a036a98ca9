#!/bin/bash
# tests/cli/version.sh: memwatch --version names the version, the kernel
# features it found (each checked here against /proc and the kernel
# release) and how it was built (against configure's results).
. "${MW_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"

out=$("$MEMWATCH" --version 2>"$MW_TMP/err")
is "$?:$(wc -c <"$MW_TMP/err")" "0:0" "--version: exit 0, nothing on stderr"
ver=$(sed -n 's/^AC_INIT(\[memwatch\], \[\([^]]*\)\].*/\1/p' "$MW_SRCDIR/configure.ac")
is "$(sed -n 1p <<<"$out")" "memwatch $ver" "first line: memwatch and configure.ac's version"

kline=$(grep '^kernel ' <<<"$out")
like "$kline" "^kernel $(uname -r | sed 's/[.+]/\\&/g'): " "the running kernel's release"
feature() { sed -n "s/.*[ ,]$1 \([a-z]*\).*/\1/p" <<<"$kline"; }

want=no
[ -e /proc/self/smaps_rollup ] && want=yes
is "$(feature smaps_rollup)" "$want" "smaps_rollup: as /proc/self/smaps_rollup says"

want=no
if [ -e /proc/pressure/memory ]; then
	if cat /proc/pressure/memory >/dev/null 2>&1; then want=yes; else want=off; fi
fi
is "$(feature PSI)" "$want" "PSI: as /proc/pressure/memory says"

want=no
[ -e /proc/sys/kernel/unprivileged_bpf_disabled ] && want=yes
is "$(feature eBPF)" "$want" "eBPF: as /proc/sys/kernel/unprivileged_bpf_disabled says"

# PAGEMAP_SCAN came with 6.7; a kernel may have it backported, so only
# a kernel at or above 6.7 must say yes, and the answer is one word.
scan=$(feature PAGEMAP_SCAN)
like "$scan" '^(yes|no|unknown)$' "PAGEMAP_SCAN: yes, no or unknown"
IFS=. read -r maj min _ <<<"$(uname -r)"
if [ "$maj" -gt 6 ] || { [ "$maj" -eq 6 ] && [ "${min%%[!0-9]*}" -ge 7 ]; }; then
	is "$scan" yes "PAGEMAP_SCAN: yes on $(uname -r)"
else
	skip "PAGEMAP_SCAN: kernel $(uname -r) is older than 6.7"
fi

# The built line against config.h.
config=$MW_BUILDDIR/config.h
if grep -q '^#define MW_STATIC_DEPS 1' "$config"; then link="linked statically"; else link="shared libraries"; fi
like "$(grep '^built with jansson' <<<"$out")" "^built with jansson [0-9.]+ and ncurses [0-9.]+, $link\$" \
    "built with: jansson and ncurses versions, $link"
proc2=$(sed -n 's/^#define MW_PROC2_SONAME "\(.*\)"/\1/p' "$config")
mhd=$(sed -n 's/^#define MW_MHD_SONAME "\(.*\)"/\1/p' "$config")
is "$(grep '^opens ' <<<"$out")" "opens $mhd for serve when it runs; reads the process table itself ($proc2 is its reference in the tests)" \
    "the libraries opened at run time, by soname"
if grep -q '^#define HAVE_BPF 1' "$config"; then
	like "$(grep '^stacks ' <<<"$out")" '^stacks traces with eBPF \(libbpf [0-9]+\.[0-9]+' \
	    "stacks: eBPF and the libbpf version"
else
	is "$(grep '^stacks ' <<<"$out")" "stacks built without eBPF (see ./configure --enable-bpf)" \
	    "stacks: built without eBPF, and how to build it"
fi
if grep -q '^#define MW_SANITIZERS 1' "$config"; then
	like "$out" "AddressSanitizer" "a sanitizer build says so"
else
	is "$(grep -c Sanitizer <<<"$out")" 0 "a plain build names no sanitizer"
fi

# --proc-root does not change what the running kernel has.
is "$("$MEMWATCH" --proc-root "$MW_SRCDIR/samples/proc/debian12-6.18-a" --version)" "$out" \
    "--proc-root: the same answer (the running kernel's)"
"$MEMWATCH" --version extra >/dev/null 2>"$MW_TMP/err"
is "$?" 2 "--version with an argument: usage error"
done_testing
