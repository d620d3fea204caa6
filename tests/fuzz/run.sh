#!/usr/bin/env bash
# run.sh - run the libFuzzer targets built by `make fuzz` (docs/reliability.md)
#
# Usage: tests/fuzz/run.sh BUILD_DIR TOTAL_SECONDS MAX_LEN TARGET...
# Each target BUILD_DIR/fuzz_TARGET runs for TOTAL_SECONDS / (number of
# targets) seconds (at least 1) on its corpus BUILD_DIR/corpus/TARGET, which
# is kept between runs and seeded every time from the repository's inputs:
#   csv      every input file of data/example, tests/cases/*/in and the unit
#            fixtures, behind one options byte (0: detect the delimiter)
#   FILE     (preferences, capacity, ...) every FILE.csv of those folders
#   folder   each of those folders as one input: its six files in the order
#            preferences, capacity, exemptions, parttime, regions, locked,
#            separated by lines "=====" (an absent file is an empty part)
# The dictionary tests/fuzz/stagematch.dict holds the column names and
# typical values.  A finding is saved as BUILD_DIR/TARGET-crash-<hash> (or
# -leak-, -timeout-, -oom-); the script then fails.  Reproduce one with
#   BUILD_DIR/fuzz_TARGET BUILD_DIR/TARGET-crash-<hash>
set -u
build=$1 total=$2 maxlen=$3; shift 3
root=$(cd "$(dirname "$0")/../.." && pwd)
n=$#
per=$(( total / n )); [ "$per" -ge 1 ] || per=1
files="preferences capacity exemptions parttime regions locked"
folders=("$root"/data/example "$root"/tests/cases/*/in "$root"/tests/unit/fixtures/*/)
seed="$build/seed"
rm -rf "$seed"; mkdir -p "$seed"
for t in "$@"; do mkdir -p "$seed/$t" "$build/corpus/$t"; done
i=0
for d in "${folders[@]}"; do
  d=${d%/}; i=$((i+1))
  for f in "$d"/*; do
    [ -f "$f" ] || continue
    b=$(basename "$f" .csv)
    [ -d "$seed/$b" ] && [ "$(stat -c %s "$f")" -le "$maxlen" ] && cp "$f" "$seed/$b/$i"
    [ -d "$seed/csv" ] && [ "$(stat -c %s "$f")" -lt "$maxlen" ] && { printf '\0'; cat "$f"; } >"$seed/csv/$i-$b"
  done
  if [ -d "$seed/folder" ]; then
    first=1
    for b in $files; do
      [ $first = 1 ] || printf '=====\n'
      first=0
      [ -f "$d/$b.csv" ] && cat "$d/$b.csv"
    done >"$seed/folder/$i"
    [ "$(stat -c %s "$seed/folder/$i")" -le "$maxlen" ] || rm "$seed/folder/$i"
  fi
done
fail=0
for t in "$@"; do
  echo "fuzz_$t: ${per}s"
  log="$build/fuzz_$t.log"
  "$build/fuzz_$t" -max_total_time="$per" -max_len="$maxlen" -timeout=10 -rss_limit_mb=2048 \
    -dict="$root/tests/fuzz/stagematch.dict" -artifact_prefix="$build/$t-" \
    -print_final_stats=1 "$build/corpus/$t" "$seed/$t" >"$log" 2>&1
  rc=$?
  grep -E '^stat::number_of_executed_runs|^#[0-9]+.*DONE' "$log" | tail -1
  if [ $rc != 0 ]; then
    fail=1
    echo "FAIL fuzz_$t (exit $rc), see $log:"
    grep -E 'ERROR|SUMMARY|Test unit written' "$log" | head -5
  fi
done
[ $fail = 0 ]
