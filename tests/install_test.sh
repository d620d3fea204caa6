#!/usr/bin/env bash
# install_test.sh - make install / make uninstall into a temporary prefix
#
# Usage: tests/install_test.sh   (from the repository root; make installcheck)
# Installs with `make install PREFIX=$tmp` (the same SANITIZE as the caller,
# passed on by make), then checks: the binary (mode 0755) answers --version
# with the version of VERSION; the man page (mode 0644) renders with
# `man -l` without a warning and names every option that
# `stagematch allocate --help` and `stagematch check --help` list;
# `make uninstall PREFIX=$tmp` removes both files.
set -u
export LC_ALL=C.UTF-8 TZ=UTC
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/stagematch-install.XXXXXX"); trap 'rm -rf "$tmp"' EXIT
pass=0; fail=0
ok()  { pass=$((pass+1)); }
bad() { fail=$((fail+1)); echo "FAIL install: $1"; }
cd "$root"
make -s install PREFIX="$tmp/prefix" >"$tmp/make.out" 2>&1 || bad "make install failed: $(tail -3 "$tmp/make.out")"
bin=$tmp/prefix/bin/stagematch man1=$tmp/prefix/share/man/man1/stagematch.1
[ "$(stat -c %a "$bin" 2>/dev/null)" = 755 ] && ok || bad "$bin missing or not mode 755"
[ "$(stat -c %a "$man1" 2>/dev/null)" = 644 ] && ok || bad "$man1 missing or not mode 644"
want="stagematch $(cat VERSION) ("
got=$("$bin" --version 2>&1)
case "$got" in "$want"*) ok;; *) bad "--version says '$got', expected '$want...'";; esac
MANWIDTH=80 man --warnings -l "$man1" >"$tmp/man.txt" 2>"$tmp/man.err"
if [ $? = 0 ] && [ ! -s "$tmp/man.err" ] && grep -q '^NAME' "$tmp/man.txt" && grep -q 'EXIT STATUS' "$tmp/man.txt"; then ok
else bad "man -l: $(head -3 "$tmp/man.err")"; fi
# every option of the help texts is in the manual
for cmd in allocate check; do
  for o in $("$bin" "$cmd" --help | grep -o -- '--[a-z][a-z-]*' | sort -u); do
    if grep -q -- "$o" "$tmp/man.txt"; then ok; else bad "the man page does not mention $cmd $o"; fi
  done
done
make -s uninstall PREFIX="$tmp/prefix" >"$tmp/make.out" 2>&1 || bad "make uninstall failed"
[ ! -e "$bin" ] && [ ! -e "$man1" ] && ok || bad "make uninstall left files behind"
echo "install: $pass passed, $fail failed"
[ $fail = 0 ]
