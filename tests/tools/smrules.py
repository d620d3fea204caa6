"""smrules.py - the rules of rules.md and the costs of objective.md, for the test tools.

Written from the spec alone (not from stagematch's C code).  For one aios it
enumerates every plan "skeleton" the rules allow: the traject-A plan identity
and start quarter, the B fields in their quarters, and for each stage (slot)
its field and exact dates; and for each slot the sites an aios could take if
alone: right field, min_factor <= factor, capacity >= 1 in every horizon
quarter the slot overlaps (quarters beyond the horizon are not checked).  An
aios's own locked rows must each be one of the slots, at the locked site.

From the feasible skeletons follow the wishes that "could have been met even
alone" (objective.md), and so the cost of any plan.

Interpretation notes (the spec leaves these open; the C code should agree):
- "placement-quarters" are the stage-year quarters a placement covers: a
  2-quarter SEH counts 2, every other placement 1 (a part-time extension never
  adds any).  Region cost and the borrowed cost (4) both use this count.
- The borrowed cost counts the placements of the aiossen planned in this run
  (their locked ones included), not the other cohort's locked rows.
- Locked rows always use capacity, even when their aios ends up unplaced.
- A parttime.csv factor of exactly 1 is full-time.
- Two 3-month A exemptions (e.g. SEH 3 + INT 3) add up to 6 months: no traject A.
"""

import itertools
import math
from datetime import timedelta
from fractions import Fraction

from smdata import q_start, q_end, q_label, overlaps

A_X = ("INT", "KIN", "GYN", "CAR", "NEU", "ORT")      # second part of SEH+X
A_ELECTIVE = ("CAR", "NEU", "ORT")                    # A after a 3-month A exemption
A_FIELDS = ("SEH",) + A_X
B_FIELDS = ("GGZ", "CCZ", "CAR", "NEU", "ORT", "REU", "WO")
OUTSIDE = ("GGZ", "CCZ", "WO")                        # outside hospital: 13 weeks each
A_EXEMPT = ("SEH", "INT", "KIN", "GYN")
UNPLACED_COST = 1000
BORROWED_COST = 4


def weeks_ceil(w, f):
    """ceil(w / f) exactly (f a Fraction)."""
    return math.ceil(Fraction(w) / f)


class Profile:
    """What the rules say about one aios, before any site is chosen."""

    def __init__(self, inst, tid):
        t = inst.trainees[tid]
        self.t = t
        self.id = tid
        ex = t["exemptions"]
        self.a_months = sum(m for f, m in ex if f in A_EXEMPT)
        exempt_b = {f for f, m in ex if f in ("GGZ", "CCZ")}
        self.a_len = 2 - self.a_months // 3
        self.base_b = [f for f in ("GGZ", "CCZ") if f not in exempt_b]
        self.year = [t["stage_start"] + i for i in range(self.a_len + len(self.base_b))]
        self.forbidden = set(exempt_b)
        if self.a_months:
            self.forbidden |= set(A_EXEMPT)
        self.factor = t["factor"]
        self.parttime = self.factor < 1
        self.outside = t["outside_weeks"]
        self.warnings = []
        self.elective = None          # (E, R) when the request may be used
        if t["b_elective"]:
            if t["b_replaces"] in self.base_b:
                self.elective = (t["b_elective"], t["b_replaces"])
            else:
                self.warnings.append("%s: elective %s replaces exempted %s: ignored"
                                     % (tid, t["b_elective"], t["b_replaces"]))
        self.locked = [r for r in inst.locked if r["trainee_id"] == tid]

    def identities(self):
        if self.a_len == 2:
            return ["SEH"] + ["SEH+" + x for x in A_X]
        if self.a_len == 1:
            return list(A_ELECTIVE)
        return [None]

    def a_starts(self):
        if self.a_len == 0:
            return [None]
        if self.parttime:
            return [self.year[len(self.year) - self.a_len]]
        return self.year[:len(self.year) - self.a_len + 1]

    def a_slots(self, identity, s):
        """[(field, traject, start, end, pq)] of the A block starting in quarter s."""
        if identity is None:
            return []
        d0 = q_start(s)
        if not self.parttime:
            if identity == "SEH":
                return [("SEH", "A", d0, q_end(s + 1), 2)]
            if identity.startswith("SEH+"):
                return [("SEH", "A", d0, q_end(s), 1),
                        (identity[4:], "A", q_start(s + 1), q_end(s + 1), 1)]
            return [(identity, "A", d0, q_end(s), 1)]
        one = 7 * weeks_ceil(13, self.factor)
        if identity == "SEH":
            return [("SEH", "A", d0, d0 + timedelta(days=7 * weeks_ceil(26, self.factor) - 1), 2)]
        if identity.startswith("SEH+"):
            d1 = d0 + timedelta(days=one)
            return [("SEH", "A", d0, d1 - timedelta(days=1), 1),
                    (identity[4:], "A", d1, d1 + timedelta(days=one - 1), 1)]
        return [(identity, "A", d0, d0 + timedelta(days=one - 1), 1)]

    def b_variants(self):
        """[(fields, elective_used)] allowed by the outside-hospital limit."""
        out = []
        cands = [(list(self.base_b), False)]
        if self.elective:
            e, r = self.elective
            cands.append(([e if f == r else f for f in self.base_b], True))
        for fields, used in cands:
            weeks = 13 * sum(1 for f in fields if f in OUTSIDE) + self.outside
            if weeks <= 26:
                out.append((fields, used))
        return out


class Skeleton:
    __slots__ = ("identity", "a_start", "elective_used", "slots", "b")

    def __init__(self, identity, a_start, elective_used, slots, b):
        self.identity = identity
        self.a_start = a_start
        self.elective_used = elective_used
        self.slots = slots            # [slot key]; key = (field, traject, start, end, pq)
        self.b = b                    # {quarter: field}


class Options:
    """Every feasible skeleton of one aios, the eligible sites per slot, and
    which wishes could be met alone."""

    def __init__(self, inst, tid):
        p = self.p = Profile(inst, tid)
        t = p.t
        self.warnings = list(p.warnings)
        self.eligible = {}
        self.skeletons = []
        if t["stage_start"] is None:
            return
        for q in p.year:
            if q not in inst.horizon:
                self.warnings.append("%s: stage year quarter outside the horizon" % tid)
                break
        for identity in p.identities():
            for s in p.a_starts():
                a = p.a_slots(identity, s)
                a_q = set(range(s, s + p.a_len)) if s is not None else set()
                b_q = [q for q in p.year if q not in a_q]
                for fields, used in p.b_variants():
                    if len(fields) != len(b_q):
                        continue
                    for perm in sorted(set(itertools.permutations(fields))):
                        b = dict(zip(b_q, perm))
                        slots = list(a) + [(f, "B", q_start(q), q_end(q), 1) for q, f in b.items()]
                        if any(sl[0] in p.forbidden for sl in slots):
                            continue
                        if self._feasible(inst, slots):
                            self.skeletons.append(Skeleton(identity, s, used, slots, b))
        feas_ids = {sk.identity for sk in self.skeletons}
        choices = t["choices"]
        self.valid_choices = [c if c is not None and self.skeletons and c in feas_ids else None
                              for c in choices]
        for i, c in enumerate(choices):
            if c is not None and self.valid_choices[i] is None:
                self.warnings.append("%s: a_choice_%d %s cannot be met: ignored" % (tid, i + 1, c))
        self.elective_counts = bool(p.elective) and any(sk.elective_used for sk in self.skeletons)
        if t["b_elective"] and p.elective and not self.elective_counts:
            self.warnings.append("%s: elective %s cannot be met: ignored" % (tid, t["b_elective"]))
        self.a_period_counts = (t["a_period"] is not None and
                                any(sk.a_start == t["a_period"] for sk in self.skeletons))
        reachable = set()
        for sk in self.skeletons:
            for sl in sk.slots:
                reachable.update(self.slot_sites(sl))
        self.site_wishes = [s for s in t["site_wishes"] if s in reachable]
        subs = {inst.sites[s]["subtype"].strip().lower() for s in reachable}
        self.subtype_wishes = {w.strip().lower() for w in t["subtype_wishes"]} & (subs - {""})
        if t["a_period"] is not None and not self.a_period_counts:
            self.warnings.append("%s: a_period %s cannot be met: ignored" % (tid, q_label(t["a_period"])))
        for w in t["site_wishes"]:
            if w not in self.site_wishes:
                self.warnings.append("%s: site wish %s cannot be met: ignored" % (tid, w))
        for w in t["subtype_wishes"]:
            if w.strip().lower() not in self.subtype_wishes:
                self.warnings.append("%s: subtype wish %s cannot be met: ignored" % (tid, w))
        regs = t["regions"]
        self.regions = [r.strip().lower() if r else None for r in regs] if regs else None

    def _feasible(self, inst, slots):
        p = self.p
        locked_for = {}
        for row in p.locked:
            site = inst.sites.get(row["site_id"])
            hit = [sl for sl in slots if site and sl[0] == site["field"]
                   and sl[2] == row["start"] and sl[3] == row["end"]]
            if len(hit) != 1 or hit[0] in locked_for:
                return False
            locked_for[hit[0]] = row["site_id"]
        for sl in slots:
            if sl in locked_for:
                s = inst.sites[locked_for[sl]]
                if s["min_factor"] > p.factor:
                    return False
                continue
            if sl not in self.eligible:
                self.eligible[sl] = eligible_sites(inst, sl, p.factor)
            if not self.eligible[sl]:
                return False
        for sl, sid in locked_for.items():
            self.eligible[("locked",) + sl] = [sid]
        return True

    def slot_sites(self, sl):
        """Eligible sites of slot sl, honouring an own locked row."""
        return self.eligible.get(("locked",) + sl, self.eligible.get(sl, []))

    # ---- costs (objective.md, default weights)
    def a_cost(self, identity):
        if not any(self.valid_choices):
            return 0
        for i, c in enumerate(self.valid_choices):
            if c is not None and c == identity:
                return 2 * i
        return 6

    def skeleton_cost(self, identity, a_start, elective_used):
        t = self.p.t
        c = self.a_cost(identity)
        if self.elective_counts and not elective_used:
            c += 3 + 2 * t["b_priority"]
        if self.a_period_counts and a_start != t["a_period"]:
            c += 2
        return c

    def region_cost(self, site):
        if self.regions is None:
            return 0
        r = site["region"].strip().lower()
        for i, g in enumerate(self.regions):
            if g == r:
                return i
        return 3

    def placement_cost(self, site, pq):
        """Region cost plus the borrowed policy cost of one placement."""
        return pq * (self.region_cost(site) + (BORROWED_COST if site["borrowed"] else 0))

    def wish_cost(self, inst, site_ids):
        """Site and subtype wish costs of a plan at the sites site_ids."""
        c = 0
        if self.site_wishes and not set(site_ids) & set(self.site_wishes):
            c += 1
        if self.subtype_wishes and not any(inst.sites[s]["subtype"].strip().lower()
                                           in self.subtype_wishes for s in site_ids):
            c += 1
        return c


def eligible_sites(inst, slot, factor):
    field, _, start, end, _ = slot
    out = []
    for sid, s in inst.sites.items():
        if s["field"] != field or s["min_factor"] > factor:
            continue
        if all(s["cap"].get(q, 0) >= 1 for q in inst.horizon if overlaps(start, end, q)):
            out.append(sid)
    return sorted(out)
