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
. "$MW_SRCDIR/tests/cli/lib.sh"
tmp=$MW_TMP
has() { command -v "$1" >/dev/null 2>&1; }

for tool in jq curl; do
	has $tool || skip_all "$tool is not installed"
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
	is "$st" 0 "$1"
	head -10 "$tmp/lint" | diag
}

# ---- export -------------------------------------------------------------

"$M" export >"$tmp/om" 2>"$tmp/err"
is $? 0 "export exits 0"
[ "$(tail -n 1 "$tmp/om")" = "# EOF" ]
is $? 0 "export: OpenMetrics ends with # EOF"
grep -q '^# UNIT memwatch_zone_free_bytes bytes$' "$tmp/om"
is $? 0 "export: UNIT lines"
promtool_ok "export: promtool check metrics" "$tmp/om"
"$M" export --format prometheus >"$tmp/txt"
is $? 0 "export --format prometheus exits 0"
! grep -q '^# EOF\|^# UNIT' "$tmp/txt"
is $? 0 "classic format: no # EOF, no UNIT"
promtool_ok "classic format: promtool check metrics" "$tmp/txt"
for fam in memwatch_memory_total_bytes memwatch_zone_watermark_low_bytes \
    memwatch_buddy_fragmentation_index memwatch_process_pss_bytes \
    memwatch_command_pss_bytes memwatch_scrape_unreadable; do
	grep -q "^$fam[{ ]" "$tmp/om"
	is $? 0 "export has $fam"
done
# Every family is announced once, by HELP and TYPE, before its samples.
# (A counter's samples are its name with "_total".)
awk '/^# TYPE/ { if (seen[$3]++) bad = 1; t[$3] = 1
		if ($4 == "counter") t[$3 "_total"] = 1; next }
	/^#/ { next }
	{ name = $1; sub(/\{.*/, "", name); if (!(name in t)) bad = 1 }
	END { exit bad }' "$tmp/om"
is $? 0 "export: one TYPE per family, before its samples"

# -o: written atomically (a temporary file renamed), readable by others.
mkdir "$tmp/tf"
"$M" export -o "$tmp/tf/memwatch.prom" --top 5
is $? 0 "export -o exits 0"
[ "$(tail -n 1 "$tmp/tf/memwatch.prom")" = "# EOF" ] &&
    [ "$(ls -A "$tmp/tf")" = "memwatch.prom" ] &&
    [ "$(stat -c %a "$tmp/tf/memwatch.prom")" = "$(printf '%o' $((0666 & ~$(umask))))" ]
is $? 0 "export -o: whole file, mode 0666 less the umask, no temporary file left"
[ "$(grep -c '^memwatch_process_pss_bytes{' "$tmp/tf/memwatch.prom")" -le 5 ]
is $? 0 "export --top 5: at most 5 processes one by one"
promtool_ok "export -o: promtool check metrics" "$tmp/tf/memwatch.prom"
echo keep >"$tmp/tf/keep.prom"
"$M" export -o "$tmp/tf/missing/dir.prom" 2>"$tmp/err"
[ $? -eq 1 ] && grep -q '^memwatch: cannot write' "$tmp/err"
is $? 0 "export -o into a missing directory: exit 1, one line"
"$M" export --top lots 2>/dev/null
[ $? -eq 2 ]
is $? 0 "export --top lots: usage error"

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
	is $? 0 "export as nobody: slabinfo flagged unreadable, no slab series, denied processes counted"
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
is $? 0 "captured tree: zone free and low watermark equal zones --json"
diff "$tmp/want" "$tmp/got" | head -5 | diag

# ---- serve --------------------------------------------------------------

# serving FILE: serve said its address (into $addr), or fail; stop
# polling once serve has exited (then $addr is empty).
serving() {
	addr=$(sed -n 's|^serving http://\([^/]*\)/metrics.*|\1|p' "$1")
	[ -n "$addr" ] && return 0
	exited "$spid"
}

# start_serve FILE ARGS...: start memwatch serve, its address into $addr.
start_serve() {
	out=$1
	shift
	: >"$out"
	"$M" "$@" >"$out" 2>&1 &
	spid=$!
	track_pid "$spid"
	addr=""
	wait_for -t 20 serving "$out"
	[ -n "$addr" ] && return 0
	diag <"$out"
	return 1
}

code() { curl -s -o /dev/null -w '%{http_code}' --max-time 10 "$@"; }

# One sample an hour: every scrape here is answered from the first one.
start_serve "$tmp/serve.out" serve --listen 127.0.0.1:0 --interval 3600
is $? 0 "serve starts on a free loopback port"
serve_pid=$spid
url=http://$addr

curl -s -D "$tmp/h" --max-time 10 "$url/metrics" >"$tmp/m"
grep -qi '^content-type: text/plain; version=0.0.4; charset=utf-8' "$tmp/h" &&
    ! grep -q '^# EOF' "$tmp/m" && grep -q '^memwatch_sample_age_seconds ' "$tmp/m"
is $? 0 "GET /metrics without Accept: classic text format, with the age"
promtool_ok "served classic text: promtool check metrics" "$tmp/m"
curl -s -D "$tmp/h" --max-time 10 -H \
    'Accept: application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5,*/*;q=0.1' \
    "$url/metrics" >"$tmp/m"
grep -qi '^content-type: application/openmetrics-text; version=1.0.0; charset=utf-8' "$tmp/h" &&
    [ "$(tail -n 1 "$tmp/m")" = "# EOF" ]
is $? 0 "Accept asks for OpenMetrics: OpenMetrics, ending in # EOF"
promtool_ok "served OpenMetrics: promtool check metrics" "$tmp/m"
curl -s --max-time 10 "$url/" | grep -q 'href="/metrics"'
is $? 0 "GET /: a page linking /metrics"
[ "$(code "$url/nope")" = 404 ]
is $? 0 "other paths: 404"
curl -s -D "$tmp/h" -o /dev/null --max-time 10 -X POST -d x=1 "$url/metrics"
grep -q '^HTTP/1.1 405' "$tmp/h" && grep -qi '^allow: GET, HEAD' "$tmp/h"
is $? 0 "POST /metrics: 405 with Allow"
[ "$(code -I "$url/metrics")" = 200 ]
is $? 0 "HEAD /metrics: 200"
curl -sv -o /dev/null -o /dev/null --max-time 10 "$url/metrics" "$url/metrics" \
    2>&1 | grep -qi 're-using existing connection'
is $? 0 "keep-alive: a second scrape reuses the connection"
big=$(head -c 40000 /dev/zero | tr '\0' a)
c=$(code -H "X-Big: $big" "$url/metrics")
[ "$c" -ge 400 ] 2>/dev/null
is $? 0 "a 40 KB header is refused ($c)"

# Slow readers hold their connections; a scrape beside them is answered.
for i in 1 2 3; do
	curl -s -o /dev/null --limit-rate 100 --max-time 30 "$url/metrics" &
	track_pid $!
done
# Until the three are connected (ss counts the established connections).
slow_in() { [ "$(ss -Htn state established "( dport = :${addr##*:} )" | wc -l)" -ge 3 ]; }
wait_for -t 10 slow_in
[ "$(code --max-time 5 "$url/metrics")" = 200 ]
is $? 0 "three slow readers do not block a scrape"

# Scrapes are answered from the sample, not sampled: one duration for all,
# an age that grows.
for i in 1 2 3 4 5; do
	curl -s --max-time 10 "$url/metrics" |
	    sed -n 's/^memwatch_sample_duration_seconds //p'
done | sort -u >"$tmp/durations"
[ "$(wc -l <"$tmp/durations")" -eq 1 ]
is $? 0 "5 scrapes are answered from one sample"
age() { curl -s --max-time 10 "$url/metrics" | sed -n 's/^memwatch_sample_age_seconds //p'; }
a1=$(age)
grew() { a2=$(age); awk -v a="$a1" -v b="$a2" 'BEGIN { exit !(a > 0 && b > a) }'; }
wait_for -t 5 grew
is $? 0 "memwatch_sample_age_seconds grows between scrapes ($a1, $a2)"
kill -TERM "$serve_pid"
reap "$serve_pid"
is $? 0 "SIGTERM: serve exits 0"

if start_serve "$tmp/serve6.out" serve --listen '[::1]:0' --interval 3600; then
	c=$(code -g "http://$addr/metrics")
	[ "$c" = 200 ]
	is $? 0 "IPv6 loopback: [::1] serves /metrics"
	kill -TERM "$spid"
	reap "$spid"
elif grep -q 'cannot listen' "$tmp/serve6.out"; then
	skip "IPv6 loopback: no ::1 on this machine"
else
	ok "IPv6 loopback: serve starts on [::1]" false
fi

# A sample every second while 100 scrapers run.
start_serve "$tmp/serve.out" serve --listen 127.0.0.1:0 --interval 1
is $? 0 "serve --interval 1 starts"
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
	track_pid $lp
	for p in $lp; do reap -t $(($1 + 40)) "$p"; done
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
is $? 0 "100 concurrent scrapers for 10 s: every scrape answered 200"
if ldd "$M" 2>/dev/null | grep -q libasan; then
	skip "server RSS under load: AddressSanitizer's quarantine holds freed memory"
else
	[ "$rss1" -le $((rss0 + 8192)) ]
	is $? 0 "server RSS flat under load (within 8 MiB)"
fi
kill -INT "$serve_pid"
reap "$serve_pid"
is $? 0 "SIGINT: serve exits 0"
"$M" serve --listen localhost 2>"$tmp/err"
[ $? -eq 2 ]
is $? 0 "--listen without a port: usage error"

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
		ok "serve --pagetypeinfo-every $every starts" false
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
		is $? 0 "serve: pagetypeinfo read once a minute, samples after it changed repeat it ($first, then $got)"
	else
		[ "${first%% *}" = 54 ] && [ "$got" = 99 ]
		is $? 0 "serve --pagetypeinfo-every 0: read at every sample ($first, then $got)"
	fi
	kill "$spid"
	reap "$spid" 2>/dev/null
done
"$M" serve --pagetypeinfo-every soon 2>"$tmp/err"
[ $? -eq 2 ] && grep -q -- '--pagetypeinfo-every takes seconds' "$tmp/err"
is $? 0 "--pagetypeinfo-every soon: usage error"

# ---- a real Prometheus --------------------------------------------------

if ! has prometheus || ! has promtool; then
	skip "prometheus is not installed (Debian package prometheus; scripts/setup installs it)"
	done_testing
fi

promtool check rules "$MW_SRCDIR/contrib/alerts.yml" >"$tmp/rules" 2>&1
is $? 0 "contrib/alerts.yml: promtool check rules"
tail -3 "$tmp/rules" | diag
jq -e '.panels | length > 0' "$MW_SRCDIR/contrib/grafana-dashboard.json" >/dev/null
is $? 0 "contrib/grafana-dashboard.json: valid JSON with panels"

"$hold" &
hpid=$!
track_pid "$hpid"
start_serve "$tmp/live.out" serve --listen 127.0.0.1:0 --interval 1
is $? 0 "serve (live) starts"
live=$addr
start_serve "$tmp/cap.out" --proc-root "$tree" serve --listen 127.0.0.1:0 --interval 1
is $? 0 "serve (captured tree) starts"
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
	track_pid "$ppid_"
	prom_ready() {
		exited "$ppid_" && return 0
		curl -s --max-time 2 "http://127.0.0.1:$port/-/ready" |
		    grep -qi ready && prom=http://127.0.0.1:$port
	}
	wait_for -t 30 prom_ready
	[ -n "$prom" ] && break
	kill "$ppid_" 2>/dev/null
	reap -t 10 "$ppid_" 2>/dev/null
done
[ -n "$prom" ]
is $? 0 "prometheus starts on 127.0.0.1"
[ -n "$prom" ] || tail -5 "$tmp/prom.log" | diag

q() { # q PROMQL: the result vector as "labels value" lines (jq)
	curl -s --max-time 10 -G "$prom/api/v1/query" --data-urlencode "query=$1"
}
# Wait until both targets have been scraped at least 3 times.
scraped3() {
	c=$(q 'min(count_over_time(memwatch_sample_duration_seconds[1m]))' |
	    jq -r '.data.result[0].value[1] // 0')
	[ "${c:-0}" -ge 3 ] 2>/dev/null
}
wait_for -t 60 scraped3
[ "${c:-0}" -ge 3 ] 2>/dev/null
is $? 0 "prometheus scraped both targets 3 times or more"
q 'up' | jq -e '[.data.result[] | .value[1]] == ["1", "1"]' >/dev/null
is $? 0 "both targets are up (the exposition parses)"

# The captured tree: every zone figure equals zones --json --bytes.
"$M" --proc-root "$tree" zones --json --bytes | jq -r '.zones[] |
	["free", "managed", "present", "spanned", "min", "low", "high"][] as $f |
	"\(.node) \(.zone) \($f) \(.[$f])"' | sort >"$tmp/want"
q '{job="capture",__name__=~"memwatch_zone_(free|managed|present|spanned|watermark_min|watermark_low|watermark_high)_bytes"}' |
    jq -r '.data.result[] | "\(.metric.node) \(.metric.zone) \(.metric.__name__ |
	sub("memwatch_zone_"; "") | sub("watermark_"; "") | sub("_bytes"; "")) \(.value[1])"' |
    sort >"$tmp/got"
[ "$(wc -l <"$tmp/want")" -ge 7 ] && cmp -s "$tmp/want" "$tmp/got"
is $? 0 "stored zone series (captured tree) equal zones --json --bytes"
diff "$tmp/want" "$tmp/got" | head -5 | diag

# Live: sizes and watermarks hold still (free does not, so it is bounded
# below). The kernel recomputes watermarks when memory or min_free_kbytes
# changes: a mismatch is looked at again for up to 5 s, so
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
wait_for -t 5 live_zones
is $? 0 "stored zone sizes and watermarks (live) equal zones --json --bytes"
diff "$tmp/want" "$tmp/got" | head -5 | diag
q '{job="live",__name__="memwatch_zone_free_bytes"} <= on(node,zone) memwatch_zone_managed_bytes{job="live"}' |
    jq -e '.data.result | length > 0' >/dev/null
is $? 0 "live zone free is stored and within managed"

# The process started here: its stored PSS equals its snapshot's, to the byte.
want=$("$M" "$hpid" snapshot --json | jq -r '.totals.pss')
got=$(q "memwatch_process_pss_bytes{job=\"live\",pid=\"$hpid\"}" |
    jq -r '.data.result[0].value[1]')
echo "# pid $hpid: snapshot pss $want, stored $got"
[ "$want" -gt 33554432 ] 2>/dev/null && [ "$want" = "$got" ]
is $? 0 "stored PSS of a process holding 32 MiB equals PID snapshot's totals.pss"
got=$(q "memwatch_command_processes{job=\"live\",comm=\"pss-hold\"}" |
    jq -r '.data.result[0].value[1]')
# At least this one (another suite on the machine may hold one too).
[ "${got:-0}" -ge 1 ] 2>/dev/null
is $? 0 "the process is summed under its command name ($got)"

done_testing
