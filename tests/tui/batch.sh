#!/bin/sh
# tests/tui/batch.sh: memwatch top -b, text and NDJSON frames, and refusals.
# A process started here must appear with exactly its smaps_rollup Pss.
. "${MW_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"
tmp=$MW_TMP

# A process with its own name, holding still. The helper is linked
# statically, so no page of it is shared with the readers, whose own
# mappings of libc would move a shared page's PSS between two reads.
cp "$MW_BUILDDIR/tests/helpers/diff_helper" "$tmp/mwtop-hold" ||
	bail_out "cannot copy diff_helper"
mkfifo "$tmp/hold.in"
"$tmp/mwtop-hold" touch < "$tmp/hold.in" > /dev/null &
holder=$!
track_pid "$holder"
exec 7> "$tmp/hold.in"	# held open: the helper waits on it until we exit
# Until it has exec'd, the child is a copy of this shell: wait for its name.
wait_for -t 5 is_comm "$holder" mwtop-hold

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
is $? 0 "top -b -n 1 --json exits 0"
cmp_ok "$(wc -l <"$tmp/f.json")" -eq 1 "one line per frame"
if [ $has_py = 1 ]; then
	kind=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["kind"], d["schema"], "taken_at" in d, len(d["processes"]) > 0)' "$tmp/f.json")
	is "$kind" "top-frame 1 True True" "kind, schema, taken_at, processes ($kind)"
	comm=$(field "$holder" comm "$tmp/f.json")
	is "$comm" mwtop-hold "the test's process is listed as $comm"
else
	skip "python3 missing" 2
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
	is "$match" 0 "pss equals /proc/PID/smaps_rollup Pss exactly"
	uss=$(field "$holder" uss "$tmp/g.json")
	size=$(field "$holder" size "$tmp/g.json")
	ok "uss $uss and size $size are numbers" eval '[ "$uss" -gt 0 ] && [ "$size" -gt "$uss" ]'
else
	skip "python3 missing" 2
fi

# 7: a kernel thread (no smaps_rollup) has null, not 0.
if [ $has_py = 1 ] && [ -r /proc/2/stat ] && [ ! -s /proc/2/smaps_rollup ] &&
    ! cat /proc/2/smaps_rollup >/dev/null 2>&1; then
	# Not listed by default; -K lists them.
	"$MEMWATCH" top -b -n 1 --json -K >"$tmp/k.json" 2>"$tmp/err"
	v="$(field 2 pss "$tmp/k.json") $(field 2 uss "$tmp/k.json") $(field 2 swap "$tmp/k.json") $(field 2 kernel_thread "$tmp/k.json")"
	is "$v" "null null null True" "kernel thread (-K): pss, uss, swap null ($v)"
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
	ok "unprivileged: pss null, comm and rss kept ($v $rss)" eval '[ "$v" = "null mwtop-hold" ] && [ "$rss" -gt 0 ]'
else
	skip "needs root, setpriv and a binary that nobody may run"
fi

# 9-11: text frames, --top, --sort.
"$MEMWATCH" top -b -n 2 -d 0.1 --top 3 --sort pid >"$tmp/t.txt"
is $? 0 "text frames exit 0"
frames=$(grep -c '^memwatch top ' "$tmp/t.txt")
is "$frames" 2 "-n 2 gives 2 frames ($frames)"
rows=$(awk '/^ *PID USER/ { h = 1; next } h && NF == 0 { h = 0 } h && /^ *[0-9]/ { c++ } END { print c }' "$tmp/t.txt")
is "$rows" 6 "--top 3: 3 rows per frame ($rows)"
first=$(awk '/^ *PID USER/ { getline; print $1; exit }' "$tmp/t.txt")
ok "--sort pid starts with the lowest pid ($first)" eval '[ "$first" = 1 ] || [ "$first" -lt "$holder" ]'
"$MEMWATCH" top -b -n 1 --filter mwtop-hold >"$tmp/h.txt"
grep -q "^ *$holder .*mwtop-hold" "$tmp/h.txt"
is $? 0 "--filter shows the test's process"

# --pid: only those processes, and only their files are read.
"$MEMWATCH" top -b -n 1 --pid "$holder,$$" --sort pid >"$tmp/p.txt"
rows=$(awk '/^ *PID USER/ { h = 1; next } h && /^ *[0-9]/ { print $1 }' "$tmp/p.txt" | sort -n | tr '\n' ' ')
want=$(printf '%s\n' "$holder" "$$" | sort -n | tr '\n' ' ')
is "$rows" "$want" "--pid lists exactly those processes ($rows)"
"$MEMWATCH" top -b -n 1 --pid 2147483647 >"$tmp/o" 2>"$tmp/e"; rc=$?
ok "--pid of no process: exit 1 (exit $rc)" eval '[ $rc = 1 ] && grep -q "no such process" "$tmp/e"'
"$MEMWATCH" top -b -n 1 --pid 1,x >"$tmp/o" 2>"$tmp/e"; rc=$?
is "$rc" 2 "--pid 1,x refused"

# A hostile command name reaches neither the terminal nor JSON raw.
hostile=${MW_BUILDDIR:-$(dirname "$MEMWATCH")/..}/tests/helpers/hostile
if [ -x "$hostile" ]; then
	mkdir "$tmp/h" && mkfifo "$tmp/h.in" && : >"$tmp/h.out"
	"$hostile" "$tmp/h" <"$tmp/h.in" >"$tmp/h.out" &
	hpid=$!
	track_pid "$hpid"
	exec 8>"$tmp/h.in"	# closing it ends the helper
	wait_for -t 10 grep -q ready "$tmp/h.out"
	"$MEMWATCH" top -b -n 1 --pid "$hpid" >"$tmp/ht.txt"
	grep -q 'evil\\e\[2J\\n' "$tmp/ht.txt" && ! grep -q "$(printf '\033')" "$tmp/ht.txt"
	is $? 0 "text: the hostile comm is escaped, no ESC byte"
	if [ $has_py = 1 ]; then
		"$MEMWATCH" top -b -n 1 --json --pid "$hpid" >"$tmp/hj.json"
		python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(d["processes"][0]["comm"] != "evil\x1b[2J\n")' "$tmp/hj.json"
		is $? 0 "JSON: the comm's bytes survive as valid JSON"
	else
		skip "python3 missing"
	fi
	exec 8>&-
	reap -t 10 "$hpid" 2>/dev/null
else
	skip "tests/helpers/hostile is not built" 2
fi

# Refusals: exit 2 with a message that says what to do.
"$MEMWATCH" top </dev/null >"$tmp/o" 2>"$tmp/e"; rc=$?
ok "no terminal: exit 2 naming -b ($(cat "$tmp/e"))" eval '[ $rc = 2 ] && grep -q -- "-b" "$tmp/e"'
"$MEMWATCH" --proc-root / top </dev/null >"$tmp/o" 2>"$tmp/e"; rc=$?
ok "--proc-root refused by the live view, -b named (exit $rc)" eval '[ $rc = 2 ] && grep -q "live /proc only" "$tmp/e" && grep -q -- "top -b" "$tmp/e"'
"$MEMWATCH" top -b -d -1 >"$tmp/o" 2>"$tmp/e"; rc=$?
is "$rc" 2 "-d -1 refused"
"$MEMWATCH" top -b --sort bogus >"$tmp/o" 2>"$tmp/e"; rc=$?
ok "--sort bogus refused, keys listed" eval '[ $rc = 2 ] && grep -q "pss" "$tmp/e"'
"$MEMWATCH" top --help >"$tmp/o"; rc=$?
ok "--help lists the options" eval '[ $rc = 0 ] && grep -q -- "--iterations" "$tmp/o"'

done_testing
