#!/bin/bash
# tests/cli/stacks.sh: memwatch PID stacks on samples/leak-sites, which
# grows memory from two known call sites at known sizes: grow_index keeps
# 3 MiB a step on the heap, grow_cache touches 2 MiB a step in mapped
# blocks and keeps 1 MiB. Both modes, a process that exits during the
# window, and the refusals.
. "${MW_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"

mw=$MEMWATCH
MiB=$((1 << 20))
wrap=()		# a command line put before memwatch's by trace()

"$mw" self stacks --help >/dev/null || bail_out "stacks --help fails"
"$mw" 1 stacks -d 1 --mode bogus >/dev/null 2>&1
is "$?" 2 "--mode bogus: usage error"
"$mw" 1 stacks -d soon >/dev/null 2>&1
is "$?" 2 "-d soon: usage error"
"$mw" --proc-root "$MW_SRCDIR/samples/proc/debian12-6.18-a" 1185 stacks >/dev/null 2>&1
is "$?" 2 "--proc-root: usage error (stacks traces a live process)"

if [ "$(id -u)" != 0 ]; then
	skip "eBPF needs root" 20
	done_testing
fi
"$mw" self stacks -d 0.1 >/dev/null 2>"$MW_TMP/err"
if grep -q "built without eBPF" "$MW_TMP/err"; then
	like "$(cat "$MW_TMP/err")" "libbpf-dev.*--enable-bpf" \
	    "built without eBPF: says how to build with it"
	skip "memwatch was built without eBPF" 19
	done_testing
fi
"$mw" 2 stacks -d 0.1 >/dev/null 2>"$MW_TMP/err"
is "$?:$(grep -c 'kernel thread' "$MW_TMP/err")" "1:1" "a kernel thread: exit 1, said"

# in_window PID: memwatch has attached (it catches SIGINT from then on)
# and sleeps in its window (nanosleep, clock_nanosleep).
in_window() {
	local cgt

	cgt=$(awk '/^SigCgt:/ { print $2 }' "/proc/$1/status" 2>/dev/null)
	[ $((0x${cgt:-0} & 2)) != 0 ] && grep -qsE '^(35|230) ' "/proc/$1/syscall"
}
# start_stacks OUT ERR CMD...: memwatch's command line CMD in the
# background ($mwp), the sample's input fd $fd closed, until it is in its
# window. A uprobe another
# tracer registers at the same moment fails (EINVAL, which memwatch tries
# a few times): on "cannot attach a uprobe" it is started again, 3 times.
start_stacks() {
	local out=$1 err=$2 try

	shift 2
	for try in 1 2 3; do
		"$@" >"$out" 2>"$err" {fd}>&- &
		mwp=$!
		track_pid "$mwp"
		wait_for -t 30 in_window "$mwp" && return 0
		exited "$mwp" && grep -q 'cannot attach a uprobe' "$err" || break
		diag "try $try: $(cat "$err")"
		reap "$mwp"
	done
	diag "memwatch stacks did not reach its window: $(cat "$err")"
	return 1
}

# trace MODE [NAME ARGS...]: trace leak-sites while it takes 3 steps; the
# output in $MW_TMP/NAME (default MODE.json; a NAME.json is with --json)
trace() {
	local mode=$1 out=${2:-$1.json} mwp i h fd
	shift $(($# > 1 ? 2 : 1))
	case $out in *.json) set -- --json "$@" ;; esac
	start_sample leak-sites || bail_out "leak-sites did not start"
	h=$MW_LAST
	fd=${mw_fd[$h]}
	# (without the sample's input: it must end when the test closes it)
	start_stacks "$MW_TMP/$out" "$MW_TMP/$mode.err" \
	    "${wrap[@]}" "$mw" "$(sample_pid "$h")" stacks --mode "$mode" -d 60 "$@"
	for i in 1 2 3; do step_sample "$h" || diag "step $i failed"; done
	kill -INT "$mwp"
	reap -t 30 "$mwp"
	ok "$mode: ended by Ctrl-C, exit 0" test $? = 0 ||
		diag "$(cat "$MW_TMP/$mode.err")"
	stop_sample "$h"
}
# bytes FILE FUNCTION: the bytes of the first stack whose innermost frame is FUNCTION
bytes() {
	jq -r --arg f "$2" '[.stacks[] | select(.frames[0].function == $f)][0].bytes // 0' "$1"
}
within() { # GOT WANT PERCENT DESC
	near "$1" "$2" $(( $2 * $3 / 100 )) "$4"
}

trace malloc
f=$MW_TMP/malloc.json
within "$(bytes "$f" grow_index)" $((9 * MiB)) 10 \
    "malloc: grow_index holds 9 MiB (3 steps of 3 MiB)"
within "$(bytes "$f" grow_cache)" $((3 * MiB)) 10 \
    "malloc: grow_cache holds 3 MiB (2 MiB a step, half freed)"
is "$(jq -r '[.stacks[] | select(.frames[0].function == "grow_index")][0].frames[1].function' "$f")" \
    main "malloc: grow_index's caller is main"
is "$(jq -r '[.stacks[] | select(.frames[0].function == "grow_index")][0].places[0].mapping' "$f")" \
    "[heap]" "malloc: grow_index grows the heap"

trace faults
f=$MW_TMP/faults.json
within "$(bytes "$f" grow_index)" $((9 * MiB)) 10 \
    "faults: grow_index first touched 9 MiB"
within "$(bytes "$f" grow_cache)" $((6 * MiB)) 10 \
    "faults: grow_cache first touched 6 MiB (freed blocks included)"
cmp_ok "$(jq -r '.cut' "$f")" -ge 1 \
    "faults: the pages glibc touched itself come out as cut stacks"
# the kernel's side of the faults: its frames, named from /proc/kallsyms
kf=$(jq -r '[.stacks[] | select(.frames[0].function == "grow_index")][0].kernel_frames // [] | map(.function // "?") | join(" ")' "$f")
if [ "$(jq -r '.kernel_symbols' "$f")" = true ]; then
	like "$kf" "(^| )[a-z_]*(fault|mm_fault)[a-z_]* " \
	    "faults: grow_index's kernel frames name a fault handler ($kf)"
	is "$(printf '%s' "$kf" | tr -cd '?' | wc -c)" 0 "... every one of them named"
else
	like "$(jq -r '.kernel_symbols_why' "$f")" "kallsyms|kptr_restrict" \
	    "faults: kernel symbols unavailable, and why"
	is "$kf" "" "... and no unnamed kernel frame printed"
fi
is "$(jq '[.stacks[] | select(has("kernel_frames"))] | length' "$MW_TMP/malloc.json"):$(jq 'has("kernel_symbols")' "$MW_TMP/malloc.json")" \
    "0:false" "malloc: no kernel frames (uprobes run in the program's own code)"

# The text: the kernel's path folded on one line, or listed with --kernel.
trace faults faults.txt
like "$(grep -A1 '^#1 ' "$MW_TMP/faults.txt" | tail -1)" "^ +\\[kernel\\] [a-z_]*fault" \
    "faults text: the kernel's path on one [kernel] line under the stack's head"
trace faults kernel.txt --kernel
cmp_ok "$(grep -cE '^ +[a-z_]*fault[a-z_]*\+0x[0-9a-f]+  \(kernel' "$MW_TMP/kernel.txt")" -ge 1 \
    "faults text --kernel: the kernel frames one a line, with offsets"
is "$(grep -c '^ *\[kernel\]' "$MW_TMP/kernel.txt")" 0 "... and no folded line"

# Without CAP_SYSLOG /proc/kallsyms shows every address as 0 (unless
# kernel.perf_event_paranoid lets perf users see them): no frame is named
# from zeros, and the report says why.
if command -v capsh >/dev/null && [ "$(cat /proc/sys/kernel/perf_event_paranoid)" -ge 2 ] &&
    [ "$(capsh --drop=cap_syslog -- -c 'head -1 /proc/kallsyms' | cut -c1-16)" = 0000000000000000 ]; then
	wrap=(capsh --drop=cap_syslog -- -c 'exec "$0" "$@"')
	trace faults hidden.json
	f=$MW_TMP/hidden.json
	is "$(jq -r '.kernel_symbols' "$f"):$(jq '[.stacks[] | select(has("kernel_frames"))] | length' "$f")" \
	    "false:0" "no CAP_SYSLOG: kernel symbols unavailable, no kernel frame printed"
	like "$(jq -r '.kernel_symbols_why' "$f")" "every address as 0: kernel.kptr_restrict is [0-9]" \
	    "... and why: the addresses read 0, kptr_restrict"
	within "$(bytes "$f" grow_index)" $((9 * MiB)) 10 "... the user stacks as before"
	trace faults hidden.txt
	wrap=()
	like "$(grep '^Kernel frames are left out' "$MW_TMP/hidden.txt")" "kptr_restrict" \
	    "... the text says so in one line"
	is "$(grep -c '\[kernel\]' "$MW_TMP/hidden.txt")" 0 "... and prints no kernel line"
else
	skip "kernel addresses cannot be hidden from this test (capsh, perf_event_paranoid)" 7
fi

# The process exits during the window: the report ends cleanly.
start_sample leak-sites || bail_out "leak-sites did not start"
h=$MW_LAST
fd=${mw_fd[$h]}
start_stacks "$MW_TMP/exit.json" "$MW_TMP/exit.err" \
    "$mw" "$(sample_pid "$h")" stacks --mode malloc -d 60 --json
step_sample "$h"
stop_sample "$h"
reap -t 30 "$mwp"
ok "exit in the window: memwatch ends by itself, exit 0" test $? = 0
cmp_ok "$(jq -r '.seconds | floor' "$MW_TMP/exit.json")" -lt 30 "... before its 60 s window"
is "$(jq -r '.exited' "$MW_TMP/exit.json")" true "... and says the process exited"
within "$(bytes "$MW_TMP/exit.json" grow_index)" $((3 * MiB)) 10 \
    "... with its stacks still named"

# watch --stacks: the stacks under the verdict, over the same window.
start_sample leak-sites || bail_out "leak-sites did not start"
h=$MW_LAST
fd=${mw_fd[$h]}
start_stacks "$MW_TMP/watch.json" "$MW_TMP/watch.err" \
    "$mw" "$(sample_pid "$h")" watch -i 0.2 -d 60 --stacks=malloc --json
for i in 1 2; do step_sample "$h"; done
kill -INT "$mwp"
reap -t 30 "$mwp"
ok "watch --stacks: ends on Ctrl-C, exit 0" test $? = 0
is "$(jq -r '.kind + " " + .stacks.kind' "$MW_TMP/watch.json")" "watch stacks" \
    "watch --stacks --json: the stacks document inside the verdict's"
within "$(jq -r '[.stacks.stacks[] | select(.frames[0].function == "grow_index")][0].bytes // 0' "$MW_TMP/watch.json")" \
    $((6 * MiB)) 10 "watch --stacks: grow_index's 6 MiB under the verdict"
stop_sample "$h"

# Without the privileges: one line that says what is missing.
if command -v setpriv >/dev/null; then
	d=$(mktemp -d /tmp/mw-stk.XXXXXX)
	chmod 755 "$d"
	cp "$mw" "$d/memwatch" && chmod 755 "$d/memwatch"
	sleep 30 &
	sp=$!
	track_pid "$sp"
	(cd "$d" && timeout 30 setpriv --reuid=65534 --regid=65534 --clear-groups \
	    ./memwatch "$$" stacks -d 0.2 >/dev/null 2>"$d/err")
	is "$?:$(wc -l <"$d/err")" "1:1" "as nobody: exit 1, one line"
	like "$(cat "$d/err")" "root|CAP_BPF|permission denied" \
	    "... naming root or CAP_BPF and CAP_PERFMON"
	rm -rf "$d"
else
	skip "setpriv is not installed" 2
fi
done_testing
