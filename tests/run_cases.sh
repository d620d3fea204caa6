#!/usr/bin/env bash
# run_cases.sh - golden end-to-end cases, compared byte for byte
#
# Usage: tests/run_cases.sh ./stagematch [CASE_DIR...]
# Each case is a folder under tests/cases/ with:
#   args            the command line after the program name, one line;
#                   $IN is replaced by the case's in/ folder, $OUT by a fresh
#                   output path (which does not exist beforehand)
#   in/             the input files
#   expected_exit   the exit status
#   expected_stderr what stderr must say, exactly (optional: not compared if absent)
#   expected_stdout what stdout must say, exactly (optional)
#   expected_out/   files the output folder must hold, compared byte for byte
#                   (also the files of a subfolder such as brieven/);
#                   without it, the run must leave no output folder at all
# A VALGRIND=1 environment runs every case under valgrind and fails on any
# error or leak.
set -u
export LC_ALL=C TZ=UTC
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1"); shift
root=$(cd "$(dirname "$0")" && pwd)
if [ $# -eq 0 ]; then set -- "$root"/cases/*/; fi
pass=0; fail=0
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
for c in "$@"; do
  c=${c%/}; name=$(basename "$c")
  out="$tmp/$name.out"
  args=$(cat "$c/args")
  args=${args//\$IN/$c/in}; args=${args//\$OUT/$out}
  run=("$bin")
  if [ "${VALGRIND:-0}" = 1 ]; then
    run=(valgrind -q --error-exitcode=99 --leak-check=full --show-leak-kinds=definite,indirect,possible --errors-for-leak-kinds=definite,indirect,possible "$bin")
  fi
  # shellcheck disable=SC2086
  (cd "$c" && "${run[@]}" $args >"$tmp/stdout" 2>"$tmp/stderr"); rc=$?
  # the output path differs per run: expected files say $OUT instead
  sed -i "s|$out|\$OUT|g" "$tmp/stderr" "$tmp/stdout"
  ok=1; why=""
  want=$(cat "$c/expected_exit")
  if [ "$rc" != "$want" ]; then ok=0; why="exit $rc, expected $want"; fi
  if [ -f "$c/expected_stderr" ] && ! cmp -s "$c/expected_stderr" "$tmp/stderr"; then
    ok=0; why="$why; stderr differs"; diff "$c/expected_stderr" "$tmp/stderr" | head -20
  fi
  if [ -f "$c/expected_stdout" ] && ! cmp -s "$c/expected_stdout" "$tmp/stdout"; then
    ok=0; why="$why; stdout differs"; diff "$c/expected_stdout" "$tmp/stdout" | head -20
  fi
  if [ -d "$c/expected_out" ]; then
    for f in "$c"/expected_out/* "$c"/expected_out/*/*; do
      [ -f "$f" ] || continue   # a subfolder (brieven/): its files are compared one by one
      b=${f#"$c"/expected_out/}
      if ! cmp -s "$f" "$out/$b"; then ok=0; why="$why; $b differs"; diff "$f" "$out/$b" | head -20; fi
    done
  elif [ -e "$out" ]; then
    ok=0; why="$why; an output folder was written"
  fi
  if ls -d "$tmp"/"$name".out.* >/dev/null 2>&1 || ls -d "$tmp"/.*"$name"* >/dev/null 2>&1; then
    ok=0; why="$why; a temporary output folder was left behind"
  fi
  if [ $ok = 1 ]; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL $name: $why"; cat "$tmp/stderr" | head -5; fi
  rm -rf "$out"
done
echo "cases: $pass passed, $fail failed"
[ $fail = 0 ]
