#!/bin/bash
# tests/cli/samples.sh: every sample program through all its steps, and the
# bench workloads; each effect a program claims is checked in
# /proc/PID/smaps directly (not through memwatch), so this also tests the
# samples that the other tests and the walkthrough rely on.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"	# lib.sh needs bash
. "${MW_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"

page_kb=$(($(getconf PAGESIZE) / 1024))

# field ADDR NAME: smaps FIELD of the current sample's mapping at ADDR.
field() {
	smaps_field "$(sample_pid)" "$1" "$2"
}

# The start of the sample's own run of steps: start it or bail out, since
# nothing after could be meaningful.
begin() {
	ok "$1: starts and prints ready" start_sample "$@" ||
	    bail_out "$1 did not start"
}

finish() {
	ok "$MW_LAST: exits 0 at end of input" stop_sample
}

# ---- lazy-alloc: the seed experiment --------------------------------------

test_lazy_alloc() {
	local a1 a2 rss1 s1 e1 s2 e2 size rss ahp

	begin lazy-alloc
	ok "lazy-alloc: step 1" step_sample
	a1=$(step_addr 1)
	like "$(step_line 1)" '^step 1: malloc\(1575936\) = 0x[0-9a-f]+ \(first and last byte written\)$' \
	    "lazy-alloc: step 1 names the malloc and its address"
	cmp_ok "$(field "$a1" Size)" -ge 1540 "lazy-alloc: block 1 mapped (Size >= 1540 kB)"
	rss1=$(field "$a1" Rss)
	s1=$(smaps_start "$(sample_pid)" "$a1")
	e1=$(smaps_end "$(sample_pid)" "$a1")

	ok "lazy-alloc: step 2" step_sample
	a2=$(step_addr 2)
	size=$(field "$a2" Size)
	rss=$(field "$a2" Rss)
	ahp=$(field "$a2" AnonHugePages)
	s2=$(smaps_start "$(sample_pid)" "$a2")
	e2=$(smaps_end "$(sample_pid)" "$a2")
	if [ "$e2" != "$e1" ] && [ $(((a2 & ~4095) % (2 << 20))) = 0 ]; then
		# Linux 6.7 to 6.11 put every anonymous mmap of 2 MiB or more
		# at a 2 MiB boundary, which leaves a gap between the blocks.
		skip "this kernel aligned block 2 to 2 MiB: not adjacent to block 1" 3
	else
		cmp_ok "$size" -ge 9736 "lazy-alloc: the mapping holding block 2 has Size >= 9736 kB"
		is "$e2" "$e1" "lazy-alloc: block 2 extends block 1's mapping: same end"
		cmp_ok "$((s2))" -lt "$((s1))" "lazy-alloc: ... and a lower start"
	fi
	cmp_ok "$size" -ge 8196 "lazy-alloc: block 2 mapped (Size >= 8196 kB)"
	cmp_ok "$((rss - ${ahp:-0}))" -le 64 "lazy-alloc: ... but Rss of a handful of pages ($rss kB)"
	cmp_ok "$((rss - rss1))" -ge "$page_kb" "lazy-alloc: the written bytes are resident"

	ok "lazy-alloc: step 3 (fill)" step_sample
	size=$(field "$a2" Size)
	rss=$(field "$a2" Rss)
	near "$rss" "$size" 64 "lazy-alloc: after the fill Rss ~= Size ($rss of $size kB)"
	finish

	# --fill: each block resident at once.
	begin lazy-alloc --fill 4M
	ok "lazy-alloc --fill: step 1" step_sample
	a1=$(step_addr 1)
	cmp_ok "$(field "$a1" Rss)" -ge 4096 "lazy-alloc --fill: Rss >= 4096 kB at once"
	finish

	# End of input before any step.
	begin lazy-alloc
	finish
	is "$(grep -c '^step' "$(sample_out)")" 0 "lazy-alloc: no step without input"
}

# ---- malloc-threshold ------------------------------------------------------

heap_kb() { # Size of [heap] in kB
	awk '/^[0-9a-f]+-[0-9a-f]+ / { heap = / \[heap\]$/; next }
	heap && $1 == "Size:" { print $2; exit }' "/proc/$(sample_pid)/smaps"
}

test_malloc_threshold() {
	local pid a h0 h1 h2 h3

	begin malloc-threshold
	pid=$(sample_pid)
	h0=$(heap_kb)
	ok "malloc-threshold: step 1" step_sample
	a=$(step_addr 1)
	like "$(smaps_header "$pid" "$a")" ' \[heap\]$' "malloc-threshold: 120 KiB come from [heap]"
	h1=$(heap_kb)
	cmp_ok "$h1" -gt "$h0" "malloc-threshold: the heap grew ($h0 -> $h1 kB)"

	ok "malloc-threshold: step 2" step_sample
	a=$(step_addr 2)
	like "$(smaps_header "$pid" "$a")" '^[0-9a-f]+-[0-9a-f]+ rw-p 0+ 00:00 0 *$' \
	    "malloc-threshold: 136 KiB get an anonymous mapping"
	cmp_ok "$(field "$a" Size)" -ge 140 "malloc-threshold: ... of at least 140 kB"
	h2=$(heap_kb)
	is "$h2" "$h1" "malloc-threshold: ... and the heap did not grow"

	ok "malloc-threshold: step 3" step_sample
	h3=$(heap_kb)
	case $(step_line 3) in
	*trimmed*) cmp_ok "$h3" -lt "$h2" "malloc-threshold: trimmed, as said ($h2 -> $h3 kB)" ;;
	*kept*) is "$h3" "$h2" "malloc-threshold: heap kept, as said" ;;
	*) ok "malloc-threshold: step 3 says trimmed or kept" false ;;
	esac

	ok "malloc-threshold: step 4" step_sample
	ok "malloc-threshold: the freed mmap'd block is unmapped at once" \
	    eval "! smaps_header $pid $a >/dev/null"

	ok "malloc-threshold: step 5" step_sample
	a=$(step_addr 5)
	like "$(smaps_header "$pid" "$a")" ' \[heap\]$' \
	    "malloc-threshold: 136 KiB now come from [heap] (threshold rose)"
	finish
}

# ---- file-map -------------------------------------------------------------

test_file_map() {
	local sh pr fs

	fs=$(stat -f -c %T "$MW_SAMPLE_TMP")
	begin file-map
	ok "file-map: step 1" step_sample
	sh=$(step_addr 1 shared)
	pr=$(step_addr 1 private)
	like "$(smaps_header "$(sample_pid)" "$sh")" " rw-s .* $MW_SAMPLE_TMP/file-map\\.[A-Za-z0-9]{6}\$" \
	    "file-map: the shared map is the temporary file, in \$TMPDIR"
	is "$(field "$sh" Rss)/$(field "$pr" Rss)" 0/0 "file-map: nothing resident before a read"

	ok "file-map: step 2" step_sample
	is "$(field "$sh" Rss)/$(field "$pr" Rss)" 1024/1024 "file-map: reading makes both maps resident"
	is "$(field "$sh" Anonymous)/$(field "$pr" Anonymous)" 0/0 "file-map: ... page cache, not anonymous"
	near "$(field "$sh" Pss)" 512 "$page_kb" "file-map: each page mapped twice: Pss is half"
	if [ "$fs" = tmpfs ]; then
		skip "\$TMPDIR is on tmpfs, whose pages are never clean"
	else
		is "$(field "$sh" Shared_Clean)" 1024 "file-map: ... and clean (Shared_Clean)"
	fi

	ok "file-map: step 3" step_sample
	# Writeback (which another process's writes may start at any moment)
	# can clean the pages before they are read: then they are clean, and
	# dirty cannot be seen.
	if [ "$(field "$sh" Shared_Dirty)" = 0 ] && [ "$(field "$sh" Shared_Clean)" = 1024 ]; then
		skip "file-map: the shared pages were written back before they could be read dirty"
	else
		is "$(field "$sh" Shared_Dirty)" 1024 "file-map: writing the shared map dirties the page cache"
	fi
	like "$(step_line 3)" "reads 's'" "file-map: the private map sees the shared write"

	ok "file-map: step 4" step_sample
	is "$(field "$pr" Anonymous)" 1024 "file-map: writing the private map makes anonymous copies (COW)"
	is "$(field "$pr" Private_Dirty)" 1024 "file-map: ... private and dirty"
	# Private: dirty, or clean once writeback (which another process's
	# writes may start at any moment) has written them to the file.
	is "$(($(field "$sh" Private_Dirty) + $(field "$sh" Private_Clean)))/$(field "$sh" Anonymous)" 1024/0 \
	    "file-map: the shared map's pages are now its alone, still file pages"
	like "$(step_line 4)" "still holds 's'" "file-map: the private write never reaches the file"

	ok "file-map: step 5" step_sample
	if [ "$fs" = tmpfs ]; then
		skip "\$TMPDIR is on tmpfs: msync cleans nothing"
	else
		is "$(field "$sh" Private_Dirty)/$(field "$sh" Private_Clean)" 0/1024 \
		    "file-map: msync writes the dirty pages back: clean"
	fi
	finish
	is "$(ls -A "$MW_SAMPLE_TMP")" "" "file-map: its file is removed at exit"
}

# ---- fork-cow -------------------------------------------------------------

test_fork_cow() {
	local a pid child rss pss pss2 cpss

	begin fork-cow
	pid=$(sample_pid)
	ok "fork-cow: step 1" step_sample
	a=$(step_addr 1 block)
	rss=$(field "$a" Rss)
	cmp_ok "$rss" -ge 32768 "fork-cow: the filled block is resident ($rss kB)"
	near "$(field "$a" Pss)" "$rss" 0 "fork-cow: alone, Pss = Rss"

	ok "fork-cow: step 2" step_sample
	child=$(step_line 2 | grep -o 'child=[0-9]*' | head -n1)
	child=${child#child=}
	track_pid $child
	like "$(step_line 2)" "parent=$pid child=[0-9]+" "fork-cow: prints both pids"
	pss=$(field "$a" Pss)
	near "$((2 * pss))" "$rss" "$((rss / 50))" "fork-cow: after fork the parent's Pss is half its Rss ($pss of $rss kB)"
	cpss=$(smaps_field "$child" "$a" Pss)
	near "$((2 * cpss))" "$rss" "$((rss / 50))" "fork-cow: ... and so is the child's ($cpss kB)"

	ok "fork-cow: step 3" step_sample
	pss2=$(field "$a" Pss)
	cmp_ok "$pss2" -gt "$pss" "fork-cow: the child's write raises the parent's Pss ($pss -> $pss2 kB)"
	near "$((4 * pss2))" "$((3 * rss))" "$((rss / 25))" "fork-cow: ... to 3/4 of Rss (half the block copied)"

	ok "fork-cow: step 4" step_sample
	ok "fork-cow: the child is gone" wait_for -t 5 eval "! kill -0 $child 2>/dev/null"
	# The child's memory is freed by the last holder of its mm: another
	# process reading its /proc files at that moment may hold it a while.
	wait_for -t 10 eval '[ "$(field "$a" Pss)" = "$(field "$a" Rss)" ]'
	near "$(field "$a" Pss)" "$(field "$a" Rss)" 0 "fork-cow: alone again, Pss = Rss"
	finish
}

# ---- madvise --------------------------------------------------------------

test_madvise() {
	local a size blk rss lazy why=

	begin madvise
	ok "madvise: step 1" step_sample
	a=$(step_addr 1 block)
	size=$(field "$a" Size)
	# The block's own size (the sample prints it): the kernel may merge it
	# with an anonymous neighbour, whose pages then count in the mapping.
	blk=$(step_line 1 | sed -n 's/.* size=\([0-9]*\).*/\1/p')
	blk=$((${blk:-0} / 1024))
	in_block() { # RSS LOW: LOW to LOW plus the neighbour's part
		[ "$blk" -gt 0 ] && [ "$1" -ge "$2" ] &&
		    [ "$1" -le $(($2 + size - blk)) ]
	}
	rss=$(field "$a" Rss)
	ok "madvise: filled, Rss = the block's size ($rss of $blk kB, mapping $size kB)" \
	    in_block "$rss" "$blk"

	ok "madvise: step 2" step_sample
	rss=$(field "$a" Rss)
	ok "madvise: MADV_DONTNEED halves Rss ($rss kB)" in_block "$rss" "$((blk / 2))"
	is "$(field "$a" Size)" "$size" "madvise: ... and Size stays"

	ok "madvise: step 3" step_sample
	lazy=$(field "$a" LazyFree)
	case $(step_line 3) in
	*"not supported"*) why="MADV_FREE: $(step_line 3)" ;;
	*) [ -n "$lazy" ] || why="this kernel's smaps has no LazyFree field" ;;
	esac
	if [ -n "$why" ]; then
		skip "$why" 3
	else
		# Pages still in a per-CPU LRU batch are not yet marked lazily
		# free (smaps "may under-report"): allow 32 pages short.
		cmp_ok "$lazy" -le "$((blk / 2))" "madvise: MADV_FREE: LazyFree at most the second half"
		cmp_ok "$lazy" -ge "$((blk / 2 - 32 * page_kb))" "madvise: ... and about all of it ($lazy kB)"
		rss=$(field "$a" Rss)
		ok "madvise: ... still resident ($rss kB)" in_block "$rss" "$((blk / 2))"
	fi

	ok "madvise: step 4" step_sample
	if [ -n "$why" ]; then
		skip "$why"
	else
		is "$(field "$a" LazyFree)" 0 "madvise: writing the pages cancels LazyFree"
	fi
	finish
}

# ---- mlock ----------------------------------------------------------------

test_mlock() {
	local a blk rss

	begin mlock
	ok "mlock: step 1" step_sample
	a=$(step_addr 1 block)
	# The block may be merged with an anonymous neighbour (see madvise):
	# only that neighbour's part may be resident.
	blk=$(step_line 1 | sed -n 's/.* size=\([0-9]*\).*/\1/p')
	rss=$(field "$a" Rss)
	ok "mlock: mapped, untouched: Rss 0 ($rss kB of a $(field "$a" Size) kB mapping)" \
	    eval '[ -n "$blk" ] && [ "$rss" -le $(($(field "$a" Size) - blk / 1024)) ]'
	ok "mlock: step 2" step_sample
	case $(step_line 2) in
	*failed*)
		like "$(step_line 2)" 'RLIMIT_MEMLOCK is .*raise it' "mlock: the failure says what to do"
		skip "mlock not allowed here: $(step_line 2)" 3
		;;
	*)
		is "$(field "$a" Locked)" 4096 "mlock: Locked = Size"
		is "$(field "$a" Rss)" 4096 "mlock: ... every page resident"
		like "$(field "$a" VmFlags)" '(^| )lo( |$)' "mlock: ... VmFlags has lo"
		;;
	esac
	ok "mlock: step 3" step_sample
	is "$(field "$a" Locked)" 0 "mlock: munlock: Locked 0"
	finish
}

# ---- thp ------------------------------------------------------------------

thp_mode() {
	local f=/sys/kernel/mm/transparent_hugepage mode pmd

	mode=$(sed -n 's/.*\[\(.*\)\].*/\1/p' "$f/enabled" 2>/dev/null)
	pmd=$(sed -n 's/.*\[\(.*\)\].*/\1/p' "$f/hugepages-2048kB/enabled" 2>/dev/null)
	case $pmd in
	'' | inherit) echo "${mode:-none}" ;;
	*) echo "$pmd" ;;
	esac
}

# Huge page faults that fell back to small pages, machine-wide.
thp_fallbacks() {
	awk '$1 == "thp_fault_fallback" { n = $2 } END { print n + 0 }' /proc/vmstat
}

test_thp() {
	local a mode elig ahp fb0

	mode=$(thp_mode)
	begin thp
	like "$(cat "$(sample_out)")" 'transparent_hugepage/enabled is \[' "thp: says the kernel's setting"
	ok "thp: step 1" step_sample
	a=$(step_addr 1 region)
	is "$(($a % (2 * 1024 * 1024)))" 0 "thp: the region is 2 MiB-aligned"
	ok "thp: step 2" step_sample
	like "$(field "$a" VmFlags)" '(^| )hg( |$)' "thp: VmFlags has hg after MADV_HUGEPAGE"
	elig=$(field "$a" THPeligible)
	fb0=$(thp_fallbacks)
	ok "thp: step 3" step_sample
	ahp=$(field "$a" AnonHugePages)
	case $mode in
	always | madvise)
		if grep -q 'disabled for this process' "$(sample_out)"; then
			skip "THP disabled for this process (PR_SET_THP_DISABLE)" 2
		elif [ "$ahp" = 0 ] && [ "$(thp_fallbacks)" -gt "$fb0" ]; then
			# The kernel tried: no free 2 MiB block just then.
			is "$elig" 1 "thp: THPeligible 1 (THP is $mode)"
			skip "no free 2 MiB block: /proc/vmstat thp_fault_fallback rose"
		else
			is "$elig" 1 "thp: THPeligible 1 (THP is $mode)"
			cmp_ok "$ahp" -gt 0 "thp: AnonHugePages > 0 (THP is $mode)"
		fi
		;;
	*)
		skip "THP is '$mode' on this kernel: no huge pages to see" 2
		;;
	esac
	finish
}

# ---- mapzoo ---------------------------------------------------------------

# zoo_region NAME: "START SIZE" of a region line, empty when skipped.
zoo_region() {
	awk -v n="$1" '$1 == "region" && $2 == n { print $3, $4 }' "$(sample_out)"
}

zoo_check() { # NAME ERE DESC: the header of NAME's mapping matches ERE
	local r

	r=$(zoo_region "$1")
	if [ -z "$r" ]; then
		skip "mapzoo: $(grep "^skipped $1 " "$(sample_out)")"
		return
	fi
	like "$(smaps_header "$(sample_pid)" "${r% *}")" "$2" "mapzoo: $1: $3"
}

test_mapzoo() {
	local esc=$'\x1b' bad=$'\xff\xfe' n

	begin mapzoo
	like "$(ls -A "$MW_SAMPLE_TMP")" '^mapzoo\.[A-Za-z0-9]{6}$' "mapzoo: its files are in \$TMPDIR"
	n=$(grep -c '^region ' "$(sample_out)")
	cmp_ok "$n" -ge 10 "mapzoo: prints its regions ($n)"
	zoo_check heap ' \[heap\]$' "in [heap]"
	zoo_check anon ' rw-p 0+ 00:00 0 *$' "private anonymous, no name"
	zoo_check guard ' ---p 0+ 00:00 0 *$' "no access"
	zoo_check shared-anon ' rw-s .* /dev/zero \(deleted\)$' "/dev/zero (deleted)"
	zoo_check memfd ' /memfd:mapzoo \(deleted\)$' "memfd"
	zoo_check sysv-shm ' /SYSV[0-9a-f]{8} \(deleted\)$' "SysV shm"
	zoo_check anon-named ' \[anon:mapzoo named\]$' "named anonymous"
	zoo_check file ' rw-s .*/plain\.dat$' "a file"
	zoo_check file-deleted '/deleted file \(with parens\) \(deleted\)$' "spaces, parentheses, deleted"
	zoo_check file-escape "/${esc}\\[31mred\$" "an ESC in the name, raw in smaps"
	zoo_check file-newline '/new\\012line$' "a newline, as \\012"
	LC_ALL=C zoo_check file-badutf8 "/bad-${bad}\$" "bytes 0xff 0xfe"
	ok "mapzoo: exits 0 at end of input" stop_sample
	is "$(ls -A "$MW_SAMPLE_TMP")" "" "mapzoo: its files are removed"

	begin mapzoo
	ok "mapzoo: SIGTERM ends it cleanly" signal_sample TERM
	is "$(ls -A "$MW_SAMPLE_TMP")" "" "mapzoo: ... removing its files"
}

# ---- bench workloads -------------------------------------------------------

test_bench() {
	local pid n max out kids k all

	begin bench/manymaps 1000
	pid=$(sample_pid)
	like "$(head -n1 "$(sample_out)")" "^pid $pid\$" "manymaps: prints its pid"
	n=$(wc -l <"/proc/$pid/maps")
	cmp_ok "$n" -ge 1000 "manymaps: 1000 separate mappings ($n)"
	n=$(awk '$1 == "Rss:" && $2 > 0 { n++ } END { print n + 0 }' "/proc/$pid/smaps")
	cmp_ok "$n" -ge 100 "manymaps: some touched ($n with Rss)"
	finish

	max=$(cat /proc/sys/vm/max_map_count)
	out=$("$MW_BUILDDIR/bench/manymaps" "$max" 2>&1 </dev/null)
	is "$?" 1 "manymaps: more than vm.max_map_count fails"
	like "$out" 'vm\.max_map_count .*sysctl -w vm\.max_map_count=' "manymaps: ... saying how to raise it"

	begin bench/farm 6
	pid=$(sample_pid)
	kids=$(grep -E '^[0-9]+$' "$(sample_out)")
	is "$(echo $kids | wc -w)" 6 "farm: prints 6 child pids"
	all=0
	for k in $kids; do
		track_pid "$k"
		[ "$(awk '{ print $4 }' "/proc/$k/stat" 2>/dev/null)" = "$pid" ] &&
		    all=$((all + 1))
	done
	is "$all" 6 "farm: each is its live child"
	n=$(for k in $kids; do smaps_rollup_rss "$k"; done | sort -u | wc -l)
	cmp_ok "$n" -ge 3 "farm: children differ in Rss ($n distinct)"
	ok "farm: SIGTERM ends it with status 0" signal_sample TERM
	all=0
	for k in $kids; do
		wait_for -t 5 eval "! kill -0 $k 2>/dev/null" && all=$((all + 1))
	done
	is "$all" 6 "farm: ... after killing every child"

	begin bench/farm 3
	kids=$(grep -E '^[0-9]+$' "$(sample_out)")
	track_pid $kids
	finish
	all=0
	for k in $kids; do
		wait_for -t 5 eval "! kill -0 $k 2>/dev/null" && all=$((all + 1))
	done
	is "$all" 3 "farm: end of input kills the children too"
}

smaps_rollup_rss() {
	rollup_field "$1" Rss
}

test_lazy_alloc
test_malloc_threshold
test_file_map
test_fork_cow
test_madvise
test_mlock
test_thp
test_mapzoo
test_bench
done_testing
