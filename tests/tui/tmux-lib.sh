# tests/tui/tmux-lib.sh: the live view under tmux, for tests/tui/*.sh.
# Sourced after tests/cli/lib.sh (TAP, wait_for, at_exit):
#
#	. "${MW_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"
#	. "$MW_SRCDIR/tests/tui/tmux-lib.sh"
#	tmux_start 100 30 --color=never
#	ok "the title appears" pane_wait '^memwatch top - '
#
# Skips the whole test when tmux is missing. Each test has a tmux server of
# its own (socket mwtui-NAME-PID), killed at exit.
#
#   T ARG...                   tmux on this test's server
#   tmux_start W H ARG...      a W x H session running $MW_TOP_RUN: memwatch
#                              top -d 0.3 ARG..., then "EXIT=status" and
#                              the tty's icanon/echo modes on one line
#   tmux_restart W H ARG...    kill the server, start a new one
#   pane_capture [-e]          the pane into $MW_PANE (-e: with escapes)
#   pane_wait PATTERN [SEC]    poll the pane (bounded, default 10 s) until
#                              grep -E finds PATTERN; on timeout print the
#                              pane as diagnostics and fail
#   pane_rows                  the number of process rows in $MW_PANE
#   esc                        Escape, then wait out ncurses' ESCDELAY (a
#                              key within it would make it Alt-key)
#   send_filter TEXT           "/" and TEXT in two tmux calls, so that no
#                              tmux client's own command line holds TEXT
#                              and matches the filter (Enter is the
#                              caller's)

if ! command -v tmux >/dev/null 2>&1; then
	skip_all "tmux is not installed (apt-get install tmux)"
fi

MW_TUI_NAME=$(basename "$0" .sh)
mw_tmux_sock=mwtui-$MW_TUI_NAME-$$
mw_tmux_n=0
MW_PANE=$MW_TMP/pane
MW_TOP_RUN='"$0" top -d 0.3 "$@"; echo "EXIT=$?"; stty -a | tr " " "\n" | grep -Ex -- "-?(icanon|echo)" | tr -d "\n"; echo; sleep 600'

T() {
	tmux -L "$mw_tmux_sock" "$@"
}

at_exit 'T kill-server 2>/dev/null'

tmux_start() {
	local w=$1 h=$2

	shift 2
	T new-session -d -x "$w" -y "$h" sh -c "$MW_TOP_RUN" "$MEMWATCH" "$@"
}

tmux_restart() {
	T kill-server 2>/dev/null
	mw_tmux_n=$((mw_tmux_n + 1))
	mw_tmux_sock=mwtui-$MW_TUI_NAME-$$-$mw_tmux_n
	tmux_start "$@"
}

pane_capture() {
	T capture-pane -p "$@" >"$MW_PANE" 2>/dev/null
}

mw_pane_has() {
	pane_capture && grep -Eq -- "$1" "$MW_PANE"
}

pane_wait() {
	wait_for -t "${2:-10}" mw_pane_has "$1" && return 0
	diag "timed out waiting for '$1'; the pane was:"
	diag "$(sed 's/^/  /' "$MW_PANE")"
	return 1
}

# pane_page_to PATTERN: page up from where the view is, a page at a time
# (at most 10), until PATTERN is on screen; the pane shown when it is not.
pane_page_to() {
	local i

	for i in 1 2 3 4 5 6 7 8 9 10; do
		wait_for -t 2 mw_pane_has "$1" && return 0
		T send-keys PPage
	done
	pane_wait "$1"
}

pane_rows() {
	grep -Ec '^ +[0-9]+ ' "$MW_PANE"
}

esc() {
	T send-keys Escape
	sleep 0.2	# ESCDELAY is a time, not an event: nothing to poll
}

send_filter() {
	local half=$((${#1} / 2))

	T send-keys / "${1:0:half}"
	T send-keys "${1:half}"
}
