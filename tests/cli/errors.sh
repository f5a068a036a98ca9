#!/bin/bash
# tests/cli/errors.sh: every command's failures, table-driven.
#
# Each row runs memwatch with a bad option, number, missing or extra
# argument, or a target that cannot be read, and checks what a user and a
# script see: the documented exit status (2 usage, 1 target), exactly one
# line on stderr shaped "memwatch: <what> (<why>); <what to do>" (usage
# errors point to --help), nothing on stdout, and no hang.
. "${MW_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"

mw=$MEMWATCH
t=$MW_TMP
nopid=4194305		# above the largest pid_max: never a process

"$mw" self snapshot -o "$t/proc.json" 2>/dev/null &&
    "$mw" system snapshot -o "$t/sys.json" 2>/dev/null ||
	bail_out "cannot take the snapshots the rows compare against"
printf '{"kind": "process-snapshot", "schema": 1, "vmas": [' > "$t/trunc.json"
printf '\000\001\002binary' > "$t/binary.json"
: > "$t/empty.json"
printf '[' > "$t/array.json"
printf '{"kind": "zones", "schema": 1}\n' > "$t/zones.json"
printf '{"kind": "process-snapshot", "schema": 99}\n' > "$t/schema.json"
printf '{"kind": "process-snapshot", "schema": 1, "kind": "x"}\n' > "$t/dup.json"
python3 -c 'import sys; sys.stdout.write("[" * 1000000)' > "$t/deep.json" ||
	bail_out "python3 is needed to write the deep document"
mkdir "$t/notcapture" && echo x > "$t/notcapture/x"
mkdir "$t/emptyroot"
ln -s /etc/passwd "$t/link.json"

# rc|args (one shell word list; @T@ is the temporary directory)|ERE on stderr
rows=$(cat <<'EOF'
2||no target or command given .*; see 'memwatch --help'
2|--frob|unknown option --frob; see 'memwatch --help'
2|frob|unknown command 'frob'
2|-x|unknown option -x
2|--color=purple zones|--color takes auto, always or never
2|--proc-root|--proc-root needs a directory
2|0|'0' is not a process id
2|99999999999999999999|not a process id
2|self frob|unknown command 'frob' for self
2|system frob|unknown command 'frob' for system
2|self show --frob|unknown option --frob; see 'memwatch self show --help'
2|self show extra|unexpected argument 'extra'
2|self explain --frob|unknown option --frob; see 'memwatch self explain --help'
2|self explain extra|unexpected argument 'extra'
2|self snapshot -o|option -o needs an argument; see 'memwatch self snapshot --help'
2|self snapshot extra|unexpected argument 'extra'
2|self diff -i|option -i needs an argument
2|self diff -i abc|-i takes seconds
2|self diff -i -1|-i takes seconds
2|self diff -i nan|-i takes seconds
2|self diff -i inf|-i takes seconds
2|self diff -i 1e10|-i takes seconds
2|self diff a b|unexpected argument 'b'
2|self diff --frob|unknown option --frob; see 'memwatch self diff --help'
2|self pages zz|'zz' is not an address
2|self pages 0x1ffffffffffffffff|is not an address
2|self pages 1 2|unexpected argument|takes one ADDR
2|self pages --frob|unknown option --frob; see 'memwatch self pages --help'
2|system show extra|unexpected argument 'extra'
2|system explain --frob|unknown option --frob
2|system snapshot -o|option -o needs an argument
2|system snapshot extra|unexpected argument 'extra'
2|system diff -i abc|takes (a number of )?seconds
2|system diff -i|option -i needs an argument
2|system diff a b|unexpected argument|one snapshot FILE
2|zones extra|unexpected argument 'extra'; see 'memwatch zones --help'
2|zones --frob|unknown option --frob
2|buddy extra|unexpected argument 'extra'; see 'memwatch buddy --help'
2|buddy --frob|unknown option --frob
2|slabs extra|unexpected argument 'extra'
2|slabs --sort|option --sort needs an argument
2|slabs --sort frob|--sort takes size, objs, active, util or name
2|slabs -n abc|-n takes a positive number
2|slabs -n 0|-n takes a positive number
2|slabs -n -1|-n takes a positive number
2|slabs -n 99999999999999999999999|-n takes a positive number
2|top -b extra|unexpected argument 'extra'|see 'memwatch top --help'
2|top -b -n|option -n needs an argument
2|top -b -n 0|-n takes a number of frames
2|top -b -n abc|-n takes a number of frames
2|top -b -n 99999999999999999999|-n takes a number of frames
2|top -b -d -1|-d takes seconds
2|top -b -d nan|-d takes seconds
2|top -b -d abc|-d takes seconds
2|top -b --frob|unknown option --frob
2|top|top needs a terminal
2|export extra|unexpected argument 'extra'; see 'memwatch export --help'
2|export -o|option -o needs an argument
2|export --top|option --top needs an argument
2|export --top -1|--top takes a number of processes
2|export --top 100001|--top takes a number of processes
2|export --format|option --format needs an argument
2|export --format xml|--format takes openmetrics or prometheus
2|--json export|not JSON; leave out --json
2|serve extra|unexpected argument 'extra'; see 'memwatch serve --help'
2|serve --listen|option --listen needs an argument
2|serve --listen foo|--listen takes ADDRESS:PORT
2|serve --listen 127.0.0.1:99999|--listen takes ADDRESS:PORT .*the port is a number
2|serve --frob|unknown option --frob
2|capture -o|option -o needs an argument
2|capture abc|'abc' is not a process id; see 'memwatch capture --help'
2|capture --frob|unknown option --frob
2|diff|diff needs two snapshot files
2|diff @T@/proc.json|diff needs two snapshot files
2|diff a b c|diff needs two snapshot files
2|diff --frob a b|unknown option --frob
2|slabs -n|option -n needs an argument; see 'memwatch slabs --help'
2|slabs --sort|option --sort needs an argument
2|top --by|option --by needs an argument
2|self watch --stacks=bogus|--stacks takes faults or malloc, not 'bogus'
2|leaks --stacks|unknown option --stacks; see 'memwatch leaks --help'
2|self pages 1 2|unexpected argument '2'; see 'memwatch self pages --help'
2|cgroups a b|unexpected argument 'b'; see 'memwatch cgroups --help'
2|oom a b|unexpected argument 'b'; see 'memwatch oom --help'
2|--proc-root @T@/emptyroot self|'self' means this memwatch
1|4194305|no such process 4194305 \(not in /proc\); check the pid with ps
1|4194305 explain|no such process 4194305
1|4194305 pages|no such process 4194305
1|4194305 snapshot|no such process 4194305
1|4194305 diff|no such process 4194305
1|capture -o @T@/cap 4194305|no such process 4194305
1|self diff /nonexistent.json|cannot read /nonexistent.json \(No such file or directory\)
1|diff @T@/empty.json @T@/proc.json|@T@/empty.json \(the file is empty\)
1|diff @T@/trunc.json @T@/proc.json|@T@/trunc.json:1:[0-9]+: not valid JSON \(.*truncated
1|diff @T@/binary.json @T@/proc.json|@T@/binary.json \(binary data, not JSON\)
1|diff @T@/deep.json @T@/proc.json|@T@/deep.json:1:[0-9]+: not valid JSON \(maximum parsing depth
1|diff @T@/array.json @T@/proc.json|@T@/array.json
1|diff @T@/zones.json @T@/proc.json|@T@/zones.json
1|diff @T@/schema.json @T@/proc.json|@T@/schema.json
1|diff @T@/dup.json @T@/proc.json|@T@/dup.json
1|diff @T@/link.json @T@/proc.json|@T@/link.json:1:[0-9]+: not valid JSON
1|diff @T@/proc.json @T@/sys.json|a process snapshot and a system snapshot
1|diff @T@ @T@/proc.json|\(a directory\)
1|diff /dev/zero @T@/proc.json|/dev/zero \(binary data, not JSON\)
1|system diff @T@/proc.json|holds a "process-snapshot" document, not a system-snapshot
1|self snapshot -o /nonexistent/x.json|cannot write /nonexistent/x.json \(No such file or directory\)
1|self snapshot -o @T@|cannot write @T@ \(a directory\)
1|system snapshot -o /nonexistent/x.json|cannot write /nonexistent/x.json
1|export -o /nonexistent/x.prom|cannot write /nonexistent/x.prom
1|capture -o @T@/notcapture|exists and is not empty
1|capture -o /nonexistent/x/y|cannot create /nonexistent/x/y
1|--proc-root /nonexistent zones|cannot open proc root /nonexistent \(No such file or directory\)
1|--proc-root /etc/passwd zones|\(Not a directory\)
1|--proc-root @T@/emptyroot zones|cannot read @T@/emptyroot/zoneinfo \(no such file\)
1|--proc-root @T@/emptyroot buddy|cannot read @T@/emptyroot/buddyinfo
1|--proc-root @T@/emptyroot slabs|cannot read @T@/emptyroot/slabinfo
1|--proc-root @T@/emptyroot system|cannot read @T@/emptyroot/meminfo
1|--proc-root @T@/emptyroot system explain|cannot read @T@/emptyroot/
1|--proc-root @T@/emptyroot system snapshot|cannot read @T@/emptyroot/
1|--proc-root @T@/emptyroot 1|no such process 1 \(not in @T@/emptyroot\)
1|--proc-root @T@/emptyroot capture -o @T@/cap2|nothing captured
EOF
)

# One row: run it, check rc, one line, shape, message, empty stdout.
check_row() { # rc args re
	local want=$1 args=${2//@T@/$t} re=${3//@T@/$t} rc lines err
	local -a argv

	read -r -a argv <<<"$args"
	timeout 30 "$mw" "${argv[@]}" </dev/null >"$t/out" 2>"$t/err"
	rc=$?
	lines=$(wc -l <"$t/err")
	err=$(cat "$t/err")
	if [ "$rc" != "$want" ] || [ "$lines" != 1 ] || [ -s "$t/out" ] ||
	    ! grep -Eq -- "$re" "$t/err" ||
	    ! grep -Eq '^memwatch: [^ ].*; [^ ]' "$t/err" ||
	    { [ "$want" = 2 ] && ! grep -q -- "--help'" "$t/err" &&
	    ! grep -q "top needs a terminal\|means this memwatch" "$t/err"; }; then
		mw_result 1 "memwatch $args: exit $want, one line"
		diag "  exit $rc, $lines lines on stderr, $(wc -c <"$t/out") bytes on stdout" \
		    "  stderr: $err" "  want: $re"
		return
	fi
	mw_result 0 "memwatch $args: exit $want, one line"
}

while IFS='|' read -r want args re; do
	[ -n "$want" ] && check_row "$want" "$args" "$re"
done <<<"$rows"

# Not expressible as a word list.
"$mw" "$(printf 'bad\nname')" >"$t/out" 2>"$t/err"
rc=$?
is "$rc:$(wc -l <"$t/err")" "2:1" "a newline in a command name: exit 2, one line"
like "$(cat "$t/err")" "unknown command 'bad\\\\nname'" "... shown escaped"

# A zombie target: it has exited, its smaps is empty. Not "VSZ 0".
mkfifo "$MW_TMP/zin"
python3 -c '
import os, sys, time
pid = os.fork()
if pid == 0:
    os._exit(0)
print(pid, flush=True)
sys.stdin.read()
os.waitpid(pid, 0)
' <"$MW_TMP/zin" >"$t/zout" 2>/dev/null &
zp_parent=$!
track_pid "$zp_parent"
exec {zfd}>"$MW_TMP/zin"
wait_for -t 10 test -s "$t/zout"
zp=$(head -n1 "$t/zout")
wait_for -t 10 mw_exited "$zp"
for cmd in show explain pages snapshot diff; do
	timeout 30 "$mw" "$zp" $cmd >"$t/out" 2>"$t/err"
	rc=$?
	if [ "$rc" = 1 ] && [ "$(wc -l <"$t/err")" = 1 ] && [ ! -s "$t/out" ] &&
	    grep -q "process $zp is a zombie (it has exited and holds no memory" "$t/err"; then
		mw_result 0 "memwatch ZOMBIE $cmd: exit 1, says it is a zombie"
	else
		mw_result 1 "memwatch ZOMBIE $cmd: exit 1, says it is a zombie"
		diag "  exit $rc: $(cat "$t/err" "$t/out" | head -5)"
	fi
done
exec {zfd}>&-

# A target that exits between the two snapshots of diff -i: memwatch is
# seen asleep in clock_nanosleep/nanosleep (x86-64 230/35, arm64 115/101)
# before the target is killed, so this is not a race.
sleep 600 &
victim=$!
wait_for is_comm "$victim" sleep
track_pid "$victim"
"$mw" "$victim" diff -i 5 >"$t/out" 2>"$t/err" &
mwp=$!
if wait_for -t 20 is_sleeping "$mwp"; then
	kill "$victim"
	reap "$victim" 2>/dev/null
	reap "$mwp"
	rc=$?
	is "$rc:$(wc -l <"$t/err"):$(wc -c <"$t/out")" "1:1:0" \
	    "a target that exits during diff -i: exit 1, one line, no output"
	like "$(cat "$t/err")" "process $victim exited during the 5 s interval" \
	    "... saying it exited"
else
	kill "$mwp" "$victim" 2>/dev/null
	skip "/proc/PID/syscall is not readable here" 2
fi

done_testing
