#!/usr/bin/env bash
# html_check.sh - the HTML letters (allocate --html-letters) in headless Chromium
#
# Usage: tests/html_check.sh ./stagematch   (make htmlcheck; part of make check)
# Allocates tests/cases/cli_dutch_sheet (Dutch) and data/example (with
# --lang en) with --html-letters, then for every letter of the first and a
# sample of the second (the first trainee, the one with the most
# placements, every unplaced one) has /usr/bin/chromium --headless
#   - parse it (--dump-dom): the table must have one row per letters.csv row
#     of that trainee (placed), the <title> must be there;
#   - print it (--print-to-pdf, A4): it must fit on exactly one page.
# Needs the Debian package chromium (.ci/run installs it).
set -u
export LC_ALL=C.UTF-8 TZ=UTC
root=$(cd "$(dirname "$0")/.." && pwd)
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
chromium=${CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$chromium" ]; then echo "html: $chromium not found (apt-get install chromium)"; echo "html: 0 passed, 1 failed"; exit 1; fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/stagematch-html.XXXXXX"); trap 'rm -rf "$tmp"' EXIT
pass=0; fail=0
ok()  { pass=$((pass+1)); }
bad() { fail=$((fail+1)); echo "FAIL html: $1"; }
chrome() { timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --no-pdf-header-footer \
             --user-data-dir="$tmp/profile" "$@" 2>>"$tmp/chromium.log"; }

"$bin" allocate "$root/tests/cases/cli_dutch_sheet/in" -o "$tmp/nl" --html-letters -q || bad "allocate nl failed"
"$bin" allocate "$root/data/example" -o "$tmp/en" --html-letters --lang en -q || bad "allocate en failed"

# which letters, and how many table rows each should have
python3 - "$tmp" >"$tmp/list" <<'PY'
import csv, sys
tmp = sys.argv[1]
def rows(d):
    with open(f"{tmp}/{d}/brieven.csv", encoding="utf-8-sig", newline="") as fh:
        text = fh.read()
    delim = ";" if text.split("\n", 1)[0].count(";") > text.split("\n", 1)[0].count(",") else ","
    return list(csv.DictReader(text.splitlines(True), delimiter=delim))
for r in rows("nl"):
    print("nl", r["aios_id"], r["aantal_stages"])
en = rows("en")
pick = {en[0]["trainee_id"], max(en, key=lambda r: (int(r["stages"]), r["trainee_id"]))["trainee_id"]}
pick |= {r["trainee_id"] for r in en if r["outcome"] == "unplaced"}
for r in en:
    if r["trainee_id"] in pick:
        print("en", r["trainee_id"], r["stages"] if r["outcome"] == "placed" else
              ("%s+" % r["stages"] if int(r["stages"]) else "0"))
PY
while read -r lang id want; do
  f="$tmp/$lang/brieven/$id.html"
  [ -f "$f" ] || { bad "$lang/brieven/$id.html missing"; continue; }
  chrome --dump-dom "file://$f" >"$tmp/dom.html"
  # rows in <tbody> (an unplaced trainee's letter lists only locked placements: N+)
  got=$(grep -o '<tr><td>' "$tmp/dom.html" | wc -l)
  case "$want" in
    *+) [ "$got" = "${want%+}" ] && ok || bad "$lang/$id: $got table rows, expected ${want%+}";;
    *)  [ "$got" = "$want" ] && ok || bad "$lang/$id: $got table rows, expected $want";;
  esac
  grep -q '<title>' "$tmp/dom.html" && ok || bad "$lang/$id: no title after parsing"
  rm -f "$tmp/out.pdf"
  chrome --print-to-pdf="$tmp/out.pdf" "file://$f" >/dev/null
  pages=$(python3 -c 'import re,sys; print(len(re.findall(rb"/Type\s*/Page(?![a-z])", open(sys.argv[1],"rb").read())))' "$tmp/out.pdf" 2>/dev/null)
  [ "$pages" = 1 ] && ok || bad "$lang/$id: printed on '${pages:-no}' pages, expected 1"
done <"$tmp/list"
echo "html: $pass passed, $fail failed"
[ $fail = 0 ]
