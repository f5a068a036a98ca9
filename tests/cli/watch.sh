#!/bin/bash
# tests/cli/watch.sh: 'PID watch' on samples/growth's four patterns, its
# recordings, and 'watch --from' on hand-made ones.
. "${MW_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"

if ! command -v jq >/dev/null 2>&1; then
	skip_all "jq is not installed"
fi

RATE=2097152	# samples/growth's rate: 2M a second
T=$MW_TMP

jqv() { # FILE FILTER: the value
	jq -r "$2" "$1" 2>/dev/null
}

# Watch a fresh growth MODE for 8 s at -i 0.2 into $T/MODE.json.
watch_mode() {
	start_sample growth "$1" 2M || return 1
	timeout 40 "$MEMWATCH" "$(sample_pid)" watch -i 0.2 -d 8s --json \
	    --record "$T/$1.rec" >"$T/$1.json" 2>"$T/$1.err"
}

# ---- the leak --------------------------------------------------------
ok "leak: watched for 8 s" watch_mode leak
pid=$(sample_pid)
is "$(jqv "$T/leak.json" .verdict)" growing "leak: growing steadily"
is "$(jqv "$T/leak.json" .leak)" true "leak: called a likely leak"
slope=$(jqv "$T/leak.json" .slope)
near "$slope" "$RATE" $((RATE / 10)) "leak: slope within 10% of 2 MiB/s"
lo=$(jqv "$T/leak.json" .slope_low)
hi=$(jqv "$T/leak.json" .slope_high)
ok "leak: the interval holds the slope" \
    test "$lo" -le "$slope" -a "$slope" -le "$hi"
is "$(jqv "$T/leak.json" '.where[0].place')" "[heap]" "leak: grows in the [heap]"
is "$(jqv "$T/leak.json" .cause)" anon "leak: private memory"
is "$(jqv "$T/leak.json" .next)" \
    "memwatch $pid stacks --mode malloc -d 30s" \
    "leak: the next command, for this pid"
like "$(jqv "$T/leak.json" .eta_limit)" '^(cgroup|mem_available)$' \
    "leak: when it reaches a limit"
stop_sample

# The recording gives the same verdict, as text.
out=$("$MEMWATCH" watch --from "$T/leak.rec")
is "$?" 0 "leak recording: read back"
like "$out" '^verdict: growing steadily \(likely leak\)$' \
    "leak recording: the same verdict"
like "$out" "^    memwatch $pid stacks --mode malloc -d 30s\$" \
    "leak recording: the next step"
like "$out" 'where: \[heap\] \+' "leak recording: where"
"$MEMWATCH" watch --from "$T/leak.rec" --json >"$T/leak-from.json"
near "$(jqv "$T/leak-from.json" .slope)" "$slope" $((RATE / 100)) \
    "leak recording: the same slope"
is "$(jqv "$T/leak-from.json" .end)" duration "leak recording: ended by -d"
n=$(grep -c '"kind":"watch-sample"' "$T/leak.rec")
cmp_ok "$n" -ge 40 "leak recording: a line per sample and a header ($n)"

# ---- grow, then plateau ----------------------------------------------
ok "plateau: watched" watch_mode plateau
is "$(jqv "$T/plateau.json" .verdict)" levelled "plateau: grew, then levelled off"
is "$(jqv "$T/plateau.json" .leak)" false "plateau: not a leak"
stop_sample

# ---- sawtooth --------------------------------------------------------
ok "sawtooth: watched" watch_mode sawtooth
is "$(jqv "$T/sawtooth.json" .verdict)" sawtooth "sawtooth: sawtooth"
is "$(jqv "$T/sawtooth.json" .leak)" false "sawtooth: not a leak"
stop_sample

# ---- a file read through a mapping -------------------------------------
ok "filemap: watched" watch_mode filemap
is "$(jqv "$T/filemap.json" .verdict)" growing "filemap: growing"
is "$(jqv "$T/filemap.json" .leak)" false "filemap: not a leak"
is "$(jqv "$T/filemap.json" .cause)" file "filemap: page cache"
like "$(jqv "$T/filemap.json" '.where[0].place')" '/growth\.[A-Za-z0-9]+$' \
    "filemap: grows in the mapped file"
out=$("$MEMWATCH" watch --from "$T/filemap.rec")
like "$(printf '%s\n' "$out" | tr '\n' ' ')" 'page cache.*not a leak' \
    "filemap: said to be page cache"
ok "filemap: no next step" test -z "$(printf '%s\n' "$out" | grep 'next step')"
stop_sample

# ---- a hand-made recording: one spike is not a leak ----------------------
{
	echo '{"kind":"watch-sample","schema":1,"memwatch":"0","recording":"process","interval":0.2,"process":{"pid":4242,"comm":"spiky","start_ticks":1}}'
	for i in $(seq 0 59); do
		v=$((104857600 + (i % 3) * 4096))
		[ "$i" -eq 45 ] && v=$((v + 52428800))
		printf '{"kind":"watch-sample","t":%d.%d,"rss":%d,"swap":0}\n' \
		    $((i / 5)) $((i % 5 * 2)) "$v"
	done
} >"$T/spike.rec"
"$MEMWATCH" watch --from "$T/spike.rec" --json >"$T/spike.json"
is "$?" 0 "spike: read"
is "$(jqv "$T/spike.json" .verdict)" flat "spike: flat"
is "$(jqv "$T/spike.json" .leak)" false "spike: not a leak"
is "$(jqv "$T/spike.json" .process.comm)" spiky "spike: the recorded process"
# The same series with the spike's line cut short by a kill: still read.
head -c -20 "$T/spike.rec" >"$T/cut.rec"
"$MEMWATCH" watch --from "$T/cut.rec" --json >"$T/cut.json"
is "$?" 0 "a last line cut short: the rest is read"
is "$(jqv "$T/cut.json" .samples)" 59 "a last line cut short: left out"

# ---- the process exits during the watch --------------------------------
start_sample growth leak 1M
pid=$(sample_pid)
timeout 30 "$MEMWATCH" "$pid" watch -i 0.2 --json >"$T/exit.json" &
mw=$!
wait_for -t 20 is_sleeping "$mw"	# it has taken its first sample
# (a signal: memwatch, started from this shell, holds the sample's input
# open too, so closing it here would not end the sample)
signal_sample TERM
reap -t 40 "$mw"
is "$?" 0 "exit: the watch ends with its process"
is "$(jqv "$T/exit.json" .end)" exited "exit: says the process exited"

# ---- Ctrl-C ends the watch with its verdict -------------------------------
# The recording shows the samples taken: Ctrl-C once there are 5.
lines() { [ "$(wc -l <"$1" 2>/dev/null || echo 0)" -ge "$2" ]; }
"$MEMWATCH" self watch -i 0.1 --json --record "$T/int.rec" >"$T/int.json" &
mw=$!
wait_for -t 30 lines "$T/int.rec" 6	# a header and 5 samples
kill -INT "$mw"
reap "$mw"
is "$?" 0 "Ctrl-C: the watch ends with status 0"
is "$(jqv "$T/int.json" .end)" interrupted "Ctrl-C: says it was interrupted"
cmp_ok "$(jqv "$T/int.json" .samples)" -ge 5 "Ctrl-C: the samples so far are judged"

# ---- a killed recorder loses nothing written ---------------------------
start_sample growth leak 1M
"$MEMWATCH" "$(sample_pid)" watch -i 0.1 --record "$T/killed.rec" \
    >/dev/null 2>&1 &
mw=$!
wait_for -t 30 lines "$T/killed.rec" 6
kill -KILL "$mw"
reap "$mw" 2>/dev/null
stop_sample
n=$(wc -l <"$T/killed.rec")
"$MEMWATCH" watch --from "$T/killed.rec" --json >"$T/killed.json"
is "$?" 0 "killed recorder: its recording is read"
is "$(jqv "$T/killed.json" .samples)" $((n - 1)) \
    "killed recorder: every sample written is there"

# ---- top's GROWTH: the same estimator over its last samples -----------
start_sample growth leak 2M
pid=$(sample_pid)
# 16 refreshes (the history kept) half a second apart: a leak whose
# process the load stops for a moment still grows across them
"$MEMWATCH" top -b -d 0.5 -n 16 --pid "$pid,$$" --json | tail -n 1 \
    >"$T/top.json"
row() { jq -r --argjson p "$1" ".processes[] | select(.pid == \$p) | $2" \
    "$T/top.json"; }
is "$(row "$pid" .trend)" growing "top: the leak's trend is growing"
# 15 refreshes at least 0.5 s apart (more under load): 7.5 s or more
cmp_ok "$(row "$pid" .pss_trend)" -ge $((RATE * 7)) \
    "top: its trend holds 15 refreshes' growth"
# This shell allocates nothing, but its PSS moves with every process that
# maps or unmaps the libraries it shares (down as the machine gets busier):
# flat or shrinking, never a leak.
trend=$(row $$ .trend)
ok "top: this shell's trend is not growing ($trend)" \
    eval '[ "$trend" = flat ] || [ "$trend" = shrinking ] || [ "$trend" = not-enough ]'

line=$("$MEMWATCH" top -b -d 0.5 -n 16 --pid "$pid" | tail -n 1)
like "$line" "^ *$pid .*\\+[0-9.]+M\\+\$" "top text: GROWTH with the '+' mark"
stop_sample

# ---- a memory cgroup's limit comes before MemAvailable -----------------
cg=/sys/fs/cgroup/memory/memwatch-watch-$$
if [ -w /sys/fs/cgroup/memory ] &&
    [ -f /sys/fs/cgroup/memory/memory.limit_in_bytes ]; then
	cleanup_cg() {
		[ -d "$cg" ] || return 0
		while read -r p; do kill -KILL "$p" 2>/dev/null; done \
		    <"$cg/cgroup.procs"
		wait_for -t 10 test ! -s "$cg/cgroup.procs"
		rmdir "$cg" 2>/dev/null
	}
	trap 'stop_all; cleanup_cg' EXIT
	mkdir "$cg" && echo $((512 << 20)) >"$cg/memory.limit_in_bytes"
	start_sample growth leak 2M
	echo "$(sample_pid)" >"$cg/cgroup.procs"
	"$MEMWATCH" "$(sample_pid)" watch -i 0.2 -d 6s --json >"$T/cg.json"
	is "$(jqv "$T/cg.json" .eta_limit)" cgroup "cgroup: its limit is the nearer"
	eta=$(jqv "$T/cg.json" .eta)
	ok "cgroup: 512 MiB at about 2 MiB/s: about 256 s or less ($eta)" \
	    test "$eta" -gt 0 -a "$eta" -le 340
	stop_sample
	cleanup_cg
else
	skip "no writable v1 memory cgroup hierarchy" 2
fi

# ---- errors ------------------------------------------------------------
"$MEMWATCH" self watch -d 1 --record "$T/killed.rec" >/dev/null 2>"$T/e1"
is "$?" 2 "an existing recording is not overwritten"
like "$(cat "$T/e1")" '^memwatch: cannot record to .* \(it exists\); remove it' \
    "... and says so"
"$MEMWATCH" self watch -d 5x >/dev/null 2>"$T/e2"
is "$?" 2 "a bad duration"
like "$(cat "$T/e2")" "^memwatch: -d takes a duration" "... is named"
"$MEMWATCH" watch >/dev/null 2>"$T/e3"
is "$?" 2 "watch without a process or a recording"
"$MEMWATCH" watch --from "$T/none.rec" >/dev/null 2>"$T/e4"
is "$?" 1 "a missing recording"
printf '{"kind":"watch-sample","schema":1,"recording":"process","process":{"pid":1}}\n{"kind":"watch-sample","t":\n{}\n' >"$T/bad.rec"
"$MEMWATCH" watch --from "$T/bad.rec" >/dev/null 2>"$T/e5"
is "$?" 1 "a malformed recording"
like "$(cat "$T/e5")" "bad.rec:2:.*not valid JSON" "... names the line"
"$MEMWATCH" watch --from "$T/spike.json" >/dev/null 2>"$T/e6"
is "$?" 1 "a watch document is not a recording"
"$MEMWATCH" 2 watch -d 1 --record "$T/kthread.rec" >/dev/null 2>"$T/e7"
is "$?" 1 "a kernel thread cannot be watched"
ok "... and no recording is left" test ! -e "$T/kthread.rec"
like "$(cat "$T/e7")" "no memory of its own" "... and says why"
if command -v script >/dev/null 2>&1; then
	script -qec "$MEMWATCH self watch -i 0.1 -d 0.5" /dev/null \
	    >"$T/tty.txt" 2>&1
	n=$(grep -cE '^[0-9:]{8} +[0-9.]+s  RSS +[0-9.]+[KMG]? ' "$T/tty.txt")
	cmp_ok "$n" -ge 4 "on a terminal: a line per sample ($n)"
else
	skip "script(1) is not installed"
fi
"$MEMWATCH" self watch -d 0.3 -i 0.1 >"$T/short.txt"
like "$(cat "$T/short.txt")" '^verdict: not enough data$' "0.3 s: not enough data"
like "$(cat "$T/short.txt")" 'watch at least .* more to tell' "... and how long to watch"

done_testing
