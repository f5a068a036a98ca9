#!/bin/bash
# tests/cli/top-pid.sh: top -b --pid reads only the listed processes.
#
# Its rows must be the full table's rows (the one libproc2 reads) for the
# same processes, and agree with /proc read here: a process that holds
# still (static, so its PSS is exact), a kernel thread and a zombie (no
# rollup: unknown, never 0), root's process seen by nobody (unreadable
# rollup), a pid that does not exist and one that exits between frames.
. "${MW_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"

command -v jq >/dev/null || skip_all "jq is not installed"
t=$MW_TMP
hold=$MW_BUILDDIR/tests/helpers/pss-hold
[ -x "$hold" ] || bail_out "tests/helpers/pss-hold is not built"

"$hold" & hp=$!
track_pid "$hp"
held() { [ "$(rollup_field "$hp" Rss 2>/dev/null || echo 0)" -ge 32768 ]; }
wait_for held || bail_out "pss-hold did not touch its memory"

stat_field() { # PID N: field N of /proc/PID/stat (after the comm)
	sed 's/.*) //' "/proc/$1/stat" | awk -v n="$2" '{ print $(n - 2) }'
}
# The row of pid in a JSON frame, without what moves between two reads.
row() { # FILE PID
	jq -c --argjson p "$2" '.processes[] | select(.pid == $p) |
	    del(.pss_growth)' "$1"
}

# ---- a process that holds still: the full table's row, /proc's numbers
"$MEMWATCH" --json top -b -n 1 --pid "$hp" >"$t/one.json" 2>"$t/err"
is "$?:$(wc -c <"$t/err")" "0:0" "top -b --pid: exit 0, nothing on stderr"
"$MEMWATCH" --json top -b -n 1 >"$t/all.json"
one=$(row "$t/one.json" "$hp")
like "$one" '"rollup":true' "top -b --pid: the helper's rollup is read"
is "$one" "$(row "$t/all.json" "$hp")" "top -b --pid: the same row as the full table"
is "$(jq -c '.totals | [.processes, .listed, .readable]' "$t/one.json")" \
    "[1,1,1]" "top -b --pid: one process, listed and readable"
is "$(jq -r '.processes[0] | "\(.pss) \(.uss) \(.rss) \(.swap)"' "$t/one.json")" \
    "$(( $(rollup_field "$hp" Pss) * 1024 )) $(( ($(rollup_field "$hp" Private_Clean) + $(rollup_field "$hp" Private_Dirty)) * 1024 )) $(( $(rollup_field "$hp" Rss) * 1024 )) $(( $(rollup_field "$hp" Swap) * 1024 ))" \
    "top -b --pid: pss, uss, rss, swap are smaps_rollup's"
is "$(jq -r '.processes[0] | "\(.comm) \(.state) \(.size) \(.user)"' "$t/one.json")" \
    "$(cat "/proc/$hp/comm") $(stat_field "$hp" 3) $(stat_field "$hp" 23) $(id -un)" \
    "top -b --pid: comm, state, size (stat) and the effective user"
is "$(jq -c '.memory | keys' "$t/one.json")" "$(jq -c '.memory | keys' "$t/all.json")" \
    "top -b --pid: the same memory header"
is "$(jq -r '.memory.total' "$t/one.json")" \
    "$(( $(awk '/^MemTotal:/ { print $2 }' /proc/meminfo) * 1024 ))" \
    "top -b --pid: memory total is meminfo's"

# Text: the same frame but for the time, the refresh cost and the memory.
norm() { sed -E '1s/  [0-9T:Z-]+  /  /; s/refresh [0-9.]+ ms//; /^(Mem|Swap):/d' "$1"; }
"$MEMWATCH" top -b -n 1 --pid "$hp" >"$t/one.txt"
"$MEMWATCH" top -b -n 1 --pid "$hp" --bytes >"$t/oneb.txt"
like "$(grep -E "^ *$hp " "$t/oneb.txt")" " $(( $(rollup_field "$hp" Pss) * 1024 )) " \
    "top -b --pid --bytes: the helper's exact PSS in its text row"
"$MEMWATCH" top -b -n 1 -f pss-hold >"$t/all.txt"
is "$(grep -E "^ *$hp " "$t/one.txt")" "$(grep -E "^ *$hp " "$t/all.txt")" \
    "top -b --pid: the same text row as the full table"

# ---- duplicates and sort order: as listed, sorted, once each -----------
"$MEMWATCH" --json top -b -n 1 -s pid --pid "$hp,$$,$hp" >"$t/dup.json"
is "$(jq -c '[.processes[].pid]' "$t/dup.json")" \
    "$(printf '%s\n' "$hp" "$$" | sort -n | jq -sc .)" \
    "top -b --pid P,Q,P: two rows by pid, P once"

# ---- a kernel thread and a zombie: no rollup, unknown, never 0 -----------
kt=
for p in $(ls /proc | grep -E '^[0-9]+$' | sort -n | head -200); do
	if [ -r "/proc/$p/stat" ] && [ -z "$(tr -d '\0' <"/proc/$p/cmdline" 2>/dev/null)" ] &&
	    [ "$(awk '/^PPid:/ { print $2 }' "/proc/$p/status" 2>/dev/null)" = 2 ]; then
		kt=$p
		break
	fi
done
if [ -n "$kt" ]; then
	"$MEMWATCH" --json top -b -n 1 --pid "$kt" >"$t/kt.json"
	is "$(jq -c '.processes[0] | [.rollup, .pss, .uss, .swap, .pss_growth]' "$t/kt.json")" \
	    "[false,null,null,null,null]" "top -b --pid KTHREAD: rollup unknown"
	is "$(jq -r '.processes[0].comm' "$t/kt.json")" "$(cat "/proc/$kt/comm")" \
	    "top -b --pid KTHREAD: its name"
	"$MEMWATCH" top -b -n 1 --pid "$kt" >"$t/kt.txt"
	like "$(grep -E "^ *$kt " "$t/kt.txt")" ' \?  +\?  +\?  +\?$' \
	    "top -b --pid KTHREAD (text): ? for pss, uss, swap, growth"
else
	skip "no kernel thread visible (a pid namespace?)" 3
fi

sh -c 'true & exec sleep 600' & zp=$!
track_pid "$zp"
wait_for grep -q . "/proc/$zp/task/$zp/children"
z=$(tr -d ' ' <"/proc/$zp/task/$zp/children")
zombie() { [ "$(stat_field "$z" 3)" = Z ]; }
wait_for zombie
"$MEMWATCH" --json top -b -n 1 --pid "$z" >"$t/z.json"
is "$(jq -c '.processes[0] | [.pid, .state, .rollup, .pss, .size]' "$t/z.json")" \
    "[$z,\"Z\",false,null,0]" "top -b --pid ZOMBIE: state Z, rollup unknown"

# ---- missing pids ---------------------------------------------------------
gone=$(( $(cat /proc/sys/kernel/pid_max) - 1 ))
while [ -e "/proc/$gone" ]; do gone=$((gone - 1)); done
"$MEMWATCH" top -b -n 1 --pid "$gone" >"$t/out" 2>"$t/err"
is "$?" 1 "top -b --pid MISSING: exit 1"
like "$(cat "$t/err")" "^memwatch: no such process $gone " "... says no such process"
is "$(wc -c <"$t/out")" 0 "... prints no frame"
"$MEMWATCH" --json top -b -n 1 --pid "$gone,$hp" >"$t/mix.json" 2>"$t/err"
is "$?:$(jq -c '[.processes[].pid]' "$t/mix.json")" "0:[$hp]" \
    "top -b --pid MISSING,P: P's row only"

# ---- a pid that exits between two frames: it leaves the table -------------
sleep 600 & sp=$!
track_pid "$sp"
mkfifo "$t/fifo"
"$MEMWATCH" --json top -b -n 2 -d 2 --pid "$sp,$hp" >"$t/fifo" 2>"$t/err" &
mp=$!
track_pid "$mp"
exec {fd}<"$t/fifo"
IFS= read -r -t 60 -u "$fd" first
kill "$sp"; reap "$sp" 2>/dev/null
IFS= read -r -t 60 -u "$fd" second
exec {fd}<&-
reap "$mp"
is "$?:$(wc -c <"$t/err")" "0:0" "top -b --pid, one exits: exit 0, nothing on stderr"
is "$(jq -c '[.processes[].pid] | sort' <<<"$first")" "$(printf '%s\n' "$sp" "$hp" | sort -n | jq -sc .)" \
    "... both in the first frame"
is "$(jq -c '[.processes[].pid]' <<<"$second")" "[$hp]" "... only the other in the second"

# ---- root's process seen by nobody: the rollup is unreadable --------------
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
	d=$(mktemp -d /tmp/mw-toppid.XXXXXX) && chmod 755 "$d" &&
	    cp "$MEMWATCH" "$d/memwatch" && chmod 755 "$d/memwatch"
	(cd "$d" && setpriv --reuid=65534 --regid=65534 --clear-groups \
	    ./memwatch --json top -b -n 1 --pid "$hp" >"$d/out" 2>"$d/err")
	rc=$?
	if [ $rc = 0 ] || [ -s "$d/out" ]; then
		is "$rc:$(jq -c '.processes[0] | [.rollup, .pss, .user, .rss > 0]' "$d/out")" \
		    '0:[false,null,"root",true]' \
		    "nobody: top -b --pid ROOTPID: rollup unknown, rss from stat"
		(cd "$d" && setpriv --reuid=65534 --regid=65534 --clear-groups \
		    ./memwatch top -b -n 1 --pid "$hp" >"$d/out" 2>"$d/err")
		like "$(cat "$d/out")" "smaps_rollup of 1 process(es)? is not readable" \
		    "nobody: top -b --pid ROOTPID (text) says why ? is shown"
	else
		skip "cannot run a program as nobody here: $(cat "$d/err")" 2
	fi
	rm -rf "$d"
else
	skip "needs root and setpriv to read as nobody" 2
fi

# ---- a pid given twice is one row, its PSS counted once
"$MEMWATCH" --json top -b -n 1 --pid "$hp,$hp" -p "$hp" >"$t/dup1.json"
is "$?:$(jq -c '[.processes[].pid] | length' "$t/dup1.json")" "0:1" \
    "top -b -p P,P -p P: one row"
is "$(jq -c '.totals | [.processes, .listed]' "$t/dup1.json")" "[1,1]" \
    "... and the totals count it once"
"$MEMWATCH" top -b -n 1 -p "$hp,$hp,$hp" >"$t/dup.txt"
is "$(grep -c "^ *$hp " "$t/dup.txt")" 1 "top -b -p P,P,P (text): one row"
like "$(cat "$t/dup.txt")" "in 1 of 1 rows" "... and the header counts one"

done_testing
