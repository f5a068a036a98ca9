#!/bin/bash
# tests/cli/capture-safe.sh: capture writes only below a directory of its own.
#
# The tree is written below a temporary directory memwatch makes (mode
# 0700) with openat-relative, no-follow calls, and renamed into place
# when complete. A target directory another user owns or can write is
# refused; --force over an earlier capture whose files were swapped for
# symlinks writes nothing through them; a capture killed half-way leaves
# no DIR that reads back as if it were complete. Needs root (chown).
. "${MW_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"

[ "$(id -u)" = 0 ] || skip_all "needs root to give files to another user"
t=$MW_TMP
cap=$MW_SRCDIR/samples/proc/debian12-6.18-a
chmod 755 "$t"
nobody=65534

# ---- target directories of other users -------------------------------
mkdir "$t/world" && chmod 1777 "$t/world"
"$MEMWATCH" --proc-root "$cap" capture -o "$t/world" >/dev/null 2>"$t/err"
like "$?:$(cat "$t/err")" "^1:memwatch: $t/world can be written by another user than you \(owner uid 0, mode 777\)" \
    "capture into a world-writable directory: refused"
mkdir "$t/theirs" && chown "$nobody" "$t/theirs" && chmod 755 "$t/theirs"
"$MEMWATCH" --proc-root "$cap" capture -o "$t/theirs" >/dev/null 2>"$t/err"
like "$?:$(cat "$t/err")" "^1:memwatch: $t/theirs can be written by another user than you \(owner uid $nobody" \
    "capture into another user's directory: refused"
ln -s "$t/elsewhere" "$t/link"
"$MEMWATCH" --proc-root "$cap" capture -o "$t/link" >/dev/null 2>"$t/err"
like "$?:$(cat "$t/err")" "^1:memwatch: $t/link exists and is not a directory \(a symlink\)" \
    "capture -o a symlink: refused"
ok "... nothing was made where it points" test ! -e "$t/elsewhere"

# ---- a new DIR in a sticky directory, then --force over a tampered one --
"$MEMWATCH" --proc-root "$cap" capture -o "$t/world/cap" 1185 >/dev/null 2>"$t/err"
is "$?" 0 "capture -o DIR in a sticky directory: exit 0"
is "$(stat -c '%a %u' "$t/world/cap")" "755 0" "... DIR is root's, mode 755"
is "$(find "$t/world" -maxdepth 1 -name '.cap.tmp*' | wc -l)" 0 "... no temporary directory left"
"$MEMWATCH" --proc-root "$t/world/cap" system snapshot >/dev/null
is "$?" 0 "... and it reads back"
echo precious >"$t/victim"
rm "$t/world/cap/meminfo" && ln -s "$t/victim" "$t/world/cap/meminfo"
rm -r "$t/world/cap/1185" && ln -s "$t/secret" "$t/world/cap/1185"
mkdir -m 700 "$t/secret"
"$MEMWATCH" --proc-root "$cap" capture --force -o "$t/world/cap" 1185 >/dev/null 2>"$t/err"
is "$?" 0 "capture --force over a capture whose files became symlinks: exit 0"
is "$(cat "$t/victim")" precious "... the file a symlink named is unchanged"
is "$(ls -A "$t/secret" | wc -l)" 0 "... nothing was written into the directory a symlink named"
ok "... meminfo is a file of its own again" test -f "$t/world/cap/meminfo" -a ! -L "$t/world/cap/meminfo"
ok "... the pid is a directory of its own again" test -d "$t/world/cap/1185" -a ! -L "$t/world/cap/1185"

# ---- killed half-way ---------------------------------------------------------
mkdir -p "$t/big/1185" && cp "$cap/1185/"* "$t/big/1185/" && cp "$cap/"{meminfo,kernel-release,page-size} "$t/big/"
head -c $((400 << 20)) /dev/zero | tr '\0' x >>"$t/big/1185/smaps"
"$MEMWATCH" --proc-root "$t/big" capture -o "$t/half" 1185 >/dev/null 2>&1 &
cp_pid=$!
# Half-way: its temporary directory holds a file already.
wait_for -t 10 sh -c 'ls "$1"/.half.tmp*/* >/dev/null 2>&1' _ "$t"
kill -KILL "$cp_pid" 2>/dev/null
reap "$cp_pid" 2>/dev/null
ok "a capture killed half-way leaves no DIR" test ! -e "$t/half"
"$MEMWATCH" --proc-root "$t/half" system >/dev/null 2>&1
is "$?" 1 "... so --proc-root DIR does not read a half tree"
left=$(ls -d "$t"/.half.tmp* 2>/dev/null | head -n1)
if [ -n "$left" ]; then
	is "$(stat -c %a "$left")" 700 "... its temporary directory is mode 700"
else
	skip "the capture ended before it was killed"
fi
"$MEMWATCH" --proc-root "$cap" capture -o "$t/half" 1185 >/dev/null 2>"$t/err"
is "$?" 0 "... and a new capture into DIR works"

done_testing
