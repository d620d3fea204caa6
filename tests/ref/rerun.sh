#!/usr/bin/env bash
# rerun.sh - does `stagematch rerun` change the fewest aiossen?
#
# Usage: tests/ref/rerun.sh ./stagematch
#
# For every re-run case (tests/cases/rerun_* whose expected exit is 0), runs stagematch and the independent reference
# tests/tools/rerun_ref.py (CBC) on the same input folder, previous letters,
# date and swaps (the swaps stagematch applied), and compares the number of
# aiossen changed (summary.json "rerun.changed") and the total cost
# ("objective") with the reference's min_changed and cost; then the same for
# six seeded swap weeks on generated instances (20 aiossen, 15 sites).
# Prints `rerun-ref: N passed, M failed`; exit 1 when anything failed.
set -u
export LC_ALL=C TZ=UTC
root=$(cd "$(dirname "$0")/../.." && pwd)
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
tmp=$(mktemp -d "${TMPDIR:-/tmp}/stagematch-rerun-ref.XXXXXX"); trap 'rm -rf "$tmp"' EXIT
pass=0; fail=0
for c in "$root"/tests/cases/rerun_*/; do
  c=${c%/}; [ -d "$c" ] || continue; name=$(basename "$c")
  [ "$(cat "$c/expected_exit")" = 0 ] || continue
  out=$tmp/$name
  args=$(cat "$c/args"); args=${args//\$IN/$c/in}; args=${args//\$OUT/$out}
  # shellcheck disable=SC2086
  (cd "$c" && "$bin" $args -q >/dev/null 2>&1) || { fail=$((fail+1)); echo "FAIL $name: stagematch failed"; continue; }
  date=$(sed 's/.*--date \([0-9-]*\).*/\1/' "$c/args")
  sw=()
  if [ -f "$c/swaps.csv" ]; then sw=(--swaps "$c/swaps.csv" --rejected "$out/rejected_swaps.csv"); fi
  ref=$(python3 "$root/tests/tools/rerun_ref.py" "$c/in" "$c/previous.csv" --date "$date" "${sw[@]}" 2>&1 | tail -1)
  got=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print("min_changed=%d cost=%d" % (d["rerun"]["changed"], d["objective"]))' "$out/summary.json")
  if [ "$ref" = "$got" ]; then pass=$((pass+1)); echo "ok   $name: $got"
  else fail=$((fail+1)); echo "FAIL $name: stagematch $got, reference $ref"; fi
done
# seeded swap weeks on generated instances (bench/gen.py): withdrawals,
# swaps, frozen placements (tests/tools/rerun_scenario.py)
for seed in 1 2 3 4 5 6; do
  name=generated_$seed; g=$tmp/$name
  python3 "$root/bench/gen.py" --trainees 20 --locked 10 --sites 15 --seed "$seed" --tight 2 \
    -o "$g/in" >/dev/null 2>&1 &&
  "$bin" allocate "$g/in" -o "$g/a" -q --lang en >/dev/null 2>&1 &&
  date=$(python3 "$root/tests/tools/rerun_scenario.py" "$g/in" "$g/a/letters.csv" "$seed" "$g/sc") ||
    { fail=$((fail+1)); echo "FAIL $name: could not set up"; continue; }
  "$bin" rerun "$g/sc/in" --previous "$g/a/letters.csv" --swaps "$g/sc/swaps.csv" --date "$date" \
    -o "$g/r" -q >/dev/null 2>&1 || { fail=$((fail+1)); echo "FAIL $name: stagematch failed"; continue; }
  ref=$(python3 "$root/tests/tools/rerun_ref.py" "$g/sc/in" "$g/a/letters.csv" --date "$date" \
    --swaps "$g/sc/swaps.csv" --rejected "$g/r/rejected_swaps.csv" 2>&1 | tail -1)
  got=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print("min_changed=%d cost=%d" % (d["rerun"]["changed"], d["objective"]))' "$g/r/summary.json")
  if [ "$ref" = "$got" ]; then pass=$((pass+1)); echo "ok   $name: $got"
  else fail=$((fail+1)); echo "FAIL $name: stagematch $got, reference $ref"; fi
done
echo "rerun-ref: $pass passed, $fail failed"
[ $fail = 0 ]
