#!/usr/bin/env python3
"""gen.py - a seeded generator of stagematch input folders.

usage:
  python3 bench/gen.py --trainees N --locked M --sites S --seed K -o DIR
                       [--quarters Q] [--start YYYY-MM] [--dialect nl]
                       [--ratio LO:HI] [--tight K] [--planned-locked K]
                       [--unplaceable K] [--shortfall K] [--rich] [--planted-out DIR]
  python3 bench/gen.py --example -o data/example

Writes preferences.csv, capacity.csv, exemptions.csv, parttime.csv,
regions.csv and locked.csv as ../shared/spec/formats.md describes, for an
institute in the Amsterdam area: one planned cohort (stage_start = --start,
about 10% one quarter later), one locked cohort (the other cohort, ids
L0001.., stage year two quarters earlier) whose quarter-aligned placements
inside the horizon use capacity, and sites in eight regions plus a few
borrowed ones.

Only valid inputs come out.  The generator first gives every planned aios a
complete plan that keeps every hard rule of rules.md (the "planted" plan; it
sizes the capacity, it is not an answer stagematch must find), then sets each
site's capacity per quarter to the planted use plus spare capacity, so that
the capacity per field and quarter is --ratio (default 1.1..1.4) times the
planted demand, and about 1.0-1.08 for --tight fields.  Everyone can then
be placed, except the --unplaceable aiossen (13 outside weeks and no hospital
elective: no plan at all) and whoever --shortfall (capacity taken away below
the planted use) pushes out.

Capacity per site and quarter is 0-3, except at SEH departments, which
take more (SEH is ~20% of the sites but ~40% of all placement-quarters).

--dialect nl writes every file as a Dutch Excel export: ';', Windows-1252,
CRLF, decimal comma, dates DD-MM-YYYY.  --example writes data/example: 120
planned aiossen (the first 26 hand-picked, see docs/example.md), 110 locked,
about 100 sites, with parttime.csv, exemptions.csv and locked.csv in the
Dutch dialect and regions.csv with a UTF-8 byte-order mark.

The output depends only on the arguments (random.Random(seed)).
"""

import argparse
import csv
import datetime as dt
import math
import os
import sys
from fractions import Fraction
import random

# ---------------------------------------------------------------- calendar

def q_index(year, month):
    return 4 * year + month // 3 - 1


def q_label(q):
    return "%04d-%02d" % (q // 4, (q % 4 + 1) * 3)


def q_start(q):
    return dt.date(q // 4, (q % 4 + 1) * 3, 1)


def q_end(q):
    return q_start(q + 1) - dt.timedelta(days=1)


def overlaps(start, end, q):
    return start <= q_end(q) and end >= q_start(q)


# ---------------------------------------------------------------- the world

REGIONS = [  # name, code, share of trainees living there
    ("Amsterdam", "AMS", 30), ("Kennemerland", "KEN", 14), ("Zaanstreek", "ZAA", 8),
    ("Gooi en Vechtstreek", "GOO", 8), ("Flevoland", "FLE", 10), ("Amstelland", "AML", 10),
    ("Waterland", "WAT", 8), ("Haarlemmermeer", "HMM", 12)]
NEIGHBOURS = {
    "Amsterdam": ["Amstelland", "Zaanstreek", "Waterland", "Haarlemmermeer"],
    "Kennemerland": ["Haarlemmermeer", "Zaanstreek", "Amsterdam"],
    "Zaanstreek": ["Amsterdam", "Waterland", "Kennemerland"],
    "Gooi en Vechtstreek": ["Flevoland", "Amstelland", "Amsterdam"],
    "Flevoland": ["Gooi en Vechtstreek", "Amsterdam", "Waterland"],
    "Amstelland": ["Amsterdam", "Haarlemmermeer", "Gooi en Vechtstreek"],
    "Waterland": ["Amsterdam", "Zaanstreek", "Flevoland"],
    "Haarlemmermeer": ["Amstelland", "Kennemerland", "Amsterdam"]}
BORROWED_REGIONS = [("Leiden", "LEI", "LUMC"), ("Alkmaar", "ALK", "Noordwest Ziekenhuisgroep")]
HOSPITALS = {
    "Amsterdam": ["Amsterdam UMC locatie AMC", "Amsterdam UMC locatie VUmc", "OLVG Oost",
                  "OLVG West", "BovenIJ ziekenhuis"],
    "Kennemerland": ["Spaarne Gasthuis Haarlem", "Rode Kruis Ziekenhuis Beverwijk"],
    "Zaanstreek": ["Zaans Medisch Centrum"],
    "Gooi en Vechtstreek": ["Tergooi MC Hilversum"],
    "Flevoland": ["Flevoziekenhuis Almere", "St Jansdal Lelystad"],
    "Amstelland": ["Ziekenhuis Amstelland"],
    "Waterland": ["Dijklander Ziekenhuis Purmerend"],
    "Haarlemmermeer": ["Spaarne Gasthuis Hoofddorp"]}
GGZ_ORGS = {
    "Amsterdam": ["Arkin", "GGZ inGeest Amsterdam", "Jellinek"],
    "Kennemerland": ["GGZ inGeest Haarlem", "Dijk en Duin"],
    "Zaanstreek": ["GGZ Noord-Holland-Noord Zaandam"],
    "Gooi en Vechtstreek": ["GGZ Centraal Hilversum"],
    "Flevoland": ["GGZ Centraal Almere"],
    "Amstelland": ["Arkin Amstelveen"],
    "Waterland": ["GGZ inGeest Purmerend"],
    "Haarlemmermeer": ["GGZ inGeest Hoofddorp"]}
CCZ_ORGS = {
    "Amsterdam": ["Cordaan", "Amsta", "Reade", "Zonnehuis"],
    "Kennemerland": ["Zorgbalans", "Kennemerhart", "Heliomare"],
    "Zaanstreek": ["Evean Zaandam"],
    "Gooi en Vechtstreek": ["Vivium Zorggroep", "Inovum"],
    "Flevoland": ["Zorggroep Almere", "Woonzorg Flevoland"],
    "Amstelland": ["Amstelring"],
    "Waterland": ["Zorgcirkel", "Evean Purmerend"],
    "Haarlemmermeer": ["Amstelring Hoofddorp"]}
DEPT = {"SEH": "Spoedeisende hulp", "INT": "Interne geneeskunde", "KIN": "Kindergeneeskunde",
        "GYN": "Gynaecologie", "CAR": "Cardiologie", "NEU": "Neurologie", "ORT": "Orthopedie",
        "REU": "Reumatologie", "GGZ": "GGZ", "CCZ": "Ouderenzorg",
        "WO": "Wetenschappelijk onderzoek huisartsgeneeskunde"}
GGZ_SUB = ["crisis", "ouderen", "verslaving", "", ""]
CCZ_SUB = ["revalidatie", "geriatrie", "verpleeghuis", ""]
OTHER_FIELDS = [("INT", 20), ("KIN", 20), ("GYN", 15), ("CAR", 15), ("NEU", 12), ("ORT", 10), ("REU", 8)]
X_WEIGHTS = [("INT", 25), ("KIN", 25), ("GYN", 20), ("CAR", 10), ("NEU", 10), ("ORT", 10)]
ELECTIVE_WEIGHTS = [("CAR", 20), ("NEU", 20), ("ORT", 15), ("REU", 15), ("WO", 30)]
FACTORS = [("0.5", 10), ("0.6", 20), ("0.7", 15), ("0.75", 15), ("0.8", 30), ("0.9", 10)]
EXEMPTION_KINDS = [((("SEH", 6),), 15), ((("SEH", 3),), 20), ((("INT", 3),), 15),
                   ((("KIN", 3),), 8), ((("GYN", 3),), 8), ((("GGZ", 3),), 15),
                   ((("CCZ", 3),), 15), ((("SEH", 3), ("GGZ", 3)), 4)]

FIRST = ["Anna", "Bram", "Sanne", "Daan", "Lotte", "Sem", "Emma", "Lucas", "Julia", "Thijs",
         "Fleur", "Ruben", "Iris", "Jesse", "Noor", "Milan", "Eva", "Stijn", "Lisa", "Tim",
         "Sophie", "Niels", "Femke", "Joost", "Maud", "Koen", "Anouk", "Bas", "Esther",
         "Wouter", "Marloes", "Jeroen", "Ilse", "Hugo", "Roos", "Floris", "Merel", "Tom",
         "Yara", "Mohamed", "Fatima", "Youssef", "Aylin", "Priya", "Chloé", "Zoë", "Noël",
         "Anaïs", "René", "Loïs", "Mees", "Jip", "Ayoub", "Hanna", "Gijs", "Lieke"]
LAST = ["de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker", "Janssen",
        "Visser", "Smit", "Meijer", "de Boer", "Mulder", "de Groot", "Bos", "Vos", "Peters",
        "Hendriks", "van Leeuwen", "Dekker", "Brouwer", "de Wit", "Dijkstra", "Smits",
        "de Graaf", "van der Meer", "van der Linden", "Kok", "Jacobs", "de Haan", "Vermeulen",
        "van den Heuvel", "van der Veen", "van den Broek", "de Bruijn", "van der Heijden",
        "Schouten", "van Beek", "Willems", "van Vliet", "Hoekstra", "Maas", "Verhoeven",
        "Koster", "van Dam", "Prins", "Blom", "Huisman", "Öztürk", "El Amrani", "Bouzid",
        "Çelik", "Müller", "Dönmez", "'t Hart", "Ruïz", "Kuipers", "Postma", "Boerma"]
INITIALS = "ABCDEFGHIJKLMNOPRSTVW"


def pick(rng, weighted):
    total = sum(w for _, w in weighted)
    x = rng.uniform(0, total)
    for v, w in weighted:
        x -= w
        if x <= 0:
            return v
    return weighted[-1][0]


def ascii_fold(text):
    table = str.maketrans("éëïöüçÇÖÜÉËÏ", "eeioucCOUEEI")
    return "".join(c for c in text.translate(table).lower() if c.isalnum() or c in ".-")


def ceil_weeks(w, f):
    return math.ceil(Fraction(w) / f)


# ---------------------------------------------------------------- generator

class Gen:
    def __init__(self, a):
        self.a = a
        self.rng = random.Random(a.seed)
        y, m = a.start.split("-")
        self.h0 = q_index(int(y), int(m))
        self.horizon = [self.h0 + i for i in range(a.quarters)]
        self.sites = []          # dicts
        self.trainees = []       # planned
        self.locked_rows = []    # dict(tid, site, start, end)
        self.plans = {}          # tid -> [slot dicts with site]
        self.usage = {}          # (site_id, q) -> count
        self.locked_usage = {}
        self.late_seh_min = Fraction(3, 4) if a.example else None
        # shares of the planned cohort with each feature (--rich: more of each,
        # for small test instances that must still show every rule)
        self.share = dict(exempt=0.08, parttime=0.10, elective=0.25, a_period=0.08, site=0.15, subtype=0.10)
        if a.rich:
            self.share = dict(exempt=0.2, parttime=0.25, elective=0.4, a_period=0.15, site=0.3, subtype=0.25)

    # -------------------------------------------------------- sites
    def make_sites(self):
        a, rng = self.a, self.rng
        S = a.sites
        n_wo = 2 if S >= 20 else 1
        n_borrowed = 0 if a.example else max(1, round(S * 0.03))
        rest = S - n_wo - n_borrowed
        if a.example:
            rest -= 3
        n_seh = max(1, round(rest * 0.20 / 0.98))
        n_ggz = max(1, round(rest * 0.22 / 0.98))
        n_ccz = max(1, round(rest * 0.22 / 0.98))
        n_other = max(0, rest - n_seh - n_ggz - n_ccz)
        fields = ["SEH"] * n_seh + ["GGZ"] * n_ggz + ["CCZ"] * n_ccz
        # every other field at least once when there is room, then by weight
        # (the example lends all its orthopaedics places from the LUMC)
        other_w = [(f, w) for f, w in OTHER_FIELDS if not (a.example and f == "ORT")]
        others = [f for f, _ in other_w][:n_other]
        others += [pick(rng, other_w) for _ in range(n_other - len(others))]
        fields += others
        counter = {}
        regions = [r for r, _, _ in REGIONS]
        for i, f in enumerate(fields):
            # spread the first sites of a field over the regions, the rest by size
            k = sum(1 for g in fields[:i] if g == f)
            reg = regions[k] if k < len(regions) else pick(rng, [(r, w) for r, _, w in REGIONS])
            self.add_site(f, reg, counter)
        for _ in range(n_wo):
            self.add_site("WO", "Amsterdam", counter)
        borrowed = [("SEH", 0), ("GGZ", 1), ("SEH", 1), ("CCZ", 0)]
        for i in range(n_borrowed):
            f, r = borrowed[i % len(borrowed)]
            self.add_site(f, BORROWED_REGIONS[r], counter, borrowed=True)
        if a.example:
            self.add_site("SEH", BORROWED_REGIONS[0], counter, borrowed=True)
            self.add_site("ORT", BORROWED_REGIONS[0], counter, borrowed=True)
            self.add_site("GGZ", BORROWED_REGIONS[1], counter, borrowed=True)
        # min_factor: some departments want at least 0.75 / 0.8; never the first
        # site of a field, so that every field stays open to every part-timer
        seen = set()
        for s in self.sites:
            if s["field"] in seen and not s["borrowed"] and rng.random() < (0.3 if s["field"] == "SEH" else 0.08):
                s["min_factor"] = rng.choice(["0.75", "0.8"])
            seen.add(s["field"])
        if self.late_seh_min is not None:
            # example: the letters for the last quarter came only from SEH
            # departments that want min_factor >= 0.75 (see docs/example.md)
            seh = [s for s in self.sites if s["field"] == "SEH" and not s["borrowed"]]
            for s in seh[len(seh) // 2:]:
                if s["min_factor"] == "":
                    s["min_factor"] = "0.75"
                s["late"] = True

    def add_site(self, field, region, counter, borrowed=False):
        rng = self.rng
        if isinstance(region, tuple):
            rname, code, inst = region
        else:
            rname = region
            code = [c for r, c, _ in REGIONS if r == region][0]
            if field == "GGZ":
                inst = rng.choice(GGZ_ORGS[region])
            elif field == "CCZ":
                inst = rng.choice(CCZ_ORGS[region])
            elif field == "WO":
                inst = "Amsterdam UMC"
            else:
                inst = rng.choice(HOSPITALS[region])
        key = (field, code)
        counter[key] = counter.get(key, 0) + 1
        sid = "%s-%s-%02d" % (field, code, counter[key])
        sub = ""
        if field == "GGZ":
            sub = rng.choice(GGZ_SUB)
            if inst == "Jellinek":
                sub = "verslaving"
        elif field == "CCZ":
            sub = rng.choice(CCZ_SUB)
            if inst in ("Reade", "Heliomare"):
                sub = "revalidatie"
        name = "%s %s" % (DEPT[field], inst) if field not in ("GGZ", "CCZ") else \
            "%s%s" % (inst, " " + sub if sub else "")
        if borrowed:
            name += " (leenplaats)"
        sup = ("%s %s. %s" % (rng.choice(["dr.", "dr.", "drs.", ""]), rng.choice(INITIALS),
                              rng.choice(LAST))).strip()
        if field == "WO":
            sup = "prof. dr. %s. %s" % (rng.choice(INITIALS), rng.choice(LAST))
        s = dict(id=sid, name=name, institution=inst, field=field, subtype=sub, region=rname,
                 supervisor=sup, min_factor="", borrowed=borrowed, late=False, cap={})
        self.sites.append(s)
        return s

    def site(self, sid):
        for s in self.sites:
            if s["id"] == sid:
                return s
        raise KeyError(sid)

    # -------------------------------------------------------- trainees
    def person(self, i, prefix="T"):
        rng = self.rng
        first, last = rng.choice(FIRST), rng.choice(LAST)
        email = "%s.%s@aios.example.nl" % (ascii_fold(first), ascii_fold(last.replace(" ", "")))
        return dict(id="%s%04d" % (prefix, i), name="%s %s" % (first, last),
                    email=email if rng.random() < 0.95 else "")

    def new_trainee(self, i):
        a, rng = self.a, self.rng
        t = self.person(i)
        late_ok = len(self.horizon) >= 5
        t["stage_start"] = self.h0 + (1 if late_ok and rng.random() < 0.1 else 0)
        t["exemptions"] = list(pick(rng, EXEMPTION_KINDS)) if rng.random() < self.share["exempt"] else []
        t["factor"] = pick(rng, FACTORS) if rng.random() < self.share["parttime"] else None
        if (self.late_seh_min is not None and t["factor"] and t["stage_start"] != self.h0
                and Fraction(t["factor"]) < self.late_seh_min):
            t["factor"] = "0.8"   # example: only the hand-picked T0017 may hit the late-SEH wall
        self.fill_wishes(t)
        return t

    def profile(self, t):
        ex = t["exemptions"]
        a_m = sum(m for f, m in ex if f in ("SEH", "INT", "KIN", "GYN"))
        a_len = 2 - a_m // 3
        base = [f for f in ("GGZ", "CCZ") if (f, 3) not in ex]
        year = [t["stage_start"] + i for i in range(a_len + len(base))]
        f = Fraction(t["factor"]) if t.get("factor") else Fraction(1)
        return a_len, base, year, f

    def fill_wishes(self, t):
        rng = self.rng
        a_len, base, year, f = self.profile(t)
        # traject A choices
        ch = []
        if a_len == 2:
            x1, x2 = pick(rng, X_WEIGHTS), pick(rng, X_WEIGHTS)
            if rng.random() < 0.55:
                ch = ["SEH", "SEH+" + x1]
            else:
                ch = ["SEH+" + x1, "SEH"]
            if x2 != x1 and rng.random() < 0.4:
                ch.append("SEH+" + x2)
            if rng.random() < 0.08:
                ch = ch[:1]
            if rng.random() < 0.05:
                ch = []
        elif a_len == 1:
            ch = ["CAR", "NEU", "ORT"]
            rng.shuffle(ch)
            ch = ch[:rng.randint(1, 3)]
        t["choices"] = ch
        # B elective
        t["elective"] = None
        t["outside"] = 0
        if base and rng.random() < self.share["elective"]:
            e = pick(rng, ELECTIVE_WEIGHTS)
            r = rng.choice(base)
            if e != "WO" and rng.random() < 0.15:
                t["outside"] = 13        # research differentiation planned for year 3
            t["elective"] = (e, r, rng.choice([0, 0, 1, 1, 2, 3]))
        # A period
        t["a_period"] = None
        if a_len and rng.random() < self.share["a_period"]:
            if f < 1:
                t["a_period"] = year[len(year) - a_len]
            else:
                t["a_period"] = rng.choice(year[:len(year) - a_len + 1])
        # regions
        home = pick(self.rng, [(r, w) for r, _, w in REGIONS])
        t["regions"] = None
        if rng.random() < 0.85:
            regs = [home]
            nb = list(NEIGHBOURS[home])
            rng.shuffle(nb)
            if rng.random() < 0.6:
                regs.append(nb[0])
                if rng.random() < 0.5:
                    regs.append(nb[1])
            t["regions"] = regs
        t["home"] = home
        # site and subtype wishes
        t["site_wishes"] = []
        t["subtype_wishes"] = []
        if rng.random() < self.share["site"]:
            fields = ["SEH"] if a_len == 2 else (["CAR", "NEU", "ORT"] if a_len == 1 else [])
            fields += base
            cands = [s for s in self.sites if s["field"] in fields and not s["borrowed"]
                     and s["region"] in (t["regions"] or [home])]
            rng.shuffle(cands)
            t["site_wishes"] = [s["id"] for s in cands[:rng.randint(1, 3)]]
        if rng.random() < self.share["subtype"] and base:
            subs = {"GGZ": ["crisis", "ouderen", "verslaving"],
                    "CCZ": ["revalidatie", "geriatrie", "verpleeghuis"]}
            pool = sum((subs[b] for b in base), [])
            t["subtype_wishes"] = rng.sample(pool, rng.randint(1, 2))

    # -------------------------------------------------------- plans
    def a_slots(self, identity, s, f):
        if identity is None:
            return []
        d0 = q_start(s)
        if f == 1:
            if identity == "SEH":
                return [("SEH", "A", d0, q_end(s + 1))]
            if identity.startswith("SEH+"):
                return [("SEH", "A", d0, q_end(s)), (identity[4:], "A", q_start(s + 1), q_end(s + 1))]
            return [(identity, "A", d0, q_end(s))]
        one = 7 * ceil_weeks(13, f)
        day = dt.timedelta
        if identity == "SEH":
            return [("SEH", "A", d0, d0 + day(days=7 * ceil_weeks(26, f) - 1))]
        if identity.startswith("SEH+"):
            d1 = d0 + day(days=one)
            return [("SEH", "A", d0, d1 - day(days=1)), (identity[4:], "A", d1, d1 + day(days=one - 1))]
        return [(identity, "A", d0, d0 + day(days=one - 1))]

    def candidates(self, slot, f):
        """Sites a planted stage may use: own (not borrowed) sites of the field
        that accept factor f (and, in the example, the late-SEH rule)."""
        field, _, start, end = slot
        out = []
        for s in self.sites:
            if s["field"] != field or s["borrowed"]:
                continue
            if s["min_factor"] and Fraction(s["min_factor"]) > f:
                continue
            if (self.late_seh_min is not None and field == "SEH"
                    and overlaps(start, end, self.horizon[-1]) and not s["late"]):
                continue
            out.append(s)
        return out

    def plant(self, t, forced_sites=None):
        """A complete plan for planned aios t keeping every hard rule; records
        capacity use.  Returns the slots or None when none can be made."""
        rng = self.rng
        a_len, base, year, f = self.profile(t)
        if a_len == 2:
            ids = ["SEH"] + ["SEH+" + x for x, _ in X_WEIGHTS]
        elif a_len == 1:
            ids = ["CAR", "NEU", "ORT"]
        else:
            ids = [None]
        rng.shuffle(ids)
        choices = [c for c in t["choices"] if c in ids]
        if choices and (t.get("hand") or rng.random() < 0.75):
            ids = [choices[0]] + [i for i in ids if i != choices[0]]
        if a_len == 0:
            starts = [None]
        elif f < 1:
            starts = [year[len(year) - a_len]]
        else:
            starts = year[:len(year) - a_len + 1]
            rng.shuffle(starts)
            if t["a_period"] in starts:
                starts.remove(t["a_period"])
                starts.insert(0, t["a_period"])
        variants = [list(base)]
        if t["elective"]:
            e, r, _ = t["elective"]
            alt = [e if b == r else b for b in base]
            if t["outside"] or rng.random() < 0.6:
                variants.insert(0, alt)
            else:
                variants.append(alt)
        for identity in ids:
            for s in starts:
                a = self.a_slots(identity, s, f)
                a_q = set(range(s, s + a_len)) if s is not None else set()
                b_q = [q for q in year if q not in a_q]
                for fields in variants:
                    if 13 * sum(1 for x in fields if x in ("GGZ", "CCZ", "WO")) + t["outside"] > 26:
                        continue
                    perm = list(fields)
                    rng.shuffle(perm)
                    slots = a + [(x, "B", q_start(q), q_end(q)) for q, x in zip(b_q, perm)]
                    chosen = []
                    for sl in slots:
                        fs = (forced_sites or {}).get(sl[0])
                        cands = [self.site(fs)] if fs else self.candidates(sl, f)
                        if not cands:
                            break
                        chosen.append(self.choose_site(cands, sl, t))
                    else:
                        plan = [dict(field=sl[0], traject=sl[1], start=sl[2], end=sl[3], site=s2["id"])
                                for sl, s2 in zip(slots, chosen)]
                        for p in plan:
                            self.use(p["site"], p["start"], p["end"])
                        return plan
        return None

    def choose_site(self, cands, slot, t):
        qs = [q for q in self.horizon if overlaps(slot[2], slot[3], q)]
        if slot[0] != "SEH":
            # keep non-SEH departments at 0-3 places a quarter while others have room
            roomy = [s for s in cands if all(self.usage.get((s["id"], q), 0) < 3 for q in qs)]
            cands = roomy or cands
        regs = t.get("regions") or [t.get("home")]
        weights = []
        for s in cands:
            w = 1.0
            if s["id"] in t.get("site_wishes", []):
                w *= 5
            if s["region"] in regs:
                w *= 4 - regs.index(s["region"])
            load = max([self.usage.get((s["id"], q), 0) for q in qs] or [0])
            weights.append(w / (1 + load) ** 2)
        return self.rng.choices(cands, weights=weights)[0]

    def use(self, sid, start, end, locked=False):
        for q in self.horizon:
            if overlaps(start, end, q):
                self.usage[(sid, q)] = self.usage.get((sid, q), 0) + 1
                if locked:
                    self.locked_usage[(sid, q)] = self.locked_usage.get((sid, q), 0) + 1

    def lock_cohort(self, m):
        """The other cohort: stage year two quarters before the horizon, full time;
        their placements that start inside the horizon are locked."""
        rng = self.rng
        for i in range(1, m + 1):
            p = self.person(i, "L")
            q0 = self.h0 - 2
            identity = "SEH" if rng.random() < 0.6 else "SEH+" + pick(rng, X_WEIGHTS)
            s = q0 + rng.randint(0, 2)
            a = self.a_slots(identity, s, Fraction(1))
            fields = ["GGZ", "CCZ"]
            if rng.random() < 0.2:
                fields[rng.randint(0, 1)] = rng.choice(["CAR", "NEU", "ORT", "REU", "WO"])
            rng.shuffle(fields)
            b_q = [q for q in range(q0, q0 + 4) if not s <= q < s + 2]
            slots = a + [(x, "B", q_start(q), q_end(q)) for q, x in zip(b_q, fields)]
            t = dict(home=pick(rng, [(r, w) for r, _, w in REGIONS]), regions=None)
            for sl in slots:
                if sl[2] < q_start(self.h0):
                    continue
                cands = self.candidates(sl, Fraction(1))
                if not cands:
                    continue
                site = self.choose_site(cands, sl, t)
                self.locked_rows.append(dict(tid=p["id"], site=site["id"], start=sl[2], end=sl[3]))
                self.use(site["id"], sl[2], sl[3], locked=True)

    # -------------------------------------------------------- capacity
    def size_capacity(self):
        a, rng = self.a, self.rng
        lo, hi = a.ratio
        fields = sorted({s["field"] for s in self.sites})
        pool = [f for f in ("SEH", "GGZ", "CCZ", "INT", "KIN") if f in fields]
        tight = set(rng.sample(pool, min(a.tight, len(pool))))
        self.tight_fields = sorted(tight)
        for s in self.sites:
            for q in self.horizon:
                s["cap"][q] = self.usage.get((s["id"], q), 0)
        for field in fields:
            own = [s for s in self.sites if s["field"] == field and not s["borrowed"]]
            ratio = rng.uniform(1.0, 1.08) if field in tight else rng.uniform(lo, hi)
            for q in self.horizon:
                allowed = own
                if self.late_seh_min is not None and field == "SEH" and q == self.horizon[-1]:
                    allowed = [s for s in own if s["late"]]
                demand = sum(s["cap"][q] for s in own)
                target = math.ceil(ratio * demand) if demand else rng.randint(0, max(1, len(allowed) // 3))
                maxcap = 3
                if field == "SEH" and allowed:
                    maxcap = max(3, math.ceil(target / len(allowed)) + 1)
                extra = target - demand
                room = [s for s in allowed if s["cap"][q] < maxcap]
                while extra > 0 and room:
                    s = rng.choice(room)
                    s["cap"][q] += 1
                    extra -= 1
                    if s["cap"][q] >= maxcap:
                        room.remove(s)
        for s in self.sites:
            if s["borrowed"]:
                for q in self.horizon:
                    if self.late_seh_min is not None and s["field"] == "SEH" and q == self.horizon[-1]:
                        continue      # example: no SEH room for part-timers < 0.75 in the last quarter
                    s["cap"][q] += rng.randint(1, 2)
        # --shortfall: take capacity away below the planted use
        cands = [(s, q) for s in self.sites for q in self.horizon
                 if s["field"] in ("SEH", "GGZ", "CCZ") and not s["borrowed"]
                 and self.usage.get((s["id"], q), 0) > self.locked_usage.get((s["id"], q), 0)]
        for s, q in rng.sample(cands, min(a.shortfall, len(cands))):
            s["cap"][q] = min(s["cap"][q], self.usage[(s["id"], q)]) - 1

    # -------------------------------------------------------- all
    def unuse(self, plan):
        for p in plan:
            for q in self.horizon:
                if overlaps(p["start"], p["end"], q):
                    self.usage[(p["site"], q)] -= 1

    def run(self):
        a, rng = self.a, self.rng
        self.make_sites()
        self.lock_cohort(a.locked)
        specs = example_specs(self) if a.example else []
        if len(specs) > a.trainees:
            sys.exit("gen.py: --example needs at least %d trainees" % len(specs))
        for i in range(1, a.trainees + 1):
            if i <= len(specs):
                t = self.person(i)
                t.update(specs[i - 1])
                plan = None if t.get("no_plan") else self.plant(t, t.get("forced_sites"))
                if plan is None and not t.get("no_plan"):
                    sys.exit("gen.py: no valid plan for hand-picked %s" % t["id"])
            else:
                # a random aios whose wishes the sites cannot serve at all
                # (say, a 3-month A exemption and no CAR/NEU/ORT site) is redrawn
                for _ in range(100):
                    t = self.new_trainee(i)
                    plan = self.plant(t)
                    if plan is not None:
                        break
                else:
                    sys.exit("gen.py: no valid plan for %s after 100 draws" % t["id"])
            self.trainees.append(t)
            if plan is not None:
                self.plans[t["id"]] = plan
        # --unplaceable: 13 outside weeks and no hospital elective: no plan at all
        pool = [t for t in self.trainees[len(specs):] if len(self.profile(t)[1]) == 2]
        for t in rng.sample(pool, min(a.unplaceable, len(pool))):
            t["outside"] = 13
            t["elective"] = ("WO", rng.choice(["GGZ", "CCZ"]), 1) if rng.random() < 0.5 else None
            t["no_plan"] = True
            self.unuse(self.plans.pop(t["id"]))
        # locked placements of planned aiossen
        lockable = [t for t in self.trainees[len(specs):] if t["id"] in self.plans]
        chosen = [t for t in self.trainees if t.get("lock")]
        chosen += rng.sample(lockable, min(a.planned_locked, len(lockable)))
        for t in chosen:
            rows = [p for p in self.plans[t["id"]] if not self.site(p["site"])["borrowed"]]
            if t.get("lock"):
                p = ([r for r in rows if r["field"] == t["lock"]] or rows)[0]
            else:
                p = rng.choice(rows)
            p["locked"] = True
            self.locked_rows.append(dict(tid=t["id"], site=p["site"], start=p["start"], end=p["end"]))
            for q in self.horizon:
                if overlaps(p["start"], p["end"], q):
                    self.locked_usage[(p["site"], q)] = self.locked_usage.get((p["site"], q), 0) + 1
        self.size_capacity()


# ---------------------------------------------------------------- example

def example_specs(g):
    """The hand-picked aiossen of data/example (docs/example.md lists them)."""
    h0 = g.h0
    sites = g.sites
    seh = [s["id"] for s in sites if s["field"] == "SEH" and not s["borrowed"] and not s["min_factor"]]
    ggz_crisis = [s["id"] for s in sites if s["field"] == "GGZ" and s["subtype"] == "crisis"]
    ccz_ams = [s["id"] for s in sites if s["field"] == "CCZ" and s["region"] == "Amsterdam"]
    orts = [s["id"] for s in sites if s["field"] == "ORT" and s["borrowed"]]
    def sp(**kw):
        d = dict(stage_start=h0, exemptions=[], factor=None, choices=["SEH", "SEH+INT"],
                 elective=None, outside=0, a_period=None, regions=["Amsterdam"],
                 site_wishes=[], subtype_wishes=[], home="Amsterdam", hand=True)
        d.update(kw)
        return d

    specs = [
        # 1 a non-ASCII name, GGZ exemption written in the cp1252 exemptions.csv
        sp(name="Sanne Eliëns", email="sanne.eliens@aios.example.nl", exemptions=[("GGZ", 3)],
           subtype_wishes=["geriatrie"]),
        # 2 SEH 6 months: no traject A; a stale a_choice_1 SEH is ignored
        sp(exemptions=[("SEH", 6)], choices=["SEH"], regions=["Kennemerland", "Haarlemmermeer"]),
        # 3-6 3-month A exemptions: A is one quarter CAR/NEU/ORT
        sp(exemptions=[("SEH", 3)], choices=["CAR", "NEU"]),
        sp(exemptions=[("INT", 3)], choices=["SEH+INT", "NEU", "ORT"]),
        sp(exemptions=[("KIN", 3)], choices=["ORT"], regions=["Leiden", "Amsterdam"],
           forced_sites={"ORT": orts[0]}),
        sp(exemptions=[("GYN", 3)], choices=["CAR", "ORT", "NEU"], regions=["Flevoland", "Amsterdam"]),
        # 7 GGZ exempt, asks CAR replacing GGZ: ignored with a warning
        sp(exemptions=[("GGZ", 3)], elective=("CAR", "GGZ", 2)),
        # 8 CCZ exempt, NEU replacing GGZ: B is NEU alone
        sp(exemptions=[("CCZ", 3)], elective=("NEU", "GGZ", 2), choices=["SEH+KIN", "SEH"]),
        # 9 SEH 3 + GGZ 3: A one quarter, B only CCZ; a two-quarter year
        sp(exemptions=[("SEH", 3), ("GGZ", 3)], choices=["NEU", "CAR"], regions=["Zaanstreek", "Amsterdam"]),
        # 10 part-time 0.5 from 2026-09: A at the end of the year, SEH+INT 26 + 26 weeks
        sp(factor="0.5", choices=["SEH+INT", "SEH+KIN"], regions=["Amstelland", "Amsterdam"]),
        # 11 part-time 0.8 from 2026-12: the A extension runs past the horizon
        sp(stage_start=h0 + 1, factor="0.8", choices=["SEH"], regions=["Waterland", "Amsterdam"]),
        # 12 part-time 0.6, asks for A in the year's last quarters (meetable)
        sp(factor="0.6", choices=["SEH+KIN", "SEH"], a_period=h0 + 2),
        # 13 WO replacing GGZ, priority 3
        sp(elective=("WO", "GGZ", 3), choices=["SEH+GYN", "SEH"]),
        # 14 13 outside weeks planned, NEU replacing CCZ: must get NEU
        sp(outside=13, elective=("NEU", "CCZ", 1), regions=["Gooi en Vechtstreek", "Amsterdam"]),
        # 15 13 outside weeks and WO: WO is ruled out too -> unplaced
        sp(outside=13, elective=("WO", "GGZ", 2), no_plan=True),
        # 16 13 outside weeks, no elective -> unplaced
        sp(outside=13, no_plan=True),
        # 17 part-time 0.5 from 2026-12: every SEH site with room in 2027-09 wants 0.75 -> unplaced
        sp(stage_start=h0 + 1, factor="0.5", no_plan=True),
        # 18 site and subtype wishes
        sp(site_wishes=[seh[0], ggz_crisis[0] if ggz_crisis else seh[1]], subtype_wishes=["crisis"]),
        # 19 subtype wishes for CCZ
        sp(subtype_wishes=["revalidatie", "geriatrie"], regions=["Amsterdam", "Amstelland", "Zaanstreek"]),
        # 20 a_period full time
        sp(a_period=h0 + 2, choices=["SEH"]),
        # 21 a_period that cannot be met (outside the year): ignored
        sp(a_period=h0 + 4, choices=["SEH+CAR", "SEH"]),
        # 22 locked GGZ quarter of a planned aios
        sp(lock="GGZ", choices=["SEH", "SEH+NEU"]),
        # 23 locked 2-quarter SEH of a planned aios
        sp(lock="SEH", choices=["SEH"]),
        # 24 the same plan listed twice: counts at its first column
        sp(choices=["SEH+KIN", "SEH+KIN", "SEH"]),
        # 25 a region with no site (warning) before a real one
        sp(regions=["Utrecht", "Amsterdam"]),
        # 26 site wish for a site of a field no plan of theirs has: ignored
        sp(exemptions=[("CCZ", 3)], site_wishes=[ccz_ams[0]]),
    ]
    return specs


# ---------------------------------------------------------------- writing

class Writer:
    def __init__(self, outdir, nl):
        self.out = outdir
        self.nl = nl

    def num(self, text, nl):
        return text.replace(".", ",") if nl else text

    def date(self, d, nl):
        return d.strftime("%d-%m-%Y") if nl else d.isoformat()

    def write(self, name, header, rows, nl=None, bom=False):
        nl = self.nl if nl is None else nl
        path = os.path.join(self.out, name)
        enc = "cp1252" if nl else ("utf-8-sig" if bom else "utf-8")
        with open(path, "w", newline="", encoding=enc) as f:
            w = csv.writer(f, delimiter=";" if nl else ",", lineterminator="\r\n" if nl else "\n")
            w.writerow(header)
            for r in rows:
                w.writerow(["" if c is None else c for c in r])


def write_all(g, outdir):
    a = g.a
    os.makedirs(outdir, exist_ok=True)
    nl_all = a.dialect == "nl"
    nl_files = {"parttime.csv", "exemptions.csv", "locked.csv"} if a.example else set()
    W = Writer(outdir, nl_all)

    def nl(name):
        return nl_all or name in nl_files

    rows = []
    for t in g.trainees:
        ch = (t["choices"] + [None, None, None])[:3]
        e = t["elective"]
        sw = (t["site_wishes"] + [None] * 3)[:3]
        tw = (t["subtype_wishes"] + [None] * 2)[:2]
        rows.append([t["id"], t["name"], t["email"], q_label(t["stage_start"])] + ch +
                    [e[0] if e else None, e[1] if e else None, e[2] if e else None,
                     q_label(t["a_period"]) if t["a_period"] is not None else None] + sw + tw +
                    [t["outside"] or None])
    W.write("preferences.csv", ["trainee_id", "name", "email", "stage_start", "a_choice_1", "a_choice_2",
                                "a_choice_3", "b_elective", "b_elective_replaces", "b_elective_priority",
                                "a_period", "site_1", "site_2", "site_3", "subtype_1", "subtype_2",
                                "outside_weeks_planned"], rows, nl("preferences.csv"))
    rows = []
    rng = random.Random(a.seed + 1)
    n = nl("capacity.csv")
    for s in g.sites:
        caps = []
        for q in g.horizon:
            c = s["cap"][q]
            caps.append("" if c == 0 and rng.random() < 0.4 else str(c))
        rows.append([s["id"], s["name"], s["institution"], s["field"], s["subtype"], s["region"],
                     s["supervisor"], W.num(s["min_factor"], n), "yes" if s["borrowed"] else "no"] + caps)
    W.write("capacity.csv", ["site_id", "name", "institution", "field", "subtype", "region", "supervisor",
                             "min_factor", "borrowed"] + [q_label(q) for q in g.horizon], rows, n)
    n = nl("exemptions.csv")
    rows = []
    for t in g.trainees:
        for f, m in t["exemptions"]:
            rows.append([t["id"], t["name"], f, m] if a.example else [t["id"], f, m])
    W.write("exemptions.csv", ["trainee_id", "naam", "field", "months"] if a.example
            else ["trainee_id", "field", "months"], rows, n)
    n = nl("parttime.csv")
    rows = []
    for t in g.trainees:
        if t.get("factor"):
            f = t["factor"]
            if a.example and f == "0.6":
                f = "60%"          # a percentage, as some sheets write it
            rows.append([t["id"], W.num(f, n)])
    W.write("parttime.csv", ["trainee_id", "factor"], rows, n)
    rows = [[t["id"]] + (t["regions"] + [None, None])[:3] for t in g.trainees if t["regions"]]
    W.write("regions.csv", ["trainee_id", "region_1", "region_2", "region_3"], rows,
            nl("regions.csv"), bom=a.example)
    n = nl("locked.csv")
    rows = [[r["tid"], r["site"], W.date(r["start"], n), W.date(r["end"], n)]
            for r in sorted(g.locked_rows, key=lambda r: (r["tid"], r["start"]))]
    W.write("locked.csv", ["trainee_id", "site_id", "start_date", "end_date"], rows, n)


def write_planted(g, indir, outdir):
    """The planted allocation as letters.csv / unplaced.csv (formats.md), for
    checking the generator with tests/tools/verify.py.  Reads the folder just
    written back with the test tools' independent reader."""
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "tools"))
    import smdata
    inst = smdata.load(indir)
    placements = [(t["id"], p["traject"], p["site"], p["start"], p["end"], "planted")
                  for t in g.trainees for p in g.plans.get(t["id"], [])]
    unplaced = [(t["id"], "no plan possible (generated so)") for t in g.trainees if t["id"] not in g.plans]
    smdata.write_outputs(inst, outdir, placements, unplaced)


def main(argv):
    ap = argparse.ArgumentParser(description="generate a stagematch input folder")
    ap.add_argument("--trainees", type=int, default=None, help="planned aiossen")
    ap.add_argument("--locked", type=int, default=None, help="locked aiossen of the other cohort")
    ap.add_argument("--sites", type=int, default=None)
    ap.add_argument("--seed", type=int, default=None)
    ap.add_argument("--quarters", type=int, default=5, help="horizon length (>= 4)")
    ap.add_argument("--start", default="2026-09", help="first horizon quarter = main stage_start")
    ap.add_argument("--dialect", choices=["plain", "nl"], default="plain")
    ap.add_argument("--ratio", default="1.1:1.4", help="capacity / planted demand per field, LO:HI")
    ap.add_argument("--tight", type=int, default=2, help="fields with capacity ratio 1.0-1.08")
    ap.add_argument("--planned-locked", type=int, default=None,
                    help="planned aiossen with one placement already locked (default 2%%)")
    ap.add_argument("--unplaceable", type=int, default=0,
                    help="aiossen with 13 outside weeks and no hospital elective")
    ap.add_argument("--shortfall", type=int, default=0,
                    help="site-quarters given one place less than the planted plans use")
    ap.add_argument("--rich", action="store_true",
                    help="more of every feature (exemptions, part-time, electives, wishes), for small tests")
    ap.add_argument("--example", action="store_true", help="the data/example institute")
    ap.add_argument("--planted-out", help="also write the planted allocation (letters.csv) here")
    ap.add_argument("-o", "--output", required=True)
    a = ap.parse_args(argv[1:])
    if a.example:
        a.trainees = a.trainees or 120
        a.locked = 110 if a.locked is None else a.locked
        a.sites = a.sites or 100
        a.seed = 2026 if a.seed is None else a.seed
        a.planned_locked = 1 if a.planned_locked is None else a.planned_locked
    for name in ("trainees", "locked", "sites", "seed"):
        if getattr(a, name) is None:
            ap.error("--%s is required (or --example)" % name)
    if a.planned_locked is None:
        a.planned_locked = a.trainees // 50
    if a.quarters < 4:
        ap.error("--quarters must be at least 4 (a stage year)")
    if a.sites < 5:
        ap.error("--sites must be at least 5")
    lo, hi = (float(x) for x in a.ratio.split(":"))
    a.ratio = (lo, hi)
    g = Gen(a)
    g.run()
    write_all(g, a.output)
    if a.planted_out:
        write_planted(g, a.output, a.planted_out)
    print("gen.py: %d planned (%d without a possible plan), %d locked rows, %d sites, horizon %s..%s%s"
          % (len(g.trainees), sum(1 for t in g.trainees if t.get("no_plan")), len(g.locked_rows),
             len(g.sites), q_label(g.horizon[0]), q_label(g.horizon[-1]),
             ", tight " + "/".join(g.tight_fields) if g.tight_fields else ""), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
