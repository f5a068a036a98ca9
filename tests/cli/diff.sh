#!/bin/sh
# tests/cli/diff.sh: memwatch PID diff, memwatch diff A B and snapshot -o,
# against real processes started here (tests/helpers/diff_helper), broken
# files and file systems that refuse writes. TAP output.
set -u

: "${MEMWATCH:?MEMWATCH must name the memwatch binary}"
: "${MW_BUILDDIR:?MW_BUILDDIR must name the build directory}"
HELPER=$MW_BUILDDIR/tests/helpers/diff_helper

. "${MW_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"
q() {		# q FILE JQ-EXPR: the expression is true of FILE
	jq -e "$2" "$1" >/dev/null 2>&1
}

command -v jq >/dev/null 2>&1 || skip_all "jq is not installed"
[ -x "$HELPER" ] || skip_all "$HELPER not built (make check builds it)"

tmp=$MW_TMP
hpid=
mpid=
child=
spid=
mnt=
swapfile=
watchdog=
cleanup() {
	if [ -n "$watchdog" ]; then
		kill -TERM "$watchdog" 2>/dev/null
	fi
	for p in $mpid $child $spid $hpid; do
		kill -CONT "$p" 2>/dev/null
		kill -KILL "$p" 2>/dev/null
	done
	exec 7>&- 8<&-
	if [ -n "$mnt" ]; then
		umount "$mnt" 2>/dev/null
	fi
	if [ -n "$swapfile" ]; then
		swapoff "$swapfile" 2>/dev/null
	fi
}
at_exit cleanup
# Nothing here should take minutes: end a hung run instead of the suite.
(
	trap 'kill "$s" 2>/dev/null; exit 0' TERM
	sleep 600 &
	s=$!
	wait "$s" && kill -TERM $$
) >/dev/null 2>&1 &
watchdog=$!

# --- the helper: MODE's first step on start, the second on step ---

start() {
	rm -f "$tmp/h.in" "$tmp/h.out"
	mkfifo "$tmp/h.in" "$tmp/h.out"
	"$HELPER" "$1" <"$tmp/h.in" >"$tmp/h.out" &
	hpid=$!
	exec 7>"$tmp/h.in" 8<"$tmp/h.out"
	read -r -t 30 line <&8
	[ "$line" = ready ]
}

step() {
	echo go >&7
	read -r -t 30 line <&8 || return 1
	case $line in
	child\ *)
		child=${line#child }
		read -r -t 30 line <&8
		;;
	esac
	[ "$line" = done ]
}

finish() {
	echo end >&7
	exec 7>&- 8<&-
	reap "$hpid"
	hpid=
}

# memwatch between its two snapshots (bounded; fails if it exited).
wait_sleeping() {
	wait_for -t 20 is_sleeping "$1" && ! exited "$1"
}

# The changes of a diff document that are not Pss drift of a shared file
# (other processes mapping the same library); empty with a static helper.
REAL='[.vmas[] | select(.change != "changed" or .delta.rss != 0 or
    .delta.size != 0 or (.after.kind != "file" and .after.kind != "code"))]'

# --- 1. the lazy-allocation experiment, live and from files ---

ok "malloc helper started" start malloc
ok "snapshot -o before the second malloc" \
    "$MEMWATCH" "$hpid" snapshot -o "$tmp/a.json"
ok "second malloc done" step
"$MEMWATCH" "$hpid" diff "$tmp/a.json" --json >"$tmp/live.json" 2>"$tmp/err"
is $? 0 "PID diff FILE --json exits 0"
"$MEMWATCH" "$hpid" diff "$tmp/a.json" >"$tmp/live.txt" 2>>"$tmp/err"
is $? 0 "PID diff FILE (text) exits 0"
ok "snapshot -o after" "$MEMWATCH" "$hpid" snapshot -o "$tmp/b.json"
"$MEMWATCH" diff "$tmp/a.json" "$tmp/b.json" --json >"$tmp/files.json"
is $? 0 "diff A B --json exits 0"
"$MEMWATCH" diff "$tmp/a.json" "$tmp/b.json" >"$tmp/files.txt"
is $? 0 "diff A B (text) exits 0"
static=1
grep -q 'libc' "/proc/$hpid/maps" && static=0
finish

ok "diff document: kind, schema, both sides the same process" q "$tmp/live.json" \
    '.kind == "diff" and .schema == 1 and .same_process and
     .before.pid == .after.pid and .before.source == "file" and
     .after.source == "live"'
if [ $static -eq 1 ]; then
	ok "exactly one mapping changed" q "$tmp/live.json" '.vmas | length == 1'
else
	ok "exactly one mapping changed (Pss drift of shared libraries aside)" \
	    q "$tmp/live.json" "$REAL | length == 1"
fi
ok "it is grown, downwards (same end, lower start)" q "$tmp/live.json" \
    "$REAL | .[0] | .change == \"grown\" and .before.end == .after.end and
     .after.start < .before.start and .after.kind == \"anon\""
ok "grown by about 8 MiB (8388999 bytes and page rounding)" q "$tmp/live.json" \
    "$REAL | .[0].delta.size >= 8388999 and .[0].delta.size <= 8388999 + 8192"
ok "resident grew by a few pages only" q "$tmp/live.json" \
    "$REAL | .[0].delta.rss >= 4096 and .[0].delta.rss <= 16384"
ok "lazy-allocation note with this process's figures" q "$tmp/live.json" \
    "($REAL | .[0].delta) as \$d | [.notes[] | select(.id ==
     \"lazy-allocation\" and .bytes == \$d.size - \$d.rss and
     (.text | test(\"8.0M\")) and (.amounts | index(\$d.size - \$d.rss)))]
     | length == 1"
ok "totals: size grew by the same amount" q "$tmp/live.json" \
    "($REAL | .[0].delta.size) as \$s | .totals.size == \$s"
ok "text: one grown mapping" test "$(grep -c '^grown ' "$tmp/live.txt")" -eq 1
ok "text: Size before => after" grep -q '^ *Size  *[0-9.]*[KMG] =>  *[0-9.]*[KMG]  *+8.0M$' "$tmp/live.txt"
d=$(jq "$REAL | .[0].delta.size" "$tmp/files.json")
"$MEMWATCH" diff "$tmp/a.json" "$tmp/b.json" --bytes >"$tmp/bytes.txt"
ok "--bytes: Size's change in bytes" grep -q "^ *Size  *[0-9]* =>  *[0-9]*  *+$d\$" "$tmp/bytes.txt"
ok "--bytes: the notes' amounts in bytes too" grep -qE "grew by [0-9]+ bytes" "$tmp/bytes.txt"
# (the file names, below a random temporary directory, left out)
ok "--bytes: no amount in units" test "$(sed "s|$tmp/[^ ]*||g" "$tmp/bytes.txt" |
    grep -cE '[0-9](\.[0-9])?[KMGT]\b|[KMG]iB| kB\b')" -eq 0
ok "text: the lazy allocation note" grep -q 'lazy' "$tmp/live.txt"
if [ $static -eq 1 ]; then
	ok "diff A B gives the same changes, totals and notes as live" \
	    test "$(jq -S 'del(.before, .after)' "$tmp/files.json")" = \
	    "$(jq -S 'del(.before, .after)' "$tmp/live.json")"
	ok "diff A B gives the same text as live (header aside)" \
	    test "$(tail -n +3 "$tmp/files.txt")" = "$(tail -n +3 "$tmp/live.txt")"
else
	ok "diff A B gives the same changes as live" \
	    test "$(jq -S "$REAL, [.notes[].id]" "$tmp/files.json")" = \
	    "$(jq -S "$REAL, [.notes[].id]" "$tmp/live.json")"
	skip "text comparison needs a statically linked helper"
fi
"$MEMWATCH" diff --all "$tmp/a.json" "$tmp/b.json" --json >"$tmp/all.json"
ok "--all: unchanged mappings shown too" q "$tmp/all.json" \
    '(.vmas | length) == ([.counts[]] | add) and
     ([.vmas[] | select(.change == "unchanged")] | length) > 0'
ok "stderr stayed empty" test ! -s "$tmp/err"

# --- 2. live -i: memwatch is held between its snapshots, so no timing ---

ok "malloc helper started for -i" start malloc
"$MEMWATCH" "$hpid" diff -i 3 --json >"$tmp/i.json" 2>"$tmp/i.err" &
mpid=$!
if wait_sleeping "$mpid"; then
	kill -STOP "$mpid"
	wait_for -t 10 is_stopped "$mpid"
	ok "second malloc during the interval" step
	kill -CONT "$mpid"
	reap "$mpid"
	is $? 0 "PID diff -i 3 exits 0"
	mpid=
	ok "-i: one grown mapping of about 8 MiB, lazy note" q "$tmp/i.json" \
	    "$REAL | length == 1 and .[0].change == \"grown\" and
	     .[0].delta.size >= 8388999"
	ok "-i: interval and sources recorded" q "$tmp/i.json" \
	    '.interval == 3 and .before.source == "live" and
	     (.notes | map(.id) | index("lazy-allocation")) != null'
else
	ok "memwatch never reached its interval" false
	diag <"$tmp/i.err"
fi
finish

# --- 3. munmap, mprotect split and merge, fork ---

live_diff() {	# live_diff MODE: a.json before the step, diff after
	start "$1" || return 1
	"$MEMWATCH" "$hpid" snapshot -o "$tmp/$1.a.json" || return 1
	step || return 1
	"$MEMWATCH" "$hpid" diff "$tmp/$1.a.json" --json >"$tmp/$1.json" &&
	"$MEMWATCH" "$hpid" diff "$tmp/$1.a.json" >"$tmp/$1.txt"
	rc=$?
	finish
	return $rc
}

ok "munmap: diff ran" live_diff munmap
ok "munmap: one mapping removed, 64 KiB" q "$tmp/munmap.json" \
    "$REAL | length == 1 and .[0].change == \"removed\" and
     .[0].after == null and .[0].before.size == 65536 and
     .[0].delta.size == -65536"
ok "munmap: unmapped note" q "$tmp/munmap.json" \
    '[.notes[] | select(.id == "unmapped" and .bytes == 65536)] | length == 1'
ok "munmap: text" grep -q '^removed ' "$tmp/munmap.txt"

ok "mprotect: diff ran" live_diff mprotect
ok "mprotect: one mapping split in three" q "$tmp/mprotect.json" \
    "$REAL | length == 1 and .[0].change == \"split\" and
     .[0].before.size == 65536 and (.[0].pieces | map(.perms)) ==
     [\"rw-p\", \"r--p\", \"rw-p\"] and .[0].delta.size == 0"
ok "mprotect: text shows the pieces" grep -q 'into 3 pieces' "$tmp/mprotect.txt"

ok "merge: diff ran" live_diff merge
ok "merge: three pieces merged in one" q "$tmp/merge.json" \
    "$REAL | length == 1 and .[0].change == \"merged\" and
     (.[0].pieces | length) == 3 and .[0].after.size == 65536"

ok "fork: diff ran" live_diff fork
ok "fork: the written region's Pss halved while Rss held" q "$tmp/fork.json" \
    '[.vmas[] | select(.before.size == 262144 and .change == "changed" and
      .delta.pss == -131072 and .delta.rss == 0)] | length == 1'
ok "fork: copy-on-write note" q "$tmp/fork.json" \
    '[.notes[] | select(.id == "shared-after-fork" and .bytes >= 131072 and
      (.text | test("fork")))] | length == 1'
# The written region's Rss is checked exactly above; the process's total
# also moves by the library pages the fork itself touches or the kernel
# reclaims meanwhile (a few pages, under load): within 64 KiB.
ok "fork: process Pss fell, Rss held" q "$tmp/fork.json" \
    '.totals.pss < 0 and .totals.rss > -65536 and .totals.rss < 65536'
if [ -n "$child" ]; then
	kill -KILL "$child" 2>/dev/null
	child=
fi

ok "touch: diff ran" live_diff touch
ok "touch: one mapping changed, 64 KiB became resident" q "$tmp/touch.json" \
    "$REAL | length == 1 and .[0].change == \"changed\" and
     .[0].delta.rss == 65536 and .[0].delta.size == 0"
ok "touch: first-touch note" q "$tmp/touch.json" \
    '[.notes[] | select(.id == "first-touch" and .bytes == 65536)] | length == 1'

ok "MADV_DONTNEED: diff ran" live_diff dontneed
ok "MADV_DONTNEED: Rss fell by 64 KiB, Size held" q "$tmp/dontneed.json" \
    "$REAL | length == 1 and .[0].delta.rss == -65536 and .[0].delta.size == 0"
ok "MADV_DONTNEED: released note" q "$tmp/dontneed.json" \
    '[.notes[] | select(.id == "released" and .bytes == 65536)] | length == 1'

ok "mremap MAYMOVE: diff ran" live_diff mremap
ok "mremap MAYMOVE: a 2 MiB mapping removed and one added, Rss held" q "$tmp/mremap.json" \
    '([.vmas[] | select(.change == "removed" or .change == "added") | .change] | sort) == ["added", "removed"] and .totals.rss > -65536 and .totals.rss < 65536 and .totals.size == 0'
ok "mremap MAYMOVE: a moved note, 2 MiB" q "$tmp/mremap.json" \
    '[.notes[] | select(.id == "moved" and .bytes == 2097152)] | length == 1'
ok "mremap MAYMOVE: no growth, no unmapping" q "$tmp/mremap.json" \
    '[.notes[] | select(.id == "address-space-grew" or .id == "lazy-allocation" or .id == "unmapped")] | length == 0'

# Real swap: MADV_PAGEOUT sends the pages out when swap is on. Without
# swap, as root, a swap file of this run's own is switched on for the test
# and off again at once.
if ! awk 'NR > 1 { on = 1 } END { exit !on }' /proc/swaps 2>/dev/null &&
    [ "$(id -u)" = 0 ] && command -v mkswap >/dev/null; then
	swapfile=$tmp/swap
	if ! { dd if=/dev/zero of="$swapfile" bs=1M count=32 2>/dev/null &&
	    chmod 600 "$swapfile" && mkswap "$swapfile" >/dev/null 2>&1 &&
	    swapon "$swapfile" 2>/dev/null; }; then
		rm -f "$swapfile"
		swapfile=
	fi
fi
if awk 'NR > 1 { on = 1 } END { exit !on }' /proc/swaps 2>/dev/null; then
	ok "swap: diff ran" live_diff pageout
	if [ -n "$swapfile" ]; then
		swapoff "$swapfile" 2>/dev/null
		swapfile=
	fi
	ok "swap: Swap grew by the 256 KiB paged out, Rss fell by as much" \
	    q "$tmp/pageout.json" \
	    "$REAL | length == 1 and .[0].delta.swap == 262144 and
	     .[0].delta.rss == -262144 and .[0].delta.size == 0"
	ok "swap: swapped-out note, with its bytes" q "$tmp/pageout.json" \
	    '[.notes[] | select(.id == "swapped-out" and .bytes == 262144)] |
	     length == 1'
	ok "swap: the totals' swap grew" q "$tmp/pageout.json" \
	    '.totals.swap == 262144'
	ok "swap: text names it" grep -q 'swapped out' "$tmp/pageout.txt"
else
	skip "swap: no swap on, and none could be switched on here"
	skip "swap: no swap on"
	skip "swap: no swap on"
	skip "swap: no swap on"
	skip "swap: no swap on"
fi

ok "THP: diff ran" live_diff thp
if q "$tmp/thp.json" '.totals.anon_huge_pages > 0'; then
	ok "THP: note with the huge pages that appeared" q "$tmp/thp.json" \
	    '.totals.anon_huge_pages as $h | [.notes[] | select(.id ==
	     "thp-appeared" and .bytes == $h)] | length == 1'
else
	skip "the kernel gave no transparent huge page (THP off or no free 2 MiB block)"
fi

# --- 4. not the same process ---

start malloc
"$MEMWATCH" "$hpid" snapshot -o "$tmp/r.json"
jq '.process.start_ticks += 1' "$tmp/r.json" >"$tmp/reused.json"
jq '.process.pid = 1' "$tmp/r.json" >"$tmp/pid1.json"
"$MEMWATCH" "$hpid" diff "$tmp/reused.json" >"$tmp/out" 2>"$tmp/err"
rc=$?
ok "reused pid refused with exit 1" test $rc -eq 1
ok "reused pid: one line saying so" test "$(wc -l <"$tmp/err")" -eq 1 -a \
    -n "$(grep 'reused' "$tmp/err")"
ok "reused pid: nothing on stdout" test ! -s "$tmp/out"
"$MEMWATCH" "$hpid" diff --force "$tmp/reused.json" --json >"$tmp/out"
is $? 0 "reused pid with --force exits 0"
ok "--force: same_process false" q "$tmp/out" '.same_process == false'
"$MEMWATCH" "$hpid" diff "$tmp/pid1.json" 2>"$tmp/err" >/dev/null
ok "a snapshot of another pid is refused" test $? -eq 1 -a \
    -n "$(grep 'pid 1' "$tmp/err")"
"$MEMWATCH" diff "$tmp/r.json" "$tmp/pid1.json" 2>"$tmp/err" >/dev/null
ok "diff A B of two pids refused" test $? -eq 1 -a \
    -n "$(grep 'not the same process' "$tmp/err")"
"$MEMWATCH" diff --force "$tmp/r.json" "$tmp/pid1.json" >/dev/null
is $? 0 "diff A B of two pids with --force exits 0"
"$MEMWATCH" diff "$tmp/r.json" "$tmp/reused.json" 2>"$tmp/err" >/dev/null
ok "diff A B with a reused pid refused" test $? -eq 1 -a \
    -n "$(grep 'reused' "$tmp/err")"
finish

# --- 5. broken files: one line naming the file, exit 1, never a crash ---

good=$tmp/r.json
: >"$tmp/empty.json"
head -c 200 "$good" >"$tmp/truncated.json"
echo 'not json at all' >"$tmp/nonjson.json"
jq '.kind = "zones"' "$good" >"$tmp/kind.json"
jq '.schema = 2' "$good" >"$tmp/future.json"
echo '[1, 2]' >"$tmp/array.json"
jq '.vmas[0].start = "0xzz"' "$good" >"$tmp/badvma.json"
jq 'del(.process)' "$good" >"$tmp/noproc.json"
mkdir "$tmp/dir.json"
start malloc
for f in missing empty truncated nonjson kind future array badvma noproc dir; do
	file=$tmp/$f.json
	"$MEMWATCH" diff "$file" "$good" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	ok "$f: diff A B exits 1" test $rc -eq 1
	ok "$f: one line on stderr naming the file" test \
	    "$(wc -l <"$tmp/err")" -eq 1 -a -n "$(grep -F "$file" "$tmp/err")"
	"$MEMWATCH" diff "$good" "$file" >"$tmp/out" 2>"$tmp/err"
	ok "$f: as B, exits 1 too" test $? -eq 1
	"$MEMWATCH" "$hpid" diff "$file" >"$tmp/out" 2>"$tmp/err"
	ok "$f: PID diff FILE exits 1 with one line" test $? -eq 1 -a \
	    "$(wc -l <"$tmp/err")" -eq 1
done
"$MEMWATCH" diff "$tmp/truncated.json" "$good" 2>"$tmp/err" >/dev/null
ok "truncated: line:column given" grep -q 'truncated.json:[0-9]*:[0-9]*:' "$tmp/err"
"$MEMWATCH" diff "$tmp/future.json" "$good" 2>"$tmp/err" >/dev/null
ok "future schema: says newer" grep -q 'schema 2, newer' "$tmp/err"
"$MEMWATCH" diff "$tmp/empty.json" "$good" 2>"$tmp/err" >/dev/null
ok "empty: says empty" grep -q 'empty' "$tmp/err"
echo '{"kind": "system-snapshot", "schema": 1}' >"$tmp/system.json"
"$MEMWATCH" diff "$tmp/system.json" "$good" 2>"$tmp/err" >/dev/null
ok "a system and a process snapshot are not compared" test $? -eq 1 -a \
    -n "$(grep 'same kind' "$tmp/err")"

# --- 6. usage errors exit 2 ---

for bad in abc -1 '' 1x nan inf; do
	"$MEMWATCH" "$hpid" diff -i "$bad" >/dev/null 2>"$tmp/err"
	ok "-i '$bad' is a usage error" test $? -eq 2
done
"$MEMWATCH" "$hpid" diff -i 1 "$good" >/dev/null 2>&1
ok "-i with FILE is a usage error" test $? -eq 2
"$MEMWATCH" diff "$good" >/dev/null 2>&1
ok "diff with one file is a usage error" test $? -eq 2
"$MEMWATCH" diff "$good" "$good" "$good" >/dev/null 2>&1
ok "diff with three files is a usage error" test $? -eq 2
"$MEMWATCH" diff -i 1 "$good" "$good" >/dev/null 2>&1
ok "diff A B with -i is a usage error" test $? -eq 2
"$MEMWATCH" "$hpid" diff --help | grep -q -- '--interval'
ok "PID diff --help names -i" test $? -eq 0
finish

# --- 7. the process exits during the interval ---

sleep 300 &
spid=$!
"$MEMWATCH" "$spid" diff -i 3 >"$tmp/out" 2>"$tmp/err" &
mpid=$!
if wait_sleeping "$mpid"; then
	kill -STOP "$mpid"
	wait_for -t 10 is_stopped "$mpid"
	kill -KILL "$spid"
	reap "$spid" 2>/dev/null
	spid=
	kill -CONT "$mpid"
	reap "$mpid"
	rc=$?
	mpid=
	ok "exit during the interval: exit 1" test $rc -eq 1
	ok "exit during the interval: says so" grep -q 'exited during the 3 s interval' "$tmp/err"
else
	ok "memwatch never reached its interval" false
fi

# --- 8. snapshot -o never leaves a partial or clobbered file ---

start malloc
echo '{"old": true}' >"$tmp/keep.json"
"$MEMWATCH" "$hpid" snapshot -o "$tmp/keep.json"
ok "snapshot -o replaces a file with a valid snapshot" q "$tmp/keep.json" \
    '.kind == "process-snapshot" and .process.pid > 0'
"$MEMWATCH" "$hpid" snapshot -o "$tmp/nodir/x.json" 2>"$tmp/err"
ok "missing directory: exit 1, one line" test $? -eq 1 -a \
    "$(wc -l <"$tmp/err")" -eq 1
"$MEMWATCH" "$hpid" snapshot -o "$tmp/dir.json" 2>"$tmp/err"
ok "a directory as FILE: exit 1" test $? -eq 1
ok "the directory is left alone" test -d "$tmp/dir.json"

mkdir "$tmp/fs"
if [ "$(id -u)" -eq 0 ] && mount -t tmpfs -o size=64k none "$tmp/fs" 2>/dev/null; then
	mnt=$tmp/fs
	echo '{"old": true}' >"$mnt/old.json"
	cp "$mnt/old.json" "$tmp/old.copy"
	# Fill the file system; a snapshot (> 4 KiB) cannot fit any more.
	dd if=/dev/zero of="$mnt/fill" bs=4096 count=64 2>/dev/null
	"$MEMWATCH" "$hpid" snapshot -o "$mnt/old.json" 2>"$tmp/err"
	ok "full file system: exit 1" test $? -eq 1
	ok "full file system: says no space" grep -q 'No space left' "$tmp/err"
	ok "full file system: old file unchanged" cmp -s "$mnt/old.json" "$tmp/old.copy"
	ok "full file system: no temporary file left" \
	    test "$(ls -A "$mnt" | wc -l)" -eq 2
	rm -f "$mnt/fill"
	mount -o remount,ro "$mnt"
	"$MEMWATCH" "$hpid" snapshot -o "$mnt/old.json" 2>"$tmp/err"
	ok "read-only file system: exit 1" test $? -eq 1
	ok "read-only file system: old file unchanged" cmp -s "$mnt/old.json" "$tmp/old.copy"
	"$MEMWATCH" "$hpid" snapshot -o "$mnt/new.json" 2>"$tmp/err"
	ok "read-only file system: no new file" test ! -e "$mnt/new.json"
	umount "$mnt"
	mnt=
elif [ "$(id -u)" -ne 0 ]; then
	chmod a-w "$tmp/fs"
	echo '{"old": true}' >"$tmp/old.copy"
	"$MEMWATCH" "$hpid" snapshot -o "$tmp/fs/new.json" 2>"$tmp/err"
	ok "read-only directory: exit 1" test $? -eq 1
	ok "read-only directory: no file" test ! -e "$tmp/fs/new.json"
	chmod u+w "$tmp/fs"
	skip "a full file system needs root to mount a tmpfs"
else
	skip "mount -t tmpfs is not permitted here (no full or read-only file system test)"
fi
# --- A raw DEL (0x7f) in a string is valid JSON: a process named with one
# gives a snapshot that both diff readers take. ---
python3 - "$tmp/a.json" "$tmp/del.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["process"]["comm"] = "del\x7fname"
open(sys.argv[2], "w").write(json.dumps(d, ensure_ascii=False))
PY
ok "the DEL byte is written raw" grep -q "$(printf 'del\177name')" "$tmp/del.json"
"$MEMWATCH" diff "$tmp/del.json" "$tmp/del.json" >/dev/null 2>"$tmp/e"
is "$?" 0 "diff A B reads a comm with DEL ($(cat "$tmp/e"))"
"$MEMWATCH" "$hpid" diff --force "$tmp/del.json" >/dev/null 2>"$tmp/e"
is "$?" 0 "PID diff FILE reads it too ($(cat "$tmp/e"))"

finish

done_testing
