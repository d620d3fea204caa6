#!/usr/bin/env python3
"""rerun_ref.py - the fewest aiossen a swap-week re-run must change, by CBC.

usage: python3 tests/tools/rerun_ref.py INPUT_DIR PREVIOUS_LETTERS --date YYYY-MM-DD
                                        [--swaps SWAPS --rejected REJECTED_SWAPS]

An independent reference for `stagematch rerun` (rules.md "Swap week"),
built on refmodel.py's integer program and smrules.py, not on stagematch's C
code.  It prints `min_changed=N cost=C`: the least number of aiossen of the
previous letters whose placements (site, start, end) change, and the least
total cost among allocations with that many changes, given
  - the frozen placements: previous placements starting less than 42 days
    after --date, fixed at their site and dates when some plan of the aios
    still holds them at that site and the fixed placements of their site and
    quarter stay within its capacity (otherwise released: a manual decision);
  - the swaps applied: every swap_id of SWAPS not named in REJECTED (which
    swaps are valid is taken from stagematch's rejected_swaps.csv; this tool
    checks the minimal change, not the swap rules), applied in file order,
    their exchanged placements fixed; their aiossen count as changed;
  - aiossen who left (not in preferences.csv) are not counted.
Fewest unplaced first, then fewest changed, then cost (weights 1e7, 1e4, 1).
Meant for small instances.  Exit status 0 solved, 1 CBC failed, 2 bad input.
"""

import csv
import datetime
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import refmodel  # noqa: E402
import smdata  # noqa: E402
import smrules  # noqa: E402

W_UNPLACED = 10 ** 7
W_CHANGED = 10 ** 4
FROZEN_DAYS = 42


def read_csv(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        text = f.read()
    first = text.split("\n", 1)[0]
    delim = ";" if first.count(";") > first.count(",") else ","
    rows = list(csv.reader(text.splitlines(), delimiter=delim))
    head = [h.strip().lower() for h in rows[0]]
    return [dict(zip(head, r)) for r in rows[1:] if any(c.strip() for c in r)]


def parse_date(s):
    return smdata.parse_date(s.strip())


def quarter_first(label):
    y, m = label.strip().split("-")
    return datetime.date(int(y), int(m), 1)


def in_quarter(d, label):
    q0 = quarter_first(label)
    y, m = q0.year + (q0.month + 2) // 12, (q0.month + 2) % 12 + 1
    return q0 <= d < datetime.date(y, m, 1)


def main(argv):
    args, date, swaps, rejected = [], None, None, None
    it = iter(argv[1:])
    for a in it:
        if a == "--date":
            date = parse_date(next(it))
        elif a == "--swaps":
            swaps = next(it)
        elif a == "--rejected":
            rejected = next(it)
        else:
            args.append(a)
    if len(args) != 2 or date is None:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    try:
        inst = smdata.load(args[0])
    except smdata.DataError as e:
        print("input errors:\n" + str(e), file=sys.stderr)
        return 2
    # the previous plans: [site, field, start, end, fixed]
    prev = {}
    for r in read_csv(args[1]):
        tid = r.get("trainee_id") or r.get("aios_id")
        pl = [r.get("site_id") or r.get("stageplaats_id"), r.get("field") or r.get("onderdeel"),
              parse_date(r.get("start_date") or r.get("begindatum")),
              parse_date(r.get("end_date") or r.get("einddatum")), False]
        prev.setdefault(tid, []).append(pl)
    planned = set(inst.order)
    target = {t: [list(p) for p in ps] for t, ps in prev.items() if t in planned}
    locked = {(r["trainee_id"], r["site_id"], r["start"], r["end"]) for r in inst.locked}
    # frozen placements that some plan of the aios still holds at their site
    for tid, ps in target.items():
        opt = smrules.Options(inst, tid)
        for p in ps:
            if (p[2] - date).days >= FROZEN_DAYS or (tid, p[0], p[2], p[3]) in locked:
                continue
            ok = any(sl[0] == p[1] and sl[2] == p[2] and sl[3] == p[3] and p[0] in opt.slot_sites(sl)
                     for sk in opt.skeletons for sl in sk.slots)
            p[4] = ok
    # a reduced capacity below the fixed placements of a site and quarter:
    # the frozen ones there are released (docs/rerun.md), the model keeps
    # as many as fit
    use = {}
    for r in inst.locked:
        for q in inst.horizon:
            if smdata.overlaps(r["start"], r["end"], q):
                use[(r["site_id"], q)] = use.get((r["site_id"], q), 0) + 1
    for ps in target.values():
        for p in ps:
            if p[4]:
                for q in inst.horizon:
                    if smdata.overlaps(p[2], p[3], q):
                        use[(p[0], q)] = use.get((p[0], q), 0) + 1
    over = {k for k, n in use.items() if n > inst.sites[k[0]]["cap"].get(k[1], 0)}
    for ps in target.values():
        for p in ps:
            if p[4] and any((p[0], q) in over for q in inst.horizon if smdata.overlaps(p[2], p[3], q)):
                p[4] = False
    # the swaps stagematch applied
    swapped = set()
    if swaps:
        bad = {r["swap_id"] for r in read_csv(rejected)} if rejected else set()
        rows = read_csv(swaps)
        order = []
        for r in rows:
            if r["swap_id"] not in order:
                order.append(r["swap_id"])
        for sid in order:
            if sid in bad:
                continue
            moves = []
            for r in rows:
                if r["swap_id"] != sid:
                    continue
                qa, qb = r["quarter_a"], r["quarter_b"] or r["quarter_a"]
                pa = next(p for p in target[r["trainee_a"]] if in_quarter(p[2], qa))
                pb = next(p for p in target[r["trainee_b"]] if in_quarter(p[2], qb))
                moves.append((r["trainee_a"], pa, r["trainee_b"], pb))
            for ta, pa, tb, pb in moves:
                target[ta].remove(pa)
                target[tb].remove(pb)
            for ta, pa, tb, pb in moves:
                target[ta].append([pb[0], pb[1], pb[2], pb[3], True])
                target[tb].append([pa[0], pa[1], pa[2], pa[3], True])
                swapped.update((ta, tb))
    for tid, ps in target.items():
        for p in ps:
            if p[4]:
                inst.locked.append(dict(trainee_id=tid, site_id=p[0], start=p[2], end=p[3], line=0))
    model = refmodel.Model(inst)
    model.build()
    xs = {}
    ys = {}
    for v, m in model.meaning.items():
        if m[0] == "x":
            # one stage may be an A slot in one plan and a B slot in another
            xs.setdefault((m[1], m[2][0], m[2][2], m[2][3], m[3]), []).append(v)
        elif m[0] == "y":
            ys.setdefault(m[1], []).append((v, len(m[2].slots)))
    for ai, tid in enumerate(inst.order):
        u = "u_%d" % ai
        if u in model.meaning:
            model.obj[u] = model.obj.get(u, 0) + W_UNPLACED
        if tid not in prev:
            continue
        c = model.var("chg_%d" % ai, W_CHANGED, ("c", tid))
        if not model.opts[tid].skeletons:
            # no plan at all: the letters hold its locked rows, as before or not
            own = sorted((r["site_id"], r["start"], r["end"]) for r in inst.locked
                         if r["trainee_id"] == tid)
            was = sorted((p[0], p[2], p[3]) for p in prev[tid])
            model.rows.append(("chgfix_%d" % ai, {c: 1}, ">=", 0 if own == was else 1))
            continue
        if tid in swapped:
            model.rows.append(("chgfix_%d" % ai, {c: 1}, ">=", 1))
            continue
        model.rows.append(("chgu_%d" % ai, {c: 1, u: -1}, ">=", 0))
        for j, p in enumerate(prev[tid]):
            row = {c: 1}
            for x in xs.get((tid, p[1], p[2], p[3], p[0]), []):
                row[x] = 1
            model.rows.append(("chgx_%d_%d" % (ai, j), row, ">=", 1))
        for k, (y, n) in enumerate(ys.get(tid, [])):
            if n != len(prev[tid]):
                model.rows.append(("chgy_%d_%d" % (ai, k), {c: 1, y: -1}, ">=", 0))
    tmp = tempfile.mkdtemp(prefix="rerun_ref.")
    lp, sol = os.path.join(tmp, "ref.lp"), os.path.join(tmp, "ref.sol")
    model.write_lp(lp)
    try:
        obj, vals = refmodel.solve(lp, sol)
    except RuntimeError as e:
        print("rerun_ref: %s" % e, file=sys.stderr)
        return 1
    finally:
        for fn in (lp, sol):
            if os.path.exists(fn):
                os.remove(fn)
        os.rmdir(tmp)
    who = sorted(model.meaning[v][1] for v, val in vals.items()
                 if val > 0.5 and model.meaning.get(v, ("",))[0] == "c")
    changed = len(who)
    if os.environ.get("RERUN_REF_VERBOSE"):
        print("changed: " + " ".join(who), file=sys.stderr)
    unplaced = sum(1 for v, val in vals.items() if val > 0.5 and model.meaning.get(v, ("",))[0] == "u")
    total = round(obj + model.const) - W_UNPLACED * unplaced - W_CHANGED * changed
    print("min_changed=%d cost=%d" % (changed, total))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
