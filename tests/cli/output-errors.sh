#!/bin/bash
# tests/cli/output-errors.sh: standard output that cannot be written.
#
# Every command that prints, with stdout on /dev/full (ENOSPC) and with
# stdout closed (EBADF): one line "memwatch: cannot write output (REASON);
# ...", exit 1 (never 0, never an undocumented status like 251, never
# "no reason given"). A closed stdout must not be taken over by a file
# memwatch opens itself.
. "${MW_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"

[ -w /dev/full ] || skip_all "no /dev/full here"
t=$MW_TMP
cap=$MW_SRCDIR/samples/proc/debian12-6.18-a

check() { # DESC: run "$@" (after DESC) both ways
	local desc=$1 rc

	shift
	"$MEMWATCH" "$@" >/dev/full 2>"$t/err"
	rc=$?
	is "$rc:$(wc -l <"$t/err")" "1:1" "$desc >/dev/full: exit 1, one line"
	like "$(cat "$t/err")" '^memwatch: cannot write output \(No space left on device\); ' \
	    "... cannot write output (ENOSPC)"
	"$MEMWATCH" "$@" >&- 2>"$t/err"
	rc=$?
	is "$rc:$(wc -l <"$t/err")" "1:1" "$desc >&-: exit 1, one line"
	like "$(cat "$t/err")" '^memwatch: cannot write output \(Bad file descriptor\); ' \
	    "... cannot write output (EBADF)"
}

check "export" export --top 5
check "export --format prometheus" export --format prometheus
check "self snapshot" self snapshot
check "self" self
check "self --json" self --json
check "self explain" self explain
check "self pages --json" self pages --json
check "self diff -i 0" self diff -i 0
check "system snapshot" --proc-root "$cap" system snapshot
check "system" --proc-root "$cap" system
check "zones --json" --proc-root "$cap" zones --json
check "slabs" --proc-root "$cap" slabs
check "top -b" top -b -n 1 -p $$
check "top -b --json" top -b -n 1 -p $$ --json

done_testing
