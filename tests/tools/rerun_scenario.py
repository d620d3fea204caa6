#!/usr/bin/env python3
"""rerun_scenario.py - a seeded swap week on an announced allocation.

usage: python3 tests/tools/rerun_scenario.py IN LETTERS SEED OUT_DIR

LETTERS is an English letters.csv (stagematch allocate --lang en).

Copies the input folder IN to OUT_DIR/in and changes it the way a swap week
does, drawn from random.Random(SEED):
  - three sites withdraw a place: the capacity of a (site, quarter) that the
    letters use drops to the number of placements there (letters and the
    other cohort's locked rows) minus one; one of them is in the first
    quarter, where the placements are frozen (a manual decision);
  - swaps.csv: up to three swaps of two aiossen whose placements of one field
    have the same dates at different sites (valid unless a withdrawal, a
    frozen placement or min_factor is in the way), and one swap of placements
    of different fields (usually rejected);
and prints the re-run date: 20 days before the first quarter of the
horizon, so that the placements starting then are frozen.
Writes CSV with ',' and UTF-8; reads IN in the dialects smdata.py reads.
"""

import csv
import datetime
import os
import random
import shutil
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import smdata  # noqa: E402


def main(argv):
    if len(argv) != 5:
        print(__doc__.split("\n\n")[0], file=sys.stderr)
        return 2
    src, letters, seed, out = argv[1], argv[2], int(argv[3]), argv[4]
    rnd = random.Random(seed)
    inst = smdata.load(src)
    with open(letters, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    os.makedirs(out, exist_ok=True)
    dst = os.path.join(out, "in")
    shutil.copytree(src, dst)
    # withdrawals
    use = {}
    for r in rows:
        s0 = smdata.parse_date(r["start_date"])
        s1 = smdata.parse_date(r["end_date"])
        for q in inst.horizon:
            if smdata.overlaps(s0, s1, q):
                use.setdefault((r["site_id"], q), 0)
                use[(r["site_id"], q)] += 1
    # the other cohort's locked rows use the places too
    planned = {r["trainee_id"] for r in rows}
    for r in inst.locked:
        if r["trainee_id"] in planned:
            continue
        for q in inst.horizon:
            if smdata.overlaps(r["start"], r["end"], q) and (r["site_id"], q) in use:
                use[(r["site_id"], q)] += 1
    cells = sorted(k for k in use if k[1] != inst.horizon[0])
    cut = rnd.sample(cells, min(2, len(cells)))
    # and one place in the first quarter, where the placements are frozen
    firsts = sorted(k for k in use if k[1] == inst.horizon[0])
    if firsts:
        cut.append(rnd.choice(firsts))
    cap_path = os.path.join(dst, "capacity.csv")
    tab = smdata.Table(cap_path)
    with open(cap_path, encoding=tab.encoding, newline="") as f:
        text = f.read()
    delim = ";" if text.split("\n", 1)[0].count(";") > text.split("\n", 1)[0].count(",") else ","
    lines = list(csv.reader(text.lstrip("\ufeff").splitlines(), delimiter=delim))
    head = [h.strip() for h in lines[0]]
    qcol = {}
    for i, h in enumerate(head):
        for q in inst.horizon:
            if h == smdata.q_label(q):
                qcol[q] = i
    for sid, q in cut:
        for ln in lines[1:]:
            if ln and ln[0].strip() == sid:
                have = use[(sid, q)]
                while len(ln) <= qcol[q]:
                    ln.append("")
                ln[qcol[q]] = str(max(0, have - 1))
    with open(cap_path, "w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(lines)
    # swaps
    by_key = {}
    for r in rows:
        start = smdata.parse_date(r["start_date"])
        q = "%04d-%02d" % (start.year, start.month)
        if start.day != 1 or start.month % 3:
            continue
        by_key.setdefault((r["field"], q, r["start_date"], r["end_date"]), []).append(r)
    first_q = smdata.q_label(inst.horizon[0])
    swaps = []
    keys = sorted(k for k in by_key if k[1] != first_q)
    rnd.shuffle(keys)
    used = set()
    for k in keys:
        cand = [r for r in by_key[k] if r["trainee_id"] not in used]
        pairs = [(a, b) for a in cand for b in cand
                 if a["trainee_id"] < b["trainee_id"] and a["site_id"] != b["site_id"]]
        if not pairs:
            continue
        a, b = rnd.choice(pairs)
        used.update((a["trainee_id"], b["trainee_id"]))
        swaps.append(("S%d" % (len(swaps) + 1), a["trainee_id"], k[1], b["trainee_id"], ""))
        if len(swaps) == 3:
            break
    mixed = [(a, b) for a in rows for b in rows
             if a["field"] != b["field"] and a["start_date"] == b["start_date"]
             and a["trainee_id"] < b["trainee_id"] and a["start_date"][:7] != first_q]
    if mixed:
        a, b = rnd.choice(mixed)
        swaps.append(("S%d" % (len(swaps) + 1), a["trainee_id"], a["start_date"][:7],
                      b["trainee_id"], ""))
    with open(os.path.join(out, "swaps.csv"), "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["swap_id", "trainee_a", "quarter_a", "trainee_b", "quarter_b"])
        w.writerows(swaps)
    first = smdata.q_start(inst.horizon[0])
    print((first - datetime.timedelta(days=20)).isoformat())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
