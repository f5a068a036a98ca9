# tests/cli/process-lib.sh: TAP helpers for the process-view tests
# (show, explain, pages), sourced by them. Starts mw-layout processes and
# kills them, by pid, on every exit.

: "${MEMWATCH:?MEMWATCH is not set}"
: "${MW_SRCDIR:=.}"
: "${MW_BUILDDIR:=.}"

t_n=0
t_failed=0
t_tmp=$(mktemp -d)
t_pids=

t_cleanup() {
	exec 9>&- 8>&- 7>&- 6>&- 5>&- 2>/dev/null
	for p in $t_pids; do
		kill "$p" 2>/dev/null
	done
	rm -rf "$t_tmp"
}
trap t_cleanup EXIT
trap 'exit 1' INT TERM

ok() {	# STATUS DESCRIPTION
	t_n=$((t_n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $t_n - $2"
	else
		echo "not ok $t_n - $2"
		t_failed=$((t_failed + 1))
	fi
}

is() {	# GOT WANT DESCRIPTION
	if [ "$1" = "$2" ] && [ -n "$2" ]; then
		ok 0 "$3"
	else
		ok 1 "$3"
		echo "# got '$1', want '$2'"
	fi
}

like() {	# TEXT PATTERN(grep -E) DESCRIPTION
	if printf '%s\n' "$1" | grep -Eq -- "$2"; then
		ok 0 "$3"
	else
		ok 1 "$3"
		printf '%s\n' "$1" | head -5 | sed 's/^/# /'
		echo "# wanted /$2/"
	fi
}

skip() {
	t_n=$((t_n + 1))
	echo "ok $t_n # SKIP $1"
}

done_testing() {
	echo "1..$t_n"
	[ "$t_failed" -eq 0 ]
}

# Skip the whole file when jq, used to read the JSON documents, is missing.
need_jq() {
	if ! command -v jq >/dev/null 2>&1; then
		echo "1..0 # SKIP jq is not installed"
		exit 0
	fi
}

# Start mw-layout MODES...; sets LAYOUT_PID and LAYOUT_OUT (its output).
# It waits on a FIFO held open by this shell (fd 9, 8, ...) until the test
# ends. At most five at a time.
t_layouts=0
start_layout() {
	fd=$((9 - t_layouts))
	LAYOUT_OUT=$t_tmp/layout.out
	[ $t_layouts -gt 0 ] && LAYOUT_OUT=$t_tmp/layout$t_layouts.out
	mkfifo "$t_tmp/in$t_layouts"
	"$MW_BUILDDIR/tests/cli/mw-layout" "$@" <"$t_tmp/in$t_layouts" \
	    >"$LAYOUT_OUT" &
	LAYOUT_PID=$!
	t_pids="$t_pids $LAYOUT_PID"
	eval "exec $fd>\"\$t_tmp/in\$t_layouts\""
	t_layouts=$((t_layouts + 1))
	i=0
	while ! grep -q '^ready$' "$LAYOUT_OUT" 2>/dev/null; do
		i=$((i + 1))
		if [ $i -gt 300 ] || ! kill -0 "$LAYOUT_PID" 2>/dev/null; then
			echo "Bail out! mw-layout $* did not start"
			exit 1
		fi
		sleep 0.1
	done
}

# The address mw-layout printed for NAME, without 0x.
addr_of() {
	awk -v k="$1" '$1 == k { sub(/^0x/, "", $2); print $2 }' \
	    "$t_tmp/layout.out"
}

# KEY's value in bytes from a smaps-style or status file ("Rss: 12 kB").
kb_field() {	# FILE KEY
	awk -v k="$2:" '$1 == k { printf "%.0f\n", $2 * 1024; exit }' "$1"
}

# The smaps block of the mapping holding hex address ADDR: "start end
# rss_bytes" from /proc/PID/smaps.
vma_of() {	# PID ADDR
	awk -v a="$2" '
	function hex(s,   i, c, v) {
		v = 0
		for (i = 1; i <= length(s); i++) {
			c = index("0123456789abcdef", substr(s, i, 1)) - 1
			v = v * 16 + c
		}
		return v
	}
	BEGIN { want = hex(a) }
	/^[0-9a-f]+-[0-9a-f]+ / {
		split($1, r, "-")
		inside = hex(r[1]) <= want && want < hex(r[2])
		if (inside) { s = hex(r[1]); e = hex(r[2]) }
	}
	inside && $1 == "Rss:" { printf "%.0f %.0f %.0f\n", s, e, $2 * 1024; exit }
	' "/proc/$1/smaps"
}

# Run memwatch; sets out, err, rc.
run() {
	"$MEMWATCH" "$@" >"$t_tmp/out" 2>"$t_tmp/err"
	rc=$?
	out=$(cat "$t_tmp/out")
	err=$(cat "$t_tmp/err")
}

# A command line to run as an unprivileged user, or empty.
unprivileged() {
	if [ "$(id -u)" -ne 0 ]; then
		echo "env"
	elif command -v setpriv >/dev/null 2>&1; then
		echo "setpriv --reuid=65534 --regid=65534 --clear-groups"
	fi
}
