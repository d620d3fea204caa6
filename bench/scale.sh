#!/usr/bin/env bash
# scale.sh - how stagematch's time and memory grow with the number of aiossen,
#            against glpsol, CBC and HiGHS on the same exported model (issue 6)
#
# Usage: bench/scale.sh [./stagematch]       (make bench-scale runs it with ./stagematch)
# Environment:
#   SCALE_SIZES="100 200 400 800 1600"  planned aiossen per instance (as many locked)
#   SCALE_SEED=42                 seed of every generated instance
#   SCALE_QUARTERS=5              horizon length
#   SCALE_TIMEOUT=300             time limit of glpsol, CBC and HiGHS, seconds
#   SCALE_SM_TIMEOUT=600          --time-limit of stagematch (its own, so a size
#                                 that ends just past SCALE_TIMEOUT still shows its optimum)
#   SCALE_OTHERS_MAX=800          run the other solvers only up to this size
#   SCALE_SOLVERS="glpsol cbc highs"  which other solvers to run
#   SCALE_MD=FILE                 also write the markdown rows to FILE
#   KEEP=1                        keep instances, outputs, models and logs (path printed)
# Every run is killed at its time limit plus 60 s (status "killed").
#
# Per size N, one after the other (never two solvers at once):
#   1. bench/gen.py writes N planned + N locked aiossen, sites = round(1.3 N + 10)
#      (140, 270, 530, 1050, 2090 for the default sizes: 270 is the institute
#      instance of bench/run.sh, 1050 the national one of issue 6), 5 quarters;
#   2. `stagematch allocate IN -o OUT -v --progress --time-limit L` is timed end
#      to end (wall, CPU, peak RSS); its -v lines give the phases (read, plans,
#      build, relaxation, first allocation, branch and bound, write);
#      tests/tools/verify.py checks the letters;
#   3. `stagematch allocate IN --export-model model.lp --time-limit 1` writes the
#      whole model (it is written before the solve starts);
#   4. `glpsol --lp`, `cbc model.lp solve` and `node bench/highs/solve.js` solve it,
#      each timed the same way, as ratios to stagematch's wall time.
# Then the growth exponent k of time ~ N^k (log-log slope between successive
# sizes and a least-squares fit over the sizes that finished), a text table and
# markdown rows for bench/README.md.
# Peak RSS comes from /usr/bin/time -v when present, else from Python's resource module.
set -u
export LC_ALL=C
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${1:-$root/stagematch}
case "$bin" in /*) ;; *) bin=$(pwd)/$bin;; esac
sizes=${SCALE_SIZES:-100 200 400 800 1600}
sizes=${sizes//,/ }
seed=${SCALE_SEED:-42}
nq=${SCALE_QUARTERS:-5}
limit=${SCALE_TIMEOUT:-300}
smlimit=${SCALE_SM_TIMEOUT:-600}
others_max=${SCALE_OTHERS_MAX:-800}
solvers=${SCALE_SOLVERS:-glpsol cbc highs}
if [ ! -x "$bin" ]; then echo "scale: no stagematch binary at $bin (run make first)" >&2; exit 2; fi
for v in "$limit" "$smlimit" "$others_max" "$seed" "$nq"; do
  case "$v" in ''|*[!0-9]*) echo "scale: '$v': expected a whole number" >&2; exit 2;; esac
done
for n in $sizes; do
  case "$n" in ''|*[!0-9]*) echo "scale: SCALE_SIZES: '$n' is not a number" >&2; exit 2;; esac
done
tmp=$(mktemp -d "${TMPDIR:-/tmp}/stagematch-scale.XXXXXX")
cleanup() { if [ "${KEEP:-0}" = 1 ]; then echo "scale: files kept in $tmp"; else rm -rf "$tmp"; fi; }
trap cleanup EXIT
trap 'exit 130' INT TERM

# measure NAME HARD CMD...: bench/lib.sh
# shellcheck source=bench/lib.sh
. "$root/bench/lib.sh"

# sm_sed SED-EXPR: the last line that SED-EXPR prints from stagematch's stderr
sm_sed() { sed -n "$1" "$dir/stagematch.stderr" | tail -1; }

# the HiGHS runner: node and the npm package in bench/highs (npm ci once)
highs_ready() {
  command -v node >/dev/null 2>&1 || { HIGHS_WHY="node not installed"; return 1; }
  if [ ! -d "$root/bench/highs/node_modules/highs" ]; then
    echo "scale: installing the npm package highs in bench/highs (npm ci)"
    (cd "$root/bench/highs" && npm ci --no-audit --no-fund >/dev/null 2>"$tmp/npm.err") ||
      { HIGHS_WHY="npm ci failed: $(tail -1 "$tmp/npm.err")"; return 1; }
  fi
  return 0
}
HIGHS_WHY=""
highs_ok=0
case " $solvers " in *" highs "*) highs_ready && highs_ok=1;; esac

declare -A R      # R[N,key]
commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)
if [ -n "$(git -C "$root" status --porcelain -- . ':!bench' 2>/dev/null)" ]; then commit="$commit+changes"; fi
today=$(date +%F)
load0=$(uptime | sed 's/.*load average: //')
echo "scale: $("$bin" --version 2>/dev/null | head -1), commit $commit, $(nproc) cpu, load $load0"
echo "scale: sizes $sizes; seed $seed; stagematch --time-limit $smlimit s; others ${limit} s up to N=$others_max ($solvers)"

for n in $sizes; do
  dir=$tmp/n$n
  mkdir -p "$dir"
  s=$(awk -v n="$n" 'BEGIN { printf "%d", 1.3 * n + 10 + 0.5 }')
  R[$n,sites]=$s
  echo
  echo "== N=$n: $n planned + $n locked aiossen, $s sites, $nq quarters, seed $seed (load $(uptime | sed 's/.*load average: //'))"
  R[$n,load]=$(uptime | sed 's/.*load average: //; s/,.*//')
  if ! python3 "$root/bench/gen.py" --trainees "$n" --locked "$n" --sites "$s" --quarters "$nq" \
      --seed "$seed" -o "$dir/in" 2>"$dir/gen.err"; then
    cat "$dir/gen.err"; R[$n,sm_status]="generator failed"; continue
  fi
  R[$n,gen]=$(tail -1 "$dir/gen.err")
  R[$n,locked]=$(sed -n 's/.*planned ([0-9]* without a possible plan), \([0-9]*\) locked rows.*/\1/p' "$dir/gen.err")
  echo "   ${R[$n,gen]}"

  # -- stagematch, end to end
  measure stagematch $((smlimit + 60)) "$bin" allocate "$dir/in" -o "$dir/out" -v --progress --time-limit "$smlimit"
  R[$n,sm_wall]=$WALL R[$n,sm_cpu]=$CPU R[$n,sm_rss]=$RSS R[$n,sm_rc]=$RC
  R[$n,read]=$(sm_sed 's/^stagematch: read .*(\([0-9.]*\) s)$/\1/p')
  R[$n,plans]=$(sm_sed 's/^stagematch: built .*(\([0-9.]*\) s)$/\1/p')
  R[$n,nplans]=$(sm_sed 's/^stagematch: built \([0-9]*\) candidate plans.*/\1/p')
  solved=$(grep '^stagematch: solved with' "$dir/stagematch.stderr" | tail -1)
  R[$n,status]=$(printf '%s' "$solved" | sed -n 's/^stagematch: solved with [^:]*: \(.*\), cost .*/\1/p')
  R[$n,bound]=$(printf '%s' "$solved" | sed -n 's/.*, bound \([-0-9]*\),.*/\1/p')
  R[$n,vars]=$(printf '%s' "$solved" | sed -n 's/.* \([0-9]*\) variables, \([0-9]*\) constraints.*/\1/p')
  R[$n,rows]=$(printf '%s' "$solved" | sed -n 's/.* \([0-9]*\) constraints.*/\1/p')
  R[$n,solve]=$(printf '%s' "$solved" | sed -n 's/.*(\([0-9.]*\) s)$/\1/p')
  phases=$(grep '^stagematch: solve phases:' "$dir/stagematch.stderr" | tail -1)
  R[$n,build]=$(printf '%s' "$phases" | sed -n 's/.*build \([0-9.]*\) s.*/\1/p')
  R[$n,lp]=$(printf '%s' "$phases" | sed -n 's/.*relaxation \([0-9.]*\) s.*/\1/p')
  R[$n,dive]=$(printf '%s' "$phases" | sed -n 's/.*first allocation \([0-9.]*\) s.*/\1/p')
  R[$n,bb]=$(printf '%s' "$phases" | sed -n 's/.*branch and bound \([0-9.]*\) s.*/\1/p')
  R[$n,write]=$(sm_sed 's/^stagematch: wrote .*(\([0-9.]*\) s)$/\1/p')
  R[$n,gap]=$(sm_sed 's/.*(bound [-0-9]*, gap \([0-9.]*\)%).*/\1/p')
  # the first allocation the progress lines showed, and when
  first=$(grep -m1 '^stagematch: solving: best ' "$dir/stagematch.stderr")
  R[$n,first]=$(printf '%s' "$first" | sed -n 's/^stagematch: solving: best \([-0-9]*\),.* \([0-9.]*\) s$/\1 at \2 s/p')
  R[$n,lpbound]=$(sm_sed 's/^stagematch: solving: relaxation solved, bound \([-0-9.]*\),.*/\1/p')
  R[$n,lpat]=$(sm_sed 's/^stagematch: solving: relaxation solved, bound [-0-9.]*, \([0-9.]*\) s$/\1/p')
  # the relaxation's time for the growth line: when it never finished, the
  # whole solve is a lower bound on it
  if [ -n "${R[$n,lpbound]}" ]; then R[$n,lpg]=${R[$n,lp]} R[$n,lp_done]=1
  else R[$n,lpg]=${R[$n,solve]:--} R[$n,lp_done]=0; fi
  R[$n,obj]="-" R[$n,verify]="-"
  if [ "$RC" = 0 ] && [ -f "$dir/out/summary.json" ]; then
    R[$n,obj]=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1])).get("objective"))' "$dir/out/summary.json" 2>/dev/null)
    v=$(python3 "$root/tests/tools/verify.py" "$dir/in" "$dir/out" --quiet-notes 2>&1 | tail -1)
    case "$v" in OK*) R[$n,verify]="verified";; *) R[$n,verify]="RULES BROKEN";; esac
    echo "   verify.py: $v"
  fi
  case "$RC" in
    0) ;;
    124) R[$n,status]="killed after $((smlimit + 60)) s";;
    *) [ -n "${R[$n,status]}" ] || R[$n,status]="exit $RC"
       sed 's/^/   | /' "$dir/stagematch.stderr" | grep -v 'solving:' | tail -3;;
  esac
  [ -n "${R[$n,status]}" ] || R[$n,status]="exit $RC"
  case "${R[$n,status]}" in
    optimal) R[$n,sm_done]=1;;
    *) R[$n,sm_done]=0;;
  esac
  echo "   stagematch: ${R[$n,sm_wall]} s wall, ${R[$n,sm_cpu]} s CPU, ${R[$n,sm_rss]} MB; ${R[$n,status]}, objective ${R[$n,obj]}, bound ${R[$n,bound]:--}, ${R[$n,verify]}"
  echo "   phases: read ${R[$n,read]:--}, plans ${R[$n,plans]:--}, build ${R[$n,build]:--}, relaxation ${R[$n,lp]:--}, first allocation ${R[$n,dive]:--} (${R[$n,first]:-none shown}), branch and bound ${R[$n,bb]:--}, write ${R[$n,write]:--}"

  # -- the same model, exported, for the other solvers
  for sv in glpsol cbc highs; do R[$n,$sv]="not run"; done
  if [ "$n" -gt "$others_max" ]; then
    for sv in glpsol cbc highs; do R[$n,$sv]="not run (N > $others_max)"; done
    [ "${KEEP:-0}" = 1 ] || rm -rf "$dir/in" "$dir/out"
    continue
  fi
  timeout 600 "$bin" allocate "$dir/in" -o "$dir/out-export" --export-model "$dir/model.lp" \
      --time-limit 1 >/dev/null 2>"$dir/export.err"
  if [ ! -s "$dir/model.lp" ]; then
    echo "   --export-model wrote no model: $(tail -2 "$dir/export.err")"
    for sv in glpsol cbc highs; do R[$n,$sv]="no model"; done
    continue
  fi
  R[$n,lpmb]=$(du -m "$dir/model.lp" | cut -f1)
  hard=$((limit + 60))
  for sv in $solvers; do
    case "$sv" in
      glpsol)
        measure glpsol "$hard" glpsol --lp "$dir/model.lp" --tmlim "$limit" -o "$dir/glpsol.sol"
        st=$(grep -m1 '^Status:' "$dir/glpsol.sol" 2>/dev/null | sed 's/Status: *//')
        ob=$(sed -n 's/^Objective: *[^=]*= *\([-0-9.e+]*\).*/\1/p' "$dir/glpsol.sol" 2>/dev/null | head -1)
        case "$st" in *OPTIMAL*) ;; *) ob="";; esac     # INTEGER UNDEFINED: no solution
        fin=0; [ "$st" = "INTEGER OPTIMAL" ] && fin=1
        grep -q 'TIME LIMIT EXCEEDED' "$dir/glpsol.stdout" && st="${st:-?}, time limit"
        R[$n,model]=$(grep -m1 -E 'rows, .* columns' "$dir/glpsol.stdout" | sed 's/^ *//')
        ;;
      cbc)
        measure cbc "$hard" cbc "$dir/model.lp" sec "$limit" solve solu "$dir/cbc.sol"
        # "Result - ..." and the bound are on stdout after a search; the
        # solution file's first line is the status in every case
        st=$(sed -n 's/^Result - //p' "$dir/cbc.stdout" | head -1)
        [ -n "$st" ] || st=$(head -1 "$dir/cbc.sol" 2>/dev/null | sed 's/ - objective value.*//')
        ob=$(sed -n 's/^Objective value: *\([-0-9.e+]*\).*/\1/p' "$dir/cbc.stdout" | head -1)
        [ -n "$ob" ] || ob=$(head -1 "$dir/cbc.sol" 2>/dev/null | sed -n 's/.*objective value *//p')
        lb=$(sed -n 's/^Lower bound: *\([-0-9.e+]*\).*/\1/p' "$dir/cbc.stdout" | head -1)
        case "$st" in *nfeasible*|*"no integer solution"*) ob="";; esac
        grep -q 'No feasible solution found' "$dir/cbc.stdout" && ob=""
        # CBC stopped by its time limit inside pre-processing reports the
        # (feasible) model as infeasible
        grep -q 'Pre-processing says infeasible' "$dir/cbc.stdout" && st="$st (pre-processing says infeasible)"
        [ -n "$lb" ] && st="$st, bound $lb"
        fin=0; case "$st" in "Optimal solution found"*|Optimal) fin=1; st="optimal";; esac
        ;;
      highs)
        if [ "$highs_ok" != 1 ]; then R[$n,highs]="not run: $HIGHS_WHY"; continue; fi
        measure highs "$hard" node "$root/bench/highs/solve.js" "$dir/model.lp" "$limit"
        line=$(grep '^highs: ' "$dir/highs.stdout" | tail -1)
        st=$(printf '%s' "$line" | sed -n 's/.* status=\([^ ]*\).*/\1/p')
        ob=$(printf '%s' "$line" | sed -n 's/.* objective=\([^ ]*\).*/\1/p'); [ "$ob" = - ] && ob=""
        lb=$(printf '%s' "$line" | sed -n 's/.* bound=\([^ ]*\).*/\1/p')
        fin=0; [ "$st" = optimal ] && fin=1
        [ "$fin" = 1 ] || { [ -n "$lb" ] && [ "$lb" != - ] && st="$st, bound $lb"; }
        [ -n "$st" ] || st="$(grep -m1 -i -E 'abort|memory|error' "$dir/highs.stderr" | cut -c1-80)"
        ;;
      *) echo "scale: unknown solver '$sv' in SCALE_SOLVERS" >&2; continue;;
    esac
    [ "$RC" = 124 ] && { st="killed after ${hard} s"; fin=0; }
    [ -n "$ob" ] && ob=$(awk -v x="$ob" 'BEGIN { printf "%.10g", x }')
    [ -n "$st" ] || st="exit $RC"
    R[$n,$sv]=$st R[$n,${sv}_wall]=$WALL R[$n,${sv}_rss]=$RSS R[$n,${sv}_obj]=${ob:--} R[$n,${sv}_done]=$fin
    echo "   $sv: $WALL s wall, $RSS MB; $st; objective ${ob:--}"
  done
  [ "${KEEP:-0}" = 1 ] || rm -rf "$dir/in" "$dir/out" "$dir/out-export" "$dir/model.lp"
done

# ratio SOLVER N: the solver's wall time over stagematch's, with > or < where
# one of the two did not finish (was stopped at its limit)
ratio() {
  local sv=$1 n=$2
  awk -v a="${R[$n,${sv}_wall]:-}" -v b="${R[$n,sm_wall]:-}" \
      -v da="${R[$n,${sv}_done]:-0}" -v db="${R[$n,sm_done]:-0}" 'BEGIN {
    if (a == "" || b == "" || b <= 0) { print "-"; exit }
    p = (da && db) ? "" : (!da && db) ? ">" : (da && !db) ? "<" : "?"
    if (p == "?") { print "both stopped"; exit }
    printf "%s%.1fx", p, a / b }'
}

# cell SOLVER N: "wall s (ratio), status, objective, MB"
cell() {
  local sv=$1 n=$2
  if [ -z "${R[$n,${sv}_wall]:-}" ]; then printf '%s' "${R[$n,$sv]:--}"; return; fi
  local w=${R[$n,${sv}_wall]}
  [ "${R[$n,${sv}_done]}" = 1 ] || w="> $w"
  printf '%s s (%s), %s' "$w" "$(ratio "$sv" "$n")" "${R[$n,$sv]}"
  [ "${R[$n,${sv}_obj]}" != - ] && printf ', objective %s' "${R[$n,${sv}_obj]}"
  printf ', %s MB' "${R[$n,${sv}_rss]}"
}

# growth KEY DONEKEY: log-log slopes of R[N,KEY] between successive sizes and a
# least-squares exponent over the sizes whose DONEKEY is 1 (the others give a
# lower bound on the slope into them, marked >=)
growth() {
  local key=$1 dk=$2 pts="" n
  for n in $sizes; do
    case "${R[$n,$key]:--}" in -) continue;; esac
    pts="$pts $n:${R[$n,$key]}:${R[$n,$dk]:-1}"
  done
  awk -v pts="$pts" 'BEGIN {
    k = split(pts, p, " "); out = ""; m = 0; sx = sy = sxx = sxy = 0
    for (i = 1; i <= k; i++) {
      split(p[i], f, ":"); N[i] = f[1]; T[i] = (f[2] > 0.005 ? f[2] : 0.005); D[i] = f[3]
      if (D[i] == 1) { x = log(N[i]); y = log(T[i]); m++; sx += x; sy += y; sxx += x * x; sxy += x * y }
      if (i > 1 && D[i - 1] == 1)
        out = out sprintf("  %d->%d: %s%.2f", N[i - 1], N[i], D[i] == 1 ? "" : ">=", log(T[i] / T[i - 1]) / log(N[i] / N[i - 1]))
    }
    if (m >= 2) out = out sprintf("  fit over %d finished sizes: %.2f", m, (m * sxy - sx * sy) / (m * sxx - sx * sx))
    print (out == "" ? "  (fewer than two sizes)" : out)
  }'
}

echo
echo "== stagematch allocate, end to end (seed $seed, $nq quarters, --time-limit $smlimit s)"
printf '%6s %6s %9s %7s %8s %8s %7s  %-44s %s\n' N sites "vars" "rows" "wall s" "CPU s" "peak MB" "result" "phases: read/plans/build/relaxation/first allocation/B&B/write s"
for n in $sizes; do
  res="${R[$n,status]:-}"
  [ "${R[$n,obj]:--}" != - ] && res="$res $(printf '%s' "${R[$n,obj]}")"
  [ -n "${R[$n,gap]:-}" ] && res="$res, gap ${R[$n,gap]}%"
  [ "${R[$n,verify]:--}" != - ] && res="$res, ${R[$n,verify]}"
  printf '%6s %6s %9s %7s %8s %8s %7s  %-44s %s/%s/%s/%s/%s/%s/%s\n' "$n" "${R[$n,sites]}" "${R[$n,vars]:--}" "${R[$n,rows]:--}" \
    "${R[$n,sm_wall]:--}" "${R[$n,sm_cpu]:--}" "${R[$n,sm_rss]:--}" "$res" \
    "${R[$n,read]:--}" "${R[$n,plans]:--}" "${R[$n,build]:--}" "${R[$n,lp]:--}" "${R[$n,dive]:--}" "${R[$n,bb]:--}" "${R[$n,write]:--}"
done
echo
echo "== the exported model, other solvers (time limit $limit s each; ratio = wall / stagematch's wall)"
for n in $sizes; do
  echo "N=$n: model ${R[$n,model]:-${R[$n,rows]:-?} rows, ${R[$n,vars]:-?} columns}, ${R[$n,lpmb]:-not exported}${R[$n,lpmb]:+ MB LP file}"
  for sv in glpsol cbc highs; do
    case " $solvers " in *" $sv "*) printf '   %-7s %s\n' "$sv" "$(cell "$sv" "$n")";; esac
  done
done
echo
echo "== growth: exponent k in time ~ N^k (log-log slope)"
echo "stagematch wall:$(growth sm_wall sm_done)"
echo "stagematch LP relaxation:$(growth lpg lp_done)"
echo "stagematch peak RSS:$(growth sm_rss sm_done)"
for sv in glpsol cbc highs; do
  case " $solvers " in *" $sv "*) echo "$sv wall:$(growth "${sv}_wall" "${sv}_done")";; esac
done

md() {
  echo "| date | commit | N planned + locked | sites | model rows × columns | stagematch wall s | CPU s | peak MB | result | read | plans | build | relaxation | first allocation | branch and bound | write |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
  for n in $sizes; do
    res="${R[$n,status]:-}"
    [ "${R[$n,obj]:--}" != - ] && res="$res ${R[$n,obj]}"
    [ -n "${R[$n,bound]:-}" ] && [ "${R[$n,sm_done]}" != 1 ] && res="$res, bound ${R[$n,bound]}"
    if [ "${R[$n,sm_done]:-0}" != 1 ]; then
      if [ -n "${R[$n,lpbound]:-}" ]; then res="$res; relaxation bound ${R[$n,lpbound]} at ${R[$n,lpat]} s"
      else res="$res; relaxation not solved"; fi
    fi
    [ -n "${R[$n,gap]:-}" ] && res="$res, gap ${R[$n,gap]}%"
    [ -n "${R[$n,first]:-}" ] && res="$res; first allocation ${R[$n,first]}"
    [ "${R[$n,verify]:--}" != - ] && res="$res; ${R[$n,verify]}"
    echo "| $today | $commit | $n + $n (${R[$n,locked]:-?} locked rows) | ${R[$n,sites]} | ${R[$n,rows]:--} × ${R[$n,vars]:--} | ${R[$n,sm_wall]:--} | ${R[$n,sm_cpu]:--} | ${R[$n,sm_rss]:--} | $res | ${R[$n,read]:--} | ${R[$n,plans]:--} | ${R[$n,build]:--} | ${R[$n,lp]:--} | ${R[$n,dive]:--} | ${R[$n,bb]:--} | ${R[$n,write]:--} |"
  done
  echo
  echo "| date | commit | N | stagematch s | glpsol --lp | cbc solve | HiGHS (npm highs) | load |"
  echo "|---|---|---|---|---|---|---|---|"
  for n in $sizes; do
    w=${R[$n,sm_wall]:--}; [ "${R[$n,sm_done]:-0}" = 1 ] || w="$w (${R[$n,status]:-})"
    echo "| $today | $commit | $n | $w | $(cell glpsol "$n") | $(cell cbc "$n") | $(cell highs "$n") | ${R[$n,load]:-} |"
  done
}
echo
echo "== markdown rows for bench/README.md"
md
if [ -n "${SCALE_MD:-}" ]; then md >"$SCALE_MD"; echo "scale: markdown rows written to $SCALE_MD"; fi
echo
echo "(seed $seed; sites = round(1.3 N + 10); stagematch --time-limit $smlimit s, others $limit s, killed at limit + 60 s; $(nproc) cpu; load before: $load0, after: $(uptime | sed 's/.*load average: //'))"
ok=1
for n in $sizes; do [ "${R[$n,verify]:--}" = "RULES BROKEN" ] && ok=0; done
[ "$ok" = 1 ]
