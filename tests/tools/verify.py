#!/usr/bin/env python3
"""verify.py - check a stagematch allocation against every hard rule, and cost it.

usage: python3 tests/tools/verify.py INPUT_DIR OUTPUT_DIR [--explain] [--quiet-notes]
                                     [--aios-costs=FILE]

--explain prints each aios's cost and the wishes ignored for them.
--aios-costs=FILE writes `id,cost` per aios: its own cost (objective.md's
"each aios's cost": without the borrowed policy cost), or `unplaced`.

Reads the input folder (smdata.py) and the letters.csv and unplaced.csv that
`stagematch allocate` wrote, checks the hard rules of
../../../shared/spec/rules.md directly on the letters, and computes the total
cost under objective.md's default weights (policy `sum`).  Prints
`OK cost=N placed=P unplaced=U` and exits 0, or prints each violation and
exits 1 (2 for unreadable input).

Written from the spec, independently of stagematch's C code.  The plan checks
below work on the letters themselves; only the cost needs the enumeration of
smrules.py (which wishes "could have been met even alone").

Interpretation notes (the spec leaves these open):
- "placement-quarters" = the stage-year quarters a placement covers: a
  2-quarter SEH = 2, every other placement = 1 (a part-time one-quarter A stage
  counts 1; a part-time extension adds nothing).  The borrowed cost (4) uses
  the same count, for the placements of this run's aiossen (locked ones
  included), not for the other cohort's locked rows.
- A 2-quarter SEH may be written as one row or as two consecutive rows at the
  same site; both are read as one placement.
- An aios in unplaced.csv may still have letter rows for their locked
  placements (nothing else); locked rows use capacity either way.
- An aios whose stage year is empty (fully exempt) counts as placed, cost 0.
"""

import json
import math
import os
import re
import sys
from datetime import timedelta
from fractions import Fraction

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import smdata  # noqa: E402
from smdata import q_start, q_end, q_of_date, q_label, overlaps  # noqa: E402
import smrules  # noqa: E402

A_FIELDS = ("SEH", "INT", "KIN", "GYN", "CAR", "NEU", "ORT")
X_FIELDS = ("INT", "KIN", "GYN", "CAR", "NEU", "ORT")
B_FIELDS = ("GGZ", "CCZ", "CAR", "NEU", "ORT", "REU", "WO")


def unguard(cell):
    """Undo the formula guard of formats.md: a leading ' before = + - @ tab CR."""
    if len(cell) > 1 and cell[0] == "'" and cell[1] in "=+-@\t\r":
        return cell[1:]
    return cell


def iso_date(text):
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        raise ValueError("expected an ISO date YYYY-MM-DD, got '%s'" % text)
    return smdata.parse_date(text)


class Verifier:
    def __init__(self, inst, outdir):
        self.inst = inst
        self.out = outdir
        self.v = []            # violations
        self.notes = []
        self.explain = []      # per-aios cost lines (--explain)
        self.aios_cost = {}    # per aios: its own cost, or "unplaced" (--aios-costs)

    def bad(self, msg):
        self.v.append(msg)

    # ------------------------------------------------------------ reading
    def read_letters(self):
        path = os.path.join(self.out, "letters.csv")
        if not os.path.exists(path):
            self.bad("letters.csv missing")
            return []
        tab = smdata.read_table(path, smdata.OUTPUT_ALIASES)
        pref = self.inst.tables["preferences.csv"]
        if tab.delimiter != pref.delimiter:
            self.bad("letters.csv: delimiter '%s', preferences.csv has '%s'" % (tab.delimiter, pref.delimiter))
        if tab.encoding != "utf-8":
            self.bad("letters.csv: not UTF-8")
        for c in smdata.LETTER_COLUMNS:
            if c not in tab.header:
                self.bad("letters.csv: missing column '%s'" % c)
                return []
        rows = []
        locked = {(r["trainee_id"], r["site_id"], r["start"], r["end"]) for r in self.inst.locked}
        prev = None
        for line, raw in tab.rows:
            r = {k: unguard(v) for k, v in raw.items()}
            where = "letters.csv:%d" % line
            tid = r["trainee_id"]
            t = self.inst.trainees.get(tid)
            if t is None:
                self.bad("%s: trainee '%s' has no preference form" % (where, tid))
                continue
            s = self.inst.sites.get(r["site_id"])
            if s is None:
                self.bad("%s: unknown site '%s'" % (where, r["site_id"]))
                continue
            try:
                start, end = iso_date(r["start_date"]), iso_date(r["end_date"])
            except ValueError as e:
                self.bad("%s: %s" % (where, e))
                continue
            if end < start:
                self.bad("%s: ends before it starts" % where)
                continue
            key = (tid, start)
            if prev is not None and key < prev:
                self.bad("%s: rows not sorted by trainee_id, start_date" % where)
            prev = key
            if r["name"] != t["name"] or r["email"] != t["email"]:
                self.bad("%s: name/email '%s'/'%s' differ from the preference form" % (where, r["name"], r["email"]))
            if r["field"] != s["field"]:
                self.bad("%s: field %s but site %s is %s" % (where, r["field"], s["id"], s["field"]))
            for col, key2 in (("site_name", "name"), ("institution", "institution"),
                              ("region", "region"), ("supervisor", "supervisor")):
                if r[col] != s[key2]:
                    self.bad("%s: %s '%s' differs from capacity.csv '%s'" % (where, col, r[col], s[key2]))
            if r["traject"] not in ("A", "B"):
                self.bad("%s: traject '%s'" % (where, r["traject"]))
                continue
            if r["field"] not in (A_FIELDS if r["traject"] == "A" else B_FIELDS):
                self.bad("%s: field %s is not usable in traject %s" % (where, r["field"], r["traject"]))
            days = (end - start).days + 1
            try:   # a decimal comma is fine (docs/outputs.md: with ';' as delimiter)
                w = smdata.parse_number(r["weeks"])
                if abs(w - Fraction(days, 7)) > Fraction(51, 1000):
                    raise ValueError
            except ValueError:
                self.bad("%s: weeks '%s' for %d days" % (where, r["weeks"], days))
            f = t["factor"]
            try:
                if smdata.parse_number(r["parttime_factor"]) != f:
                    raise ValueError
            except ValueError:
                self.bad("%s: parttime_factor '%s', expected %s" % (where, r["parttime_factor"], float(f)))
            want_days = "4" if f >= Fraction(9, 10) else "3"
            if r["min_days_per_week"] != want_days:
                self.bad("%s: min_days_per_week '%s', expected %s (factor %s)"
                         % (where, r["min_days_per_week"], want_days, float(f)))
            is_locked = (tid, s["id"], start, end) in locked
            if r["locked"].lower() not in ("yes", "no", "ja", "nee"):
                self.bad("%s: locked '%s' (expected yes/no or ja/nee)" % (where, r["locked"]))
            if (r["locked"].lower() in ("yes", "ja")) != is_locked:
                self.bad("%s: locked '%s' but the row is %sin locked.csv"
                         % (where, r["locked"], "" if is_locked else "not "))
            if ";" in r["notes"]:
                self.bad("%s: notes contain ';'" % where)
            rows.append(dict(tid=tid, traject=r["traject"], field=r["field"], site=s["id"],
                             start=start, end=end, locked=is_locked, where=where))
        return rows

    def read_unplaced(self):
        path = os.path.join(self.out, "unplaced.csv")
        if not os.path.exists(path):
            self.bad("unplaced.csv missing")
            return {}
        tab = smdata.read_table(path, smdata.OUTPUT_ALIASES)
        for c in ("trainee_id", "name", "reason"):
            if c not in tab.header:
                self.bad("unplaced.csv: missing column '%s'" % c)
                return {}
        out = {}
        for line, raw in tab.rows:
            r = {k: unguard(v) for k, v in raw.items()}
            tid = r["trainee_id"]
            if tid not in self.inst.trainees:
                self.bad("unplaced.csv:%d: trainee '%s' has no preference form" % (line, tid))
            elif tid in out:
                self.bad("unplaced.csv:%d: trainee '%s' listed twice" % (line, tid))
            elif not r["reason"].strip():
                self.bad("unplaced.csv:%d: trainee '%s' without a reason" % (line, tid))
            out[tid] = r
        return out

    # ------------------------------------------------------------ one plan
    def check_plan(self, tid, rows):
        """Check one placed aios's rows; return (identity, a_start, elective_used,
        [(site, pq)]) or None when the plan is broken."""
        p = smrules.Profile(self.inst, tid)
        t = p.t
        f = p.factor
        n0 = len(self.v)
        me = "%s" % tid
        year = p.year
        for r in rows:
            if r["field"] in p.forbidden:
                self.bad("%s: stage in exempted field %s (%s)" % (me, r["field"], r["where"]))
            if self.inst.sites[r["site"]]["min_factor"] > f:
                self.bad("%s: factor %s below min_factor of %s" % (me, float(f), r["site"]))
        # traject A: merge a 2-quarter SEH written as two rows
        arows = []
        for r in sorted((r for r in rows if r["traject"] == "A"), key=lambda r: r["start"]):
            last = arows[-1] if arows else None
            if (last and last["field"] == "SEH" == r["field"] and last["site"] == r["site"]
                    and last["end"] + timedelta(days=1) == r["start"]):
                arows[-1] = dict(last, end=r["end"], merged=True)
            else:
                arows.append(dict(r))
        brows = sorted((r for r in rows if r["traject"] == "B"), key=lambda r: r["start"])
        identity, s = None, None
        if p.a_len == 0:
            if arows:
                self.bad("%s: has traject A stages but a 6-month A exemption" % me)
        elif p.a_len == 1:
            if len(arows) != 1 or arows[0]["field"] not in ("CAR", "NEU", "ORT"):
                self.bad("%s: traject A after a 3-month A exemption must be one stage CAR/NEU/ORT, got %s"
                         % (me, [r["field"] for r in arows]))
            else:
                identity = arows[0]["field"]
        else:
            fl = [r["field"] for r in arows]
            if fl == ["SEH"]:
                identity = "SEH"
            elif len(fl) == 2 and fl[0] == "SEH" and fl[1] in X_FIELDS:
                identity = "SEH+" + fl[1]
            else:
                self.bad("%s: traject A must be SEH (2 quarters, one site) or SEH then X, got %s" % (me, fl))
        a_q = set()
        if identity is not None:
            s = q_of_date(arows[0]["start"])
            a_q = set(range(s, s + p.a_len))
            if not set(a_q) <= set(year):
                self.bad("%s: A block %s outside the stage year" % (me, q_label(s)))
            if p.parttime and s != year[len(year) - p.a_len]:
                self.bad("%s: part-time A block starts %s, not at the end of the year (%s)"
                         % (me, q_label(s), q_label(year[len(year) - p.a_len])))
            # expected dates, written out from rules.md
            d0 = q_start(s)
            if identity == "SEH":
                n = 7 * math.ceil(Fraction(26) / f) if p.parttime else None
                want = [(d0, d0 + timedelta(days=n - 1) if n else q_end(s + 1))]
            elif p.parttime:
                n = 7 * math.ceil(Fraction(13) / f)
                want = [(d0 + timedelta(days=n * i), d0 + timedelta(days=n * (i + 1) - 1))
                        for i in range(len(arows))]
            else:
                want = [(q_start(s + i), q_end(s + i)) for i in range(len(arows))]
            got = [(r["start"], r["end"]) for r in arows]
            if got != want:
                self.bad("%s: traject A dates %s, expected %s" % (
                    me, [(a.isoformat(), b.isoformat()) for a, b in got],
                    [(a.isoformat(), b.isoformat()) for a, b in want]))
        # traject B: one quarter each, distinct quarters, filling the rest of the year
        b_q = []
        for r in brows:
            q = q_of_date(r["start"])
            if r["start"] != q_start(q) or r["end"] != q_end(q):
                self.bad("%s: B stage %s %s..%s is not one whole quarter" % (me, r["field"], r["start"], r["end"]))
            b_q.append(q)
        if len(set(b_q)) != len(b_q):
            self.bad("%s: two B stages in one quarter" % me)
        if a_q & set(b_q):
            self.bad("%s: a B stage overlaps the A block" % me)
        cover = sorted(a_q | set(b_q))
        if cover != year or len(brows) != len(p.base_b):
            self.bad("%s: the plan covers %s, the stage year is %s" % (
                me, [q_label(q) for q in cover], [q_label(q) for q in year]))
        bf = sorted(r["field"] for r in brows)
        used = False
        if bf != sorted(p.base_b):
            ok = False
            if t["b_elective"] and t["b_replaces"] in p.base_b:
                alt = sorted(t["b_elective"] if x == t["b_replaces"] else x for x in p.base_b)
                ok = bf == alt
            if ok:
                used = True
            else:
                self.bad("%s: traject B fields %s, expected %s%s" % (
                    me, bf, sorted(p.base_b),
                    " or with %s replacing %s" % (t["b_elective"], t["b_replaces"]) if t["b_elective"] else ""))
        outside = 13 * sum(1 for r in rows if r["field"] in ("GGZ", "CCZ", "WO")) + p.outside
        if outside > 26:
            self.bad("%s: %s weeks outside hospital (limit 26)" % (me, outside))
        for lk in p.locked:
            if not any(r["site"] == lk["site_id"] and r["start"] == lk["start"] and r["end"] == lk["end"]
                       for r in rows):
                self.bad("%s: locked placement %s %s..%s missing or changed"
                         % (me, lk["site_id"], lk["start"], lk["end"]))
        if len(self.v) > n0:
            return None
        places = [(r["site"], 2 if r["field"] == "SEH" and identity == "SEH" else 1) for r in arows]
        places += [(r["site"], 1) for r in brows]
        return identity, s, used, places

    # ------------------------------------------------------------ all
    def run(self):
        inst = self.inst
        rows = self.read_letters()
        unplaced = self.read_unplaced()
        by = {}
        for r in rows:
            by.setdefault(r["tid"], []).append(r)
        cost = 0
        placed = 0
        for tid in inst.order:
            mine = by.get(tid, [])
            if tid in unplaced:
                if any(not r["locked"] for r in mine):
                    self.bad("%s: in unplaced.csv but has letters" % tid)
                cost += smrules.UNPLACED_COST
                self.aios_cost[tid] = "unplaced"
                self.explain.append("%s cost=1000 unplaced: %s" % (tid, unplaced[tid]["reason"]))
                continue
            if not mine and smrules.Profile(inst, tid).year:
                self.bad("%s: neither placed nor listed in unplaced.csv" % tid)
                continue
            res = self.check_plan(tid, mine)
            if res is None:
                continue
            placed += 1
            identity, s, used, places = res
            opt = smrules.Options(inst, tid)
            if not any(sk.identity == identity and sk.a_start == s and sk.elective_used == used
                       for sk in opt.skeletons):
                self.bad("%s: tool inconsistency: plan passes the checks but smrules.py does not "
                         "enumerate it" % tid)
            parts = dict(plan=opt.skeleton_cost(identity, s, used),
                         sites=sum(opt.placement_cost(inst.sites[site], pq) for site, pq in places),
                         wishes=opt.wish_cost(inst, [site for site, _ in places]))
            c = sum(parts.values())
            cost += c
            # the aios's own cost (objective.md): without the borrowed policy cost
            self.aios_cost[tid] = c - sum(pq * smrules.BORROWED_COST for site, pq in places
                                          if inst.sites[site]["borrowed"])
            self.explain.append("%s cost=%d (A plan/elective/a_period %d, region+borrowed %d, "
                                "site/subtype wishes %d) plan=%s%s"
                                % (tid, c, parts["plan"], parts["sites"], parts["wishes"],
                                   identity or "-", " +elective" if used else "")
                                + "".join("\n  warning: " + w for w in opt.warnings))
        self.check_capacity(rows, unplaced)
        self.check_summary(cost)
        return cost, placed, len(unplaced)

    def check_capacity(self, rows, unplaced):
        inst = self.inst
        place = {(r["tid"], r["site"], r["start"], r["end"]) for r in rows}
        place |= {(r["trainee_id"], r["site_id"], r["start"], r["end"]) for r in inst.locked}
        use = {}
        for tid, site, start, end in place:
            for q in inst.horizon:
                if overlaps(start, end, q):
                    use.setdefault((site, q), set()).add(tid)
        for (site, q), who in sorted(use.items()):
            cap = inst.sites[site]["cap"].get(q, 0)
            if len(who) > cap:
                self.bad("capacity: %s in %s has %d aiossen, capacity %d" % (site, q_label(q), len(who), cap))
        self.use = use
        # a hint, not a rule: an unplaced aios for whom a whole plan still fits
        for tid in unplaced:
            opt = smrules.Options(inst, tid)
            for sk in opt.skeletons:
                if all(any(all(len(use.get((sid, q), ())) < inst.sites[sid]["cap"].get(q, 0)
                               or tid in use.get((sid, q), ())
                               for q in inst.horizon if overlaps(sl[2], sl[3], q))
                           for sid in opt.slot_sites(sl))
                       for sl in sk.slots):
                    self.notes.append("note: %s is unplaced, yet a whole plan fits the capacity left" % tid)
                    break

    def check_summary(self, cost):
        path = os.path.join(self.out, "summary.json")
        if not os.path.exists(path):
            return
        try:
            js = json.load(open(path, encoding="utf-8"))
        except ValueError as e:
            self.bad("summary.json: not JSON (%s)" % e)
            return
        obj = js.get("objective")
        if js.get("policy", "sum") != "sum":
            self.notes.append("note: policy %s, objective not compared" % js.get("policy"))
        elif obj != cost:
            self.bad("summary.json: objective %s, but the letters cost %d" % (obj, cost))


def main(argv):
    args = [a for a in argv[1:] if not a.startswith("--")]
    if len(args) != 2:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    try:
        inst = smdata.load(args[0])
    except smdata.DataError as e:
        print("input errors:\n" + str(e), file=sys.stderr)
        return 2
    ver = Verifier(inst, args[1])
    cost, placed, unplaced = ver.run()
    if "--explain" in argv:
        for line in ver.explain:
            print(line)
    for a in argv:
        if a.startswith("--aios-costs="):
            with open(a.split("=", 1)[1], "w") as f:
                for tid in inst.order:
                    if tid in ver.aios_cost:
                        f.write("%s,%s\n" % (tid, ver.aios_cost[tid]))
    if "--quiet-notes" not in argv:
        for n in ver.notes:
            print(n)
    if ver.v:
        for m in ver.v:
            print("VIOLATION " + m)
        print("FAIL violations=%d cost=%d placed=%d unplaced=%d" % (len(ver.v), cost, placed, unplaced))
        return 1
    print("OK cost=%d placed=%d unplaced=%d" % (cost, placed, unplaced))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
