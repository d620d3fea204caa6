#!/usr/bin/env bash
# fairness.sh - time `stagematch fairness` on the bundled example
#
# Usage: bench/fairness.sh [./stagematch]
# Environment:
#   FAIR_POLICIES=sum,minimax,lottery   the policies compared
#   FAIR_SEEDS=1-50                     the seeds
#   FAIR_JOBS=                          --jobs (default: one worker per CPU)
#   FAIR_TIME_LIMIT=                    --time-limit per run (default: none)
#   KEEP=1                              keep the output folder (path printed)
#
# Runs `stagematch fairness data/example --policies P --seeds S -o OUT` once,
# end to end, and prints the wall time, the CPU time of stagematch and its
# workers, the number of solver runs, the time
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
opts=()
[ -n "${FAIR_JOBS:-}" ] && opts=(--jobs "$FAIR_JOBS")
[ -n "${FAIR_TIME_LIMIT:-}" ] && opts+=(--time-limit "$FAIR_TIME_LIMIT")
load=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo "?")
# wall time and the CPU time of stagematch and its workers (user + system):
# on a shared machine the CPU time says what the run itself costs
python3 - "$tmp" "$(nproc)" "$load" "$policies" "$seeds" "$bin" fairness "$root/data/example" \
  --policies "$policies" --seeds "$seeds" "${opts[@]}" -o "$tmp/out" <<'PY'
import os, resource, subprocess, sys, time
tmp, cpus, load, pol, seeds = sys.argv[1:6]
cmd = sys.argv[6:]
t0 = time.monotonic()
with open(os.path.join(tmp, "err"), "w") as err:
    rc = subprocess.call(cmd, stderr=err)
wall = time.monotonic() - t0
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
cpu = ru.ru_utime + ru.ru_stime
try:
    runs = sum(1 for _ in open(os.path.join(tmp, "out", "fairness.csv"))) - 1
except OSError:
    runs = 0
for line in open(os.path.join(tmp, "err")):
    if "warning:" not in line:
        sys.stdout.write(line)
per = "%.2f s wall, %.2f s CPU per run" % (wall / runs, cpu / runs) if runs > 0 else "no runs"
print("bench fairness: policies %s, seeds %s: exit %d, %d runs, wall %.1f s, CPU %.1f s (%s), "
      "%s CPUs, load before %s; target < 60 s wall: %s"
      % (pol, seeds, rc, runs, wall, cpu, per, cpus, load,
         "met" if rc == 0 and wall < 60 else "NOT met"))
sys.exit(rc)
PY
