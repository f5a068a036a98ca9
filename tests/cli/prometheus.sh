#!/bin/sh
# tests/cli/prometheus.sh: export and serve. The exposition passes promtool;
# the file mode writes atomically; serve negotiates the format, refuses
# other paths and methods, stays up and flat under 100 concurrent scrapes;
# a real Prometheus scrapes it and stores what 'zones --json --bytes' and
# 'PID snapshot --json' say, to the byte. Every process started here is
# stopped by pid, on failure too.
set -u
: "${MEMWATCH:?}" "${MW_SRCDIR:?}" "${MW_BUILDDIR:?}"
M=$MEMWATCH
tree=$MW_SRCDIR/samples/proc/debian12-6.18-a
hold=$MW_BUILDDIR/tests/helpers/pss-hold
n=0
failed=0
pids=""
tmp=$(mktemp -d "${TMPDIR:-/tmp}/mw-prom.XXXXXX")
cleanup() {
	for p in $pids; do kill "$p" 2>/dev/null; done
	for p in $pids; do wait "$p" 2>/dev/null; done
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

ok() { # ok STATUS NAME
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2"
		failed=$((failed + 1))
	fi
}
skip() { n=$((n + 1)); echo "ok $n # SKIP $1"; }
diag() { sed 's/^/# /' "$@"; }
has() { command -v "$1" >/dev/null 2>&1; }

for tool in jq curl; do
	has $tool || { echo "1..0 # SKIP $tool is not installed"; exit 0; }
done

# classic FILE: an OpenMetrics text as promtool (which reads the classic
# format only) expects it: a counter family's HELP and TYPE name its
# samples' "_total", and no UNIT or EOF lines. A classic text is unchanged.
classic() {
	awk '/^# UNIT / || /^# EOF$/ { next }
	/^# HELP / { help = $0; name = $3; next }
	/^# TYPE / {
		if (help != "" && $4 == "counter" && $3 !~ /_total$/) {
			sub("^# HELP " name, "# HELP " name "_total", help)
			$3 = $3 "_total"
		}
		if (help != "") print help
		help = ""
		print; next
	}
	{ print }' "$1"
}
# promtool_ok NAME FILE: promtool check metrics is silent and happy.
promtool_ok() {
	if ! has promtool; then
		skip "$1: promtool is not installed (Debian package prometheus)"
		return
	fi
	# The kernel's own vmstat names are kept as node_exporter keeps them,
	# even where promtool's lint takes a part for an abbreviated unit.
	classic "$2" | promtool check metrics 2>&1 |
	    grep -v '^node_vmstat_[a-z0-9_]* metric names should not contain abbreviated units$' >"$tmp/lint"
	st=0
	[ -s "$tmp/lint" ] && st=1
	ok $st "$1"
	diag "$tmp/lint" | head -10
}

# ---- export -------------------------------------------------------------

"$M" export >"$tmp/om" 2>"$tmp/err"
ok $? "export exits 0"
[ "$(tail -n 1 "$tmp/om")" = "# EOF" ]
ok $? "export: OpenMetrics ends with # EOF"
grep -q '^# UNIT memwatch_zone_free_bytes bytes$' "$tmp/om"
ok $? "export: UNIT lines"
promtool_ok "export: promtool check metrics" "$tmp/om"
"$M" export --format prometheus >"$tmp/txt"
ok $? "export --format prometheus exits 0"
! grep -q '^# EOF\|^# UNIT' "$tmp/txt"
ok $? "classic format: no # EOF, no UNIT"
promtool_ok "classic format: promtool check metrics" "$tmp/txt"
for fam in memwatch_memory_total_bytes memwatch_zone_watermark_low_bytes \
    memwatch_buddy_fragmentation_index memwatch_process_pss_bytes \
    memwatch_command_pss_bytes memwatch_scrape_unreadable; do
	grep -q "^$fam[{ ]" "$tmp/om"
	ok $? "export has $fam"
done
# Every family is announced once, by HELP and TYPE, before its samples.
# (A counter's samples are its name with "_total".)
awk '/^# TYPE/ { if (seen[$3]++) bad = 1; t[$3] = 1
		if ($4 == "counter") t[$3 "_total"] = 1; next }
	/^#/ { next }
	{ name = $1; sub(/\{.*/, "", name); if (!(name in t)) bad = 1 }
	END { exit bad }' "$tmp/om"
ok $? "export: one TYPE per family, before its samples"

# -o: written atomically (a temporary file renamed), readable by others.
mkdir "$tmp/tf"
"$M" export -o "$tmp/tf/memwatch.prom" --top 5
ok $? "export -o exits 0"
[ "$(tail -n 1 "$tmp/tf/memwatch.prom")" = "# EOF" ] &&
    [ "$(ls -A "$tmp/tf")" = "memwatch.prom" ] &&
    [ "$(stat -c %a "$tmp/tf/memwatch.prom")" = "$(printf '%o' $((0666 & ~$(umask))))" ]
ok $? "export -o: whole file, mode 0666 less the umask, no temporary file left"
[ "$(grep -c '^memwatch_process_pss_bytes{' "$tmp/tf/memwatch.prom")" -le 5 ]
ok $? "export --top 5: at most 5 processes one by one"
promtool_ok "export -o: promtool check metrics" "$tmp/tf/memwatch.prom"
echo keep >"$tmp/tf/keep.prom"
"$M" export -o "$tmp/tf/missing/dir.prom" 2>"$tmp/err"
[ $? -eq 1 ] && grep -q '^memwatch: cannot write' "$tmp/err"
ok $? "export -o into a missing directory: exit 1, one line"
"$M" export --top lots 2>/dev/null
[ $? -eq 2 ]
ok $? "export --top lots: usage error"

# Without privilege: the root-only sources are flagged and left out.
if [ "$(id -u)" -ne 0 ] || ! has runuser; then
	skip "export as nobody: needs root and runuser"
elif ! runuser -u nobody -- test -x "$M" 2>/dev/null; then
	skip "export as nobody: nobody cannot run $M (a directory above it is closed)"
else
	runuser -u nobody -- "$M" export >"$tmp/nobody.om" 2>"$tmp/err"
	st=$?
	[ $st -eq 0 ] &&
	    grep -q '^memwatch_scrape_unreadable{source="slabinfo"} 1$' "$tmp/nobody.om" &&
	    ! grep -q '^memwatch_slab_' "$tmp/nobody.om" &&
	    grep -q '^memwatch_processes{status="denied"} [1-9]' "$tmp/nobody.om"
	ok $? "export as nobody: slabinfo flagged unreadable, no slab series, denied processes counted"
	promtool_ok "export as nobody: promtool check metrics" "$tmp/nobody.om"
fi

# A captured tree: the same numbers as 'zones --json --bytes' reads there.
"$M" --proc-root "$tree" export >"$tmp/tree.om"
"$M" --proc-root "$tree" zones --json --bytes |
    jq -r '.zones[] | "memwatch_zone_free_bytes{node=\"\(.node)\",zone=\"\(.zone)\"} \(.free)",
	"memwatch_zone_watermark_low_bytes{node=\"\(.node)\",zone=\"\(.zone)\"} \(.low)"' |
    sort >"$tmp/want"
grep '^memwatch_zone_free_bytes{\|^memwatch_zone_watermark_low_bytes{' \
    "$tmp/tree.om" | sort >"$tmp/got"
[ -s "$tmp/want" ] && cmp -s "$tmp/want" "$tmp/got"
ok $? "captured tree: zone free and low watermark equal zones --json"
diff "$tmp/want" "$tmp/got" | head -5 | diag

# ---- serve --------------------------------------------------------------

# start_serve FILE ARGS...: start memwatch serve, its address into $addr.
start_serve() {
	out=$1
	shift
	: >"$out"
	"$M" "$@" >"$out" 2>&1 &
	spid=$!
	pids="$pids $spid"
	addr=""
	for _ in $(seq 50); do
		addr=$(sed -n 's|^serving http://\([^/]*\)/metrics.*|\1|p' "$out")
		[ -n "$addr" ] && return 0
		kill -0 "$spid" 2>/dev/null || break
		sleep 0.1
	done
	diag "$out"
	return 1
}

code() { curl -s -o /dev/null -w '%{http_code}' --max-time 10 "$@"; }

# One sample an hour: every scrape here is answered from the first one.
start_serve "$tmp/serve.out" serve --listen 127.0.0.1:0 --interval 3600
ok $? "serve starts on a free loopback port"
serve_pid=$spid
url=http://$addr

curl -s -D "$tmp/h" --max-time 10 "$url/metrics" >"$tmp/m"
grep -qi '^content-type: text/plain; version=0.0.4; charset=utf-8' "$tmp/h" &&
    ! grep -q '^# EOF' "$tmp/m" && grep -q '^memwatch_sample_age_seconds ' "$tmp/m"
ok $? "GET /metrics without Accept: classic text format, with the age"
promtool_ok "served classic text: promtool check metrics" "$tmp/m"
curl -s -D "$tmp/h" --max-time 10 -H \
    'Accept: application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5,*/*;q=0.1' \
    "$url/metrics" >"$tmp/m"
grep -qi '^content-type: application/openmetrics-text; version=1.0.0; charset=utf-8' "$tmp/h" &&
    [ "$(tail -n 1 "$tmp/m")" = "# EOF" ]
ok $? "Accept asks for OpenMetrics: OpenMetrics, ending in # EOF"
promtool_ok "served OpenMetrics: promtool check metrics" "$tmp/m"
curl -s --max-time 10 "$url/" | grep -q 'href="/metrics"'
ok $? "GET /: a page linking /metrics"
[ "$(code "$url/nope")" = 404 ]
ok $? "other paths: 404"
curl -s -D "$tmp/h" -o /dev/null --max-time 10 -X POST -d x=1 "$url/metrics"
grep -q '^HTTP/1.1 405' "$tmp/h" && grep -qi '^allow: GET, HEAD' "$tmp/h"
ok $? "POST /metrics: 405 with Allow"
[ "$(code -I "$url/metrics")" = 200 ]
ok $? "HEAD /metrics: 200"
curl -sv -o /dev/null -o /dev/null --max-time 10 "$url/metrics" "$url/metrics" \
    2>&1 | grep -qi 're-using existing connection'
ok $? "keep-alive: a second scrape reuses the connection"
big=$(head -c 40000 /dev/zero | tr '\0' a)
c=$(code -H "X-Big: $big" "$url/metrics")
[ "$c" -ge 400 ] 2>/dev/null
ok $? "a 40 KB header is refused ($c)"

# Slow readers hold their connections; a scrape beside them is answered.
for i in 1 2 3; do
	curl -s -o /dev/null --limit-rate 100 --max-time 30 "$url/metrics" &
	pids="$pids $!"
done
sleep 1
[ "$(code --max-time 5 "$url/metrics")" = 200 ]
ok $? "three slow readers do not block a scrape"

# Scrapes are answered from the sample, not sampled: one duration for all,
# an age that grows.
for i in 1 2 3 4 5; do
	curl -s --max-time 10 "$url/metrics" |
	    sed -n 's/^memwatch_sample_duration_seconds //p'
done | sort -u >"$tmp/durations"
[ "$(wc -l <"$tmp/durations")" -eq 1 ]
ok $? "5 scrapes are answered from one sample"
a1=$(curl -s --max-time 10 "$url/metrics" | sed -n 's/^memwatch_sample_age_seconds //p')
sleep 0.2
a2=$(curl -s --max-time 10 "$url/metrics" | sed -n 's/^memwatch_sample_age_seconds //p')
awk -v a="$a1" -v b="$a2" 'BEGIN { exit !(a > 0 && b > a) }'
ok $? "memwatch_sample_age_seconds grows between scrapes ($a1, $a2)"
kill -TERM "$serve_pid"
wait "$serve_pid"
ok $? "SIGTERM: serve exits 0"

if start_serve "$tmp/serve6.out" serve --listen '[::1]:0' --interval 3600; then
	c=$(code -g "http://$addr/metrics")
	[ "$c" = 200 ]
	ok $? "IPv6 loopback: [::1] serves /metrics"
	kill -TERM "$spid"
	wait "$spid"
elif grep -q 'cannot listen' "$tmp/serve6.out"; then
	skip "IPv6 loopback: no ::1 on this machine"
else
	ok 1 "IPv6 loopback: serve starts on [::1]"
fi

# A sample every second while 100 scrapers run.
start_serve "$tmp/serve.out" serve --listen 127.0.0.1:0 --interval 1
ok $? "serve --interval 1 starts"
serve_pid=$spid
url=http://$addr

# 100 concurrent scrapers for 10 seconds, each loop bounded.
rss() { awk '/^VmRSS:/ { print $2 }' "/proc/$serve_pid/status"; }
load() { # load SECONDS: 100 loops of curl until then
	end=$(($(date +%s) + $1))
	lp=""
	for k in $(seq 100); do
		(
			i=0
			while [ "$(date +%s)" -lt "$end" ] && [ $i -lt 500 ]; do
				code "$url/metrics"
				echo
				i=$((i + 1))
			done >"$tmp/load.$k"
		) &
		lp="$lp $!"
	done
	pids="$pids $lp"
	for p in $lp; do wait "$p"; done
}
load 2
rss0=$(rss)
load 10
sleep 1
rss1=$(rss)
cat "$tmp"/load.* >"$tmp/load"
total=$(grep -c . "$tmp/load")
good=$(grep -c '^200$' "$tmp/load")
echo "# load: $total scrapes, $good answered 200; VmRSS $rss0 kB -> $rss1 kB"
[ "$total" -ge 100 ] && [ "$good" -eq "$total" ]
ok $? "100 concurrent scrapers for 10 s: every scrape answered 200"
if ldd "$M" 2>/dev/null | grep -q libasan; then
	skip "server RSS under load: AddressSanitizer's quarantine holds freed memory"
else
	[ "$rss1" -le $((rss0 + 8192)) ]
	ok $? "server RSS flat under load (within 8 MiB)"
fi
kill -INT "$serve_pid"
wait "$serve_pid"
ok $? "SIGINT: serve exits 0"
"$M" serve --listen localhost 2>"$tmp/err"
[ $? -eq 2 ]
ok $? "--listen without a port: usage error"

# pagetypeinfo (about 10 ms of kernel time a read) at most once a minute:
# serve samples a copied tree every 0.2 s; once its pagetypeinfo changes,
# a sample taken after the change (its age says so) still shows the first
# read. With --pagetypeinfo-every 0 a later sample shows the change.
pti_scrape() { # pti_scrape ADDR: "pageblocks age" of one scrape
	curl -s --max-time 10 "http://$1/metrics" | awk '
	    /^memwatch_pagetype_pageblocks\{node="0",zone="Normal",type="Unmovable"\}/ { v = $2 }
	    /^memwatch_sample_age_seconds / { a = $2 }
	    END { print v, a }'
}
for every in 60 0; do
	rm -rf "$tmp/pti"
	cp -r "$tree" "$tmp/pti"
	chmod -R u+w "$tmp/pti"
	if ! start_serve "$tmp/pti.out" --proc-root "$tmp/pti" serve \
	    --listen 127.0.0.1:0 --interval 0.2 --pagetypeinfo-every "$every"; then
		ok 1 "serve --pagetypeinfo-every $every starts"
		continue
	fi
	first=$(pti_scrape "$addr")
	sed -i 's/^\(Node 0, zone   Normal  *\)54 /\199 /' "$tmp/pti/pagetypeinfo"
	t0=$(date +%s%N)
	got=""
	for _ in $(seq 100); do
		sleep 0.1
		set -- $(pti_scrape "$addr")
		since=$(( ($(date +%s%N) - t0) / 1000000 ))
		# a sample taken after the change: younger than the change
		if [ -n "${2:-}" ] && awk -v a="$2" -v s="$since" 'BEGIN { exit !(a * 1000 < s - 50) }'; then
			got=$1
			[ "$every" = 60 ] || [ "$got" = 99 ] && break
		fi
	done
	if [ "$every" = 60 ]; then
		[ "${first%% *}" = 54 ] && [ "$got" = 54 ]
		ok $? "serve: pagetypeinfo read once a minute, samples after it changed repeat it ($first, then $got)"
	else
		[ "${first%% *}" = 54 ] && [ "$got" = 99 ]
		ok $? "serve --pagetypeinfo-every 0: read at every sample ($first, then $got)"
	fi
	kill "$spid"
	wait "$spid" 2>/dev/null
done
"$M" serve --pagetypeinfo-every soon 2>"$tmp/err"
[ $? -eq 2 ] && grep -q -- '--pagetypeinfo-every takes seconds' "$tmp/err"
ok $? "--pagetypeinfo-every soon: usage error"

# ---- a real Prometheus --------------------------------------------------

if ! has prometheus || ! has promtool; then
	skip "prometheus is not installed (Debian package prometheus; scripts/setup installs it)"
	echo "1..$n"
	[ "$failed" -eq 0 ]
	exit
fi

promtool check rules "$MW_SRCDIR/contrib/alerts.yml" >"$tmp/rules" 2>&1
ok $? "contrib/alerts.yml: promtool check rules"
diag "$tmp/rules" | tail -3
jq -e '.panels | length > 0' "$MW_SRCDIR/contrib/grafana-dashboard.json" >/dev/null
ok $? "contrib/grafana-dashboard.json: valid JSON with panels"

"$hold" &
hpid=$!
pids="$pids $hpid"
start_serve "$tmp/live.out" serve --listen 127.0.0.1:0 --interval 1
ok $? "serve (live) starts"
live=$addr
start_serve "$tmp/cap.out" --proc-root "$tree" serve --listen 127.0.0.1:0 --interval 1
ok $? "serve (captured tree) starts"
cap=$addr

# prometheus on a free port (picked at random, tried three times).
prom=""
for try in 1 2 3; do
	port=$((20000 + ($$ * 7 + try * 7919 + $(date +%s)) % 40000))
	ss -ltn 2>/dev/null | grep -q ":$port " && continue
	cat >"$tmp/prometheus.yml" <<EOF
global:
  scrape_interval: 1s
  evaluation_interval: 1s
scrape_configs:
  - job_name: live
    static_configs:
      - targets: ['$live']
  - job_name: capture
    static_configs:
      - targets: ['$cap']
EOF
	rm -rf "$tmp/tsdb"
	prometheus --config.file="$tmp/prometheus.yml" \
	    --storage.tsdb.path="$tmp/tsdb" \
	    --web.listen-address="127.0.0.1:$port" >"$tmp/prom.log" 2>&1 &
	ppid_=$!
	pids="$pids $ppid_"
	for _ in $(seq 100); do
		if curl -s --max-time 2 "http://127.0.0.1:$port/-/ready" |
		    grep -qi ready; then
			prom=http://127.0.0.1:$port
			break
		fi
		kill -0 "$ppid_" 2>/dev/null || break
		sleep 0.2
	done
	[ -n "$prom" ] && break
	kill "$ppid_" 2>/dev/null
done
[ -n "$prom" ]
ok $? "prometheus starts on 127.0.0.1"
[ -n "$prom" ] || tail -5 "$tmp/prom.log" | diag

q() { # q PROMQL: the result vector as "labels value" lines (jq)
	curl -s --max-time 10 -G "$prom/api/v1/query" --data-urlencode "query=$1"
}
# Wait until both targets have been scraped at least 3 times.
for _ in $(seq 60); do
	c=$(q 'min(count_over_time(memwatch_sample_duration_seconds[1m]))' |
	    jq -r '.data.result[0].value[1] // 0')
	[ "${c:-0}" -ge 3 ] 2>/dev/null && break
	sleep 0.5
done
[ "${c:-0}" -ge 3 ] 2>/dev/null
ok $? "prometheus scraped both targets 3 times or more"
q 'up' | jq -e '[.data.result[] | .value[1]] == ["1", "1"]' >/dev/null
ok $? "both targets are up (the exposition parses)"

# The captured tree: every zone figure equals zones --json --bytes.
"$M" --proc-root "$tree" zones --json --bytes | jq -r '.zones[] |
	["free", "managed", "present", "spanned", "min", "low", "high"][] as $f |
	"\(.node) \(.zone) \($f) \(.[$f])"' | sort >"$tmp/want"
q '{job="capture",__name__=~"memwatch_zone_(free|managed|present|spanned|watermark_min|watermark_low|watermark_high)_bytes"}' |
    jq -r '.data.result[] | "\(.metric.node) \(.metric.zone) \(.metric.__name__ |
	sub("memwatch_zone_"; "") | sub("watermark_"; "") | sub("_bytes"; "")) \(.value[1])"' |
    sort >"$tmp/got"
[ "$(wc -l <"$tmp/want")" -ge 7 ] && cmp -s "$tmp/want" "$tmp/got"
ok $? "stored zone series (captured tree) equal zones --json --bytes"
diff "$tmp/want" "$tmp/got" | head -5 | diag

# Live: sizes and watermarks hold still (free does not, so it is bounded
# below). The kernel recomputes watermarks when memory or min_free_kbytes
# changes: a mismatch is looked at again, up to 3 times, 1.5 s apart, so
# only a state that never settles between a scrape and zones fails.
live_zones() {
	"$M" zones --json --bytes | jq -r '.zones[] |
	    ["managed", "present", "spanned", "min", "low", "high"][] as $f |
	    "\(.node) \(.zone) \($f) \(.[$f])"' | sort >"$tmp/want"
	q '{job="live",__name__=~"memwatch_zone_(managed|present|spanned|watermark_min|watermark_low|watermark_high)_bytes"}' |
	    jq -r '.data.result[] | "\(.metric.node) \(.metric.zone) \(.metric.__name__ |
	    sub("memwatch_zone_"; "") | sub("watermark_"; "") | sub("_bytes"; "")) \(.value[1])"' |
	    sort >"$tmp/got"
	[ -s "$tmp/want" ] && cmp -s "$tmp/want" "$tmp/got"
}
st=1
for try in 1 2 3; do
	live_zones && { st=0; break; }
	sleep 1.5
done
ok $st "stored zone sizes and watermarks (live) equal zones --json --bytes"
diff "$tmp/want" "$tmp/got" | head -5 | diag
q '{job="live",__name__="memwatch_zone_free_bytes"} <= on(node,zone) memwatch_zone_managed_bytes{job="live"}' |
    jq -e '.data.result | length > 0' >/dev/null
ok $? "live zone free is stored and within managed"

# The process started here: its stored PSS equals its snapshot's, to the byte.
want=$("$M" "$hpid" snapshot --json | jq -r '.totals.pss')
got=$(q "memwatch_process_pss_bytes{job=\"live\",pid=\"$hpid\"}" |
    jq -r '.data.result[0].value[1]')
echo "# pid $hpid: snapshot pss $want, stored $got"
[ "$want" -gt 33554432 ] 2>/dev/null && [ "$want" = "$got" ]
ok $? "stored PSS of a process holding 32 MiB equals PID snapshot's totals.pss"
got=$(q "memwatch_command_processes{job=\"live\",comm=\"pss-hold\"}" |
    jq -r '.data.result[0].value[1]')
# At least this one (another suite on the machine may hold one too).
[ "${got:-0}" -ge 1 ] 2>/dev/null
ok $? "the process is summed under its command name ($got)"

echo "1..$n"
[ "$failed" -eq 0 ]
