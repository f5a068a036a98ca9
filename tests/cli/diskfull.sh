#!/bin/bash
# tests/cli/diskfull.sh: output files when the disk is full.
#
# On a 256 KiB tmpfs (an export with vmstat's counters is about 80 KiB),
# nearly filled: export -o, system snapshot -o and
# capture -o fail with one line naming the file and ENOSPC, exit 1; an
# existing file keeps its old content, no temporary file is left, and a
# capture leaves no half tree. Needs root (mount); skipped otherwise.
. "${MW_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"

[ "$(id -u)" = 0 ] || skip_all "needs root to mount a small tmpfs"
d=$MW_TMP/full
mkdir "$d" || bail_out "mkdir"
mount -t tmpfs -o size=256k none "$d" 2>/dev/null ||
	skip_all "cannot mount a tmpfs here (no CAP_SYS_ADMIN?)"
trap 'umount "$d" 2>/dev/null; stop_all' EXIT

fill() { # leave about 8 KiB free
	rm -f "$d/fill"
	head -c $((248 * 1024)) /dev/zero >"$d/fill" 2>/dev/null
}
only() { # the names in $d, sorted, one line
	ls -A "$d" | LC_ALL=C sort | tr '\n' ' '
}

check() { # DESC FILE ARGS...: fails, old content kept, nothing else left
	local desc=$1 file=$2 rc

	shift 2
	fill
	echo "old content" >"$d/$file"
	"$MEMWATCH" "$@" >"$t_out" 2>"$t_err"
	rc=$?
	is "$rc:$(wc -l <"$t_err")" "1:1" "$desc on a full disk: exit 1, one line"
	like "$(cat "$t_err")" "^memwatch: cannot write $d/$file \(No space left on device\); " \
	    "... naming the file and ENOSPC"
	is "$(cat "$d/$file")" "old content" "... the existing file is unchanged"
	is "$(only)" "fill $file " "... and no temporary file is left"
	rm -f "$d/$file"
}
t_out=$MW_TMP/out
t_err=$MW_TMP/err

check "export -o" metrics.prom export --top 100000 -o "$d/metrics.prom"
check "system snapshot -o" sys.json system snapshot -o "$d/sys.json"
check "PID snapshot -o" proc.json self snapshot -o "$d/proc.json"

# capture: each file is written atomically, and a failed capture is
# removed whole (a half tree would read back as if it were complete).
sleep 600 &
p=$!
wait_for is_comm "$p" sleep
track_pid "$p"
fill
"$MEMWATCH" capture -o "$d/cap" "$p" >"$t_out" 2>"$t_err"
rc=$?
is "$rc:$(wc -l <"$t_err")" "1:1" "capture on a full disk: exit 1, one line"
like "$(cat "$t_err")" "^memwatch: cannot write $d/cap/.* \(No space left on device\); .*nothing of this capture was kept" \
    "... naming the file, ENOSPC, and that nothing was kept"
is "$(only)" "fill " "... and no half capture is left"

# With room, the same command succeeds (the checks above are not vacuous).
rm -f "$d/fill"
"$MEMWATCH" export --top 0 -o "$d/metrics.prom" 2>"$t_err"
is "$?" 0 "export -o with room: exit 0"
like "$(tail -n1 "$d/metrics.prom")" "^# EOF$" "... and the file is whole"

done_testing
