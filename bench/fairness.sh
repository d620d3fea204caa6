#!/usr/bin/env bash
# fairness.sh - time `stagematch fairness` on the bundled example
#
# Usage: bench/fairness.sh [./stagematch]
# Environment:
#   FAIR_POLICIES=sum,minimax,lottery   the policies compared
#   FAIR_SEEDS=1-50                     the seeds
#   FAIR_JOBS=                          --jobs (default: one worker per CPU)
#   KEEP=1                              keep the output folder (path printed)
#
# Runs `stagematch fairness data/example --policies P --seeds S -o OUT` once,
# end to end, and prints the wall time, the number of solver runs, the time
# per run, the CPUs and the load average before the run (other work on the
# machine slows it down: say so when recording a figure), and the
# per-policy lines stagematch printed.  Issue 5's target: under 60 s for
# three policies and 50 seeds.  Record results in bench/README.md.
set -u
export LC_ALL=C
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${1:-$root/stagematch}
case "$bin" in /*) ;; *) bin=$(pwd)/$bin;; esac
policies=${FAIR_POLICIES:-sum,minimax,lottery}
seeds=${FAIR_SEEDS:-1-50}
if [ ! -x "$bin" ]; then echo "bench: no stagematch binary at $bin (run make first)" >&2; exit 2; fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/stagematch-fair.XXXXXX")
cleanup() { if [ "${KEEP:-0}" = 1 ]; then echo "bench: output kept in $tmp/out"; else rm -rf "$tmp"; fi; }
trap cleanup EXIT
jobs=()
[ -n "${FAIR_JOBS:-}" ] && jobs=(--jobs "$FAIR_JOBS")
load=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo "?")
t0=$(date +%s.%N)
"$bin" fairness "$root/data/example" --policies "$policies" --seeds "$seeds" "${jobs[@]}" \
  -o "$tmp/out" 2>"$tmp/err"
rc=$?
t1=$(date +%s.%N)
runs=$(($(wc -l <"$tmp/out/fairness.csv" 2>/dev/null || echo 1) - 1))
grep -v 'warning:' "$tmp/err"
python3 - "$t0" "$t1" "$runs" "$rc" "$(nproc)" "$load" "$policies" "$seeds" <<'PY'
import sys
t0, t1, runs, rc, cpus, load, pol, seeds = sys.argv[1:]
wall = float(t1) - float(t0)
runs = int(runs)
per = wall / runs if runs > 0 else float("nan")
print("bench fairness: policies %s, seeds %s: exit %s, %d runs, wall %.1f s (%.2f s per run), "
      "%s CPUs, load before %s; target < 60 s: %s"
      % (pol, seeds, rc, runs, wall, per, cpus, load,
         "met" if rc == "0" and wall < 60 else "NOT met"))
PY
exit $rc
