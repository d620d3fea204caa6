# shellcheck shell=bash
# lib.sh - shared by bench/run.sh and bench/scale.sh (sourced, not run)
# The caller sets dir, the folder for each run's files.
# shellcheck disable=SC2154,SC2034
# measure NAME HARD CMD... : runs CMD (killed after HARD s), stdout/stderr to
# $dir/NAME.stdout/.stderr; sets WALL (s), CPU (user+sys s), RSS (MB), RC
measure() {
  local name=$1 hard=$2; shift 2
  local t0 t1
  if [ -x /usr/bin/time ]; then
    # time(1) outside timeout(1): a killed run still reports its peak RSS
    # (wait4 counts the descendants), and the exit status is 124 on a kill
    t0=$(date +%s.%N)
    /usr/bin/time -v -o "$dir/$name.time" timeout -k 10 "$hard" "$@" >"$dir/$name.stdout" 2>"$dir/$name.stderr"
    RC=$?
    t1=$(date +%s.%N)
    WALL=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')
    RSS=$(awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$dir/$name.time")
    CPU=$(awk -F': ' '/User time|System time/ { s += $2 } END { printf "%.2f", s }' "$dir/$name.time")
  else
    read -r WALL CPU RSS RC < <(python3 - "$hard" "$dir/$name" "$@" <<'EOF'
import resource, subprocess, sys, time
hard, base, cmd = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
t0 = time.monotonic()
with open(base + ".stdout", "w") as o, open(base + ".stderr", "w") as e:
    try:
        rc = subprocess.run(cmd, stdout=o, stderr=e, timeout=hard).returncode
    except subprocess.TimeoutExpired:
        rc = 124
wall = time.monotonic() - t0
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
print("%.2f %.2f %.0f %d" % (wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss / 1024, rc))
EOF
)
  fi
  [ -n "$RSS" ] || RSS="-"
}
