#!/bin/bash
# tests/cli/daily.sh: the commands as pmap, smem and top users type them:
# several pids in one call, help before the pid is checked, the likely
# command suggested, what denied a read said as it is, and top -b's
# kernel threads, users, command lines, tree and totals.
. "${MW_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"

d=$MW_TMP
run() { "$MEMWATCH" "$@" >"$d/out" 2>"$d/err"; }

# Two processes of this test (a copy of sleep with a name of its own).
name=mwd$$
cp /bin/sleep "$d/$name" && chmod 755 "$d" "$d/$name" || bail_out "cp"
"$d/$name" 600 & a=$!
"$d/$name" 601 & b=$!
track_pid "$a" "$b"
wait_for is_comm "$a" "$name" && wait_for is_comm "$b" "$name" ||
    bail_out "the sleepers did not start"

# ---- several pids ---------------------------------------------------------
run "$a" "$b"
is "$?" 0 "memwatch PID PID: exit 0"
is "$(grep -c '^process ' "$d/out")" 2 "one block per process"
like "$(sed -n 1p "$d/out")" "^process $a $name" "in the order given (first)"
like "$(grep '^process ' "$d/out" | sed -n 2p)" "^process $b $name" "(second)"
pa=$(rollup_field "$a" Pss) pb=$(rollup_field "$b" Pss)
tot=$("$MEMWATCH" --bytes "$a" "$b" | sed -n 's/^total of 2 processes: PSS \([0-9]*\) .*/\1/p')
near "${tot:-0}" $(( (pa + pb) * 1024 )) 65536 "show ends with the processes' PSS total ($tot)"
run "$a" 999999 "$b" explain
rc=$?
is "$rc" 1 "a missing pid among them: exit 1"
is "$(grep -c 'memory explained' "$d/out")" 2 "the others are still explained"
like "$(cat "$d/err")" "^memwatch: no such process 999999" "the missing one is named"
run --json "$a" "$b" snapshot
is "$(jq -r '.process.pid' "$d/out" | tr '\n' ' ')" "$a $b " "snapshot: one document per process"
run "$a" "$b" snapshot -o "$d/x.json"
is "$?" 2 "snapshot -o with several pids is a usage error"
ok "no file written" test ! -e "$d/x.json"
run "$a" "$b" pages
is "$?" 2 "pages takes one process"
like "$(cat "$d/err")" "pages takes one process" "and says so"

# ---- help and typos -------------------------------------------------------
run 999999 pages --help
is "$?" 0 "memwatch 999999 pages --help: help, whatever the pid"
like "$(head -1 "$d/out")" "^Usage: memwatch PID pages" "the command's own help"
run show 1
is "$?" 2 "memwatch show 1: exit 2"
is "$(cat "$d/err")" "memwatch: unknown command 'show'; the process comes first: 'memwatch 1 show'" \
    "memwatch show 1 suggests 'memwatch 1 show'"
run help
like "$(cat "$d/err")" "unknown command 'help'; run 'memwatch --help'" "memwatch help points to --help"
run tpo
like "$(cat "$d/err")" "did you mean 'memwatch top'\?" "a typo: the command meant"
run 1 shwo
like "$(cat "$d/err")" "unknown command 'shwo' for 1; did you mean 'memwatch 1 show'\?" \
    "a typo after a pid"
run explian
like "$(cat "$d/err")" "did you mean 'memwatch PID explain'\?" "a process command without its pid"
run bogus
is "$(cat "$d/err")" "memwatch: unknown command 'bogus'; see 'memwatch --help'" \
    "no suggestion when nothing is near"

# ---- what denied the read -------------------------------------------------
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
	# Not dumpable: even root needs CAP_SYS_PTRACE to read its files.
	"$MW_BUILDDIR/tests/helpers/undumpable" >"$d/u.out" & u=$!
	track_pid "$u"
	wait_for grep -q ready "$d/u.out"
	if ! setpriv --bounding-set=-sys_ptrace --inh-caps=-sys_ptrace \
	    cat "/proc/$u/smaps_rollup" >/dev/null 2>&1; then
		setpriv --bounding-set=-sys_ptrace --inh-caps=-sys_ptrace \
		    "$MEMWATCH" "$u" >"$d/out" 2>"$d/err"
		is "$?" 1 "root without CAP_SYS_PTRACE: exit 1"
		like "$(cat "$d/err")" "permission denied: memwatch runs as root but without CAP_SYS_PTRACE .*; grant CAP_SYS_PTRACE" \
		    "root without CAP_SYS_PTRACE is told so, not to become root"
		! grep -q "run as root" "$d/err"
		mw_result $? "and is not told to run as root"
	else
		skip "this kernel lets root without CAP_SYS_PTRACE read a process that is not dumpable" 3
	fi
	setpriv --reuid=65534 --regid=65534 --clear-groups "$MEMWATCH" "$u" \
	    >"$d/out" 2>"$d/err"
	like "$(cat "$d/err")" "permission denied: another user's process\); run as root or with CAP_SYS_PTRACE" \
	    "an unprivileged user is told to run as root"
	if unshare -U -r true 2>/dev/null; then
		setpriv --reuid=65534 --regid=65534 --clear-groups sleep 60 & nb=$!
		track_pid "$nb"
		unshare -U -r "$MEMWATCH" "$nb" >"$d/out" 2>"$d/err"
		like "$(cat "$d/err")" "CAP_SYS_PTRACE only in its user namespace \(uid_map 0 0 1\)" \
		    "in a user namespace: its capabilities stop at its border"
	else
		skip "user namespaces are not allowed here"
	fi
	# top as nobody: the unknown PSS ranks by RSS, not below every row.
	setpriv --reuid=65534 --regid=65534 --clear-groups "$MEMWATCH" \
	    --json top -b -n 1 --top 3 >"$d/out" 2>"$d/err"
	first=$(jq '.processes[0].rss' "$d/out")
	most=$(jq '[.processes[].rss] | max' "$d/out")
	# The whole frame: a row ranks by its PSS, or by its RSS when the
	# PSS is unknown, so the rank never rises down the list.
	setpriv --reuid=65534 --regid=65534 --clear-groups "$MEMWATCH" \
	    --json top -b -n 1 >"$d/all" 2>"$d/err"
	rises=$(jq '[.processes[] | select(.rss != null) | if .rollup then .pss else .rss end]
	    | . as $v | [range(1; length) | select($v[.] > $v[. - 1])] | length' "$d/all")
	is "$rises" 0 "nobody: every row ranks by its PSS, or its RSS when the PSS is unknown"
	setpriv --reuid=65534 --regid=65534 --clear-groups "$MEMWATCH" \
	    top -b -n 1 --top 3 >"$d/out" 2>"$d/err"
	like "$(cat "$d/out")" "they rank by their RSS" "nobody: the note says how they rank"
else
	skip "needs root and setpriv" 8
fi

# ---- long work says so on a terminal, and only there ---------------------
if command -v script >/dev/null; then
	script -qec "'$MEMWATCH' $a diff -i 2 >/dev/null" /dev/null >"$d/tty" 2>&1
	like "$(tr '\r' '\n' <"$d/tty")" "diff: between the two snapshots: 2 s left of 2 s" \
	    "diff -i 2 on a terminal counts down on stderr"
	"$MEMWATCH" "$a" snapshot -o "$d/a.json" &&
	    { cat "$d/a.json"; head -c 9000000 /dev/zero | tr '\0' ' '; } >"$d/big.json"
	script -qec "'$MEMWATCH' diff '$d/big.json' '$d/a.json' >/dev/null" /dev/null >"$d/tty" 2>&1
	like "$(tr '\r' '\n' <"$d/tty")" "reading $d/big.json \(8\.[0-9]M\)\.\.\." \
	    "a large snapshot being read is named"
else
	skip "script (util-linux) is not installed" 2
fi
"$MEMWATCH" "$a" diff -i 2 >"$d/out" 2>"$d/err"
is "$(wc -c <"$d/err")" 0 "not a terminal: nothing on stderr"

# ---- one meaning per word and picture -------------------------------------
# A path longer than any terminal: whole in a pipe, cut (~) to COLUMNS.
deep=$d/$(printf 'p%.0s' $(seq 1 90))/$(printf 'q%.0s' $(seq 1 90))
mkdir -p "$deep" && cp /bin/sleep "$deep/$name" && chmod -R 755 "$d"
"$deep/$name" 602 & c=$!
track_pid "$c"
wait_for is_comm "$c" "$name"
run "$c"
ok "show in a pipe: the path whole" grep -q " $deep/$name\$" "$d/out"
run "$c" pages
ok "pages in a pipe: the path whole, as show" grep -q " $deep/$name\$" "$d/out"
COLUMNS=100 "$MEMWATCH" "$c" pages >"$d/out"
ok "pages with COLUMNS=100: cut to fit" grep -q " ~q*/$name\$" "$d/out"
# system diff: the files named; a change never between equal figures.
"$MEMWATCH" system snapshot -o "$d/s1.json"
jq '.meminfo.MemFree += 61865984' "$d/s1.json" >"$d/s2.json"
run diff "$d/s1.json" "$d/s2.json"
like "$(sed -n 2p "$d/out")" "^before  .*  $d/s1.json\$" "system diff names the before file"
like "$(sed -n 3p "$d/out")" "^after   .*  $d/s2.json\$" "and the after file"
line=$(grep '^  MemFree ' "$d/out")
like "$line" "\+59M" "MemFree +59M ($line)"
before=$(printf '%s' "$line" | sed 's/.*(\(.*\) -> .*/\1/')
after=$(printf '%s' "$line" | sed 's/.* -> \(.*\))$/\1/')
ok "before ($before) and after ($after) differ as printed" test "$before" != "$after"
run system diff "$d/s1.json"
like "$(sed -n 3p "$d/out")" "^after   .*  live\$" "system diff FILE: after is live"

# ---- top -b: kernel threads, user, command line, tree, totals -------------
run --json top -b -n 1
is "$(jq '[.processes[] | select(.kernel_thread)] | length' "$d/out")" 0 \
    "top -b lists no kernel thread by default"
kt=$(jq '.totals.kernel_threads' "$d/out")
cmp_ok "${kt:-0}" -gt 0 "and counts them apart ($kt)"
run --json top -b -n 1 -K
is "$(jq '[.processes[] | select(.kernel_thread)] | length' "$d/out")" "$kt" \
    "-K lists them"
is "$(jq -r ".processes[] | select(.pid == $a) | .cmdline" "$d/out")" "$d/$name 600" \
    "JSON rows carry the command line"
is "$(jq -r ".processes[] | select(.pid == $a) | .ppid" "$d/out")" "$$" \
    "and the parent"
run top -b -n 1 -c -f "$name"
like "$(grep "^ *$a " "$d/out")" " $d/$name 600\$" "-c: the whole command line, last"
run top -b -n 1 -u nobody -f "$name"
is "$(grep -c "$name" "$d/out")" 0 "-u nobody: root's processes are not listed"
run top -b -n 1 -u 0 -f "$name"
is "$(grep -c "^ *[0-9]* root .*$name" "$d/out")" 3 "-u 0: a uid means its user"
run top -b -n 1 --tree -f "$name" -s pid
like "$(cat "$d/out")" "TREE_PSS" "--tree: a TREE_PSS column"
run top -b -n 1 --by comm -f "$name"
like "$(grep "^$name " "$d/out")" "^$name +3 +0 " "--by comm: three processes, none unreadable"
run --json top -b -n 1 --by user
is "$(jq -r '.by' "$d/out")" user "--by user --json: by"
like "$(jq -r '.groups[] | select(.name == "root") | .processes' "$d/out")" "^[0-9]+$" \
    "--by user --json: root's total"
run top -b -n 1 --by nothing
is "$?" 2 "--by takes user or comm"

done_testing
