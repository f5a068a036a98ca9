# tests/cli/process-lib.sh: what the process-view tests (show, explain,
# pages, procfacts) share, on top of tests/cli/lib.sh, which it sources:
# mw-layout processes (killed, by pid, on every exit) and /proc readers.

. "${MW_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"

# Every WANT here is read from /proc or a document: an empty one fails.
MW_IS_EMPTY_FAILS=1
t_tmp=$MW_TMP
at_exit 'exec 9>&- 8>&- 7>&- 6>&- 5>&- 2>/dev/null'

# Skip the whole file when jq, used to read the JSON documents, is missing.
need_jq() {
	if ! command -v jq >/dev/null 2>&1; then
		skip_all "jq is not installed"
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
	"$MW_BUILDDIR/tests/helpers/mw-layout" "$@" <"$t_tmp/in$t_layouts" \
	    >"$LAYOUT_OUT" &
	LAYOUT_PID=$!
	track_pid "$LAYOUT_PID"
	eval "exec $fd>\"\$t_tmp/in\$t_layouts\""
	t_layouts=$((t_layouts + 1))
	wait_for -t 30 layout_ready || bail_out "mw-layout $* did not start"
}

layout_ready() {
	grep -q '^ready$' "$LAYOUT_OUT" 2>/dev/null && return 0
	kill -0 "$LAYOUT_PID" 2>/dev/null || bail_out "mw-layout exited"
	return 1
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
