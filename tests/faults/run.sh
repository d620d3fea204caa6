#!/usr/bin/env bash
# run.sh - fault injection: stagematch under signals, an unwritable output
# folder, a full disk and out of memory (docs/reliability.md)
#
# Usage: tests/faults/run.sh ./stagematch SHIM.so      (make faults)
# SHIM.so is tests/faults/shim.c built as a shared library (LD_PRELOAD).
# Environment: FAULTS_SIGNAL_AFTER=1.5  seconds before the signal is sent
#              FAULTS_TRAINEES=80       size of the generated instance
#
# What must hold, for every fault:
#   - the exit status is the documented one (130 interrupted, 6 output not
#     written, 3 input errors; under out of memory 1, 3, 5 or 6 as well),
#     never a signal or crash;
#   - stderr says what happened ("interrupted", the system's error text,
#     "out of memory");
#   - neither the output folder nor a temporary folder beside it is left;
#   - a run that does succeed (a fault that came too late to matter) wrote
#     exactly the files of a run without faults.
set -u
export LC_ALL=C TZ=UTC
root=$(cd "$(dirname "$0")/../.." && pwd)
abspath() { case "$1" in /*) echo "$1";; *) echo "$(pwd)/$1";; esac; }
bin=$(abspath "$1"); shim=$(abspath "$2")
small=$root/tests/unit/fixtures/valid
tmp=$(mktemp -d "${TMPDIR:-/tmp}/stagematch-faults.XXXXXX")
chmod 755 "$tmp"
trap 'chmod -R u+w "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
pass=0; fail=0
ok() { pass=$((pass+1)); }
bad() { fail=$((fail+1)); echo "FAIL $*"; [ -f "$tmp/err" ] && head -5 "$tmp/err"; }

# nothing_left DIR NAME: no DIR/NAME and no DIR/.NAME.tmp-* / .NAME.old-*
nothing_left() {
  [ ! -e "$1/$2" ] && ! ls -d "$1/.$2".* >/dev/null 2>&1
}

# the files of a run without faults, to compare successful runs with
mkdir -p "$tmp/ref"
if ! "$bin" allocate "$small" -o "$tmp/ref/out" -q 2>"$tmp/err"; then
  bad "the small case does not allocate without faults"; exit 1
fi
same_as_ref() {   # the deterministic files (summary.* hold timings)
  cmp -s "$1/letters.csv" "$tmp/ref/out/letters.csv" &&
    cmp -s "$1/unplaced.csv" "$tmp/ref/out/unplaced.csv" &&
    [ -f "$1/summary.txt" ] && [ -f "$1/summary.json" ]
}

# ---------------------------------------------------------------- signals
# A solve of several seconds, interrupted after FAULTS_SIGNAL_AFTER seconds.
# If a machine solves the instance before that, the next size up (twice the
# trainees, at most twice) is tried; so it is (at most twice more) when the
# solve was still running at the check but ended, output written and exit
# 0, as the signal came (seen once in CI: 160 trainees, "0.00 s to stop").
after=${FAULTS_SIGNAL_AFTER:-1.5}
n=${FAULTS_TRAINEES:-80}
for sig in INT TERM; do
  d="$tmp/sig$sig"; mkdir -p "$d"
  for late in 1 2 3; do   # a solve that ended as the signal came: once more, bigger
  for try in 1 2 3; do
    if [ ! -d "$tmp/big$n" ]; then
      python3 "$root/bench/gen.py" --trainees "$n" --locked "$n" --sites $((n * 4 / 3)) --seed 7 \
        -o "$tmp/big$n" >/dev/null 2>&1 || { bad "bench/gen.py failed"; exit 1; }
    fi
    "$bin" allocate "$tmp/big$n" -o "$d/out" -q 2>"$tmp/err" &
    pid=$!
    sleep "$after"
    kill -0 "$pid" 2>/dev/null && break
    wait "$pid"; rm -rf "$d/out"
    echo "SIG$sig: $n trainees were solved within ${after}s; trying $((2 * n))"
    n=$((2 * n)); pid=
  done
  if [ -z "$pid" ]; then bad "SIG$sig: every solve ended within ${after}s"; break; fi
  t0=$(date +%s.%N)
  kill -"$sig" "$pid"; wait "$pid"; rc=$?
  t1=$(date +%s.%N)
  echo "SIG$sig after ${after}s ($n trainees): exit $rc," \
    "$(awk "BEGIN { printf \"%.2f\", $t1 - $t0 }") s to stop"
  # exit 0 with every file written: the solve and its output were done
  # before the signal arrived (it was still running at the check just
  # before), not a signal ignored; the next size up, as above
  if [ "$rc" = 0 ] && [ "$late" -lt 3 ] && [ -f "$d/out/letters.csv" ] &&
     [ -f "$d/out/unplaced.csv" ] && [ -f "$d/out/summary.txt" ] && [ -f "$d/out/summary.json" ]; then
    echo "SIG$sig: the solve ended as the signal came; trying $((2 * n))"
    rm -rf "$d/out"; n=$((2 * n)); continue
  fi
  break
  done
  [ -n "$pid" ] || continue   # reported above
  if [ "$rc" != 130 ]; then bad "SIG$sig during the solve: exit $rc, expected 130"
  elif [ "$(tail -1 "$tmp/err")" != "stagematch: interrupted; nothing was written" ]; then
    bad "SIG$sig during the solve: stderr does not end in 'interrupted; nothing was written'"
  elif ! nothing_left "$d" out; then bad "SIG$sig during the solve: a folder was left: $(ls -A "$d")"
  else ok; fi
done
# the signal while the output folder is being written (the shim raises it
# when summary.txt, the third file, is opened in the temporary folder)
for sig in INT TERM; do
  d="$tmp/sigw$sig"; mkdir -p "$d"
  SHIM_RAISE_ON_OPEN=summary.txt SHIM_RAISE_SIG=$sig LD_PRELOAD=$shim \
    "$bin" allocate "$small" -o "$d/out" -q 2>"$tmp/err"; rc=$?
  if [ "$rc" != 130 ]; then bad "SIG$sig while writing: exit $rc, expected 130"
  elif ! grep -q "^stagematch: interrupted; nothing was written$" "$tmp/err"; then
    bad "SIG$sig while writing: no 'interrupted; nothing was written' on stderr"
  elif ! nothing_left "$d" out; then bad "SIG$sig while writing: a folder was left: $(ls -A "$d")"
  else ok; fi
done

# ---------------------------------------------------------------- unwritable
# A parent folder without write permission.  root may write anywhere, so as
# root the run is made as user nobody (setpriv).
d="$tmp/ro"; mkdir -p "$d/parent"; chmod 555 "$d/parent"
as=()
if [ "$(id -u)" = 0 ]; then as=(setpriv --reuid=65534 --regid=65534 --clear-groups); fi
"${as[@]}" "$bin" allocate "$small" -o "$d/parent/out" -q 2>"$tmp/err"; rc=$?
if [ "$rc" != 6 ]; then bad "unwritable parent: exit $rc, expected 6"
elif ! grep -q "Permission denied" "$tmp/err" ||
     ! grep -q "^stagematch: the output folder could not be written; nothing was written$" "$tmp/err"; then
  bad "unwritable parent: stderr does not say 'Permission denied' and 'nothing was written'"
elif ! nothing_left "$d/parent" out; then bad "unwritable parent: something was left"
else ok; fi
chmod 755 "$d/parent"
# a parent that does not exist, and one that is a file
for p in "$d/missing/out" "$d/file/out"; do
  : >"$d/file"
  "$bin" allocate "$small" -o "$p" -q 2>"$tmp/err"; rc=$?
  if [ "$rc" != 6 ]; then bad "parent ${p#"$d"/}: exit $rc, expected 6"
  elif ! grep -qE "No such file or directory|Not a directory" "$tmp/err"; then
    bad "parent ${p#"$d"/}: stderr does not say why"
  elif [ -e "$d/missing" ] || ls -A "$d" | grep -q '^\.'; then bad "parent ${p#"$d"/}: something was left"
  else ok; fi
done

# ---------------------------------------------------------------- full disk
# (a) writes fail: a file size limit below letters.csv's size (SIGXFSZ is
# ignored by stagematch, so the write fails with EFBIG as on a full disk)
d="$tmp/fsize"; mkdir -p "$d"
(ulimit -f 16; exec "$bin" allocate "$root/data/example" -o "$d/out" -q) 2>"$tmp/err"; rc=$?
if [ "$rc" != 6 ]; then bad "file size limit: exit $rc, expected 6"
elif ! grep -q "^stagematch: cannot write '.*/letters.csv': File too large$" "$tmp/err"; then
  bad "file size limit: stderr does not name letters.csv and the reason"
elif ! nothing_left "$d" out; then bad "file size limit: something was left: $(ls -A "$d")"
else ok; fi
# (b) the flush fails with ENOSPC: the Nth fsync, for every N a run makes
SHIM_COUNT=$tmp/count LD_PRELOAD=$shim "$bin" allocate "$small" -o "$tmp/count.out" -q 2>/dev/null
nfsync=$(cut -d" " -f2 "$tmp/count")
failed=0
for i in $(seq 1 "$nfsync"); do
  d="$tmp/fsync$i"; mkdir -p "$d"
  SHIM_FSYNC_FAIL=$i LD_PRELOAD=$shim "$bin" allocate "$small" -o "$d/out" -q 2>"$tmp/err"; rc=$?
  if [ "$rc" = 0 ]; then   # the fsync after the move: the folder is complete
    if same_as_ref "$d/out" && ! ls -d "$d"/.out.* >/dev/null 2>&1; then ok
    else bad "fsync $i failing: exit 0 but the output differs or a folder was left"; fi
  elif [ "$rc" != 6 ]; then bad "fsync $i failing: exit $rc, expected 6"
  elif ! grep -q "No space left on device" "$tmp/err"; then bad "fsync $i failing: stderr does not say 'No space left on device'"
  elif ! nothing_left "$d" out; then bad "fsync $i failing: something was left: $(ls -A "$d")"
  else ok; failed=$((failed+1)); fi
  rm -rf "$d"
done
echo "full disk: $failed of $nfsync fsync failures stopped the write"
[ "$failed" -ge 4 ] || bad "fewer than 4 fsync failures were noticed (every file is flushed)"

# ---------------------------------------------------------------- out of memory
# Every allocation of a run fails in turn: once (the allocation after it
# works again) and for good (memory stays exhausted); on the small case
# (allocate) and on bad_many_errors (check: the diagnostics need memory too);
# every 11th allocation of check on the example (plans for 120 trainees).
# Outcomes: the fault-free result (same files; for check the same stderr);
# or a failure exit (1, 3, 5, 6) whose message names out of memory, with no
# output folder; a solver failure (exit 5) that says only "solver failed" is
# accepted and counted apart (solver/ does not say why).  Never a signal,
# never a temporary folder left, and no more blocks left allocated at exit
# than the fault-free run leaves (the shim counts them): no leak on the
# error paths.  (GLPK's own set-up is done by solve_run with glp_init_env,
# so that running out of memory there is reported too, never an abort.)
solver_only=0
# oom_run LABEL OK_RC REF_ERR LIVE CMD...   (the shim settings in the environment)
# A run without an out-of-memory message must be the fault-free run: exit
# OK_RC and, for check, stderr byte for byte REF_ERR (no diagnostic lost).
# LIVE: the blocks the fault-free run leaves allocated at exit.
oom_run() {
  local label=$1 okrc=$2 referr=$3 base=$4; shift 4
  local d="$tmp/oom"; rm -rf "$d" "$tmp/live"; mkdir -p "$d"
  # (in a subshell that does not exec: bash's own "Aborted" line goes to
  # the subshell's dropped stderr)
  (SHIM_COUNT=$tmp/live LD_PRELOAD=$shim "$@" >/dev/null 2>"$tmp/err"; exit $?) 2>/dev/null
  local rc=$?
  local oomsays=0
  grep -qE "out of memory|no memory available|Cannot allocate memory" "$tmp/err" && oomsays=1
  if [ "$rc" -ge 128 ]; then
    bad "$label: killed by a signal (exit $rc)"; return
  elif [ $oomsays = 0 ] && [ "$rc" = "$okrc" ]; then
    if [ -z "$referr" ] && [ "$rc" = 0 ] && ! same_as_ref "$d/out"; then
      bad "$label: exit 0 but the output differs"; return; fi
    if [ -n "$referr" ] && ! cmp -s "$referr" "$tmp/err"; then
      bad "$label: exit $rc as without the fault, but stderr differs"; return; fi
  elif [ "$rc" = 1 ] || [ "$rc" = 3 ] || [ "$rc" = 5 ] || [ "$rc" = 6 ]; then
    if [ $oomsays = 0 ]; then
      if [ "$rc" = 5 ] && grep -q "^stagematch: solver failed; nothing was written$" "$tmp/err"; then
        solver_only=$((solver_only+1))
      else bad "$label: exit $rc without an out-of-memory message"; return; fi
    fi
    if [ -e "$d/out" ]; then bad "$label: exit $rc but an output folder was written"; return; fi
  else bad "$label: exit $rc"; return; fi
  if ls -d "$d"/.out.* >/dev/null 2>&1; then bad "$label: a temporary folder was left"; return; fi
  local live; live=$(cut -d' ' -f3 "$tmp/live" 2>/dev/null)
  if [ -z "$live" ]; then bad "$label: the shim wrote no count"; return; fi
  if [ "$live" -gt "$base" ]; then
    bad "$label: $live blocks still allocated at exit, $base without the fault (a leak)"; return; fi
  ok
}
# count_run FILE CMD...: the fault-free run; sets nalloc and live
count_run() {
  local err=$1; shift
  SHIM_COUNT=$tmp/count LD_PRELOAD=$shim "$@" >/dev/null 2>"$err"
  # (10% more: another path may take a few more allocations)
  nalloc=$(( $(cut -d' ' -f1 "$tmp/count") * 11 / 10 )); live=$(cut -d' ' -f3 "$tmp/count")
}
count_run /dev/null "$bin" allocate "$small" -o "$tmp/count.out" -q
for mode in once from; do
  solver_only=0
  for i in $(seq 1 "$nalloc"); do
    SHIM_MALLOC_FAIL=$i SHIM_MALLOC_MODE=$mode oom_run "allocate, allocation $i fails ($mode)" \
      0 "" "$live" "$bin" allocate "$small" -o "$tmp/oom/out" -q
  done
  echo "out of memory ($mode): allocate, $nalloc allocations failing in turn;" \
    "$solver_only solver failures did not name memory"
done
bad_in=$root/tests/cases/bad_many_errors/in
count_run "$tmp/check.err" "$bin" check "$bad_in"
for mode in once from; do
  for i in $(seq 1 "$nalloc"); do
    SHIM_MALLOC_FAIL=$i SHIM_MALLOC_MODE=$mode oom_run "check bad_many_errors, allocation $i fails ($mode)" \
      3 "$tmp/check.err" "$live" "$bin" check "$bad_in"
  done
done
echo "out of memory: check on bad_many_errors, $nalloc allocations failing in turn, both modes"
count_run "$tmp/check.err" "$bin" check "$root/data/example"
for i in $(seq 1 11 "$nalloc"); do
  SHIM_MALLOC_FAIL=$i oom_run "check data/example, allocation $i fails" \
    0 "$tmp/check.err" "$live" "$bin" check "$root/data/example"
done
echo "out of memory: check on data/example, every 11th of $nalloc allocations failing"

echo "faults: $pass passed, $fail failed"
[ "$fail" = 0 ]
