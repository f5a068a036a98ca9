#!/bin/sh
# tests/cli/sysdoc.sh: the system documents to the byte. A system snapshot,
# zones, buddy and slabs (--json), the diff of two saved snapshots and the
# OpenMetrics export of each capture in samples/proc (and of
# tests/data/sysdoc-6.18, which adds PSI, swaps and the memory settings)
# are compared with the files kept in tests/data/sysdoc/. The version, the
# time a sample took and when it was taken are the only lines that move;
# they are replaced before the comparison, and the trees are given a fixed
# time. MW_SYSDOC_WRITE=1 writes the kept files instead (after a change
# of the documents that memwatch-json(5) records).
set -u
: "${MEMWATCH:?}" "${MW_SRCDIR:?}"
M=$MEMWATCH
. "$MW_SRCDIR/tests/cli/lib.sh"
tmp=$MW_TMP
want=$MW_SRCDIR/tests/data/sysdoc

# steady FILE: the lines that move between runs made still.
steady() {
	sed -e "s|$tmp/|TMP/|g" -e 's/^\(  "memwatch": \)".*"/\1"VERSION"/' \
	    -e 's/^\(memwatch_build_info{version=\)"[^"]*"/\1"VERSION"/' \
	    -e 's/^\(memwatch_sample_duration_seconds\) .*/\1 D/' \
	    -e 's/^\(memwatch_sample_timestamp_seconds\) .*/\1 T/' "$1"
}

# same NAME FILE: steady FILE is the kept tests/data/sysdoc/NAME.
same() {
	steady "$2" > "$tmp/steady"
	if [ "${MW_SYSDOC_WRITE:-}" = 1 ]; then
		cp "$tmp/steady" "$want/$1"
	fi
	if [ -s "$tmp/steady" ] && cmp -s "$tmp/steady" "$want/$1"; then
		ok "$1 as kept" true
	else
		ok "$1 as kept" false
		diff "$want/$1" "$tmp/steady" | head -20 | diag
	fi
}

# tree NAME DIR: a copy of the capture's system files, at a fixed time.
tree() {
	mkdir -p "$tmp/$1"
	(cd "$2" && tar cf - --exclude='./[0-9]*' .) |
	    (cd "$tmp/$1" && tar xf -) || return 1
	find "$tmp/$1" -exec touch -h -d '2026-01-02 03:04:05 UTC' {} +
}

for name in debian12-6.18-a debian12-6.18-b reserve-6.18 node-exporter-4.x \
    sysdoc-6.18; do
	dir=$MW_SRCDIR/samples/proc/$name
	[ -d "$dir" ] || dir=$MW_SRCDIR/tests/data/$name
	tree "$name" "$dir" || bail_out "cannot copy $dir"
	t=$tmp/$name
	"$M" --proc-root "$t" system snapshot -o "$tmp/$name.json"
	is "$?" 0 "$name: system snapshot"
	same "$name.snapshot.json" "$tmp/$name.json"
	# b differs from a in its counters only; reserve-6.18 has no slabinfo
	case $name in
	debian12-6.18-b) docs= ;;
	reserve-6.18) docs="zones buddy om" ;;
	*) docs="zones buddy slabs om" ;;
	esac
	for doc in $docs; do
		if [ "$doc" = om ]; then
			"$M" --proc-root "$t" export > "$tmp/$name.om" 2>&1
			same "$name.om" "$tmp/$name.om"
			continue
		fi
		"$M" --proc-root "$t" --json "$doc" > "$tmp/$name.$doc.json"
		same "$name.$doc.json" "$tmp/$name.$doc.json"
	done
done

# Saved snapshots read back: the diff between them, as text and JSON.
"$M" --json diff "$tmp/debian12-6.18-a.json" "$tmp/debian12-6.18-b.json" \
    > "$tmp/ab.json"
same "diff-a-b.json" "$tmp/ab.json"
"$M" --bytes diff "$tmp/debian12-6.18-a.json" "$tmp/debian12-6.18-b.json" \
    > "$tmp/ab.txt"
same "diff-a-b.txt" "$tmp/ab.txt"
"$M" --json diff "$tmp/sysdoc-6.18.json" "$tmp/debian12-6.18-b.json" \
    > "$tmp/sb.json"
same "diff-sysdoc-b.json" "$tmp/sb.json"

# refused SNAPSHOT WHAT JQ MESSAGE: a snapshot edited by JQ is refused by
# 'diff' with MESSAGE on stderr, exit 1 and nothing on stdout.
refused() {
	jq "$3" "$1" > "$tmp/bad.json"
	"$M" --json diff "$tmp/bad.json" "$1" > "$tmp/out" 2> "$tmp/err"
	is "$?" 1 "$2: exit 1"
	is "$(cat "$tmp/out")" "" "$2: nothing written"
	like "$(cat "$tmp/err")" "$4" "$2: the message names it"
}
s=$tmp/sysdoc-6.18.json
refused "$s" "a zone without free" 'del(.zones[1].free)' \
    'zones\[1\]\.free is missing or not present \(every zone has it\)'
refused "$s" "a string pcp count" '.zones[0].pcp.count = "x"' \
    'zones\[0\]\.pcp\.count is missing or not a non-negative integer'
refused "$s" "a node past 2^20" '.nodes[0].node = 3000000' \
    'nodes\[\]\.node is missing or not a node number'
refused "$s" "zone counters not an object" '.zones[0].counters = 5' \
    ': counters is missing or not an object;'

done_testing
