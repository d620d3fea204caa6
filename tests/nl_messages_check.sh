#!/usr/bin/env bash
# nl_messages_check.sh - does every message of the input check have a Dutch wording?
#
# Usage: tests/nl_messages_check.sh BUILD/nl_messages   (make nlcheck; part of make test)
# Takes every message format of io/load.c, io/csvfile.c and models/plans.c
# (the string literals of their diagnostic calls, after the preprocessor has
# expanded the rules macros), fills in sample values and feeds them to
# load_message_nl() (tests/tools/nl_messages.c): each must come back in Dutch.
# Fragments that are only parts of a message (no parenthesis) are skipped.
# A new or reworded message without a pattern in io/load.c fails here.
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
tool=$1
cd "$root"
python3 - <<'PY' | "$tool"
import re, subprocess
fmts = set()
for src in ("io/load.c", "io/csvfile.c", "models/plans.c"):
    pp = subprocess.run(["cc", "-E", "-P", "-std=c11", "-D_POSIX_C_SOURCE=200809L",
                         "-D_DEFAULT_SOURCE", src], capture_output=True, text=True, check=True).stdout
    cut = pp.find("nl_messages[]")          # the Dutch table itself
    if cut > 0:
        pp = pp[:cut]
    for m in re.finditer(r"\b(cerr|cwarn|diag_error|diag_warn|diags_add|pref_diag)\s*\(", pp):
        k, depth = m.end(), 1
        while depth and k < len(pp):        # to the closing parenthesis, strings skipped
            c = pp[k]
            if c == '"':
                k += 1
                while pp[k] != '"':
                    k += 2 if pp[k] == "\\" else 1
            elif c == "(":
                depth += 1
            elif c == ")":
                depth -= 1
            k += 1
        cur = None
        for t in re.finditer(r'"((?:[^"\\]|\\.)*)"|(,)', pp[m.end():k]):
            if t.group(2):
                if cur is not None:
                    fmts.add(cur)
                cur = None
            else:
                cur = (cur or "") + t.group(1)
        if cur is not None:
            fmts.add(cur)
for f in sorted(fmts):
    f = f.encode().decode("unicode_escape")
    if "(" not in f and not f.startswith("out of memory"):
        continue
    s = f.replace("%%", "\0")
    for spec, val in (("%02X", "1B"), ("%zu", "7"), ("%ld", "7"), ("%d", "7"), ("%c", ";"),
                      ("%s", "s")):
        s = s.replace(spec, val)
    print(s.replace("\0", "%"))
PY
rc=${PIPESTATUS[1]}
if [ "$rc" = 0 ]; then echo "nl messages: all have a Dutch wording"; else echo "nl messages: FAILED"; fi
exit "$rc"
