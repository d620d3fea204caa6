#!/usr/bin/env python3
"""selftest.py - does verify.py catch each broken rule?

usage: python3 tests/tools/selftest.py

Solves the tiny instances of tests/ref/tiny with refmodel.py, checks that
verify.py accepts the solutions at the expected cost, then breaks one rule at
a time (in a copy of the letters or of the input) and checks that verify.py
rejects the result with the right message.  Prints `selftest: N passed, M
failed` and exits 1 on any failure.
"""

import csv
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
TINY = os.path.join(HERE, "..", "ref", "tiny")


def read(path):
    with open(path, newline="", encoding="utf-8") as f:
        text = f.read()
    delim = ";" if text.split("\n", 1)[0].count(";") > 0 else ","
    rows = list(csv.DictReader(text.splitlines(), delimiter=delim))
    return rows, delim


def write(path, rows, delim, header=None):
    header = header or list(rows[0].keys())
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=header, delimiter=delim, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


def verify(inp, out):
    r = subprocess.run([sys.executable, os.path.join(HERE, "verify.py"), inp, out],
                       capture_output=True, text=True)
    return r.returncode, r.stdout + r.stderr


def day(text, n):
    return (dt.date.fromisoformat(text) + dt.timedelta(days=n)).isoformat()


# Each mutation: (instance, description, function(inp, out), expected text in verify's output).
# The function edits the copies inp/ (input) and out/ (letters) in place.

def letters_edit(fn):
    def run(inp, out):
        p = os.path.join(out, "letters.csv")
        rows, d = read(p)
        hdr = list(rows[0].keys())
        rows = fn(rows)
        write(p, rows, d, hdr)
    return run


def input_edit(name, fn):
    def run(inp, out):
        p = os.path.join(inp, name)
        rows, d = read(p)
        hdr = list(rows[0].keys())
        rows = fn(rows, hdr)
        write(p, rows, d, hdr)
    return run


def first(rows, tid, field=None, traject=None):
    for r in rows:
        if r["trainee_id"] == tid and (field is None or r["field"] == field) \
                and (traject is None or r["traject"] == traject):
            return r
    raise KeyError((tid, field))


def set_(r, **kw):
    r.update(kw)
    return r


def m_drop(rows):
    rows.remove(first(rows, "P1", "GGZ"))
    return rows


def m_shift_b(rows):
    r = first(rows, "P2", "CCZ")
    r["start_date"] = day(r["start_date"], 1)
    return rows


def m_pt_dates(rows):
    r = first(rows, "P1", "SEH")
    r["end_date"] = day(r["end_date"], -7)
    return rows


def m_exempted(rows):
    r = first(rows, "P2", traject="A")
    set_(r, field="SEH", site_id="SEH-AMS-01", site_name="SEH Amsterdam UMC AMC",
         institution="Amsterdam UMC", supervisor="dr. A. Bakker")
    return rows


def m_pt_not_at_end(rows):
    # P1 (0.8): A block moved to the start of the year, B after it
    a = first(rows, "P1", "SEH")
    g = first(rows, "P1", "GGZ")
    c = first(rows, "P1", "CCZ")
    a["start_date"], a["end_date"] = "2026-09-01", day("2026-09-01", 230)
    g["start_date"], g["end_date"] = "2027-03-01", "2027-05-31"
    c["start_date"], c["end_date"] = "2027-06-01", "2027-08-31"
    rows.sort(key=lambda r: (r["trainee_id"], r["start_date"]))
    return rows


def m_unplaced_too(inp, out):
    p = os.path.join(out, "unplaced.csv")
    rows, d = read(p)
    rows.append({"trainee_id": "P1", "name": "Petra Groen", "reason": "test"})
    write(p, rows, d)


def m_missing(rows):
    return [r for r in rows if r["trainee_id"] != "P1"]


def m_min_days(rows):
    first(rows, "P1", "GGZ")["min_days_per_week"] = "4"
    return rows


def m_weeks(rows):
    first(rows, "P2", "CCZ")["weeks"] = "13.9"
    return rows


def m_summary(inp, out):
    with open(os.path.join(out, "summary.json"), "w") as f:
        json.dump({"objective": 1}, f)


def m_swap_a(rows):
    s = first(rows, "T1", "SEH")
    x = first(rows, "T1", "INT")
    s["start_date"], x["start_date"] = x["start_date"], s["start_date"]
    s["end_date"], x["end_date"] = x["end_date"], s["end_date"]
    rows.sort(key=lambda r: (r["trainee_id"], r["start_date"]))
    return rows


def m_locked_moved(rows):
    r = first(rows, "K1", "CCZ")
    set_(r, site_id="CCZ-AMS-01", site_name="Reade revalidatie", institution="Reade",
         region="Amsterdam", supervisor="E. de Boer", locked="no")
    return rows


def m_locked_flag(rows):
    first(rows, "K1", "CCZ")["locked"] = "no"
    return rows


def m_seh_full(rows):
    # K2's SEH onto the own SEH site in 2026-09..2027-02, which L1 (locked) fills
    a = first(rows, "K2", "SEH")
    a["start_date"], a["end_date"] = "2026-09-01", "2027-02-28"
    g = first(rows, "K2", "GGZ")
    c = first(rows, "K2", "CCZ")
    g["start_date"], g["end_date"] = "2027-03-01", "2027-05-31"
    c["start_date"], c["end_date"] = "2027-06-01", "2027-08-31"
    rows.sort(key=lambda r: (r["trainee_id"], r["start_date"]))
    return rows


def cap_zero(site):
    def fn(rows, hdr):
        for r in rows:
            if r["site_id"] == site:
                for h in hdr:
                    if h[:2] == "20":
                        r[h] = "0"
        return rows
    return fn


def pref(tid, **kw):
    def fn(rows, hdr):
        for r in rows:
            if r["trainee_id"] == tid:
                r.update(kw)
        return rows
    return fn


def p1_site_min(inp, out):
    rows, _ = read(os.path.join(out, "letters.csv"))
    site = first(rows, "P1", "SEH")["site_id"]

    def fn(cap, hdr):
        for r in cap:
            if r["site_id"] == site:
                r["min_factor"] = "0.9"
        return cap
    input_edit("capacity.csv", fn)(inp, out)


def formula_guard(rows):
    # a guarded cell is read back unguarded: this must still pass
    first(rows, "P1", "GGZ")["notes"] = "'-13 weeks make-up"
    return rows


MUTATIONS = [
    ("parttime", "a B stage dropped", letters_edit(m_drop), "the plan covers"),
    ("parttime", "a B stage shifted by a day", letters_edit(m_shift_b), "not one whole quarter"),
    ("parttime", "part-time A a week short", letters_edit(m_pt_dates), "traject A dates"),
    ("parttime", "SEH despite an A exemption", letters_edit(m_exempted), "exempted field"),
    ("parttime", "part-time A not at the end", letters_edit(m_pt_not_at_end), "not at the end of the year"),
    ("parttime", "placed and unplaced", m_unplaced_too, "in unplaced.csv but has letters"),
    ("parttime", "an aios left out", letters_edit(m_missing), "neither placed nor listed"),
    ("parttime", "min_days_per_week wrong", letters_edit(m_min_days), "min_days_per_week"),
    ("parttime", "weeks wrong", letters_edit(m_weeks), "weeks"),
    ("parttime", "summary objective wrong", m_summary, "summary.json: objective"),
    ("parttime", "capacity taken away", input_edit("capacity.csv", cap_zero("NEU-AMS-01")), "capacity:"),
    ("parttime", "min_factor above the factor", p1_site_min, "below min_factor"),
    ("parttime", "outside-hospital limit", input_edit("preferences.csv", pref("P2", outside_weeks_planned="13")),
     "outside hospital"),
    ("parttime", "elective not asked for", input_edit("preferences.csv", pref(
        "P4", b_elective="", b_elective_replaces="", b_elective_priority="")), "traject B fields"),
    ("basic", "X before SEH", letters_edit(m_swap_a), "traject A must be"),
    ("locked", "a locked placement moved", letters_edit(m_locked_moved), "locked placement"),
    ("locked", "a locked row not marked", letters_edit(m_locked_flag), "in locked.csv"),
    ("locked", "over capacity with the other cohort", letters_edit(m_seh_full), "capacity: SEH-AMS-01"),
    ("parttime", "formula guard (must pass)", letters_edit(formula_guard), None),
]


def main():
    tmp = tempfile.mkdtemp(prefix="selftest.")
    ok = bad = 0
    try:
        sols = {}
        for name in sorted(os.listdir(TINY)):
            inp = os.path.join(TINY, name)
            out = os.path.join(tmp, name + ".ref")
            r = subprocess.run([sys.executable, os.path.join(HERE, "refmodel.py"), inp, "--out", out],
                               capture_output=True, text=True)
            want = open(os.path.join(inp, "expected_optimum")).read().strip()
            rc, text = verify(inp, out)
            if r.stdout.strip() == "optimum=" + want and rc == 0 and "cost=%s " % want in text:
                ok += 1
            else:
                bad += 1
                print("FAIL %s: refmodel %s, verify %s" % (name, r.stdout.strip(), text.strip()[-300:]))
            sols[name] = out
        for i, (name, what, fn, expect) in enumerate(MUTATIONS):
            inp = os.path.join(tmp, "m%d.in" % i)
            out = os.path.join(tmp, "m%d.out" % i)
            shutil.copytree(os.path.join(TINY, name), inp)
            shutil.copytree(sols[name], out)
            fn(inp, out)
            rc, text = verify(inp, out)
            if expect is None:
                good = rc == 0
            else:
                good = rc == 1 and expect in text
            if good:
                ok += 1
            else:
                bad += 1
                print("FAIL mutation '%s' on %s: exit %d, expected %s\n%s"
                      % (what, name, rc, repr(expect) if expect else "OK", text.strip()[:600]))
    finally:
        shutil.rmtree(tmp)
    print("selftest: %d passed, %d failed" % (ok, bad))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
