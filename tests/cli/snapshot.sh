#!/bin/bash
# tests/cli/snapshot.sh: memwatch PID snapshot, written while smaps is read.
#
# The document's members come in the documented order (vmas before
# totals); snapshot, snapshot -o FILE, show --json (streamed) and show
# --json --top N (from a kept snapshot) give the same bytes for a captured
# tree; a live process gives a whole document; and a process that exits
# while it is read gives one error line and no file with -o.
. "${MW_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"

mw=$MEMWATCH
t=$MW_TMP
order='["kind","schema","memwatch","taken_at","kernel","page_size","process","status","vmas","totals"]'
command -v jq >/dev/null || skip_all "jq is needed to read the documents"

# Two documents, byte for byte but for taken_at (the clock, even for a
# captured tree).
same() {
	cmp -s <(grep -v '^  "taken_at": ' "$1") <(grep -v '^  "taken_at": ' "$2")
}

for cap in debian12-6.18-a/1185 debian12-6.18-a/2683 debian12-6.18-b/2684 \
    debian12-6.18-a/2; do
	root="$MW_SRCDIR/samples/proc/${cap%/*}"
	p=${cap#*/}
	"$mw" --proc-root "$root" "$p" snapshot >"$t/a" 2>"$t/err"
	is "$?:$(wc -c <"$t/err")" "0:0" "capture $cap: snapshot exits 0, says nothing"
	is "$(jq -c 'keys_unsorted' "$t/a")" "$order" \
	    "... members in the documented order, vmas before totals"
	is "$(jq '.totals.mappings == (.vmas | length)' "$t/a")" true \
	    "... totals.mappings counts the vmas ($(jq '.vmas | length' "$t/a"))"
	"$mw" --proc-root "$root" "$p" snapshot -o "$t/b"
	ok "... snapshot -o FILE writes the same bytes" same "$t/a" "$t/b"
	"$mw" --proc-root "$root" --json "$p" show >"$t/c"
	ok "... show --json writes the same bytes" same "$t/a" "$t/c"
	# Selected rows come from a kept snapshot: the other writer.
	"$mw" --proc-root "$root" --json "$p" show --top 100000000 >"$t/d"
	ok "... show --json --top (every row) writes the same bytes" \
	    same "$t/a" "$t/d"
	rm -f "$t/b"
done

# A live process: a whole document with the members in order.
sleep 600 &
sp=$!
wait_for is_comm "$sp" sleep
track_pid "$sp"
"$mw" "$sp" snapshot -o "$t/live.json" 2>"$t/err"
is "$?:$(wc -c <"$t/err")" "0:0" "live snapshot -o: exit 0"
is "$(jq -c 'keys_unsorted' "$t/live.json")" "$order" "... members in order"
is "$(jq '.totals.mappings == (.vmas | length) and .totals.mappings > 5' "$t/live.json")" \
    true "... totals.mappings counts the vmas"
"$mw" --json "$sp" >"$t/show.json"
is "$(jq -c '[.vmas[] | [.start, .end, .path]]' "$t/show.json")" \
    "$(jq -c '[.vmas[] | [.start, .end, .path]]' "$t/live.json")" \
    "show --json and snapshot list the same mappings"
is "$(ls -A "$t" | grep -c '\.tmp')" 0 "no temporary file is left"

# No such process: no file, not even an empty one.
"$mw" 4194305 snapshot -o "$t/none.json" 2>"$t/err"
is "$?:$(wc -l <"$t/err")" "1:1" "a missing process: exit 1, one line"
ok "... and no file" test ! -e "$t/none.json"

# A process that exits while it is read. memwatch is stopped once its
# temporary file exists (the first 256 KiB of the document are written,
# smaps is not yet read to the end); the target is killed and reaped, then
# memwatch goes on. If memwatch was done before it could be stopped, the
# case is skipped.
command -v python3 >/dev/null || {
	skip "python3 is needed for the process with many mappings" 4
	done_testing
}
mkfifo "$t/many.in"
python3 -c '
import ctypes, mmap, sys
libc = ctypes.CDLL(None, use_errno=True)
libc.mmap.restype = ctypes.c_void_p
libc.mmap.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int,
    ctypes.c_int, ctypes.c_int, ctypes.c_long]
libc.mprotect.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int]
n, ps = 30000, mmap.PAGESIZE
base = libc.mmap(None, n * ps, 3, 0x22, -1, 0)
for i in range(0, n, 2):
    libc.mprotect(base + i * ps, ps, 1)
print("ready", flush=True)
sys.stdin.read()
' <"$t/many.in" >"$t/many.out" 2>&1 &
mp=$!
track_pid "$mp"
exec {mfd}>"$t/many.in"
wait_for -t 20 grep -q ready "$t/many.out" ||
	bail_out "the process with many mappings did not start"
"$mw" "$mp" snapshot -o "$t/vanish.json" 2>"$t/err" &
wp=$!
track_pid "$wp"
tmps=()
# Until it writes its temporary file, or has exited, or MW_TIMEOUT
# seconds have passed (a zombie would pass kill -0 for ever).
end=$((SECONDS + MW_TIMEOUT))
while ! exited "$wp" && [ $SECONDS -lt $end ]; do
	tmps=("$t"/vanish.json.tmp*)
	[ -e "${tmps[0]}" ] && kill -STOP "$wp" && break
done
# SIGSTOP lands asynchronously: wait (bounded) until the kernel shows the
# stop, and never wait for a process that may still be stopped.
if [ -e "${tmps[0]:-}" ] && wait_for -t 10 is_stopped "$wp"; then
	kill -KILL "$mp"
	reap "$mp" 2>/dev/null
	kill -CONT "$wp"
	reap "$wp"
	rc=$?
	is "$rc:$(wc -l <"$t/err")" "1:1" "a process that exits while read: exit 1, one line"
	like "$(cat "$t/err")" "process $mp exited while being read" "... saying it exited"
	ok "... no file written" test ! -e "$t/vanish.json"
	is "$(ls -A "$t" | grep -c 'vanish')" 0 "... and no temporary file left"
else
	kill -CONT "$wp" 2>/dev/null
	reap "$wp"
	skip "memwatch was done before it could be stopped" 4
fi
exec {mfd}>&-

done_testing
