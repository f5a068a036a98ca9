#!/bin/bash
# tests/cli/account.sh: memwatch system account. The counted lines add up
# to MemTotal to the byte (live, on every capture, on the public corpus);
# a tmpfs filled here, a SysV segment, a memfd and hugetlb pages land in
# their own lines; a two-node capture's per-node figures sum to each
# node's MemTotal; unreadable sources leave lines unknown, never wrong.
. "${MW_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"

mw=$MEMWATCH
MiB=$((1 << 20))

# sums FILE: "TOTAL SUM_OF_COUNTED" of an account document
sums() { jq -r '"\(.total) \([.lines[] | select(.counted) | .bytes // 0] | add)"' "$1"; }
# line FILE ID [LABEL]: the bytes of the first line with this id (and label)
line() {
	jq -r --arg id "$2" --arg l "${3-}" \
	    '[.lines[] | select(.id == $id and ($l == "" or .label == $l))][0].bytes // "none"' "$1"
}

check_sum() { # NAME ARGS...: the counted lines add up to MemTotal
	local name=$1
	shift
	if ! "$mw" "$@" system account --json >"$MW_TMP/a.json" 2>"$MW_TMP/err"; then
		ok "$name: system account runs ($(cat "$MW_TMP/err"))" false
		return
	fi
	set -- $(sums "$MW_TMP/a.json")
	is "$2" "$1" "$name: the counted lines add up to MemTotal"
}

check_sum "live"
for d in "$MW_SRCDIR"/samples/proc/*/ "$MW_SRCDIR"/samples/numa/*/; do
	check_sum "$(basename "$d")" --proc-root "${d%/}"
done
pub=${MW_PUBLIC_SAMPLES:-}
if [ -n "$pub" ] && [ -d "$pub" ]; then
	for d in this-machine-6.18 prometheus-procfs node-exporter telegraf \
	    pcp-qa/meminfo-root-002 pcp-qa/meminfo-root-004; do
		[ -f "$pub/$d/proc/meminfo" ] && check_sum "public $d" --proc-root "$pub/$d/proc"
	done
fi

# --- export: one family whose samples add up to MemTotal ---
"$mw" export >"$MW_TMP/om"
is "$(python3 -c '
import sys
total = acct = None
for l in open(sys.argv[1]):
    if l.startswith("memwatch_memory_total_bytes "): total = int(l.split()[-1])
    if l.startswith("memwatch_memory_account_bytes{"): acct = (acct or 0) + int(l.split()[-1])
print(total == acct and total is not None)' "$MW_TMP/om")" True \
    "export: memwatch_memory_account_bytes adds up to memwatch_memory_total_bytes"
is "$(grep '^memwatch_memory_account_bytes{' "$MW_TMP/om" | sed 's/} .*//' | sort | uniq -d | wc -l)" 0 \
    "export: no series twice (one line per kind and name)"

# --- two nodes: each node's figures add up to its own MemTotal ---
t=$MW_SRCDIR/samples/numa/two-nodes
"$mw" --proc-root "$t" system account --by node --json >"$MW_TMP/n.json"
is "$(jq -r '.nodes | length' "$MW_TMP/n.json")" 2 "two nodes read"
for n in 0 1; do
	want=$(awk '/MemTotal/ { printf "%.0f\n", $4 * 1024 }' "$t/sys/devices/system/node/node$n/meminfo")
	is "$(jq -r ".nodes[$n].total" "$MW_TMP/n.json")" "$want" "node $n: MemTotal from its meminfo"
	is "$(jq -r ".nodes[$n] | .free + .anon + .file + .shmem + .slab + .kernel + .hugetlb + .other" "$MW_TMP/n.json")" \
	    "$want" "node $n: the parts add up to its MemTotal"
done
like "$("$mw" --proc-root "$t" system account --by node)" "  NODE +TOTAL +FREE" \
    "text: a per-node table"
like "$("$mw" system account --by node)" "One NUMA node|  NODE" \
    "live: one node said in one line (or a table)"

# --- unknown, never wrong: a captured tree without Percpu or VmallocUsed ---
is "$(line "$MW_TMP/n.json" percpu)" none "old kernel: per-CPU unknown (absent), not 0"
is "$(jq -r '[.lines[] | select(.id == "kernel")][0].at_least' "$MW_TMP/n.json")" \
    $(( (7020716 + 6654304 + 34016 + 31104 + 143304 + 124272) * 1024 )) \
    "old kernel: kernel memory is at least its known parts"

# --- live: a tmpfs of our own, a SysV segment, a memfd, hugetlb pages ---
[ "$(id -u)" = 0 ] || { skip "live fills need root" 8; done_testing; }
mnt=$MW_TMP/tmpfs-$$
mkdir "$mnt" && mount -t tmpfs -o size=400m "mw-acct-$$" "$mnt" ||
	bail_out "cannot mount a tmpfs"
shmid=
cleanup_acct() {
	[ -n "$shmid" ] && ipcrm -m "$shmid" 2>/dev/null
	umount "$mnt" 2>/dev/null
}
trap 'cleanup_acct; stop_all' EXIT
dd if=/dev/zero of="$mnt/fill" bs=1M count=300 status=none
# A 32 MiB SysV segment, written and left (it outlives its creator).
shmid=$(python3 -c '
import ctypes, sys
libc = ctypes.CDLL(None, use_errno=True)
libc.shmat.restype = ctypes.c_void_p
libc.shmat.argtypes = [ctypes.c_int, ctypes.c_void_p, ctypes.c_int]
i = libc.shmget(0, 32 << 20, 0o1600)
if i < 0: sys.exit(1)
p = libc.shmat(i, None, 0)
ctypes.memset(p, 1, 32 << 20)
libc.shmdt(ctypes.c_void_p(p))
print(i)')
# A 64 MiB memfd, held by a process that waits for its input to close.
mkfifo "$MW_TMP/memfd.in"
exec {hold}<>"$MW_TMP/memfd.in"
python3 -c '
import os, sys
fd = os.memfd_create("mw-acct")
os.write(fd, b"x" * (64 << 20))
print("ready", flush=True)
sys.stdin.read()' <"$MW_TMP/memfd.in" >"$MW_TMP/memfd.out" &
holder=$!
track_pid "$holder"
wait_for -t 20 grep -q ready "$MW_TMP/memfd.out"
"$mw" system account --json >"$MW_TMP/l.json"
used=$(df -B1 --output=used "$mnt" | tail -1)
is "$(line "$MW_TMP/l.json" shmem-tmpfs "tmpfs $mnt")" "$used" \
    "the tmpfs filled here: its line is statfs's used bytes"
cmp_ok "$used" -ge $((300 * MiB)) "... which hold the 300 MiB written"
is "$(jq -r --arg l "tmpfs $mnt" '[.lines[] | select(.label == $l)][0].fate' "$MW_TMP/l.json")" \
    swap "... shared memory: it leaves RAM only through swap, never dropped"
if [ -n "$shmid" ]; then
	cmp_ok "$(line "$MW_TMP/l.json" shmem-sysv)" -ge $((32 * MiB)) \
	    "the SysV segment written here is in the SysV line"
else
	skip "SysV segments cannot be made here"
fi
cmp_ok "$(line "$MW_TMP/l.json" shmem-other)" -ge $((60 * MiB)) \
    "the 64 MiB memfd is in the memfd and shared anonymous line"
set -- $(sums "$MW_TMP/l.json")
is "$2" "$1" "live, filled: still every byte of MemTotal"
# hugetlb: two pages of the default size, only where none are set already
if [ "$(cat /proc/sys/vm/nr_hugepages 2>/dev/null)" = 0 ] &&
    echo 2 >/proc/sys/vm/nr_hugepages 2>/dev/null &&
    [ "$(cat /proc/sys/vm/nr_hugepages)" = 2 ]; then
	"$mw" system account --json >"$MW_TMP/h.json"
	echo 0 >/proc/sys/vm/nr_hugepages
	hs=$(awk '/^Hugepagesize:/ { print $2 * 1024 }' /proc/meminfo)
	is "$(line "$MW_TMP/h.json" hugetlb-free)" $((2 * hs)) \
	    "two hugetlb pages: the free pool line"
else
	echo 0 >/proc/sys/vm/nr_hugepages 2>/dev/null
	skip "hugetlb pages cannot be reserved here (or some are set already)"
fi

# --- as nobody: lines unknown or coarse, and the text says what root adds ---
if command -v setpriv >/dev/null; then
	d=$(mktemp -d /tmp/mw-acct.XXXXXX)
	chmod 755 "$d"
	cp "$mw" "$d/memwatch" && chmod 755 "$d/memwatch"
	(cd "$d" && timeout 60 setpriv --reuid=65534 --regid=65534 --clear-groups \
	    ./memwatch system account >"$d/out" 2>&1)
	ok "as nobody: system account runs" test $? = 0
	like "$(cat "$d/out")" "as root" "as nobody: the notes say what root would add"
	rm -rf "$d"
else
	skip "setpriv is not installed" 2
fi
exec {hold}>&-
done_testing
