#!/bin/bash
# tests/cli/safe-writes.sh: root writing -o FILE into other users' places.
#
# In a sticky world-writable directory (like /tmp), another user plants a
# symlink to a file of root's, a file of their own, or a FIFO; snapshot
# -o, export -o and system snapshot -o must refuse each (exit 1, one
# line), leave the victim as it was and never hang; a symlink root owns
# there is still followed. Needs root (chown); skipped otherwise.
. "${MW_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"

[ "$(id -u)" = 0 ] || skip_all "needs root to plant another user's files"
t=$MW_TMP
cap=$MW_SRCDIR/samples/proc/debian12-6.18-a
sticky=$t/sticky
mkdir "$sticky" && chmod 1777 "$sticky" || bail_out "mkdir"
chmod 755 "$t"
victim=$t/victim
nobody=65534

writers=(
	"self snapshot -o"
	"--proc-root $cap export --top 5 -o"
	"--proc-root $cap system snapshot -o"
)
for w in "${writers[@]}"; do
	name=${w%% -o}
	name=${name##*-root $cap }
	# A symlink owned by another user, to a file of root's.
	echo "precious" >"$victim"
	ln -sfn "$victim" "$sticky/out" && chown -h "$nobody" "$sticky/out"
	# shellcheck disable=SC2086
	timeout -k 2 20 "$MEMWATCH" $w "$sticky/out" >/dev/null 2>"$t/err"
	like "$?:$(cat "$t/err")" "^1:memwatch: cannot write $sticky/out \($sticky/out is a symlink in a sticky directory, owned by another user" \
	    "$name -o through another user's symlink in a sticky dir: refused"
	is "$(cat "$victim")" precious "... the file it points to is unchanged"
	rm -f "$sticky/out"

	# A regular file of another user's.
	echo "theirs" >"$sticky/out" && chown "$nobody" "$sticky/out"
	# shellcheck disable=SC2086
	timeout -k 2 20 "$MEMWATCH" $w "$sticky/out" >/dev/null 2>"$t/err"
	like "$?:$(cat "$t/err")" "^1:memwatch: cannot write $sticky/out \(it belongs to another user, uid $nobody" \
	    "$name -o over another user's file: refused"
	is "$(cat "$sticky/out"):$(stat -c %u "$sticky/out")" "theirs:$nobody" "... it is unchanged"
	rm -f "$sticky/out"

	# A FIFO of another user's: refused, and no hang.
	mkfifo "$sticky/out" && chown "$nobody" "$sticky/out"
	# shellcheck disable=SC2086
	timeout -k 2 20 "$MEMWATCH" $w "$sticky/out" >/dev/null 2>"$t/err"
	like "$?:$(cat "$t/err")" "^1:memwatch: cannot write $sticky/out" \
	    "$name -o to another user's FIFO: refused at once"
	rm -f "$sticky/out"

	# root's own symlink there is followed, as before.
	echo "old" >"$victim"
	ln -sfn "$victim" "$sticky/mine"
	# shellcheck disable=SC2086
	timeout -k 2 20 "$MEMWATCH" $w "$sticky/mine" >/dev/null 2>"$t/err"
	is "$?" 0 "$name -o through root's own symlink in the sticky dir: written"
	ok "... into the file it points to" test "$(head -c 1 "$victim")" != o
	rm -f "$sticky/mine"
done

# Without a reader, a FIFO of root's own is refused at once too.
mkfifo "$t/fifo"
timeout -k 2 20 "$MEMWATCH" self snapshot -o "$t/fifo" >/dev/null 2>"$t/err"
like "$?:$(cat "$t/err")" "^1:memwatch: cannot write $t/fifo \(a FIFO nothing reads\)" \
    "snapshot -o a FIFO nothing reads: refused, no hang"

# A block device is never written over.
if mknod "$t/blk" b 7 200 2>/dev/null; then
	timeout -k 2 20 "$MEMWATCH" self snapshot -o "$t/blk" >/dev/null 2>"$t/err"
	like "$?:$(cat "$t/err")" "^1:memwatch: cannot write $t/blk \(a block device" \
	    "snapshot -o a block device: refused"
else
	skip "cannot make a block device node here"
fi

done_testing
