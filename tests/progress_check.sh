#!/usr/bin/env bash
# progress_check.sh - the progress lines of allocate and rerun (docs/usage.md)
#
# Usage: tests/progress_check.sh BIN   (from the repository root; make progresscheck)
# --progress prints "stagematch: solving: ..." lines (on data/example: the
# relaxation, and the optimum at gap 0 as the last line, whatever the timing
# and the path: since the tenth session that line comes at the end of a
# proven search too, not only when the first allocation is optimal); --quiet wins
# over --progress, as docs/usage.md says (before the ninth session it did
# not: -q --progress printed them); without --progress, on a pipe, none.
set -u
export LC_ALL=C.UTF-8 TZ=UTC
root=$(cd "$(dirname "$0")/.." && pwd)
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
tmp=$(mktemp -d "${TMPDIR:-/tmp}/stagematch-progress.XXXXXX"); trap 'rm -rf "$tmp"' EXIT
pass=0; fail=0
ok()  { pass=$((pass+1)); }
bad() { fail=$((fail+1)); echo "FAIL progress: $1"; }
ex=$root/data/example sw=$root/tests/cases/rerun_example_swapweek
lines() { grep -c '^stagematch: solving: ' "$1"; }

"$bin" allocate "$ex" -o "$tmp/a1" --progress 2>"$tmp/a1.err" || bad "allocate --progress exited $?"
n=$(lines "$tmp/a1.err")
if grep -q '^stagematch: solving: relaxation solved, bound 3225.0, ' "$tmp/a1.err" &&
   grep -q '^stagematch: solving: best 3225, bound 3225.0, gap 0.00%, ' "$tmp/a1.err"; then ok
else bad "allocate --progress: expected the relaxation and optimum lines, got $n lines"; fi
"$bin" allocate "$ex" -o "$tmp/a2" --progress -q 2>"$tmp/a2.err" || bad "allocate --progress -q exited $?"
[ ! -s "$tmp/a2.err" ] && ok || bad "allocate --progress -q wrote to stderr: $(head -2 "$tmp/a2.err")"
"$bin" allocate "$ex" -o "$tmp/a3" 2>"$tmp/a3.err" || bad "allocate exited $?"
[ "$(lines "$tmp/a3.err")" = 0 ] && ok || bad "allocate on a pipe without --progress printed progress lines"
cmp -s "$tmp/a1/letters.csv" "$tmp/a2/letters.csv" && cmp -s "$tmp/a1/letters.csv" "$tmp/a3/letters.csv" &&
  ok || bad "the letters differ with and without progress lines"

# a fractional LP bound (60-aios --rich seed 14 of bench/gen.py: LP 113.5,
# optimum 114, the first allocation): the lines give the proven bound,
# rounded up, and end at gap 0 (before the tenth session the only line said
# "best 114, bound 113.5, gap 0.44%" of an allocation proven optimal)
python3 "$root/bench/gen.py" --trainees 60 --locked 60 --sites 80 --quarters 5 --rich --seed 14 \
  -o "$tmp/g14" >/dev/null 2>&1 || bad "bench/gen.py failed"
"$bin" allocate "$tmp/g14" -o "$tmp/a4" --progress 2>"$tmp/a4.err" || bad "allocate --progress (seed 14) exited $?"
last=$(grep '^stagematch: solving: best ' "$tmp/a4.err" | tail -1)
case $last in
  "stagematch: solving: best 114, bound 114.0, gap 0.00%, "*) ok;;
  *) bad "allocate --progress (seed 14): last line '$last', expected best 114, bound 114.0, gap 0.00%";;
esac
# a lottery: while its steps run, the lines say how many aiossen are served,
# never a step search's best and bound (an aios's own cost or a weighted one,
# not the total: before the fourteenth session "best 12, bound 9.0" after
# "best 3225", and even "no allocation yet, bound -1797...e308"). Every step
# that needs a search goes to the last resort, a GLPK branch and bound
# (STAGEMATCH_LOTTERY_DIRECT), and a line is printed at every chance
# (STAGEMATCH_PROGRESS_EVERY=0), so that the searches' lines are there: more
# than one a step
python3 "$root/bench/gen.py" --trainees 28 --locked 14 --sites 22 --seed 109 --rich --dialect nl \
  --planned-locked 2 -o "$tmp/g109" >/dev/null 2>&1 || bad "bench/gen.py failed"
STAGEMATCH_LOTTERY_DIRECT=1 STAGEMATCH_PROGRESS_EVERY=0 "$bin" allocate "$tmp/g109" -o "$tmp/l1" \
  --policy lottery --seed 1 --progress 2>"$tmp/l1.err" || bad "allocate --policy lottery --progress exited $?"
sed -n '/^stagematch: solving: lottery, /,$p' "$tmp/l1.err" | grep '^stagematch: solving: ' >"$tmp/l1.lines"
n=$(grep -c '^stagematch: solving: lottery, [0-9]* of 28 aiossen served, ' "$tmp/l1.lines")
other=$(grep -v '^stagematch: solving: lottery, [0-9]* of 28 aiossen served, ' "$tmp/l1.lines" | head -1)
if [ "$n" -gt 28 ] && [ -z "$other" ]; then ok
else bad "allocate --policy lottery --progress: $n lottery lines (expected more than 28), other: '$other'"; fi
rr() { (cd "$sw" && "$bin" rerun "$ex" --previous previous.csv --swaps swaps.csv --date 2026-08-15 -o "$tmp/$1" "${@:2}"); }
rr r1 --progress 2>"$tmp/r1.err" || bad "rerun --progress exited $?"
[ "$(lines "$tmp/r1.err")" -ge 2 ] && ok || bad "rerun --progress printed $(lines "$tmp/r1.err") progress lines, expected 2 or more"
rr r2 --progress -q 2>"$tmp/r2.err" || bad "rerun --progress -q exited $?"
[ ! -s "$tmp/r2.err" ] && ok || bad "rerun --progress -q wrote to stderr: $(head -2 "$tmp/r2.err")"
# on a terminal the lines are the default, for rerun as for allocate (since
# the tenth session; before, rerun printed them only with --progress and
# knew no --no-progress); script(1) gives the run a terminal
if command -v script >/dev/null 2>&1; then
  tty_lines() {  # OUTFILE command...: the solving lines printed on a terminal
    local f=$1; shift
    script -qec "$(printf '%q ' "$@")" /dev/null </dev/null >"$f" 2>&1
    grep -c 'stagematch: solving: ' "$f"
  }
  n=$(cd "$sw" && tty_lines "$tmp/t1.txt" "$bin" allocate "$ex" -o "$tmp/t1")
  [ "$n" -ge 2 ] && ok || bad "allocate on a terminal printed $n progress lines, expected 2 or more"
  n=$(cd "$sw" && tty_lines "$tmp/t2.txt" "$bin" rerun "$ex" --previous previous.csv --swaps swaps.csv \
        --date 2026-08-15 -o "$tmp/t2")
  [ "$n" -ge 2 ] && ok || bad "rerun on a terminal printed $n progress lines, expected 2 or more"
  n=$(cd "$sw" && tty_lines "$tmp/t3.txt" "$bin" rerun "$ex" --previous previous.csv --swaps swaps.csv \
        --date 2026-08-15 -o "$tmp/t3" --no-progress)
  [ "$n" = 0 ] && [ -f "$tmp/t3/letters.csv" ] && ok ||
    bad "rerun --no-progress on a terminal: $n progress lines, letters $( [ -f "$tmp/t3/letters.csv" ] && echo written || echo missing)"
else
  echo "progress: script(1) not found: the terminal checks were skipped"
fi
echo "progress: $pass passed, $fail failed"
[ $fail = 0 ]
