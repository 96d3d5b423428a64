#!/usr/bin/env bash
# Load benchmark of `ehe serve` on 127.0.0.1 (issue 5): GET one case (open + decrypt + durable audit entry)
# and POST a search (blind-index lookup, opening candidates, one audit entry per result), each side by side
# with /health/live of the same binary, with wrk at 32 connections.
#
#   Benchmarks/serve.sh DATA_DIR [CHILDREN] [SECONDS] [RUNS]
#
# DATA_DIR is a register made with `ehe demo seed` (release build: swift build -c release --product ehe).
# Needs wrk (Debian: apt-get install wrk). Prints requests/s and p50/p99 per run; take medians.
set -euo pipefail
cd "$(dirname "$0")/.."
data=${1:?usage: Benchmarks/serve.sh DATA_DIR [CHILDREN] [SECONDS] [RUNS]}
children=${2:-1000000}
seconds=${3:-10}
runs=${4:-3}
ehe=.build/release/ehe
port=18099
work=$(mktemp -d)
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true; rm -rf "$work"' EXIT

$ehe migrate --data-dir "$data" >/dev/null 2>&1 || true
token=$($ehe token create --name bench --role officer --days 1 --data-dir "$data" 2>/dev/null)
$ehe serve --data-dir "$data" --port $port --log-level warning >"$work/out" 2>"$work/log" &
server=$!
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/health/live" >/dev/null && break; sleep 0.1; done

cat >"$work/case.lua" <<LUA
wrk.headers["Authorization"] = "Bearer $token"
request = function()
  return wrk.format("GET", string.format("/api/v1/cases/EHE-%06d", math.random(1, $children)))
end
LUA
cat >"$work/search.lua" <<LUA
wrk.headers["Authorization"] = "Bearer $token"
wrk.headers["Content-Type"] = "application/json"
local surnames = {"Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Robinson", "Wright"}
request = function()
  local body = string.format('{"surname":"%s","dateOfBirth":"%04d-%02d-%02d"}',
    surnames[math.random(1, #surnames)], math.random(2009, 2020), math.random(1, 12), math.random(1, 28))
  return wrk.format("POST", "/api/v1/search", nil, body)
end
LUA

run() { # name, wrk arguments…
  local name=$1; shift
  wrk -t2 -c32 -d"${seconds}s" --latency "$@" | awk -v name="$name" '
    /Requests\/sec/ { rps = $2 }
    $1 == "50%" { p50 = $2 } $1 == "99%" { p99 = $2 }
    /Non-2xx/ { bad = $NF }
    END { printf "%-12s %10s req/s  p50 %8s  p99 %8s  non-2xx %s\n", name, rps, p50, p99, (bad == "" ? 0 : bad) }'
}

for i in $(seq 1 "$runs"); do
  run health "http://127.0.0.1:$port/health/live"
  run case -s "$work/case.lua" "http://127.0.0.1:$port"
  run search -s "$work/search.lua" "http://127.0.0.1:$port"
done
$ehe token list --data-dir "$data" 2>/dev/null | awk '$2 == "bench" && $NF == "live" { print $1 }' | while read -r id; do
  $ehe token revoke "$id" --data-dir "$data" >/dev/null 2>&1
done
