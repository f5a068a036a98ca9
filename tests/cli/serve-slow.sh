#!/bin/bash
# tests/cli/serve-slow.sh: serve under a slow-client attack, and --listen.
#
# 300 clients on 127.0.0.1 each send a header byte a second and never
# finish (tests/helpers/slowloris.py, bounded: it stops by itself). While
# they run, scrapes from another address (127.0.0.2, as Prometheus would
# come from its own) answer within 1 s each, and the server cuts the slow
# ones off (the header time bound). --listen takes only dotted-quad IPv4,
# bracketed IPv6 and names that resolve, and says what it bound.
. "${MW_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"

command -v python3 >/dev/null || skip_all "python3 is not installed"
command -v curl >/dev/null || skip_all "curl is not installed"
t=$MW_TMP
slow=$MW_SRCDIR/tests/helpers/slowloris.py

# ---- --listen ----------------------------------------------------------
for a in 0:9842 127.1:9842 2130706433:9842 0x7f.1:9842 01.2.3.4:9842 \
    ::1:9842 '[]:9842' '[::1]' 127.0.0.1:65536 'bad@name:1'; do
	timeout -k 1 5 "$MEMWATCH" serve --listen "$a" >"$t/out" 2>"$t/err"
	like "$?:$(cat "$t/err")" "^2:memwatch: --listen takes ADDRESS:PORT" \
	    "--listen $a: usage error, exit 2"
done
timeout -k 1 5 "$MEMWATCH" serve --listen no-such-host.invalid:0 >"$t/out" 2>"$t/err"
like "$?:$(cat "$t/err")" "^1:memwatch: cannot listen on no-such-host.invalid:0 \(the name does not resolve\)" \
    "--listen NAME that does not resolve: exit 1, says so"

start_serve() { # OUT ARGS...: start serve, wait for its line; sets sp
	local out=$1

	shift
	"$MEMWATCH" "$@" >"$out" 2>"$t/serve.err" &
	sp=$!
	track_pid "$sp"
	wait_for -t 10 grep -q '^serving' "$out"
}
stop_serve() {
	kill -TERM "$sp" 2>/dev/null
	reap -t 5 "$sp" 2>/dev/null
}

if getent hosts localhost >/dev/null; then
	start_serve "$t/name.out" serve --listen localhost:0 --interval 3600
	like "$(cat "$t/name.out")" '^serving http://(127\.0\.0\.1|\[::1\]):[0-9]+/metrics \(localhost:0\)' \
	    "--listen localhost:0 says the address it bound"
	stop_serve
else
	skip "localhost does not resolve here"
fi

# ---- slow clients --------------------------------------------------------
start_serve "$t/serve.out" serve --listen 127.0.0.1:0 --interval 3600 ||
	bail_out "serve did not start: $(cat "$t/serve.err")"
port=$(sed -n 's|^serving http://127.0.0.1:\([0-9]*\)/metrics.*|\1|p' "$t/serve.out")
scrape() { # one scrape from 127.0.0.2 within 1 s
	curl -s -m 1 --interface 127.0.0.2 -o /dev/null -w '%{http_code}' \
	    "http://127.0.0.1:$port/metrics"
}
is "$(scrape)" 200 "a scrape before the attack"
timeout -k 2 30 python3 "$slow" 127.0.0.1 "$port" 300 12 127.0.0.1 >"$t/slow.out" 2>&1 &
ap=$!
track_pid "$ap"
# The attack is on once its clients hold connections to the server.
attacking() { [ "$(ss -Htn state established "( dport = :$port )" | wc -l)" -ge 30 ]; }
wait_for -t 10 attacking
good=0 tries=0
while [ $tries -lt 8 ]; do
	[ "$(scrape)" = 200 ] && good=$((good + 1))
	tries=$((tries + 1))
	sleep 0.5
done
is "$good/$tries" "$tries/$tries" "every scrape during the attack answers within 1 s"
reap -t 40 "$ap"
diag "slow clients: $(cat "$t/slow.out")"
closed=$(sed -n 's/.* closed \([0-9]*\) .*/\1/p' "$t/slow.out")
cmp_ok "${closed:-0}" -ge 30 "the server cut slow clients off (header time bound)"
is "$(scrape)" 200 "a scrape after the attack"
ok "serve is still running" kill -0 "$sp"
stop_serve

done_testing
