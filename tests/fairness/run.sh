#!/usr/bin/env bash
# run.sh - the fairness command's checks that need more than a byte compare
#
# Usage: tests/fairness/run.sh ./stagematch
#  1. the commitment: `stagematch commit`, and the lines `allocate` and
#     `fairness` print, equal the recomputation with sha256sum alone that
#     docs/fairness.md gives the secretariat; `fairness --letters` on the
#     example's golden letters gives the figures of the run that wrote them;
#  2. the report in a real browser: report.html of a fairness run is
#     rendered by headless Chromium and every chart must be there with
#     drawn elements of non-zero size (tests/fairness/charts.py); the page
#     must load nothing from elsewhere;
#  3. the per-run lines on a terminal or with --progress;
#  4. the lottery takes the sum run of its seed when the process has it,
#     with the same figures as without.
set -u
export LC_ALL=C TZ=UTC
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
root=$(cd "$(dirname "$0")/../.." && pwd)
in=$root/tests/cases/fairness_small/in
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail=0
bad() { echo "FAIL fairness: $*"; fail=1; }

# 1. the commitment, recomputed exactly as docs/fairness.md says
recompute() { # DIR SEEDS
  (cd "$1" && { sha256sum preferences.csv capacity.csv exemptions.csv parttime.csv \
    regions.csv locked.csv 2>/dev/null; echo "seed $2"; } | sha256sum | cut -d' ' -f1)
}
for d in "$in" "$root/data/example"; do
  want=$(recompute "$d" 7)
  got=$("$bin" commit "$d" --seed 7) || bad "commit $d exited $?"
  [ "$got" = "$want" ] || bad "commit $d --seed 7: $got, sha256sum gives $want"
done
want=$(recompute "$in" "1-3,5")
got=$("$bin" commit "$in" --seeds 5,1-3) || bad "commit --seeds exited $?"
[ "$got" = "$want" ] || bad "commit --seeds 5,1-3: $got, sha256sum of 'seed 1-3,5' gives $want"
"$bin" commit "$tmp/nothing" --seed 1 >/dev/null 2>&1; rc=$?
[ $rc = 3 ] || bad "commit of a folder without preferences.csv exited $rc, expected 3"
"$bin" allocate "$in" -o "$tmp/alloc" --seed 7 2>"$tmp/err" || bad "allocate exited $?"
grep -q "^stagematch: commitment $(recompute "$in" 7) (seed 7 " "$tmp/err" ||
  bad "allocate did not print the commitment of seed 7"
grep -q "\"commitment\": \"$(recompute "$in" 7)\"" "$tmp/alloc/summary.json" ||
  bad "summary.json does not record the commitment"

# the figures of letters made elsewhere equal those of the run that made them:
# the example's golden letters (allocate --seed 1) against fairness --seeds 1
ex=$root/data/example
"$bin" fairness "$ex" --policies sum --seeds 1 -o "$tmp/ex1" -q || bad "fairness example exited $?"
"$bin" fairness --letters "$root/tests/cases/example_allocate/expected_out/letters.csv" "$ex" \
  -o "$tmp/exl" -q || bad "fairness --letters exited $?"
a=$(sed -n 2p "$tmp/ex1/fairness.csv" | cut -d, -f4-)
b=$(sed -n 2p "$tmp/exl/fairness.csv" | cut -d, -f4-)
[ -n "$a" ] && [ "$a" = "$b" ] ||
  bad "the example's letters give other figures than the run that made them: $a / $b"

# 2. the report in Chromium
"$bin" fairness "$in" --policies sum,minimax,lottery --seeds 1-3 -o "$tmp/fair" 2>"$tmp/err" ||
  { bad "fairness exited $?"; cat "$tmp/err"; }
grep -q "^stagematch: commitment $(recompute "$in" 1-3) (seeds 1-3 " "$tmp/err" ||
  bad "fairness did not print the commitment of seeds 1-3"
grep -q "$(recompute "$in" 1-3)" "$tmp/fair/report.html" ||
  bad "report.html does not show the commitment"
# what the policies promise, run by run: minimax's worst-off cost is at most
# sum's and its total at least sum's; no policy leaves a Pareto-improving swap
python3 - "$tmp/fair/fairness.csv" <<'PY' || bad "fairness.csv breaks a policy's promise"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
by = {(r["policy"], r["seed"]): r for r in rows}
ok = len(rows) == 9
for seed in ("1", "2", "3"):
    s, m = by[("sum", seed)], by[("minimax", seed)]
    ok &= int(m["cost_max"]) <= int(s["cost_max"]) and int(m["objective"]) >= int(s["objective"])
ok &= all(r["swaps"] == "0" for r in rows)
sys.exit(0 if ok else 1)
PY
if grep -Eiq '<script|<link|<img|<iframe|src=|url\(|@import' "$tmp/fair/report.html"; then
  bad "report.html loads something (script, link, image, url)"
fi
if grep -o 'https\?://[^"]*' "$tmp/fair/report.html" | grep -vqx 'http://www.w3.org/2000/svg'; then
  bad "report.html names an address other than the SVG namespace"
fi
chromium=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}
if [ -z "$chromium" ]; then
  bad "chromium is not installed (apt-get install chromium)"
else
  python3 "$root/tests/fairness/charts.py" "$chromium" "$tmp/fair/report.html" "$tmp" ||
    bad "report.html: a chart is missing or empty in Chromium"
  # the check itself must catch a broken report: bars removed, a chart gone
  python3 - "$tmp/fair/report.html" "$tmp/broken.html" <<'PY'
import re, sys
s = open(sys.argv[1], encoding="utf-8").read()
a = s.index('<svg class="chart" id="chart-costs"'); b = s.index("</svg>", a)
s = s[:a] + re.sub(r"<rect[^>]*>.*?</rect>\n", "", s[a:b]) + s[b:]
a = s.index('<svg class="chart" id="chart-groups"'); b = s.index("</svg>", a) + 6
s = s[:a] + s[b:]
open(sys.argv[2], "w", encoding="utf-8").write(s)
PY
  out=$(python3 "$root/tests/fairness/charts.py" "$chromium" "$tmp/broken.html" "$tmp") &&
    bad "charts.py accepted a report with an empty and a missing chart"
  { echo "$out" | grep -q "chart chart-costs is empty" &&
    echo "$out" | grep -q "chart chart-groups is missing"; } ||
    bad "charts.py did not name the empty and the missing chart: $out"
fi
# 3. a line per finished run on a terminal (script(1) gives it one) or with
#    --progress, none otherwise, none with -q or --no-progress
if command -v script >/dev/null; then
  script -qec "'$bin' fairness '$in' --policies sum,minimax --seeds 1 -o '$tmp/tty' --jobs 1" \
    /dev/null >"$tmp/tty.log" 2>&1 || bad "fairness on a terminal exited $?"
  tr -d '\r' <"$tmp/tty.log" | grep -E '^stagematch: fairness: policy ' | sed 's/ ([0-9.]* s)$//' \
    >"$tmp/tty.lines"
  printf '%s\n' "stagematch: fairness: policy sum, seed 1: total cost $(grep -m1 '^sum,1,' "$tmp/fair/fairness.csv" | cut -d, -f4), optimal" \
    "stagematch: fairness: policy minimax, seed 1: total cost $(grep -m1 '^minimax,1,' "$tmp/fair/fairness.csv" | cut -d, -f4), optimal" \
    >"$tmp/tty.want"
  cmp -s "$tmp/tty.lines" "$tmp/tty.want" ||
    bad "fairness on a terminal: per-run lines $(cat "$tmp/tty.lines"), expected $(cat "$tmp/tty.want")"
  script -qec "'$bin' fairness '$in' --seeds 1 -o '$tmp/ttyq' --jobs 1 -q" /dev/null >"$tmp/ttyq.log" 2>&1
  grep -q 'fairness: policy' "$tmp/ttyq.log" && bad "fairness -q on a terminal printed per-run lines"
  grep -q 'fairness: policy' "$tmp/err" 2>/dev/null && bad "per-run lines without a terminal"
  # --progress: the same lines into a log file; --no-progress: none on a terminal
  "$bin" fairness "$in" --policies sum,minimax --seeds 1 -o "$tmp/prog" --jobs 1 --progress \
    2>"$tmp/prog.log" || bad "fairness --progress exited $?"
  grep -E '^stagematch: fairness: policy ' "$tmp/prog.log" | sed 's/ ([0-9.]* s)$//' >"$tmp/prog.lines"
  cmp -s "$tmp/prog.lines" "$tmp/tty.want" ||
    bad "fairness --progress: per-run lines $(cat "$tmp/prog.lines"), expected $(cat "$tmp/tty.want")"
  script -qec "'$bin' fairness '$in' --seeds 1 -o '$tmp/ttyn' --jobs 1 --no-progress" /dev/null \
    >"$tmp/ttyn.log" 2>&1 || bad "fairness --no-progress on a terminal exited $?"
  grep -q 'fairness: policy' "$tmp/ttyn.log" && bad "fairness --no-progress on a terminal printed per-run lines"
else
  bad "script(1) is not installed (bsdutils)"
fi
# 4. the lottery of a seed takes the sum optimum and the number left
#    unplaced from the sum run of that seed when the same process made it
#    (solve_opts_t.sum_hint), and gives the same figures as when it solves
#    sum itself: on an instance where sum leaves 2 aiossen unplaced
#    (tests/ref's gen-110), `--policies sum,lottery` against `lottery` alone
g=$tmp/g110
if python3 "$root/bench/gen.py" --trainees 30 --locked 15 --sites 25 --seed 110 --rich --ratio 1.0:1.0 \
    --shortfall 6 --planned-locked 1 -o "$g" 2>/dev/null; then
  for p in sum,lottery lottery; do
    STAGEMATCH_DEBUG=1 "$bin" fairness "$g" --policies $p --seeds 1-2 --jobs 1 -o "$tmp/h-$p" \
      2>"$tmp/h-$p.err" || bad "fairness --policies $p on gen-110 exited $?"
  done
  [ "$(grep -c '^lottery: the sum optimum 2110 with 2 unplaced, from the caller' "$tmp/h-sum,lottery.err")" = 2 ] ||
    bad "the lottery did not take the sum run's optimum 2110 and 2 unplaced"
  # two workers: each takes every policy of its seeds, so every lottery has
  # its sum run (round-robin over the jobs would part them here)
  STAGEMATCH_DEBUG=1 "$bin" fairness "$g" --policies sum,lottery --seeds 1-3 --jobs 2 -o "$tmp/h-j2" \
    2>"$tmp/h-j2.err" || bad "fairness --jobs 2 on gen-110 exited $?"
  [ "$(grep -c 'from the caller' "$tmp/h-j2.err")" = 3 ] ||
    bad "with two workers not every lottery took its seed's sum run"
  [ "$(grep ',lottery,\|^lottery,' "$tmp/h-j2/fairness.csv" | head -2)" = \
    "$(grep ',lottery,\|^lottery,' "$tmp/h-sum,lottery/fairness.csv")" ] ||
    bad "the lottery's rows differ with two workers"
  grep -q 'from the caller' "$tmp/h-lottery.err" && bad "the lottery alone took a sum run it did not have"
  for f in fairness.csv aios.csv; do
    a=$(grep ',lottery,\|^lottery,' "$tmp/h-sum,lottery/$f"); b=$(grep ',lottery,\|^lottery,' "$tmp/h-lottery/$f")
    [ -n "$a" ] && [ "$a" = "$b" ] || bad "$f: the lottery's rows differ with and without the sum run"
  done
else
  bad "bench/gen.py failed on gen-110"
fi
[ $fail = 0 ] && echo "fairness: commitment and report checks passed"
exit $fail
