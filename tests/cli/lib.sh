# tests/cli/lib.sh: TAP output, sample processes and /proc readers for the
# shell tests. Bash only (associative arrays, {fd} redirections).
#
# A test sources it, then emits TAP:
#
#	. "${MW_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"
#	start_sample lazy-alloc || bail_out "lazy-alloc did not start"
#	ok "step 1 runs" step_sample
#	addr=$(step_addr 1)
#	cmp_ok "$(smaps_field "$(sample_pid)" "$addr" Rss)" -le 64 "Rss small"
#	done_testing
#
# Do not use `set -e`: a failing check must print "not ok", not end the
# script; `set -u` is fine. What a command run by `ok` prints to stdout
# joins the TAP stream, so send it elsewhere. Every process started here is killed by pid when the script
# exits (trap on EXIT), and the temporary directory $MW_TMP is removed.
#
# TAP
#   plan N                     announce N tests (else done_testing does)
#   ok DESC CMD [ARG...]       run CMD in this shell: ok when it succeeds
#   is GOT WANT DESC           string equality; with MW_IS_EMPTY_FAILS set,
#                              an empty WANT fails (a WANT read from /proc
#                              or a file that could not be read)
#   cmp_ok GOT OP WANT DESC    integer comparison, OP one of test(1)'s
#                              -eq -ne -lt -le -gt -ge
#   near GOT WANT TOL DESC     integers: |GOT - WANT| <= TOL
#   like GOT ERE DESC          GOT matches the extended regular expression
#   skip REASON [N]            N (default 1) skipped tests
#   skip_all REASON            plan nothing, say why, exit 0
#   diag MSG...                a "# MSG" comment line per line of MSG;
#                              without MSG, its standard input
#   bail_out MSG               stop the whole test ("Bail out!")
#   done_testing               print the plan if not given; exit 0 or 1
#
# Processes (NAME is samples/NAME below $MW_BUILDDIR, or a path with a
# slash below it, like bench/farm; its handle is the file name, or NAME.2
# for a second instance, left in $MW_LAST)
#   start_sample NAME ARG...   start it with stdin on a FIFO, stdout and
#                              stderr to files in $MW_TMP, and TMPDIR set
#                              to $MW_SAMPLE_TMP (empty, below $MW_TMP);
#                              wait (bounded) for its "ready" line
#   step_sample [H]            write one line, wait (bounded) for the next
#                              "step N:" line; fails if the program died
#   stop_sample [H]            close its stdin (end of input), wait
#                              (bounded) for it to exit; returns its status
#   signal_sample SIG [H]      send SIG, wait for exit; returns its status
#   sample_pid [H]             its pid
#   sample_out [H]             the file holding its stdout
#   step_line N [H]            the "step N: ..." line it printed
#   step_addr N [KEY [H]]      the address KEY=0x... in that line (first
#                              0x... when KEY is empty)
#   track_pid PID...           kill these too at exit (e.g. a sample's child)
#   reap [-t SEC] PID          wait (bounded) for child PID to exit and
#                              return its status; after SEC seconds
#                              (default $MW_TIMEOUT) SIGCONT and SIGKILL
#                              it, reap it and return 124. Never a bare
#                              `wait PID`: the process may be stopped.
#   is_stopped PID             PID is in state T (a SIGSTOP has landed)
#   exited PID                 child PID has exited (a zombie) or is gone
#   is_sleeping PID            PID, or a child of it (under timeout(1)), is
#                              asleep in nanosleep: a memwatch between two
#                              samples of an interval has taken the first
#   wait_for [-t SEC] CMD...   run CMD until it succeeds, at most SEC
#                              seconds (default $MW_TIMEOUT); 0 or 1
#   at_exit CMD                run the shell command CMD at exit, before
#                              the processes are killed (own cleanups:
#                              a tmux server, a mount, a cgroup)
#   stop_all                   the EXIT trap: at_exit commands, kill,
#                              reap, remove $MW_TMP
#
# /proc, independent of memwatch
#   smaps_field PID ADDR FIELD the value of FIELD ("Rss", "VmFlags") of the
#                              mapping holding ADDR; kB fields as a number
#                              of kB; fails when no mapping or no field
#   smaps_header PID ADDR      that mapping's header line
#   smaps_start PID ADDR / smaps_end PID ADDR   its bounds, 0x hex
#   rollup_field PID FIELD     FIELD of /proc/PID/smaps_rollup, in kB

MW_SRCDIR=${MW_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
MW_BUILDDIR=${MW_BUILDDIR:-$MW_SRCDIR}
MEMWATCH=${MEMWATCH:-$MW_BUILDDIR/src/memwatch}
MW_TIMEOUT=${MW_TIMEOUT:-20}
export MW_SRCDIR MW_BUILDDIR MEMWATCH

mw_n=0
mw_failed=0
mw_planned=
mw_pids=
mw_tracked=
mw_at_exit=()
MW_LAST=
declare -A mw_pid mw_fd mw_steps

MW_TMP=$(mktemp -d "${TMPDIR:-/tmp}/memwatch-test.XXXXXX") &&
    MW_SAMPLE_TMP=$MW_TMP/tmp && mkdir "$MW_SAMPLE_TMP" || {
	echo "Bail out! cannot create a temporary directory"
	exit 1
}

# ---- TAP -------------------------------------------------------------

plan() {
	mw_planned=$1
	echo "1..$1"
}

diag() {
	local line

	if [ $# -eq 0 ]; then
		set -- "$(cat)"
		[ -n "$1" ] || return 0
	fi
	printf '%s\n' "$@" | while IFS= read -r line; do
		printf '# %s\n' "$line"
	done
}

mw_result() { # STATUS DESC
	local desc=${2//#/\\#}

	mw_n=$((mw_n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $mw_n - $desc"
	else
		echo "not ok $mw_n - $desc"
		mw_failed=$((mw_failed + 1))
	fi
	return "$1"
}

ok() {
	local desc=$1

	shift
	if [ $# -eq 0 ]; then
		diag "ok: no command given for '$desc'"
		mw_result 1 "$desc"
		return 1
	fi
	if "$@"; then
		mw_result 0 "$desc"
	else
		mw_result 1 "$desc"
		diag "  failed: $*"
		return 1
	fi
}

is() {
	if [ "$1" = "$2" ] && { [ -z "${MW_IS_EMPTY_FAILS-}" ] || [ -n "$2" ]; }; then
		mw_result 0 "$3"
	else
		mw_result 1 "$3"
		diag "  got:  '$1'" "  want: '$2'"
		return 1
	fi
}

mw_is_int() {
	case $1 in
	'' | *[!0-9-]* | ?*-*) return 1 ;;
	esac
	[ "$1" != - ]
}

cmp_ok() {
	if mw_is_int "$1" && mw_is_int "$3" && [ "$1" "$2" "$3" ]; then
		mw_result 0 "$4"
	else
		mw_result 1 "$4"
		diag "  got: '$1', want: $2 '$3'"
		return 1
	fi
}

near() {
	local d

	if mw_is_int "$1" && mw_is_int "$2" && mw_is_int "$3"; then
		d=$(($1 - $2))
		[ "$d" -lt 0 ] && d=$((-d))
		if [ "$d" -le "$3" ]; then
			mw_result 0 "$4"
			return 0
		fi
	fi
	mw_result 1 "$4"
	diag "  got: '$1', want: '$2' +/- '$3'"
	return 1
}

like() {
	if printf '%s\n' "$1" | grep -Eq -- "$2"; then
		mw_result 0 "$3"
	else
		mw_result 1 "$3"
		diag "  got: '$1'" "  does not match: $2"
		return 1
	fi
}

skip() {
	local i

	for ((i = 0; i < ${2:-1}; i++)); do
		mw_n=$((mw_n + 1))
		echo "ok $mw_n # SKIP $1"
	done
}

skip_all() {
	echo "1..0 # SKIP $1"
	exit 0
}

bail_out() {
	echo "Bail out! $*"
	exit 1
}

done_testing() {
	if [ -z "$mw_planned" ]; then
		echo "1..$mw_n"
	elif [ "$mw_planned" -ne "$mw_n" ]; then
		diag "planned $mw_planned tests, ran $mw_n"
		exit 1
	fi
	[ "$mw_failed" -eq 0 ] || diag "$mw_failed of $mw_n failed"
	exit $((mw_failed > 0))
}

# ---- waiting ---------------------------------------------------------

wait_for() {
	local t=$MW_TIMEOUT i

	if [ "${1-}" = -t ]; then
		t=$2
		shift 2
	fi
	for ((i = 0; i < t * 10; i++)); do
		"$@" && return 0
		sleep 0.1
	done
	"$@"
}

# True when PID runs COMM: a child started with & runs a copy of this
# shell until it has exec'ed; wait_for is_comm PID COMM waits for that.
is_comm() {
	[ "$(cat "/proc/$1/comm" 2>/dev/null)" = "$2" ]
}

# A child of this shell that has exited (a zombie) or is gone.
mw_exited() {
	local stat

	stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 0
	stat=${stat##*) }
	[ "${stat%% *}" = Z ]
}

# ---- sample processes ------------------------------------------------

mw_handle() { # [H]: the handle, checked
	local h=${1:-$MW_LAST}

	if [ -z "$h" ] || [ -z "${mw_pid[$h]-}" ]; then
		diag "no sample '$h' was started"
		return 1
	fi
	printf '%s\n' "$h"
}

start_sample() {
	local name=$1 prog h fifo fd pid f i closes=

	shift
	case $name in
	*/*) prog=$MW_BUILDDIR/$name ;;
	*) prog=$MW_BUILDDIR/samples/$name ;;
	esac
	if [ ! -x "$prog" ]; then
		diag "$prog is not built (run make)"
		return 1
	fi
	h=${name##*/}
	i=2
	while [ -n "${mw_pid[$h]-}" ]; do
		h=${name##*/}.$i
		i=$((i + 1))
	done
	fifo=$MW_TMP/$h.in
	mkfifo "$fifo" || return 1
	# Read-write: opening does not block, and this shell stays a writer
	# until stop_sample closes it (end of input for the program).
	exec {fd}<>"$fifo"
	# The program must hold no writer of its own (or of another
	# sample's FIFO), or it would never see end of input.
	for f in "${mw_fd[@]}" "$fd"; do
		[ -n "$f" ] && closes="$closes exec $f>&-;"
	done
	(
		eval "$closes"
		TMPDIR=$MW_SAMPLE_TMP exec "$prog" "$@" <"$fifo" \
		    >"$MW_TMP/$h.out" 2>"$MW_TMP/$h.err"
	) &
	pid=$!
	mw_pid[$h]=$pid
	mw_fd[$h]=$fd
	mw_steps[$h]=0
	mw_pids="$mw_pids $pid"
	MW_LAST=$h
	mw_poll "$h" '^ready' && return 0
	diag "$name did not print 'ready':" \
	    "$(cat "$MW_TMP/$h.out" "$MW_TMP/$h.err")"
	return 1
}

# Until the output of H has a line matching RE (0), or H has exited or
# $MW_TIMEOUT seconds have passed (1).
mw_poll() {
	local i

	for ((i = 0; i < MW_TIMEOUT * 20; i++)); do
		grep -Eq -- "$2" "$MW_TMP/$1.out" 2>/dev/null && return 0
		mw_exited "${mw_pid[$1]}" && break
		sleep 0.05
	done
	grep -Eq -- "$2" "$MW_TMP/$1.out" 2>/dev/null
}

step_sample() {
	local h n

	h=$(mw_handle "${1-}") || return 1
	n=$((mw_steps[$h] + 1))
	if [ -z "${mw_fd[$h]}" ]; then
		diag "$h: its input is already closed"
		return 1
	fi
	printf '\n' >&"${mw_fd[$h]}"
	if mw_poll "$h" "^step $n:"; then
		mw_steps[$h]=$n
		return 0
	fi
	diag "$h: no 'step $n:' line; its output:" \
	    "$(cat "$MW_TMP/$h.out" "$MW_TMP/$h.err")"
	return 1
}

# Reap child PID once it has exited (bounded); its status, or 124.
mw_reap() {
	local pid=$1 p f rest=

	wait_for mw_exited "$pid" || return 124
	wait "$pid"
	p=$?
	for f in $mw_pids; do
		[ "$f" = "$pid" ] || rest="$rest $f"
	done
	mw_pids=$rest
	return $p
}

stop_sample() {
	local h fd

	h=$(mw_handle "${1-}") || return 1
	fd=${mw_fd[$h]}
	if [ -n "$fd" ]; then
		exec {fd}>&-
		mw_fd[$h]=
	fi
	mw_reap "${mw_pid[$h]}"
}

signal_sample() {
	local h

	h=$(mw_handle "${2-}") || return 1
	kill -s "$1" "${mw_pid[$h]}" 2>/dev/null
	mw_reap "${mw_pid[$h]}"
}

sample_pid() {
	local h

	h=$(mw_handle "${1-}") || return 1
	echo "${mw_pid[$h]}"
}

sample_out() {
	local h

	h=$(mw_handle "${1-}") || return 1
	echo "$MW_TMP/$h.out"
}

step_line() {
	local h

	h=$(mw_handle "${2-}") || return 1
	grep -m1 "^step $1:" "$MW_TMP/$h.out"
}

step_addr() {
	local line a

	line=$(step_line "$1" "${3-}") || return 1
	if [ -n "${2-}" ]; then
		a=$(printf '%s\n' "$line" | grep -o "$2=0x[0-9a-f]*" | head -n1)
		a=${a#*=}
	else
		a=$(printf '%s\n' "$line" | grep -o '0x[0-9a-f]*' | head -n1)
	fi
	[ -n "$a" ] && echo "$a"
}

track_pid() {
	mw_tracked="$mw_tracked $*"
}

at_exit() {
	mw_at_exit+=("$1")
}

exited() {
	mw_exited "$1"
}

is_sleeping() {
	local p

	for p in "$1" $(pgrep -P "$1" 2>/dev/null); do
		case $(cat "/proc/$p/wchan" 2>/dev/null) in
		*nanosleep*) return 0 ;;
		esac
		# nanosleep and clock_nanosleep: x86-64 35, 230; arm64 101, 115
		case $(cut -d' ' -f1 "/proc/$p/syscall" 2>/dev/null) in
		35 | 230 | 101 | 115) return 0 ;;
		esac
	done
	return 1
}

is_stopped() {
	local stat

	stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
	stat=${stat##*) }
	[ "${stat%% *}" = T ]
}

reap() {
	local t=$MW_TIMEOUT

	if [ "${1-}" = -t ]; then
		t=$2
		shift 2
	fi
	if ! wait_for -t "$t" mw_exited "$1"; then
		diag "pid $1 did not exit within $t s: killed"
		kill -CONT "$1" 2>/dev/null
		kill -KILL "$1" 2>/dev/null
		wait "$1" 2>/dev/null
		return 124
	fi
	wait "$1"
}

stop_all() {
	local pid fd i all c

	for c in "${mw_at_exit[@]}"; do
		eval "$c"
	done
	mw_at_exit=()
	for fd in "${mw_fd[@]}"; do
		[ -n "$fd" ] && exec {fd}>&-
	done
	# Tracked pids are not our children: signal them only while they
	# exist (kill -0), never after reaping could have freed the pid.
	for pid in $mw_tracked; do
		kill -0 "$pid" 2>/dev/null && kill -TERM "$pid" 2>/dev/null
	done
	for pid in $mw_pids; do
		kill -TERM "$pid" 2>/dev/null
	done
	for ((i = 0; i < 50; i++)); do
		all=1
		for pid in $mw_pids; do
			mw_exited "$pid" || { all=0; break; }
		done
		[ "$all" = 1 ] && break
		sleep 0.1
	done
	for pid in $mw_tracked $mw_pids; do
		kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null
	done
	for pid in $mw_pids; do
		wait "$pid" 2>/dev/null
	done
	mw_pids=
	mw_tracked=
	rm -rf "$MW_TMP"
}

trap stop_all EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM

# ---- /proc readers ---------------------------------------------------

mw_hex16() { # 0x7f12 -> 0000000000007f12
	local h=${1#0x}

	h=${h,,}
	while [ ${#h} -lt 16 ]; do
		h=0$h
	done
	printf '%s\n' "$h"
}

# AWK program text: select the mapping holding address a (16 hex digits);
# string comparison of zero-padded hex, exact for 64-bit addresses in any
# awk. Then the caller's rules see `hit` and `hdr`.
mw_awk_vma='
function pad(h) { h = sprintf("%16s", h); gsub(/ /, "0", h); return h "" }
/^[0-9a-f]+-[0-9a-f]+ / {
	split($1, r, "-")
	hit = (pad(r[1]) <= a "") && (a "" < pad(r[2]))
	if (hit) { hdr = $0; found = 1 }
	next
}'

smaps_field() {
	local addr

	addr=$(mw_hex16 "$2")
	awk -v a="$addr" -v f="$3:" "$mw_awk_vma"'
	hit && $1 == f {
		sub(/^[^:]*:[ \t]*/, ""); sub(/ kB$/, ""); print; got = 1; exit
	}
	END { exit !got }' "/proc/$1/smaps"
}

smaps_header() {
	local addr

	addr=$(mw_hex16 "$2")
	awk -v a="$addr" "$mw_awk_vma"'
	END { if (found) print hdr; exit !found }' "/proc/$1/smaps"
}

smaps_start() {
	local h

	h=$(smaps_header "$1" "$2") || return 1
	h=${h%%-*}
	echo "0x$h"
}

smaps_end() {
	local h

	h=$(smaps_header "$1" "$2") || return 1
	h=${h%% *}
	echo "0x${h#*-}"
}

rollup_field() {
	awk -v f="$2:" '$1 == f { print $2; got = 1; exit }
	END { exit !got }' "/proc/$1/smaps_rollup"
}
