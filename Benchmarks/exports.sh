#!/usr/bin/env bash
# Export benchmark (issue 6): each `ehe export` on a register, keyring removed, beside the raw SQL GROUP BY
# queries giving the same live breakdowns (sqlite3 CLI), run alternately; prints every run's wall time and
# peak memory and the medians.
#
#   Benchmarks/exports.sh DATA_DIR [RUNS] [AS_OF]
#
# DATA_DIR: a register made with `ehe demo seed` (release build: swift build -c release --product ehe).
set -euo pipefail
cd "$(dirname "$0")/.."
data=${1:?usage: Benchmarks/exports.sh DATA_DIR [RUNS] [AS_OF]}
runs=${2:-5}
asof=${3:-2026-11-30}
ehe=.build/release/ehe
db="$data/register.sqlite"
out=$(mktemp -d)
keyring_away="$out/keyring.json"
[ -f "$data/keyring.json" ] && mv "$data/keyring.json" "$keyring_away"
trap '[ -f "$keyring_away" ] && mv "$keyring_away" "$data/keyring.json"; rm -rf "$out"' EXIT
year=$(( ${asof:0:4} - (10#${asof:5:2} < 9 ? 1 : 0) ))

# Live EHE on the date: an episode covering it, of compulsory school age, living in the LA.
live="FROM child c JOIN episode e ON e.child_id = c.id
  WHERE e.start_date <= '$asof' AND (e.end_date IS NULL OR e.end_date >= '$asof')
    AND c.csa_start <= '$asof' AND c.csa_end >= '$asof' AND c.lives_in_la = 1"
yeargroup="($year - c.birth_academic_year - 5)"
census_sql="SELECT c.sex, COUNT(*) $live GROUP BY c.sex;
SELECT $yeargroup, COUNT(*) $live GROUP BY 1;
SELECT e.primary_reason, COUNT(*) $live GROUP BY 1;"
dashboard_sql="$census_sql
SELECT c.sen_provision, COUNT(*) $live GROUP BY 1;
SELECT c.planning_area, COUNT(*) $live GROUP BY 1;
SELECT e.previous_school_type, COUNT(*) $live GROUP BY 1;
SELECT s.flag, COUNT(DISTINCT c.id) FROM child c JOIN episode e ON e.child_id = c.id
  JOIN social_care_status s ON s.child_id = c.id AND s.from_date <= '$asof' AND (s.to_date IS NULL OR s.to_date >= '$asof')
  WHERE e.start_date <= '$asof' AND (e.end_date IS NULL OR e.end_date >= '$asof')
    AND c.csa_start <= '$asof' AND c.csa_end >= '$asof' AND c.lives_in_la = 1 GROUP BY 1;"
planning_sql="SELECT c.planning_area, $yeargroup, COUNT(*) $live GROUP BY 1, 2;"

timed() { # label, command…  → "seconds peakKB"
  /usr/bin/time -f "%e %M" -o "$out/time" "$@" >/dev/null 2>&1
  cat "$out/time"
}
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

declare -A results
for i in $(seq 1 "$runs"); do
  for name in dashboard census planning; do
    case $name in
      dashboard) read -r s m < <(timed $ehe export dashboard --as-of "$asof" --disclosure suppress --data-dir "$data" --out "$out/x")
                 read -r rs _ < <(timed sqlite3 "$db" "$dashboard_sql") ;;
      census)    read -r s m < <(timed $ehe export dfe-census --term autumn --year "$year/$(( (year + 1) % 100 ))" --data-dir "$data" --out "$out/x")
                 read -r rs _ < <(timed sqlite3 "$db" "$census_sql") ;;
      planning)  read -r s m < <(timed $ehe export place-planning --as-of "$asof" --disclosure suppress --data-dir "$data" --out "$out/x")
                 read -r rs _ < <(timed sqlite3 "$db" "$planning_sql") ;;
    esac
    printf "run %d %-10s ehe %6.2f s %6d KB   raw %6.2f s\n" "$i" "$name" "$s" "$m" "$rs"
    results[$name.ehe]+="$s "; results[$name.raw]+="$rs "; results[$name.mem]+="$m "
  done
done
echo "medians:"
for name in dashboard census planning; do
  e=$(tr ' ' '\n' <<<"${results[$name.ehe]}" | grep . | median)
  r=$(tr ' ' '\n' <<<"${results[$name.raw]}" | grep . | median)
  m=$(tr ' ' '\n' <<<"${results[$name.mem]}" | grep . | median)
  awk -v n="$name" -v e="$e" -v r="$r" -v m="$m" 'BEGIN { printf "%-10s ehe %.2f s (%d MB)  raw %.2f s  ratio %.2f\n", n, e, m / 1024, r, e / r }'
done
