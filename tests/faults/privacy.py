#!/usr/bin/env python3
"""privacy.py - no personal data on stderr unless the diagnostic is about that cell

usage: tests/faults/privacy.py ./stagematch        (make faults runs it)

Runs stagematch on data/example (check and allocate) and `check` on every
input folder of tests/cases, and reads the personal data of each input
folder: the trainees' names and e-mail addresses (the name and email
columns of preferences, exemptions, parttime, regions and locked.csv) and
the supervisors of capacity.csv.  Every line of stderr and stdout that holds
one of those values must be a diagnostic "FILE:LINE: column 'COL': ..."
whose cell (FILE, the record starting on physical LINE, column COL) holds
that value: quoting the cell a message is about is allowed, showing anyone's
data anywhere else is not.  Values shorter than 4 characters are not
searched for (too many false hits).  Exit status 0 if nothing leaked.
"""

import csv
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

# file -> {canonical column: accepted header names}; as io/load.c binds them
PERSONAL = {
    "preferences.csv": {"name": ("name", "naam"), "email": ("email", "e-mail")},
    "exemptions.csv": {"name": ("name", "naam")},
    "parttime.csv": {"name": ("name", "naam")},
    "regions.csv": {"name": ("name", "naam")},
    "locked.csv": {"name": ("name", "naam")},
    "capacity.csv": {"supervisor": ("supervisor", "stageopleider")},
}
DIAG = re.compile(r"^([A-Za-z_.]+\.csv):(\d+): column '([^']*)': ")


def read_records(path):
    """[(physical line, [cells])], header first; lenient: what Python can read."""
    try:
        raw = open(path, "rb").read()
    except OSError:
        return []
    raw = raw.replace(b"\0", b"")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    first = text.split("\n", 1)[0]
    delim = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delim)
    out, prev = [], 0
    try:
        for rec in reader:
            start = prev + 1
            prev = reader.line_num
            if any(c.strip() for c in rec):
                out.append((start, [c.strip(" \t\u00a0") for c in rec]))
    except csv.Error:
        pass
    return out


def leaks(text, data, cells, allowed=None):
    """Lines of text showing a personal value outside a diagnostic on its cell;
    allowed (a list) collects the lines that quote the cell they are about."""
    bad = []
    for ln in text.splitlines():
        for v in data:
            if v not in ln:
                continue
            m = DIAG.match(ln)
            if m:
                f, line, col = m.group(1), int(m.group(2)), m.group(3)
                cell = cells.get((f, line, col), "")
                if v in cell:
                    if allowed is not None:
                        allowed.append(ln)
                    continue
            bad.append("%r in: %s" % (v, ln))
    return bad


def all_cells(folder):
    """{(file, line, canonical column): cell} for the personal columns."""
    out = {}
    for name, cols in PERSONAL.items():
        recs = read_records(os.path.join(folder, name))
        if not recs:
            continue
        header = [h.lower() for h in recs[0][1]]
        for canon, names in cols.items():
            for i, h in enumerate(header):
                if h in names:
                    for line, cells in recs[1:]:
                        out[(name, line, canon)] = cells[i] if i < len(cells) else ""
    return out


def self_test():
    """leaks() itself: a leak is found, a diagnostic on its own cell is not one."""
    cells = {("preferences.csv", 3, "name"): "Sanne Eli\u00ebns",
             ("preferences.csv", 4, "name"): "Piet Jansen"}
    data = ["Sanne Eli\u00ebns", "Piet Jansen"]
    ok = "preferences.csv:3: column 'name': control character in 'Sanne Eli\u00ebns'"
    other = "preferences.csv:4: column 'name': same person as 'Sanne Eli\u00ebns'"
    plain = "stagematch: trainee Piet Jansen cannot be placed"
    allowed = []
    assert leaks(ok, data, cells, allowed) == [] and allowed == [ok]
    assert len(leaks(other, data, cells)) == 1
    assert len(leaks(plain, data, cells)) == 1
    assert len(leaks(ok + "\n" + plain + "\n" + other, data, cells)) == 2


def main():
    self_test()
    binary = os.path.abspath(sys.argv[1])
    program = open(binary, "rb").read()
    runs = [("data/example", "check"), ("data/example", "allocate")]
    cases = sorted(os.listdir(os.path.join(ROOT, "tests", "cases")))
    runs += [(os.path.join("tests", "cases", c, "in"), "check") for c in cases
             if os.path.isdir(os.path.join(ROOT, "tests", "cases", c, "in"))]
    tmp = tempfile.mkdtemp(prefix="stagematch-privacy.")
    nbad = nvalues = nlines = 0
    allowed = []
    try:
        for rel, cmd in runs:
            folder = os.path.join(ROOT, rel)
            cells = all_cells(folder)
            data = sorted({v for v in cells.values()
                           if len(v) >= 4 and v.encode() not in program})
            nvalues += len(data)
            args = [binary, cmd, folder]
            if cmd == "allocate":
                args += ["-o", os.path.join(tmp, "out")]
            p = subprocess.run(args, capture_output=True, env=dict(os.environ, LC_ALL="C"))
            text = (p.stderr + p.stdout).decode("utf-8", errors="replace")
            nlines += len(text.splitlines())
            for b in leaks(text, data, cells, allowed):
                nbad += 1
                print("LEAK %s %s: %s" % (cmd, rel, b))
            shutil.rmtree(os.path.join(tmp, "out"), ignore_errors=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print("privacy: %d runs, %d lines of stderr/stdout, %d personal values searched, "
          "%d lines quoting the cell they are about, %d leaks"
          % (len(runs), nlines, nvalues, len(allowed), nbad))
    return 1 if nbad else 0


if __name__ == "__main__":
    sys.exit(main())
