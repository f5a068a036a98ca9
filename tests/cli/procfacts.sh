#!/bin/sh
# tests/cli/procfacts.sh: the figures and claims of PID explain and show
# against smaps, smaps_rollup and status read by the test: the most shared
# file over non-adjacent mappings, locked memory (VmLck against smaps
# Locked), PSS by type without smaps_rollup, an absent THPeligible, thread
# stacks told by stack pointers, "not resident" wording, ashmem as shared
# memory, and a captured process without stat.
. "${MW_SRCDIR:-.}/tests/cli/process-lib.sh"
need_jq

finding() {	# JSON ID: the text of the finding ID
	printf '%s\n' "$1" | jq -r --arg id "$2" '[.findings[] | select(.id == $id) | .text] | join(" | ")'
}

# ---- The most shared file, mapped in four non-adjacent places by two
# processes: its Rss and Pss are the sums over all four mappings.
f=$t_tmp/shared.dat
head -c 8388608 /dev/urandom >"$f"
start_layout filemany="$f"
pid=$LAYOUT_PID
start_layout filemany="$f"
want=$(awk -v f="$f" '
	/^[0-9a-f]+-[0-9a-f]+ / { hit = ($NF == f) }
	hit && $1 == "Rss:" { r += $2 * 1024 }
	hit && $1 == "Pss:" { p += $2 * 1024 }
	END { printf "%.0f %.0f\n", r, p }' "/proc/$pid/smaps")
is "$(grep -c " $f\$" "/proc/$pid/maps")" 4 "the file is in four mappings"
run "$pid" explain --json --bytes
got=$(finding "$out" shared-file | sed -n 's/.*: \([0-9]*\) bytes resident, \([0-9]*\) bytes of it.*/\1 \2/p')
like "$(finding "$out" shared-file)" "most shared file is $f:" "the most shared file is the one mapped four times"
is "$got" "$want" "its Rss and Pss are summed over all four mappings ($want)"

# ---- Locked: VmLck is what is locked; smaps Locked is a PSS.
start_layout lazy mlockall
pid=$LAYOUT_PID
vmlck=$(kb_field "/proc/$pid/status" VmLck)
lpss=$(kb_field "/proc/$pid/smaps_rollup" Locked)
run "$pid" explain --json --bytes
t=$(finding "$out" locked)
like "$t" "^$vmlck bytes of address space is locked \\(VmLck" "locked: VmLck ($vmlck bytes) is the locked amount"
like "$t" "smaps' Locked, $lpss bytes, is something else: this process's proportional share \\(PSS\\)" \
    "smaps Locked ($lpss bytes) is named as a PSS"
is "$(printf '%s\n' "$out" | jq -r .facts.vm_lck)" "$vmlck" "facts.vm_lck is VmLck"

# ---- PSS by type from smaps alone (no smaps_rollup): copy-on-write pages
# of file mappings are anonymous. Against the kernel's rollup, one kB per
# mapping of rounding at most.
start_layout lazy
pid=$LAYOUT_PID
tree=$t_tmp/nor
mkdir -p "$tree/$pid"
cp "/proc/$pid/smaps" "/proc/$pid/status" "/proc/$pid/stat" "$tree/$pid/"
ra=$(kb_field "/proc/$pid/smaps_rollup" Pss_Anon)
rf=$(kb_field "/proc/$pid/smaps_rollup" Pss_File)
n=$(grep -c '^[0-9a-f]*-' "$tree/$pid/smaps")
run --proc-root "$tree" "$pid" --bytes
line=$(printf '%s\n' "$out" | grep '^PSS by type')
ga=$(printf '%s\n' "$line" | sed -n 's/.*anon \([0-9]*\) .*/\1/p')
gf=$(printf '%s\n' "$line" | sed -n 's/.*file \([0-9]*\) .*/\1/p')
d=$((ga > ra ? ga - ra : ra - ga))
cmp_ok "$d" -le $((n * 1024)) "anon PSS from smaps ($ga) is the rollup's Pss_Anon ($ra) within $n KiB"
d=$((gf > rf ? gf - rf : rf - gf))
cmp_ok "$d" -le $((n * 1024)) "file PSS from smaps ($gf) is the rollup's Pss_File ($rf) within $n KiB"
# Exact unless a file mapping holds anonymous pages that may be shared
# (Shared_Dirty), as the copied smaps says.
shared=$(awk '/^[0-9a-f]+-[0-9a-f]+ / { file = (NF >= 6 && $6 ~ /^\//) }
	$1 == "Shared_Dirty:" { sd = $2 }
	$1 == "Anonymous:" && file && $2 > 0 && sd > 0 { n++ }
	END { print n + 0 }' "$tree/$pid/smaps")
if [ "$shared" = 0 ]; then
	like "$line" "\\(by kind\\)" "exact where no anonymous page is shared"
else
	like "$line" "\\(estimated from smaps\\)" "estimated where anonymous pages may be shared"
fi

# ---- No THPeligible line: unknown, not "0 mappings ... 0 bytes".
grep -v '^THPeligible:' "/proc/$pid/smaps" >"$tree/$pid/smaps"
run --proc-root "$tree" "$pid" explain --json
t=$(finding "$out" thp)
like "$t" "eligible for them is unknown" "THP: eligibility unknown without THPeligible"
is "$(printf '%s\n' "$t" | grep -c '0 mappings\|none of the')" 0 "and no '0 mappings' or 'none of the'"
is "$(printf '%s\n' "$out" | jq -r '.facts | has("thp_eligible_mappings")')" false "the fact is absent"

# ---- Android ashmem is shared memory, not a file never read.
cp "/proc/$pid/smaps" "$tree/$pid/smaps"
awk '/^[0-9a-f]+-[0-9a-f]+ / && !done && NF == 5 && $2 == "rw-p" {
	$0 = $0 " /dev/ashmem/dalvik-main space (region space) (deleted)"; sub(/rw-p/, "rw-s"); done = 1 }
	{ print }' "/proc/$pid/smaps" >"$tree/$pid/smaps"
run --proc-root "$tree" "$pid" --json
is "$(printf '%s\n' "$out" | jq -r '[.vmas[] | select(.path != null and (.path | startswith("/dev/ashmem/"))) | .kind] | join(",")')" \
    shmem "an ashmem mapping is shared memory"

# ---- A captured process with smaps and status but no stat.
rm -f "$tree/$pid/stat"
run --proc-root "$tree" "$pid"
is "$rc" 0 "no stat in the tree: show still works"
like "$out" "^process $pid mw-layout .*no stat in the tree: start time unknown" "and says what is missing"
run --proc-root "$tree" "$pid" explain
is "$rc" 0 "explain too"

# ---- Thread stacks: a stack pointer inside, not a guard below.
start_layout stacks
pid=$LAYOUT_PID
arena=$(awk '$1 == "arena" { print $2 }' "$LAYOUT_OUT")
named=$(awk '$1 == "named" { print $2 }' "$LAYOUT_OUT")
tid=$(ls "/proc/$pid/task" | grep -v "^$pid\$" | head -n1)
run "$pid" explain --json
um=$(printf '%s\n' "$out" | jq -r '.findings[] | select(.id == "untouched-mapping") | .text')
like "$um" "\\(anon, the stack of thread $tid \\(its stack pointer is inside\\)\\)" "the thread's stack is named by its stack pointer"
is "$(printf '%s\n' "$um" | grep "^${arena#0x}" | grep -c 'stack')" 0 "an arena above a PROT_NONE page is no thread stack"
is "$(printf '%s\n' "$out" | jq -r "[.facts.largest_untouched[] | select(.thread_stack)] | length")" 1 "one thread stack in largest_untouched"
if [ -n "$named" ]; then
	like "$um" "^${named#0x}-[0-9a-f]+ \\(anon \\[anon:memwatch-heap\\]\\)" "a named mapping is told by its name"
else
	skip "PR_SET_VMA_ANON_NAME is not in this kernel"
fi

# A named anonymous mapping ([anon:NAME], PR_SET_VMA_ANON_NAME or Android)
# above a PROT_NONE page, in a capture (no task/ stack pointers): told by
# its name, never called a thread stack.
tree=$t_tmp/named
mkdir -p "$tree/$pid"
cp "/proc/$pid/status" "/proc/$pid/stat" "$tree/$pid/"
awk -v a="${arena#0x}" '/^[0-9a-f]+-[0-9a-f]+ / && index($1, a "-") == 1 && NF == 5 {
	$0 = $0 "                          [anon:dalvik-main space]" } { print }' \
    "/proc/$pid/smaps" >"$tree/$pid/smaps"
run --proc-root "$tree" "$pid" explain --json
t=$(printf '%s\n' "$out" | jq -r '.findings[] | select(.id == "untouched-mapping") | .text' | grep "^${arena#0x}")
like "$t" "\\(anon \\[anon:dalvik-main space\\]\\)" "a named anonymous mapping is told by its name"
is "$(printf '%s\n' "$out" | jq -r '[.facts.largest_untouched[] | select(.thread_stack)] | length')" 0 \
    "without stack pointers nothing is called a thread stack"

# ---- Not resident: never touched, or given back.
like "$(finding "$out" untouched-anon)" "not resident: never touched .* or given back \\(MADV_DONTNEED" \
    "untouched anonymous memory: never touched or given back"
like "$um" "not resident \\(never touched, or given back\\)\\.$" "the largest reservations say the same"

done_testing
