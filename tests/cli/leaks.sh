#!/bin/bash
# tests/cli/leaks.sh: 'leaks' over every process, with a leaking and a
# sawtooth samples/growth among them, its recording and 'leaks --from'.
. "${MW_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"

if ! command -v jq >/dev/null 2>&1; then
	skip_all "jq is not installed"
fi

RATE=2097152
T=$MW_TMP

start_sample growth leak 2M || bail_out "growth leak did not start"
leak=$(sample_pid)
start_sample growth sawtooth 4M || bail_out "growth sawtooth did not start"
saw=$(sample_pid)
start_sample growth leak 1M || bail_out "a short-lived growth did not start"
short=$(sample_pid)

timeout 60 "$MEMWATCH" leaks -i 0.2 -d 8s --json --record "$T/l.rec" \
    >"$T/l.json" 2>"$T/l.err" &
mw=$!
# The hunt has begun once its recording holds a few samples.
wait_for -t 30 eval '[ "$(wc -l <"$T/l.rec" 2>/dev/null || echo 0)" -ge 5 ]'
signal_sample TERM growth.3	# exits during the hunt
start_sample growth plateau 1M || bail_out "a late growth did not start"
late=$(sample_pid)		# starts during the hunt
reap -t 70 "$mw"
is "$?" 0 "leaks: ran for 8 s"

entry() { # FILE PID FILTER
	jq -r --argjson p "$2" \
	    "[.ranked[] | select(.what == \"process\" and .pid == \$p)][0] | $3" \
	    "$1" 2>/dev/null
}

is "$(entry "$T/l.json" "$leak" .verdict)" growing "the leak: growing"
near "$(entry "$T/l.json" "$leak" .slope)" "$RATE" $((RATE / 10)) \
    "the leak: slope within 10% of 2 MiB/s"
is "$(entry "$T/l.json" "$saw" .verdict)" sawtooth "the sawtooth: sawtooth"
rl=$(entry "$T/l.json" "$leak" .rank)
rs=$(entry "$T/l.json" "$saw" .rank)
cmp_ok "$rl" -lt "$rs" "the leak ranks above the sawtooth ($rl, $rs)"
is "$(entry "$T/l.json" "$short" .gone)" true "an exited process: gone"
is "$(entry "$T/l.json" "$leak" .gone)" false "the leak: still there"
score=$(entry "$T/l.json" "$leak" .score)
cmp_ok "$score" -gt $((RATE * 9 / 10 * 99 / 100)) \
    "the leak's score: confidence x growth"
n=$(jq '.processes' "$T/l.json")
cmp_ok "$n" -ge 4 "every readable process ($n)"
late_n=$(entry "$T/l.json" "$late" .samples)
rounds=$(jq '.rounds' "$T/l.json")
ok "a process started during the hunt is followed ($late_n of $rounds rounds)" \
    test "$late_n" -gt 5 -a "$late_n" -lt "$rounds"
if [ "$(id -u)" -eq 0 ]; then
	cmp_ok "$(jq '.slab_caches' "$T/l.json")" -gt 10 "slab caches too"
else
	skip "slab caches need root"
fi

# The recording ranks the same.
"$MEMWATCH" leaks --from "$T/l.rec" --json >"$T/from.json"
is "$?" 0 "leaks --from: read"
is "$(entry "$T/from.json" "$leak" .verdict)" growing "leaks --from: the same verdict"
near "$(entry "$T/from.json" "$leak" .slope)" \
    "$(entry "$T/l.json" "$leak" .slope)" $((RATE / 100)) \
    "leaks --from: the same slope"
is "$(entry "$T/from.json" "$short" .gone)" true "leaks --from: the exit"
out=$("$MEMWATCH" leaks --from "$T/l.rec" --top 0)
like "$out" "process $leak growth" "text: the leak is listed"
like "$out" "^next step for process [0-9]+: memwatch [0-9]+ watch" \
    "text: the next step"
# Bytes a round costs: the header, then lines with only what changed.
bytes=$(wc -c <"$T/l.rec")
diag "recording: $bytes bytes for $rounds rounds of $n processes"
# (a round over every process can take longer than 0.2 s on a loaded
# machine; the verdicts above need 10)
cmp_ok "$rounds" -ge 12 "rounds paced at 0.2 s, or as fast as they go ($rounds)"

# Errors.
"$MEMWATCH" leaks --from "$T/none" >/dev/null 2>&1
is "$?" 1 "a missing recording"
"$MEMWATCH" leaks --from "$T/l.json" >/dev/null 2>"$T/e1"
is "$?" 1 "a document that is not a recording"
head -n 1 "$T/l.rec" >"$T/h.rec"
printf '{"kind":"watch-sample","t":1,"v":[[99,5]]}\n' >>"$T/h.rec"
"$MEMWATCH" leaks --from "$T/h.rec" >/dev/null 2>"$T/e2"
is "$?" 1 "a value for an entry never declared"
like "$(cat "$T/e2")" "h.rec:2: " "... names the line"
"$MEMWATCH" leaks --proc-root "$MW_SRCDIR/samples/proc" -d 1 >/dev/null 2>&1
is "$?" 2 "--proc-root is refused live"
"$MEMWATCH" watch --from "$T/l.rec" >/dev/null 2>"$T/e3"
is "$?" 1 "watch --from a leaks recording"
like "$(cat "$T/e3")" "use 'memwatch leaks --from" "... says what to use"

done_testing
