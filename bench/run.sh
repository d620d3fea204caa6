#!/usr/bin/env bash
# run.sh - time stagematch on an institute-size instance, against glpsol and CBC on its own model
#
# Usage: bench/run.sh [./stagematch]        (make bench runs it with ./stagematch)
# Environment:
#   BENCH_SEED=42          seed of the generated instance
#   BENCH_TRAINEES=200 BENCH_LOCKED=200 BENCH_SITES=270 BENCH_QUARTERS=5
#   BENCH_GEN_OPTS=""      more bench/gen.py options, e.g. --rich (more wishes,
#                          part-timers, exemptions and electives)
#   BENCH_TIMEOUT=600      time limit of stagematch, glpsol and CBC (each is killed at 2x + 60 s)
#   KEEP=1                 keep the instance, outputs and model (path printed)
#
# Steps, all in one run on the same instance:
#   1. bench/gen.py writes the instance (200 planned + 200 locked aiossen,
#      ~270 sites, 5 quarters, fixed seed);
#   2. `stagematch allocate IN -o OUT` is timed end to end (wall time, peak RSS);
#      tests/tools/verify.py checks the allocation and costs it;
#   3. `stagematch allocate IN -o OUT2 --export-model model.lp` writes the model;
#   4. `glpsol --lp model.lp` and `cbc model.lp solve` solve that model, timed the
#      same way, with BENCH_TIMEOUT as their time limit;
#   5. a table: wall seconds, ratio to stagematch's time, peak RSS, status, objective.
# Peak RSS comes from /usr/bin/time -v when present, else from Python's resource module.
set -u
export LC_ALL=C
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${1:-$root/stagematch}
case "$bin" in /*) ;; *) bin=$(pwd)/$bin;; esac
seed=${BENCH_SEED:-42}
n=${BENCH_TRAINEES:-200}; m=${BENCH_LOCKED:-200}; s=${BENCH_SITES:-270}; nq=${BENCH_QUARTERS:-5}
limit=${BENCH_TIMEOUT:-600}
# a run is killed at twice its limit plus a minute: glpsol applies --tmlim to
# the LP relaxation and to the branch and bound separately
hard=$((2 * limit + 60))
if [ ! -x "$bin" ]; then echo "bench: no stagematch binary at $bin (run make first)" >&2; exit 2; fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/stagematch-bench.XXXXXX")
cleanup() { if [ "${KEEP:-0}" = 1 ]; then echo "bench: files kept in $tmp"; else rm -rf "$tmp"; fi; }
trap cleanup EXIT

# measure NAME HARD CMD...: bench/lib.sh (files in $dir)
# shellcheck source=bench/lib.sh
. "$root/bench/lib.sh"
dir=$tmp

echo "bench: generating $n planned + $m locked aiossen, $s sites, $nq quarters, seed $seed ${BENCH_GEN_OPTS:-}"
# shellcheck disable=SC2086 # BENCH_GEN_OPTS is a list of options
python3 "$root/bench/gen.py" --trainees "$n" --locked "$m" --sites "$s" --quarters "$nq" \
    --seed "$seed" ${BENCH_GEN_OPTS:-} -o "$tmp/in" 2>"$tmp/gen.err" || { cat "$tmp/gen.err"; exit 1; }
cat "$tmp/gen.err"

measure stagematch "$hard" "$bin" allocate "$tmp/in" -o "$tmp/out" --time-limit "$limit"
sm_wall=$WALL sm_rss=$RSS sm_rc=$RC
sm_status="exit $sm_rc"; sm_obj="-"
if [ "$sm_rc" = 0 ]; then
  sm_obj=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1])).get("objective"))' "$tmp/out/summary.json" 2>/dev/null)
  v=$(python3 "$root/tests/tools/verify.py" "$tmp/in" "$tmp/out" --quiet-notes | tail -1)
  case "$v" in OK*) sm_status="verified";; *) sm_status="RULES BROKEN";; esac
  echo "bench: verify.py: $v"
else
  tail -5 "$tmp/stagematch.stderr"
fi

"$bin" allocate "$tmp/in" -o "$tmp/out2" --export-model "$tmp/model.lp" >/dev/null 2>"$tmp/export.err"
if [ ! -s "$tmp/model.lp" ]; then
  echo "bench: --export-model wrote no model: $(tail -2 "$tmp/export.err")"
  gl_wall="-" gl_rss="-" gl_status="no model" gl_obj="-"
  cb_wall="-" cb_rss="-" cb_status="no model" cb_obj="-"
else
  measure glpsol "$hard" glpsol --lp "$tmp/model.lp" --tmlim "$limit" -o "$tmp/glpsol.sol"
  gl_wall=$WALL gl_rss=$RSS
  gl_status=$(grep -m1 '^Status:' "$tmp/glpsol.sol" 2>/dev/null | sed 's/Status: *//')
  gl_obj=$(sed -n 's/^Objective: *[^=]*= *\([-0-9.e+]*\).*/\1/p' "$tmp/glpsol.sol" 2>/dev/null | head -1)
  case "$gl_status" in *OPTIMAL*) ;; *) gl_obj="-";; esac     # INTEGER UNDEFINED: no solution
  grep -q 'TIME LIMIT EXCEEDED' "$tmp/glpsol.stdout" && gl_status="${gl_status:-?}, time limit"
  [ "$RC" = 124 ] && gl_status="killed after ${hard}s"
  [ -n "$gl_status" ] || gl_status="exit $RC"
  grep -m1 -E 'rows, .* columns' "$tmp/glpsol.stdout" | sed 's/^/bench: model: /'
  measure cbc "$hard" cbc "$tmp/model.lp" sec "$limit" solve solu "$tmp/cbc.sol"
  cb_wall=$WALL cb_rss=$RSS
  cb_status=$(head -1 "$tmp/cbc.sol" 2>/dev/null | sed 's/ - objective value.*//')
  cb_obj=$(head -1 "$tmp/cbc.sol" 2>/dev/null | sed -n 's/.*objective value *//p')
  case "$cb_status" in *"no integer solution"*) cb_status="time limit, no integer solution"; cb_obj="-";; esac
  [ "$RC" = 124 ] && cb_status="killed after ${hard}s"
  [ -n "$cb_status" ] || cb_status="exit $RC"
fi

ratio() { awk -v a="$1" -v b="$sm_wall" 'BEGIN { if (a == "-" || b <= 0) print "-"; else printf "%.1fx", a / b }'; }
echo
printf '%-22s %10s %10s %10s  %-28s %s\n' solver "wall s" "vs sm" "peak MB" status objective
printf '%-22s %10s %10s %10s  %-28s %s\n' "stagematch allocate" "$sm_wall" "1.0x" "$sm_rss" "$sm_status" "$sm_obj"
printf '%-22s %10s %10s %10s  %-28s %s\n' "glpsol --lp" "$gl_wall" "$(ratio "$gl_wall")" "$gl_rss" "$gl_status" "${gl_obj:--}"
printf '%-22s %10s %10s %10s  %-28s %s\n' "cbc solve" "$cb_wall" "$(ratio "$cb_wall")" "$cb_rss" "$cb_status" "${cb_obj:--}"
echo "(instance: seed $seed, $n planned, $m locked, $s sites, $nq quarters; solver time limit ${limit}s; $(nproc) cpu)"
[ "$sm_rc" = 0 ] && [ "$sm_status" = verified ]
