#!/bin/sh
# tests/tui/batch.sh: memwatch top -b, text and NDJSON frames, and refusals.
# A process started here must appear with exactly its smaps_rollup Pss.
MEMWATCH=${MEMWATCH:-./src/memwatch}
n=0 failed=0
ok() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; failed=$((failed + 1)); fi; }
diag() { echo "# $*"; }
skip() { n=$((n + 1)); echo "ok $n # SKIP $*"; }

tmp=$(mktemp -d) || exit 99
holder= hpid=
cleanup() {
	[ -n "$hpid" ] && kill "$hpid" 2>/dev/null
	[ -n "$holder" ] && kill "$holder" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

# A process with its own name, holding still. The helper is linked
# statically, so no page of it is shared with the readers, whose own
# mappings of libc would move a shared page's PSS between two reads.
cp "${MW_BUILDDIR:-.}/tests/helpers/diff_helper" "$tmp/mwtop-hold" || exit 99
mkfifo "$tmp/hold.in"
"$tmp/mwtop-hold" touch < "$tmp/hold.in" > /dev/null &
holder=$!
exec 7> "$tmp/hold.in"	# held open: the helper waits on it until we exit
# Until it has exec'd, the child is a copy of this shell: wait for its name.
i=0
while [ "$(cat /proc/$holder/comm 2>/dev/null)" != mwtop-hold ] && [ $i -lt 100 ]; do
	sleep 0.05; i=$((i + 1))
done

has_py=0; command -v python3 >/dev/null 2>&1 && has_py=1
# field PID KEY FILE: the row's value (python3 reads the NDJSON line)
field() {
	python3 -c '
import json, sys
doc = json.loads(open(sys.argv[3]).readline())
for p in doc["processes"]:
    if p["pid"] == int(sys.argv[1]):
        v = p[sys.argv[2]]
        print("null" if v is None else v)
        break
else:
    print("missing")
' "$1" "$2" "$3"
}
rollup_pss() { awk '$1 == "Pss:" { print $2 * 1024 }' "/proc/$1/smaps_rollup" 2>/dev/null; }

# 1-4: the frame is one NDJSON line of kind top-frame with our process.
"$MEMWATCH" top -b -n 1 --json >"$tmp/f.json" 2>"$tmp/err"
ok $? "top -b -n 1 --json exits 0"
ok "$( [ "$(wc -l <"$tmp/f.json")" -eq 1 ]; echo $?)" "one line per frame"
if [ $has_py = 1 ]; then
	kind=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["kind"], d["schema"], "taken_at" in d, len(d["processes"]) > 0)' "$tmp/f.json")
	ok "$( [ "$kind" = "top-frame 1 True True" ]; echo $?)" "kind, schema, taken_at, processes ($kind)"
	comm=$(field "$holder" comm "$tmp/f.json")
	ok "$( [ "$comm" = "mwtop-hold" ]; echo $?)" "the test's process is listed as $comm"
else
	skip "python3 missing"; skip "python3 missing"
fi

# 5: exact Pss. Other processes mapping libc move a process's PSS at any
# time, so a frame counts only when the rollup read before and after it
# agrees; up to 100 frames, one must then match to the byte.
if [ $has_py = 1 ]; then
	match=1
	for i in $(seq 100); do
		before=$(rollup_pss "$holder")
		"$MEMWATCH" top -b -n 1 --json >"$tmp/g.json"
		after=$(rollup_pss "$holder")
		got=$(field "$holder" pss "$tmp/g.json")
		if [ "$before" = "$after" ] && [ "$got" = "$after" ]; then
			diag "pss $got equals smaps_rollup's at try $i"
			match=0
			break
		fi
	done
	ok $match "pss equals /proc/PID/smaps_rollup Pss exactly"
	uss=$(field "$holder" uss "$tmp/g.json")
	size=$(field "$holder" size "$tmp/g.json")
	ok "$( [ "$uss" -gt 0 ] && [ "$size" -gt "$uss" ]; echo $?)" "uss $uss and size $size are numbers"
else
	skip "python3 missing"; skip "python3 missing"
fi

# 7: a kernel thread (no smaps_rollup) has null, not 0.
if [ $has_py = 1 ] && [ -r /proc/2/stat ] && [ ! -s /proc/2/smaps_rollup ] &&
    ! cat /proc/2/smaps_rollup >/dev/null 2>&1; then
	# Not listed by default; -K lists them.
	"$MEMWATCH" top -b -n 1 --json -K >"$tmp/k.json" 2>"$tmp/err"
	v="$(field 2 pss "$tmp/k.json") $(field 2 uss "$tmp/k.json") $(field 2 swap "$tmp/k.json") $(field 2 kernel_thread "$tmp/k.json")"
	ok "$( [ "$v" = "null null null True" ]; echo $?)" "kernel thread (-K): pss, uss, swap null ($v)"
else
	skip "pid 2 is not a kernel thread here"
fi

# 8: as another user, root's processes are unreadable: null, yet rss shown.
as_nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
if [ "$(id -u)" = 0 ] && [ $has_py = 1 ] && command -v setpriv >/dev/null 2>&1 &&
    as_nobody "$MEMWATCH" --version >/dev/null 2>&1; then
	as_nobody "$MEMWATCH" top -b -n 1 --json >"$tmp/n.json" 2>"$tmp/nerr"
	v="$(field "$holder" pss "$tmp/n.json") $(field "$holder" comm "$tmp/n.json")"
	rss=$(field "$holder" rss "$tmp/n.json")
	ok "$( [ "$v" = "null mwtop-hold" ] && [ "$rss" -gt 0 ]; echo $?)" "unprivileged: pss null, comm and rss kept ($v $rss)"
else
	skip "needs root, setpriv and a binary that nobody may run"
fi

# 9-11: text frames, --top, --sort.
"$MEMWATCH" top -b -n 2 -d 0.1 --top 3 --sort pid >"$tmp/t.txt"
ok $? "text frames exit 0"
frames=$(grep -c '^memwatch top ' "$tmp/t.txt")
ok "$( [ "$frames" = 2 ]; echo $?)" "-n 2 gives 2 frames ($frames)"
rows=$(awk '/^ *PID USER/ { h = 1; next } h && NF == 0 { h = 0 } h && /^ *[0-9]/ { c++ } END { print c }' "$tmp/t.txt")
ok "$( [ "$rows" = 6 ]; echo $?)" "--top 3: 3 rows per frame ($rows)"
first=$(awk '/^ *PID USER/ { getline; print $1; exit }' "$tmp/t.txt")
ok "$( [ "$first" = 1 ] || [ "$first" -lt "$holder" ]; echo $?)" "--sort pid starts with the lowest pid ($first)"
"$MEMWATCH" top -b -n 1 --filter mwtop-hold >"$tmp/h.txt"
grep -q "^ *$holder .*mwtop-hold" "$tmp/h.txt"
ok $? "--filter shows the test's process"

# --pid: only those processes, and only their files are read.
"$MEMWATCH" top -b -n 1 --pid "$holder,$$" --sort pid >"$tmp/p.txt"
rows=$(awk '/^ *PID USER/ { h = 1; next } h && /^ *[0-9]/ { print $1 }' "$tmp/p.txt" | sort -n | tr '\n' ' ')
want=$(printf '%s\n' "$holder" "$$" | sort -n | tr '\n' ' ')
ok "$( [ "$rows" = "$want" ]; echo $?)" "--pid lists exactly those processes ($rows)"
"$MEMWATCH" top -b -n 1 --pid 2147483647 >"$tmp/o" 2>"$tmp/e"; rc=$?
ok "$( [ $rc = 1 ] && grep -q "no such process" "$tmp/e"; echo $?)" "--pid of no process: exit 1 (exit $rc)"
"$MEMWATCH" top -b -n 1 --pid 1,x >"$tmp/o" 2>"$tmp/e"; rc=$?
ok "$( [ $rc = 2 ]; echo $?)" "--pid 1,x refused"

# A hostile command name reaches neither the terminal nor JSON raw.
hostile=${MW_BUILDDIR:-$(dirname "$MEMWATCH")/..}/tests/helpers/hostile
if [ -x "$hostile" ]; then
	mkdir "$tmp/h" && mkfifo "$tmp/h.in" && : >"$tmp/h.out"
	"$hostile" "$tmp/h" <"$tmp/h.in" >"$tmp/h.out" &
	hpid=$!
	exec 8>"$tmp/h.in"	# closing it ends the helper
	i=0; while ! grep -q ready "$tmp/h.out" && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
	"$MEMWATCH" top -b -n 1 --pid "$hpid" >"$tmp/ht.txt"
	grep -q 'evil\\e\[2J\\n' "$tmp/ht.txt" && ! grep -q "$(printf '\033')" "$tmp/ht.txt"
	ok $? "text: the hostile comm is escaped, no ESC byte"
	if [ $has_py = 1 ]; then
		"$MEMWATCH" top -b -n 1 --json --pid "$hpid" >"$tmp/hj.json"
		python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(d["processes"][0]["comm"] != "evil\x1b[2J\n")' "$tmp/hj.json"
		ok $? "JSON: the comm's bytes survive as valid JSON"
	else
		skip "python3 missing"
	fi
	exec 8>&-
	wait "$hpid" 2>/dev/null
else
	skip "tests/helpers/hostile is not built"; skip "tests/helpers/hostile is not built"
fi

# Refusals: exit 2 with a message that says what to do.
"$MEMWATCH" top </dev/null >"$tmp/o" 2>"$tmp/e"; rc=$?
ok "$( [ $rc = 2 ] && grep -q -- "-b" "$tmp/e"; echo $?)" "no terminal: exit 2 naming -b ($(cat "$tmp/e"))"
"$MEMWATCH" --proc-root / top </dev/null >"$tmp/o" 2>"$tmp/e"; rc=$?
ok "$( [ $rc = 2 ] && grep -q "live /proc only" "$tmp/e" && grep -q -- "top -b" "$tmp/e"; echo $?)" "--proc-root refused by the live view, -b named (exit $rc)"
"$MEMWATCH" top -b -d -1 >"$tmp/o" 2>"$tmp/e"; rc=$?
ok "$( [ $rc = 2 ]; echo $?)" "-d -1 refused"
"$MEMWATCH" top -b --sort bogus >"$tmp/o" 2>"$tmp/e"; rc=$?
ok "$( [ $rc = 2 ] && grep -q "pss" "$tmp/e"; echo $?)" "--sort bogus refused, keys listed"
"$MEMWATCH" top --help >"$tmp/o"; rc=$?
ok "$( [ $rc = 0 ] && grep -q -- "--iterations" "$tmp/o"; echo $?)" "--help lists the options"

echo "1..$n"
[ $failed = 0 ]
