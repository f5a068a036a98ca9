#!/bin/bash
# tests/cli/install.sh: make install-strip into a DESTDIR puts every file
# where it belongs (binary stripped, unit pointing at it, completions, man
# pages, examples), the installed memwatch and its completion work, and
# make uninstall takes every file away again.
. "${MW_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"

b=$MW_BUILDDIR
grep -q '^install-strip:' "$b/Makefile" 2>/dev/null || skip_all "no Makefile in $b"
# The parent make's jobserver is not this make's.
mk() { env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s -C "$b" "$@"; }
printf '%s\n' 'print-dirs:' \
    '	@echo "bindir=$(bindir)"' \
    '	@echo "unitdir=$(systemdsystemunitdir)"' \
    '	@echo "bashdir=$(bashcompletiondir)"' \
    '	@echo "zshdir=$(zshcompletiondir)"' \
    '	@echo "docdir=$(docdir)"' \
    '	@echo "mandir=$(mandir)"' >"$MW_TMP/dirs.mk"
vars=$(mk -f Makefile -f "$MW_TMP/dirs.mk" print-dirs 2>/dev/null)
eval "$(sed -n 's/^\([a-z]*\)=\(.*\)$/\1="\2"/p' <<<"$vars")"
[ -n "${bindir-}" ] || bail_out "cannot read the install directories from $b/Makefile"

r=$MW_TMP/root
mk DESTDIR="$r" install-strip >"$MW_TMP/install.log" 2>&1
is "$?" 0 "make install-strip exits 0" || diag "$(tail -n 5 "$MW_TMP/install.log")"
mw=$r$bindir/memwatch
ok "the binary is installed" test -x "$mw"
is "$(readelf -S "$mw" | grep -c '\.symtab')" 0 "install-strip: no symbol table"
like "$("$mw" --version | head -n 1)" '^memwatch [0-9]' "the installed binary runs"
ok "memwatch.1 installed" test -s "$r$mandir/man1/memwatch.1"
ok "memwatch-json.5 installed" test -s "$r$mandir/man5/memwatch-json.5"
for f in prometheus.yml alerts.yml grafana-dashboard.json; do
	ok "examples/$f installed" cmp -s "$MW_SRCDIR/contrib/$f" "$r$docdir/examples/$f"
done
if [ -n "${unitdir-}" ]; then
	unit=$r$unitdir/memwatch.service
	ok "the unit is installed in $unitdir" test -s "$unit"
	is "$(grep '^ExecStart=' "$unit" | cut -d' ' -f1)" "ExecStart=$bindir/memwatch" \
	    "the unit runs the installed binary"
	if command -v systemd-analyze >/dev/null; then
		# verify wants the binary where ExecStart says it is.
		sed "s|^ExecStart=$bindir|ExecStart=$r$bindir|" "$unit" >"$MW_TMP/memwatch.service"
		systemd-analyze verify --man=no "$MW_TMP/memwatch.service" >"$MW_TMP/verify" 2>&1
		is "$?:$(grep -c memwatch.service "$MW_TMP/verify")" "0:0" "systemd-analyze verify: no complaint" ||
		    diag "$(cat "$MW_TMP/verify")"
	else
		skip "systemd-analyze is not installed"
	fi
else
	skip "configured without a systemd unit directory" 3
fi
ok "bash completion installed as 'memwatch'" cmp -s "$MW_SRCDIR/contrib/completion/memwatch.bash" "$r$bashdir/memwatch"
ok "zsh completion installed as '_memwatch'" cmp -s "$MW_SRCDIR/contrib/completion/_memwatch" "$r$zshdir/_memwatch"
# The installed completion against the installed binary.
if [ -r /usr/share/bash-completion/bash_completion ]; then
	got=$(bash -c '. /usr/share/bash-completion/bash_completion; . "$1"
	    COMP_WORDS=("$2" top --sort p); COMP_CWORD=3; COMP_LINE="$2 top --sort p"
	    COMP_POINT=${#COMP_LINE}; _memwatch; echo "${COMPREPLY[*]}"' _ "$r$bashdir/memwatch" "$mw")
	is "$got" "pid pss" "the installed completion completes the installed binary"
else
	skip "bash-completion is not installed"
fi

mk DESTDIR="$r" uninstall >"$MW_TMP/uninstall.log" 2>&1
is "$?" 0 "make uninstall exits 0"
is "$(find "$r" -type f | sed "s|^$r||")" "" "make uninstall leaves no file"
done_testing
