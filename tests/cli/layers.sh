#!/bin/bash
# tests/cli/layers.sh: the source tree keeps its layers (README.md,
# "Development"): includes point down only (util, parse, source, trace, model,
# render, then tui, serve and cmd above them), no two modules include each
# other's header, no source file is longer than 600 lines.
. "${MW_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"

src="$MW_SRCDIR/src"

# layer DIR -> the directories its files may include from
allowed() {
	case $1 in
	util) echo "util" ;;
	parse) echo "parse util" ;;
	source) echo "source util" ;;
	trace) echo "trace bpf parse util source" ;;
	model) echo "model parse util source trace" ;;
	render) echo "render model parse util" ;;
	tui) echo "tui render model parse util source" ;;
	serve) echo "serve render model parse util source" ;;
	cmd) echo "cmd serve tui render model parse util source trace" ;;
	esac
}

layer_of() {
	case $1 in
	source*) echo source ;;
	*/*) echo "${1%%/*}" ;;
	*) echo top ;;
	esac
}

bad=
for f in $(cd "$src" && find . -name '*.[ch]' ! -path './bpf/*' ! -name '*.skel.h' | sed 's|^\./||' | sort); do
	l=$(layer_of "$f")
	[ "$l" = top ] && continue
	ok_dirs=$(allowed "$l")
	for inc in $(sed -n 's/^#include "\([^"]*\)"/\1/p' "$src/$f"); do
		[ "$inc" = config.h ] && continue
		il=$(layer_of "$inc")
		case " $ok_dirs " in
		*" $il "*) ;;
		*) bad="$bad $f->$inc" ;;
		esac
	done
done
is "${bad# }" "" "every include points down the layers"

# Two modules (a.c/a.h) that include each other's header call each other;
# a header without a .c of its own (shared declarations) calls nothing.
mutual=$(cd "$src" && for f in $(find . -name '*.c' ! -path './bpf/*' | sed 's|^\./||'); do
	m=${f%.[ch]}
	sed -n 's/^#include "\([^"]*\)\.h"/\1/p' "$f" | while read -r i; do
		[ "$i" = config ] || [ "$i" = "$m" ] || [ ! -f "$i.c" ] && continue
		echo "$m $i"
	done
done | sort -u | awk '{ e[$1 " " $2] = 1 } END {
	for (k in e) { split(k, p, " ");
		if (p[1] < p[2] && (p[2] " " p[1]) in e &&
		    p[2] != p[1] "_int" && p[1] != p[2] "_int") print p[1] "<->" p[2] } }' | sort)
is "$mutual" "" "no two modules include each other"

long=$(cd "$src" && find . -name '*.[ch]' ! -name '*.skel.h' | xargs wc -l |
	awk '$2 != "total" && $1 > 600 { print $2 " (" $1 ")" }' | sort)
is "$long" "" "no source file is longer than 600 lines"

done_testing
