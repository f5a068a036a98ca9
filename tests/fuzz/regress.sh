#!/bin/sh
# tests/fuzz/regress.sh: replay each fuzz harness over its seed corpus and
# over every input saved in tests/fuzz/regress/NAME/ (crashes found by
# fuzzing, kept as regression tests). TAP output.
set -u
. "${MW_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"
src=$MW_SRCDIR
bld=$MW_BUILDDIR
run() { # harness, inputs...
	local h=$1 out

	shift
	if [ ! -x "$bld/tests/fuzz/$h" ]; then
		skip "$h not built"
		return
	fi
	if out=$("$bld/tests/fuzz/$h" "$@" 2>&1); then
		ok "$h replays $(echo "$out" | grep -c '^ok') inputs" true
	else
		ok "$h" false
		echo "$out" | tail -20 | diag
	fi
}
for h in $(cd "$src/tests/fuzz" && ls fuzz_*.c | sed 's/\.c$//'); do
	name=${h#fuzz_}
	set -- "$src/tests/fuzz/regress/$name" "$src/tests/fuzz/corpus/$name"
	case $name in
	smaps|status|stat|sysparse|meminfo|zoneinfo|buddyinfo|slabinfo|pagetypeinfo|vmstat)
		set -- "$@" "$src/samples/proc" ;;
	esac
	[ -n "${MW_PUBLIC_SAMPLES:-}" ] && [ -d "$MW_PUBLIC_SAMPLES" ] &&
		set -- "$@" "$MW_PUBLIC_SAMPLES"
	existing=""
	for p in "$@"; do [ -e "$p" ] && existing="$existing $p"; done
	# shellcheck disable=SC2086
	run "$h" $existing
done
done_testing
