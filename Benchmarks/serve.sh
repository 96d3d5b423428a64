#!/usr/bin/env bash
# Load benchmark of `ehe serve` on 127.0.0.1 (issue 5): GET one case (open + decrypt + durable audit entry)
# and POST a search (blind-index lookup, opening candidates, one audit entry per result), each side by side
# with /health/live of the same binary, with wrk at 32 connections.
#
#   Benchmarks/serve.sh DATA_DIR [CHILDREN] [SECONDS] [RUNS]
#
# DATA_DIR is a register made with `ehe demo seed` (release build: swift build -c release --product ehe).
# Needs wrk (Debian: apt-get install wrk). Prints requests/s, p50/p99 and the server's CPU time per request
# for each run, then the medians and each route's throughput as a share of the health route's.
# EHE_JSON_ENCODER=foundation runs the service with Foundation's JSONEncoder instead of the streaming one
# (server.jsonEncoder), for the side-by-side comparison in docs/benchmarks.md.
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

# Each wrk thread seeds its own generator: unseeded, every thread and every run drew the same sequence, and
# a run read ~43,000 distinct cases over and over instead of cases from the whole register.
seed='local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
end
function init(args)
  math.randomseed(os.time() * 1000 + id * 7919)
end'
cat >"$work/case.lua" <<LUA
wrk.headers["Authorization"] = "Bearer $token"
$seed
request = function()
  return wrk.format("GET", string.format("/api/v1/cases/EHE-%06d", math.random(1, $children)))
end
LUA
cat >"$work/search.lua" <<LUA
wrk.headers["Authorization"] = "Bearer $token"
$seed
wrk.headers["Content-Type"] = "application/json"
local surnames = {"Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Robinson", "Wright"}
request = function()
  local body = string.format('{"surname":"%s","dateOfBirth":"%04d-%02d-%02d"}',
    surnames[math.random(1, #surnames)], math.random(2009, 2020), math.random(1, 12), math.random(1, 28))
  return wrk.format("POST", "/api/v1/search", nil, body)
end
LUA

# The development VM reclaims file pages left idle for about a minute (DAMON "pageout"), so a 1M-child
# register read at random is partly read from disk again on every run. Reading the files first keeps each
# run about the service, as on a server whose register stays in memory (there this is a no-op).
warm() { cat "$data"/*.sqlite* >/dev/null; }

# Steady state, not start-up: one warm-up pass of each route first (page caches, connections, JIT-free but
# cold caches all the same), not counted.
warm
for args in "http://127.0.0.1:$port/health/live" "-s $work/case.lua http://127.0.0.1:$port" "-s $work/search.lua http://127.0.0.1:$port"; do
  # shellcheck disable=SC2086
  wrk -t2 -c32 -d3s $args >/dev/null
done

cpu() { awk '{ print $14 + $15 }' "/proc/$server/stat"; } # server CPU time so far, in clock ticks

run() { # name, wrk arguments…
  local name=$1; shift
  local before after
  before=$(cpu)
  wrk -t2 -c32 -d"${seconds}s" --latency "$@" >"$work/wrk.out"
  after=$(cpu)
  awk -v name="$name" -v ticks=$((after - before)) -v hz="$(getconf CLK_TCK)" '
    /requests in/ { n = $1 }
    /Requests\/sec/ { rps = $2 }
    $1 == "50%" { p50 = $2 } $1 == "99%" { p99 = $2 }
    /Non-2xx/ { bad = $NF }
    END { printf "%-8s %10s req/s  p50 %8s  p99 %8s  server CPU %4.0f µs/request  non-2xx %s\n", name, rps, p50, p99,
          ticks / hz * 1e6 / n, (bad == "" ? 0 : bad) }' "$work/wrk.out" | tee -a "$work/results"
}

for i in $(seq 1 "$runs"); do
  warm
  run health "http://127.0.0.1:$port/health/live"
  warm
  run case -s "$work/case.lua" "http://127.0.0.1:$port"
  warm
  run search -s "$work/search.lua" "http://127.0.0.1:$port"
done

# Medians of each route, and each route's throughput as a share of the health route's.
echo "medians of $runs runs:"
awk '
  function ms(text) { if (text ~ /us$/) return text / 1000; if (text ~ /ms$/) return text + 0; return text * 1000 }
  { rps[$1, ++count[$1]] = $2; p50[$1, count[$1]] = ms($5); p99[$1, count[$1]] = ms($7); cpu[$1, count[$1]] = $10 }
  function median(array, name,    n, i, j, v, t) {
    n = count[name]; for (i = 1; i <= n; i++) v[i] = array[name, i]
    for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t }
    return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
  }
  END {
    health = median(rps, "health")
    split("health case search", names, " ")
    for (k = 1; k <= 3; k++) {
      name = names[k]
      printf "%-8s %10.0f req/s  p50 %6.2f ms  p99 %6.2f ms  server CPU %4.0f µs/request  ratio to health %.3f\n",
        name, median(rps, name), median(p50, name), median(p99, name), median(cpu, name), median(rps, name) / health
    }
  }' "$work/results"

$ehe token list --data-dir "$data" 2>/dev/null | awk '$2 == "bench" && $NF == "live" { print $1 }' | while read -r id; do
  $ehe token revoke "$id" --data-dir "$data" >/dev/null 2>&1
done
