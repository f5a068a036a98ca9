#!/bin/bash
# tests/cli/valgrind.sh: a few main commands under valgrind's memcheck:
# no invalid read or write, no use of uninitialised memory, no definite or
# indirect leak (--error-exitcode). Skipped when valgrind is missing, or
# when memwatch is built with the sanitizers (they cannot run together).
. "${MW_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"

command -v valgrind >/dev/null || skip_all "valgrind is not installed"
if nm "$MEMWATCH" 2>/dev/null | grep -q '__asan_init'; then
	skip_all "memwatch is built with the sanitizers (valgrind cannot run it)"
fi
valgrind -q --error-exitcode=99 /bin/true 2>/dev/null ||
	skip_all "valgrind does not run here"

t=$MW_TMP
sleep 600 &
p=$!
wait_for is_comm "$p" sleep
track_pid "$p"
"$MEMWATCH" "$p" snapshot -o "$t/a.json" && "$MEMWATCH" "$p" snapshot -o "$t/b.json" &&
    "$MEMWATCH" system snapshot -o "$t/s.json" || bail_out "cannot take the snapshots"
tree=$MW_SRCDIR/samples/proc/debian12-6.18-a

vg() { # DESC ARGS...: memwatch under memcheck; exit status as expected?
	local desc=$1 want=0 rc

	shift
	if [ "$1" = "--fail" ]; then
		want=1
		shift
	fi
	valgrind -q --error-exitcode=99 --leak-check=full \
	    --show-leak-kinds=definite,indirect \
	    --errors-for-leak-kinds=definite,indirect \
	    "$MEMWATCH" "$@" >"$t/out" 2>"$t/err"
	rc=$?
	if [ $rc = $want ]; then
		mw_result 0 "valgrind: memwatch $desc"
	else
		mw_result 1 "valgrind: memwatch $desc"
		diag "  exit $rc (want $want)" \
		    "$(grep -v '^--[0-9]*-- \|^memwatch: ' "$t/err" | head -30)"
	fi
}

vg "PID show" "$p"
vg "PID explain" "$p" explain
vg "PID pages" "$p" pages
vg "PID snapshot" "$p" snapshot
vg "diff A B" diff "$t/a.json" "$t/b.json"
vg "system show" system
vg "system explain" system explain
vg "system diff FILE" system diff "$t/s.json"
vg "--proc-root show" --proc-root "$tree" 1185
vg "top -b -n 2" top -b -n 2 -d 0.1
vg "export" export
vg "a failure (bad file)" --fail diff /dev/zero "$t/a.json"
vg "oom FILE" oom "$MW_SRCDIR/tests/data/oom/linux-5.8-global-syslog.log"
vg "oom --json FILE" oom --json \
    "$MW_SRCDIR/tests/data/oom/linux-5.15-memcg-v2-oomgroup.syslog"

done_testing
