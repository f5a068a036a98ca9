#!/bin/bash
# tests/cli/pressure.sh: memwatch pressure. Captured trees (an older
# kernel, a capture round trip, the errors), then, as root on a kernel with
# the v1 memory controller, each story made to happen on purpose by
# samples/mempressure and checked against /proc/vmstat read by this test
# before memwatch's first reading and after its last: what memwatch counts
# is no more than the test saw, and at least what the sample did.
. "${MW_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"

M=$MEMWATCH
T=$MW_TMP
CGV1=/sys/fs/cgroup/memory
cgroups=
swapfile=

cleanup() {
	local cg p

	for cg in $cgroups; do
		for p in $(cat "$cg/cgroup.procs" 2>/dev/null); do
			kill -KILL "$p" 2>/dev/null
		done
	done
	[ -n "$swapfile" ] && swapoff "$swapfile" 2>/dev/null
	for cg in $cgroups; do
		wait_for -t 10 rmdir "$cg" 2>/dev/null
	done
	stop_all
}
trap cleanup EXIT

# ---- captured trees --------------------------------------------------

old=$MW_SRCDIR/samples/proc/node-exporter-4.x
"$M" --proc-root "$old" pressure -i 0.1 > "$T/old.txt" 2> "$T/old.err"
ok "4.x tree: pressure runs" test $? -eq 0
"$M" --proc-root "$old" system > "$T/old-show.txt"
ok "4.x tree: system show says PSI unknown" \
    grep -q '^Pressure (PSI avg 10/60/300 s): unknown' "$T/old-show.txt"
ok "4.x tree: system show sums the per-zone counters since boot" \
    grep -q '^Since boot: pgscan_kswapd 466440 pgscan_direct 6863 allocstall 83165' "$T/old-show.txt"
"$M" --proc-root "$old" system snapshot -o "$T/old-snap.json"
ok "4.x tree: a snapshot keeps every vmstat counter and no psi" \
    jq -e '(.vmstat | length) == 120 and (has("psi") | not)' "$T/old-snap.json"
"$M" --proc-root "$old" --json pressure -i 0.1 > "$T/old.json"
ok "4.x tree: no psi key, quiet, per-zone reclaim counters summed" \
    jq -e '(has("psi") | not) and .quiet == true and
	   .counters.pgscan_kswapd.delta == 0 and
	   .vmstat.pgscan_kswapd_dma32 == 107656 and
	   (.settings.thp | length) == 0 and (.settings.zswap.enabled == null)' \
    "$T/old.json"
ok "4.x tree: PSI, THP and zswap said unknown, not 0" \
    grep -q 'Pressure stall information is unknown' "$T/old.txt"
ok "4.x tree: the per-zone counting and the missing anon/file split told" \
    jq -e '[.notes[] | select(.id == "unknown")][0].text |
	   test("per zone") and test("anonymous and file pages is unknown")' \
    "$T/old.json"

# A quiet interval is one line: a tree with PSI and every setting.
q=$T/quiet
mkdir -p "$q/pressure" "$q/sys/kernel/mm/transparent_hugepage" \
    "$q/sys/module/zswap/parameters" "$q/sys/vm"
cp "$MW_SRCDIR"/samples/proc/debian12-6.18-a/{meminfo,zoneinfo,buddyinfo,vmstat} "$q/"
printf 'some avg10=0.00 avg60=0.00 avg300=0.00 total=383\nfull avg10=0.00 avg60=0.00 avg300=0.00 total=250\n' > "$q/pressure/memory"
echo 'always [madvise] never' > "$q/sys/kernel/mm/transparent_hugepage/enabled"
echo N > "$q/sys/module/zswap/parameters/enabled"
echo 60 > "$q/sys/vm/swappiness"
"$M" --proc-root "$q" pressure -i 0.1 > "$T/quiet.txt"
is "$(wc -l < "$T/quiet.txt")" 1 "quiet tree: one line"
# The interval said is the one measured: 0.1 s asked, more on a busy machine.
like "$(cat "$T/quiet.txt")" '^Quiet over (0\.[1-9][0-9]*|[1-9][0-9.]*) s: .*no task waited for memory' \
    "quiet tree: says it is quiet, PSI known"
"$M" --proc-root "$q" --json pressure -i 0.1 > "$T/quiet.json"
ok "quiet tree: settings read back from DIR/sys and DIR/sys/vm" \
    jq -e '.settings.thp.enabled == "madvise" and
	   .settings.vm.swappiness == 60 and .settings.zswap.enabled == false and
	   .psi.some.stalled_us == 0' "$T/quiet.json"

# Errors.
"$M" pressure -i 0 > /dev/null 2> "$T/err"
is "$?" 2 "-i 0 is a usage error"
"$M" pressure -i soon > /dev/null 2> "$T/err"
is "$?" 2 "-i soon is a usage error"
like "$(cat "$T/err")" '^memwatch: .*-i takes seconds' "-i: one clear line"
"$M" pressure extra > /dev/null 2>&1
is "$?" 2 "an operand is a usage error"
mkdir "$T/empty"
"$M" --proc-root "$T/empty" pressure -i 0.1 > /dev/null 2> "$T/err"
is "$?" 1 "a tree without vmstat fails"
like "$(cat "$T/err")" '^memwatch: cannot read .*/vmstat \(no such file\)' \
    "no vmstat: says what to do"

# ---- the live machine ------------------------------------------------

if [ ! -r /proc/vmstat ]; then
	skip "no /proc/vmstat" 1
	done_testing
fi
# Capture and read back: the settings are this machine's.
"$M" capture -o "$T/cap" > /dev/null 2>&1
"$M" --proc-root "$T/cap" --json pressure -i 0.1 > "$T/cap.json"
thp_now=$(sed -n 's/.*\[\(.*\)\].*/\1/p' /sys/kernel/mm/transparent_hugepage/enabled 2>/dev/null)
ok "capture: swappiness and the THP mode read back as this machine's" \
    jq -e --argjson sw "$(cat /proc/sys/vm/swappiness)" --arg thp "$thp_now" \
    '.settings.vm.swappiness == $sw and
     ($thp == "" or .settings.thp.enabled == $thp)' "$T/cap.json"
ok "capture: the vmstat counters read back" \
    jq -e '(.vmstat | length) > 50' "$T/cap.json"

# A live interval: every key memwatch-json(5) promises for this kernel.
"$M" --json pressure -i 0.2 > "$T/live.json"
ok "live: psi, counters, settings, zones and notes" \
    jq -e '.kind == "pressure" and (.interval_seconds > 0.1) and
	   has("psi") and (.counters | has("pgscan_kswapd")) and
	   (.settings.vm | has("overcommit_memory")) and
	   (.zones | length) > 0 and (.notes | length) > 0' "$T/live.json"

# export: vmstat's counters under node_exporter's names, PSI, settings.
before=$(awk '$1 == "pgfault" { print $2 }' /proc/vmstat)
"$M" export > "$T/export.om"
after=$(awk '$1 == "pgfault" { print $2 }' /proc/vmstat)
v=$(awk '$1 == "node_vmstat_pgfault_total" { print $2 }' "$T/export.om")
ok "export: node_vmstat_pgfault_total between two readings of vmstat" \
    test -n "$v" -a "${v:-0}" -ge "$before" -a "${v:-0}" -le "$after"
ok "export: pgfault is a counter, nr_free_pages a gauge" \
    grep -qx '# TYPE node_vmstat_nr_free_pages gauge' "$T/export.om"
ok "export: swappiness as a setting" grep -qx \
    "memwatch_vm_setting{name=\"swappiness\"} $(cat /proc/sys/vm/swappiness)" \
    "$T/export.om"
if [ -r /proc/pressure/memory ]; then
	ok "export: PSI some total as node_exporter names it" \
	    grep -q '^node_pressure_memory_waiting_seconds_total [0-9.]*$' "$T/export.om"
else
	skip "export: no PSI here"
fi
# top's header: a PSI line, from the same file.
"$M" top -b -n 1 -p $$ > "$T/top.txt" 2>&1
if [ -r /proc/pressure/memory ]; then
	like "$(sed -n 4p "$T/top.txt")" \
	    '^PSI memory: some [0-9.]+% [0-9.]+% [0-9.]+%, full [0-9.]+% [0-9.]+% [0-9.]+% \(10 s, 60 s, 300 s\)$' \
	    "top -b: the header's PSI line"
else
	like "$(sed -n 4p "$T/top.txt")" '^PSI memory: unknown' \
	    "top -b: the header says PSI is unknown"
fi
# A process's page faults in explain and diff, against its own stat.
fault() { awk '{ sub(/.*\) /, ""); print $'"$1"' }' "/proc/$2/stat"; }
if start_sample mempressure anon 4M; then
	p=$(sample_pid)
	"$M" "$p" snapshot -o "$T/faults0.json"
	m0=$(fault 8 "$p")
	step_sample
	m1=$(fault 8 "$p")
	"$M" --json "$p" diff "$T/faults0.json" > "$T/faults.json"
	is "$(jq -r .totals.minflt "$T/faults.json")" "$((m1 - m0))" \
	    "diff: minflt's delta is the process's own ($((m1 - m0)))"
	cmp_ok "$((m1 - m0))" -ge 1024 "diff: writing 4 MiB took a fault a page"
	is "$(jq -r .totals.majflt "$T/faults.json")" 0 "diff: no major fault"
	"$M" --json "$p" explain > "$T/fexplain.json"
	ok "explain: the faults finding has the process's minflt" \
	    jq -e --arg n "$(fault 8 "$p")" '[.findings[] | select(.id == "faults" and
		(.text | test("took " + $n + " minor page faults")))] | length == 1' \
	    "$T/fexplain.json"
	if [ "$thp_now" = madvise ]; then
		ok "explain: no huge pages because nothing is marked in madvise mode" \
		    jq -e '[.findings[] | select(.id == "thp-mode" and
			(.text | test("none of this process.s [0-9]+ mappings is marked")))] | length == 1' \
		    "$T/fexplain.json"
	else
		skip "explain: THP is '$thp_now' here, not madvise"
	fi
	stop_sample
else
	skip "faults: the sample did not start" 5
fi
"$M" --proc-root "$old" export > "$T/export-old.om"
ok "export of the 4.x tree: no PSI family, per-zone counters kept" \
    sh -c "! grep -q node_pressure '$T/export-old.om' &&
	grep -q '^node_vmstat_pgscan_kswapd_dma32_total 107656' '$T/export-old.om'"

if [ "$(id -u)" != 0 ] || [ ! -w "$CGV1/cgroup.procs" ]; then
	skip "the stories need root and the v1 memory controller at $CGV1" 25
	done_testing
fi

# A cgroup of this run's own: NAME LIMIT -> path in $cg.
make_cgroup() {
	cg=$CGV1/mw-pressure-$$-$1
	mkdir "$cg" || return 1
	cgroups="$cgroups $cg"
	echo "$2" > "$cg/memory.limit_in_bytes"
}

# A story: memwatch pressure over SECS seconds in the background, with
# /proc/vmstat read before and after it; the caller acts in between.
begin_story() { # NAME SECS
	story=$1
	cp /proc/vmstat "$T/$story.vm0"
	timeout 120 "$M" --json pressure -i "$2" > "$T/$story.json" 2> "$T/$story.err" &
	mwpid=$!
	# Its first reading is taken once it sleeps out the interval.
	wait_for -t 20 is_sleeping "$mwpid"
}
end_story() {
	reap -t 130 "$mwpid"
	cp /proc/vmstat "$T/$story.vm1"
	"$M" diff --help > /dev/null 2>&1	# nothing: keeps $? meaningful
}
# The steps are done while memwatch is still in its interval: what they
# did is all inside it.
in_time() {
	exited "$mwpid" && diag "$story: memwatch's interval ended before the steps"
	! exited "$mwpid"
}
seen() { # KEY: the test's own delta
	echo $(($(awk -v k="$1" '$1 == k { print $2 }' "$T/$story.vm1") -
	    $(awk -v k="$1" '$1 == k { print $2 }' "$T/$story.vm0")))
}
got() { # KEY: memwatch's delta, or "unknown"
	jq -r --arg k "$1" '.counters[$k].delta // "unknown"' "$T/$story.json"
}
# KEY MIN: memwatch counted at least MIN and no more than the test saw.
counted() {
	local g s

	g=$(got "$1")
	s=$(seen "$1")
	cmp_ok "$g" -ge "$2" "$story: $1 moved by what the sample did ($g >= $2)"
	cmp_ok "$g" -le "$s" "$story: $1 within the test's own reading ($g <= $s)"
}
note() { # ID ERE: the note with this id says ERE
	ok "$story: the $1 note tells it" jq -e --arg id "$1" --arg re "$2" \
	    '[.notes[] | select(.id == $id and (.text | test($re)))] | length == 1' \
	    "$T/$story.json"
}

# Page-cache thrashing: 64 MiB read twice through a 24 MiB cgroup; the
# file is written with O_DIRECT so that none of it is cached yet.
f=$T/thrash.dat
if make_cgroup thrash 24M &&
    dd if=/dev/zero of="$f" bs=1M count=64 oflag=direct status=none &&
    start_sample mempressure read "$f"; then
	echo "$(sample_pid)" > "$cg/cgroup.procs"
	begin_story thrash 12
	step_sample && step_sample
	if in_time; then
		end_story
		counted workingset_refault_file 4096
		counted pgscan_file 4096
		note workingset 'File cache: [0-9]+ pages .* read back after eviction'
		note reclaim 'a memory cgroup reached its limit and reclaimed from itself'
	else
		end_story
		skip "thrash: the steps outlasted memwatch's 12 s interval (a busy machine)" 6
	fi
	stop_sample
else
	skip "thrash: cannot set up the cgroup or the file" 6
fi

# Anonymous pressure into a swap file of this run's own: 64 MiB written
# and read again in a 32 MiB cgroup.
swapfile=$T/swap-pressure-$$
if dd if=/dev/zero of="$swapfile" bs=1M count=128 status=none &&
    chmod 600 "$swapfile" && mkswap "$swapfile" > /dev/null 2>&1 &&
    swapon "$swapfile" 2> /dev/null && make_cgroup swap 32M &&
    start_sample mempressure anon 64M; then
	echo "$(sample_pid)" > "$cg/cgroup.procs"
	begin_story swap 12
	step_sample && step_sample
	if in_time; then
		end_story
		counted pswpout 4096
		counted pswpin 1024
		note swap 'Pages go out and come back'
	else
		end_story
		skip "swap: the steps outlasted memwatch's 12 s interval (a busy machine)" 5
	fi
	stop_sample
else
	swapfile=
	skip "swap: no swap file could be switched on here" 5
fi

# THP: 4 aligned regions with MADV_HUGEPAGE, outside any limit.
if start_sample mempressure thp 4; then
	begin_story thp 5
	step_sample
	if in_time; then
		end_story
		a=$(got thp_fault_alloc)
		b=$(got thp_fault_fallback)
		cmp_ok "$((a + b))" -ge 4 "thp: the 4 faults counted, huge or fallen back ($a + $b)"
		cmp_ok "$a" -le "$(seen thp_fault_alloc)" "thp: thp_fault_alloc within the test's reading"
		note thp "^Transparent huge pages: $a faults? got a huge page"
		if [ "$thp_now" = madvise ]; then
			note thp "'madvise' mode: only regions a program marked"
		else
			skip "thp: THP is '$thp_now' here, not madvise"
		fi
	else
		end_story
		skip "thp: the step outlasted memwatch's 5 s interval (a busy machine)" 4
	fi
	stop_sample
else
	skip "thp: sample did not start" 4
fi

# THP fallback: a 1 MiB cgroup cannot be charged a 2 MiB page.
if make_cgroup thpfb 1M && start_sample mempressure thp 4; then
	echo "$(sample_pid)" > "$cg/cgroup.procs"
	begin_story thpfb 5
	step_sample
	if in_time; then
		end_story
		counted thp_fault_fallback_charge 4
		note thp 'because the memory cgroup could not be charged a huge page'
	else
		end_story
		skip "thp fallback: the step outlasted memwatch's 5 s interval (a busy machine)" 3
	fi
	stop_sample
else
	skip "thp fallback: cannot set up the cgroup" 3
fi

# Compaction, asked for; system diff tells it from two snapshots too.
"$M" system snapshot -o "$T/sys0.json"
begin_story compact 5
echo 1 > /proc/sys/vm/compact_memory
if in_time; then
	end_story
	counted compact_migrate_scanned 1
	note compaction '^Compaction: .* It scanned [0-9]+ pages to move'
else
	end_story
	skip "compact: compaction outlasted memwatch's 5 s interval (a busy machine)" 3
fi
"$M" --json system diff "$T/sys0.json" > "$T/sysdiff.json"
ok "system diff: a note from the counters tells the compaction" \
    jq -e '[.notes[] | select(test("^Compaction: "))] | length == 1' \
    "$T/sysdiff.json"

# An OOM kill in a 16 MiB cgroup without swap.
if make_cgroup oom 16M && echo 16M > "$cg/memory.memsw.limit_in_bytes" &&
    start_sample mempressure anon 64M; then
	echo "$(sample_pid)" > "$cg/cgroup.procs"
	begin_story oom 8
	step_sample 2> /dev/null
	wait_for -t 10 exited "$(sample_pid)"
	if in_time; then
		end_story
		counted oom_kill 1
		note oom 'the kernel killed [0-9]+ process'
	else
		end_story
		skip "oom: the kill outlasted memwatch's 8 s interval (a busy machine)" 3
	fi
else
	skip "oom: cannot set up the cgroup" 3
fi

done_testing
