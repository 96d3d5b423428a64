#!/usr/bin/env bash
# Page render benchmark (issue 7): server time of the officers' pages on a large register, measured by curl
# on 127.0.0.1 one request at a time (time to the last byte), medians and 95th percentiles.
#
#   Benchmarks/pages.sh DATA_DIR [CHILDREN] [REQUESTS]
#
# Pages: the case list (page 1 and a filtered list), a case page (random cases: opened, due items, audit
# entry written), My work, and the dashboard with its aggregates cached (the first, uncached request is
# reported separately). The bench user is officer4, a manager who has 125,000 of the demo register's cases.
set -euo pipefail
cd "$(dirname "$0")/.."
data=${1:?usage: Benchmarks/pages.sh DATA_DIR [CHILDREN] [REQUESTS]}
children=${2:-1000000}
requests=${3:-100}
ehe=.build/release/ehe
port=18093
work=$(mktemp -d)
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true; $ehe user disable officer4 --data-dir "$data" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT

$ehe migrate --data-dir "$data" >/dev/null 2>&1 || true
password=bench-password-$RANDOM$RANDOM
$ehe user add officer4 --role manager --password-stdin --data-dir "$data" <<<"$password" >/dev/null 2>&1 \
  || { $ehe user enable officer4 --data-dir "$data" >/dev/null 2>&1; $ehe user reset-password officer4 --password-stdin --data-dir "$data" <<<"$password" >/dev/null 2>&1; }
$ehe serve --data-dir "$data" --port $port --log-level warning >"$work/out" 2>"$work/log" &
server=$!
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/health/live" >/dev/null && break; sleep 0.1; done
curl -s -c "$work/jar" -o /dev/null -d "name=officer4&password=$password" "http://127.0.0.1:$port/sign-in"

measure() { # name, path-generator command
  local name=$1; shift
  for _ in $(seq 1 "$requests"); do
    curl -s -b "$work/jar" -o /dev/null -w "%{http_code} %{time_total}\n" "http://127.0.0.1:$port$("$@")"
  done >"$work/$name"
  awk -v name="$name" '$1 != 200 { bad++ } { print $2 * 1000 }
    END { if (bad) printf "%s: %d non-200 answers\n", name, bad > "/dev/stderr" }' "$work/$name" | sort -n |
    awk -v name="$name" '{ a[NR] = $1 } END { printf "%-22s median %7.1f ms   p95 %7.1f ms   max %7.1f ms  (%d requests)\n", name, a[int((NR + 1) / 2)], a[int(NR * 0.95)], a[NR], NR }'
}
list() { echo "/cases"; }
filtered() { echo "/cases?status=open&ehcp=yes&page=3"; }
case_page() { printf "/cases/EHE-%06d" $(( (RANDOM * 32768 + RANDOM) % children + 1 )); }
work() { echo "/my-work"; }
dashboard() { echo "/dashboard"; }

first=$(curl -s -b "$work/jar" -o /dev/null -w "%{time_total}" "http://127.0.0.1:$port/dashboard")
awk -v t="$first" 'BEGIN { printf "%-22s %7.1f ms (counting every child once, then cached)\n", "dashboard, first", t * 1000 }'
measure "case list, page 1" list
measure "case list, filtered" filtered
measure "case page" case_page
measure "my work" work
measure "dashboard, cached" dashboard
