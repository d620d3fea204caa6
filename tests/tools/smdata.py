"""smdata.py - an independent reader of a stagematch input folder.

Reads the input files of ../../../shared/spec/formats.md (preferences.csv,
capacity.csv, exemptions.csv, parttime.csv, regions.csv, locked.csv) into
plain Python structures, with the csv module only.  It is written from the
spec, not from stagematch's C code, so that the test tools (verify.py,
refmodel.py) judge stagematch's output independently.

The dialects a secretariat sends are handled per file: ',' or ';' detected
from the header line, UTF-8 with or without BOM or else Windows-1252, CRLF or
LF, quoted fields, trailing empty columns, blank lines, header names in any
case and order, numbers with a decimal point or comma or as a percentage
(80%), dates YYYY-MM-DD or DD-MM-YYYY.

Numbers that matter for the rules (part-time factors, min_factor) are kept as
fractions.Fraction so that ceil(26 / f) is computed exactly.

Quarters are integers: q = 4 * year + (month // 3 - 1), so 2026-03 is
4*2026+0 and 2026-12 is 4*2026+3; q_start/q_end give the first and last day.

Problems are collected: load() raises DataError listing every error found
(file:line: column 'x': message); warnings are kept in Instance.warnings.

write_outputs() writes an allocation as letters.csv and unplaced.csv (the
"Outputs" of formats.md), for the reference tools' own solutions.
"""

import csv
import datetime as dt
import io
import os
import re
from fractions import Fraction
from decimal import Decimal, InvalidOperation

FIELDS = ("SEH", "INT", "KIN", "GYN", "CAR", "NEU", "ORT", "REU", "GGZ", "CCZ", "WO")
RESERVED = ("URO", "PIJN", "GEN")

# Header aliases a Dutch export may carry (formats.md allows more names).
ALIASES = {"aios_id": "trainee_id", "aios": "trainee_id", "naam": "name",
           "stageplaats": "site_id", "regio": "region", "factor_deeltijd": "factor",
           # the Dutch headers of docs/inputs.md
           "stageplaats_id": "site_id", "e-mail": "email", "emailadres": "email",
           "e-mailadres": "email", "startkwartaal": "stage_start",
           "keuzestage_b": "b_elective", "b_keuzestage": "b_elective",
           "keuzestage_b_vervangt": "b_elective_replaces", "vervangt": "b_elective_replaces",
           "keuzestage_b_prioriteit": "b_elective_priority", "prioriteit": "b_elective_priority",
           "periode_a": "a_period", "a_periode": "a_period",
           "weken_buiten_gepland": "outside_weeks_planned", "instelling": "institution",
           "vakgebied": "field", "onderdeel": "field", "vrijstelling": "field", "soort": "subtype",
           "stageopleider": "supervisor", "opleider": "supervisor",
           "min_deeltijdfactor": "min_factor", "minimale_factor": "min_factor",
           "geleend": "borrowed", "maanden": "months", "deeltijdfactor": "factor",
           "startdatum": "start_date", "begindatum": "start_date", "einddatum": "end_date"}
for _i in (1, 2, 3):
    ALIASES["voorkeur_a_%d" % _i] = "a_choice_%d" % _i
    ALIASES["stageplaats_%d" % _i] = "site_%d" % _i
    ALIASES["regio_%d" % _i] = "region_%d" % _i
for _i in (1, 2):
    ALIASES["soort_%d" % _i] = "subtype_%d" % _i

# Dutch field names (docs/inputs.md), compared as lower-case letters only
DUTCH_FIELDS = {
    "spoedeisendehulp": "SEH", "internegeneeskunde": "INT", "interne": "INT",
    "kindergeneeskunde": "KIN", "pediatrie": "KIN", "kinderen": "KIN",
    "gynaecologie": "GYN", "verloskunde": "GYN", "gynaecologieenverloskunde": "GYN",
    "verloskundeengynaecologie": "GYN", "obstetrieengynaecologie": "GYN",
    "gynaecologieverloskunde": "GYN", "cardiologie": "CAR", "neurologie": "NEU",
    "orthopedie": "ORT", "reumatologie": "REU", "psychiatrie": "GGZ",
    "geestelijkegezondheidszorg": "GGZ", "verpleeghuis": "CCZ", "chronischcomplexezorg": "CCZ",
    "complexechronischezorg": "CCZ", "ouderengeneeskunde": "CCZ",
    "verpleeghuisgeneeskunde": "CCZ", "wetenschappelijkonderzoek": "WO", "onderzoek": "WO"}


def field_code(text):
    """A field cell as its code: 'SEH', 'seh', 'Spoedeisende hulp' -> 'SEH';
    anything else upper-cased (and then rejected by the caller)."""
    t = (text or "").strip()
    key = re.sub(r"[^a-z0-9]", "", t.lower())
    if key.upper() in FIELDS:
        return key.upper()
    return DUTCH_FIELDS.get(key, t.upper())


def plan_code(text):
    """An a_choice cell as 'SEH', 'SEH+INT' or 'CAR' (Dutch names allowed)."""
    return "+".join(field_code(p) for p in (text or "").split("+"))


class DataError(Exception):
    """An input folder that does not meet formats.md; .errors lists why."""

    def __init__(self, errors):
        super().__init__("\n".join(errors))
        self.errors = errors


# ---------------------------------------------------------------- calendar

def q_index(year, month):
    if month not in (3, 6, 9, 12):
        raise ValueError("quarter month must be 03, 06, 09 or 12")
    return 4 * year + month // 3 - 1


def q_year_month(q):
    return q // 4, (q % 4 + 1) * 3


def q_label(q):
    y, m = q_year_month(q)
    return "%04d-%02d" % (y, m)


def q_start(q):
    y, m = q_year_month(q)
    return dt.date(y, m, 1)


def q_end(q):
    return q_start(q + 1) - dt.timedelta(days=1)


def q_of_date(d):
    """The quarter containing date d."""
    m = d.month
    y = d.year
    if m < 3:
        return q_index(y - 1, 12)
    return q_index(y, (m // 3) * 3)


def overlaps(start, end, q):
    """True when [start, end] shares at least one day with quarter q."""
    return start <= q_end(q) and end >= q_start(q)


def parse_quarter(text):
    m = re.fullmatch(r"\s*(\d{4})-(\d{2})\s*", text or "")
    if not m or int(m.group(2)) not in (3, 6, 9, 12):
        raise ValueError("expected a quarter YYYY-MM with MM in 03, 06, 09, 12")
    return q_index(int(m.group(1)), int(m.group(2)))


def parse_date(text):
    t = (text or "").strip()
    m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", t)
    if m:
        y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
    else:
        m = re.fullmatch(r"(\d{1,2})-(\d{1,2})-(\d{4})", t)
        if not m:
            raise ValueError("expected a date YYYY-MM-DD or DD-MM-YYYY")
        d, mo, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
    return dt.date(y, mo, d)


def parse_number(text):
    """'0.8', '0,8', '80%', '13' -> Fraction; ValueError otherwise."""
    t = (text or "").strip()
    pct = t.endswith("%")
    if pct:
        t = t[:-1].strip()
    t = t.replace(",", ".")
    if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", t):
        raise ValueError("expected a number")
    try:
        v = Fraction(Decimal(t))
    except InvalidOperation:
        raise ValueError("expected a number")
    return v / 100 if pct else v


def parse_bool(text):
    t = (text or "").strip().lower()
    if t in ("", "no", "nee", "n", "0", "false"):
        return False
    if t in ("yes", "ja", "j", "y", "1", "true"):
        return True
    raise ValueError("expected yes/no, ja/nee or 1/0")


# ---------------------------------------------------------------- CSV files

class Table:
    """One CSV file: .header (normalised names), .rows [(line, {name: text})],
    .delimiter, .encoding, .bom, .crlf."""

    def __init__(self, path, aliases=None):
        aliases = ALIASES if aliases is None else aliases
        self.path = path
        self.name = os.path.basename(path)
        raw = open(path, "rb").read()
        self.bom = raw.startswith(b"\xef\xbb\xbf")
        if self.bom:
            raw = raw[3:]
        try:
            text = raw.decode("utf-8")
            self.encoding = "utf-8"
        except UnicodeDecodeError:
            text = raw.decode("cp1252", errors="replace")
            self.encoding = "cp1252"
        self.crlf = b"\r\n" in raw
        first = text.split("\n", 1)[0]
        self.delimiter = ";" if first.count(";") > first.count(",") else ","
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=self.delimiter)
        self.header = []
        self.rows = []
        for rec in reader:
            line = reader.line_num
            if not self.header:
                if not any(c.strip() for c in rec):
                    continue
                self.header = [aliases.get(h.strip().lower(), h.strip().lower()) for h in rec]
                continue
            if not any(c.strip() for c in rec):
                continue
            row = {}
            for i, cell in enumerate(rec):
                key = self.header[i] if i < len(self.header) else ""
                if key:
                    row[key] = cell.strip()
            self.rows.append((line, row))


def read_table(path, aliases=None):
    """aliases: {header as written, lower case: canonical name}; default the
    input files' ALIASES.  Output files use OUTPUT_ALIASES."""
    return Table(path, aliases)


# ---------------------------------------------------------------- instance

class Instance:
    """An input folder.  Attributes (all plain Python):
    horizon   [q, ...] the quarter columns of capacity.csv, sorted
    sites     {site_id: dict(id, name, institution, field, subtype, region,
               supervisor, min_factor Fraction, borrowed bool, cap {q: int})}
    trainees  {trainee_id: dict(id, name, email, stage_start q, choices [c1,c2,c3]
               (None where blank), b_elective, b_replaces, b_priority int,
               a_period q|None, site_wishes [..], subtype_wishes [..],
               outside_weeks Fraction, factor Fraction, exemptions [(field, months)],
               regions [r1, r2, r3] (None where blank) or None)}
    order     trainee ids in preferences.csv order
    locked    [dict(trainee_id, site_id, start date, end date, line)]
    tables    {file name: Table}
    warnings  [text]
    """

    def __init__(self):
        self.horizon = []
        self.sites = {}
        self.trainees = {}
        self.order = []
        self.locked = []
        self.tables = {}
        self.warnings = []


def load(folder):
    inst = Instance()
    errors = []

    def err(tab, line, col, msg):
        if len(errors) < 200:
            errors.append("%s:%d: column '%s': %s" % (tab.name, line, col, msg))

    def open_table(name, required, cols):
        path = os.path.join(folder, name)
        if not os.path.exists(path):
            if required:
                errors.append("%s: required file missing" % name)
            return None
        tab = read_table(path)
        inst.tables[name] = tab
        for c in cols:
            if c not in tab.header:
                errors.append("%s:1: missing required column '%s'" % (name, c))
        return tab

    # capacity.csv
    tab = open_table("capacity.csv", True, ("site_id", "name", "field", "region"))
    if tab is not None:
        qcols = {}
        for h in tab.header:
            if re.fullmatch(r"\d{4}-\d{2}", h):
                try:
                    qcols[h] = parse_quarter(h)
                except ValueError as e:
                    errors.append("capacity.csv:1: column '%s': %s" % (h, e))
        if not qcols:
            errors.append("capacity.csv:1: no quarter column (YYYY-MM)")
        inst.horizon = sorted(qcols.values())
        for line, r in tab.rows:
            sid = r.get("site_id", "")
            if not sid:
                err(tab, line, "site_id", "empty")
                continue
            if sid in inst.sites:
                err(tab, line, "site_id", "duplicate site '%s'" % sid)
                continue
            field = field_code(r.get("field", ""))
            if field not in FIELDS:
                err(tab, line, "field", "unknown field '%s'" % r.get("field", ""))
            s = dict(id=sid, name=r.get("name", ""), institution=r.get("institution", ""),
                     field=field, subtype=r.get("subtype", ""), region=r.get("region", ""),
                     supervisor=r.get("supervisor", ""), min_factor=Fraction(1, 2),
                     borrowed=False, cap={}, line=line)
            if r.get("min_factor", ""):
                try:
                    s["min_factor"] = parse_number(r["min_factor"])
                except ValueError as e:
                    err(tab, line, "min_factor", str(e))
            try:
                s["borrowed"] = parse_bool(r.get("borrowed", ""))
            except ValueError as e:
                err(tab, line, "borrowed", str(e))
            for h, q in qcols.items():
                t = r.get(h, "")
                if t == "":
                    s["cap"][q] = 0
                    continue
                try:
                    v = parse_number(t)
                    if v.denominator != 1 or v < 0:
                        raise ValueError("expected a whole number >= 0")
                    s["cap"][q] = int(v)
                except ValueError as e:
                    err(tab, line, h, str(e))
            inst.sites[sid] = s

    # preferences.csv
    tab = open_table("preferences.csv", True, ("trainee_id", "name", "stage_start"))
    if tab is not None:
        for line, r in tab.rows:
            tid = r.get("trainee_id", "")
            if not re.fullmatch(r"[A-Za-z0-9._-]{1,64}", tid):
                err(tab, line, "trainee_id", "expected 1-64 characters of A-Za-z0-9._-")
                continue
            if tid in inst.trainees:
                err(tab, line, "trainee_id", "duplicate trainee '%s'" % tid)
                continue
            t = dict(id=tid, name=r.get("name", ""), email=r.get("email", ""),
                     stage_start=None, choices=[None, None, None], b_elective=None,
                     b_replaces=None, b_priority=0, a_period=None, site_wishes=[],
                     subtype_wishes=[], outside_weeks=Fraction(0), factor=Fraction(1),
                     exemptions=[], regions=None, line=line)
            try:
                t["stage_start"] = parse_quarter(r.get("stage_start", ""))
            except ValueError as e:
                err(tab, line, "stage_start", str(e))
            for i in range(3):
                c = r.get("a_choice_%d" % (i + 1), "")
                if c:
                    t["choices"][i] = re.sub(r"\s+", "", plan_code(c))
            e = field_code(r.get("b_elective", "")) if r.get("b_elective", "") else ""
            if e:
                if e not in ("CAR", "NEU", "ORT", "REU", "WO"):
                    err(tab, line, "b_elective", "unknown or unsupported elective '%s'" % e)
                t["b_elective"] = e
                rep = field_code(r.get("b_elective_replaces", ""))
                if rep not in ("GGZ", "CCZ"):
                    err(tab, line, "b_elective_replaces", "expected GGZ or CCZ")
                t["b_replaces"] = rep
            if r.get("b_elective_priority", ""):
                try:
                    p = parse_number(r["b_elective_priority"])
                    if p.denominator != 1 or not 0 <= p <= 3:
                        raise ValueError("expected 0-3")
                    t["b_priority"] = int(p)
                except ValueError as ex:
                    err(tab, line, "b_elective_priority", str(ex))
            if r.get("a_period", ""):
                try:
                    t["a_period"] = parse_quarter(r["a_period"])
                except ValueError as ex:
                    err(tab, line, "a_period", str(ex))
            t["site_wishes"] = [r.get("site_%d" % i, "") for i in (1, 2, 3) if r.get("site_%d" % i, "")]
            t["subtype_wishes"] = [r.get("subtype_%d" % i, "") for i in (1, 2) if r.get("subtype_%d" % i, "")]
            if r.get("outside_weeks_planned", ""):
                try:
                    t["outside_weeks"] = parse_number(r["outside_weeks_planned"])
                except ValueError as ex:
                    err(tab, line, "outside_weeks_planned", str(ex))
            inst.trainees[tid] = t
            inst.order.append(tid)

    # locked.csv first: its trainees may be referred to by parttime.csv
    locked_ids = set()
    tab = open_table("locked.csv", False, ("trainee_id", "site_id", "start_date", "end_date"))
    if tab is not None:
        for line, r in tab.rows:
            row = dict(trainee_id=r.get("trainee_id", ""), site_id=r.get("site_id", ""), line=line)
            if row["site_id"] not in inst.sites:
                err(tab, line, "site_id", "unknown site '%s'" % row["site_id"])
            ok = True
            for col, key in (("start_date", "start"), ("end_date", "end")):
                try:
                    row[key] = parse_date(r.get(col, ""))
                except ValueError as ex:
                    err(tab, line, col, str(ex))
                    ok = False
            if ok and row["end"] < row["start"]:
                err(tab, line, "end_date", "ends before it starts")
            if ok:
                inst.locked.append(row)
                locked_ids.add(row["trainee_id"])

    tab = open_table("exemptions.csv", False, ("trainee_id", "field", "months"))
    if tab is not None:
        for line, r in tab.rows:
            tid = r.get("trainee_id", "")
            if tid not in inst.trainees:
                err(tab, line, "trainee_id", "no preference form for '%s'" % tid)
                continue
            f = field_code(r.get("field", ""))
            if f not in ("SEH", "INT", "KIN", "GYN", "GGZ", "CCZ"):
                err(tab, line, "field", "not an exemptible field '%s'" % f)
                continue
            try:
                m = parse_number(r.get("months", ""))
                if m not in (3, 6) or (m == 6 and f != "SEH"):
                    raise ValueError("expected 3, or 6 for SEH")
            except ValueError as ex:
                err(tab, line, "months", str(ex))
                continue
            inst.trainees[tid]["exemptions"].append((f, int(m)))

    tab = open_table("parttime.csv", False, ("trainee_id", "factor"))
    if tab is not None:
        for line, r in tab.rows:
            tid = r.get("trainee_id", "")
            if tid not in inst.trainees and tid not in locked_ids:
                err(tab, line, "trainee_id", "unknown trainee '%s'" % tid)
                continue
            try:
                f = parse_number(r.get("factor", ""))
                if not Fraction(1, 2) <= f <= 1:
                    raise ValueError("expected 0.5 <= factor <= 1.0")
            except ValueError as ex:
                err(tab, line, "factor", str(ex))
                continue
            if tid in inst.trainees:
                inst.trainees[tid]["factor"] = f

    tab = open_table("regions.csv", False, ("trainee_id", "region_1"))
    if tab is not None:
        known = {s["region"].strip().lower() for s in inst.sites.values()}
        for line, r in tab.rows:
            tid = r.get("trainee_id", "")
            if tid not in inst.trainees:
                err(tab, line, "trainee_id", "no preference form for '%s'" % tid)
                continue
            regs = [r.get("region_%d" % i, "").strip() or None for i in (1, 2, 3)]
            if any(regs):
                inst.trainees[tid]["regions"] = regs
            for i, g in enumerate(regs):
                if g and g.lower() not in known:
                    inst.warnings.append("regions.csv:%d: region_%d '%s' has no site" % (line, i + 1, g))

    # exemption totals (rules.md): at most 6 months A, 3 months GGZ / CCZ
    for t in inst.trainees.values():
        a = sum(m for f, m in t["exemptions"] if f in ("SEH", "INT", "KIN", "GYN"))
        g = sum(m for f, m in t["exemptions"] if f == "GGZ")
        c = sum(m for f, m in t["exemptions"] if f == "CCZ")
        if a > 6 or g > 3 or c > 3:
            errors.append("exemptions.csv: trainee '%s': more exemption than rules.md allows" % t["id"])

    if errors:
        raise DataError(errors)
    return inst


# ---------------------------------------------------------------- outputs

# the Dutch headers of letters.csv and unplaced.csv (stagematch --lang nl,
# the default for letters; docs/outputs.md), mapped to the English ones
OUTPUT_ALIASES = {"aios_id": "trainee_id", "naam": "name", "onderdeel": "field",
                  "stageplaats_id": "site_id", "stageplaats": "site_name",
                  "instelling": "institution", "regio": "region", "opleider": "supervisor",
                  "begindatum": "start_date", "einddatum": "end_date", "weken": "weeks",
                  "deeltijdfactor": "parttime_factor", "min_dagen_per_week": "min_days_per_week",
                  "vastgelegd": "locked", "opmerkingen": "notes", "reden": "reason"}

LETTER_COLUMNS = ("trainee_id", "name", "email", "traject", "field", "site_id", "site_name",
                  "institution", "region", "supervisor", "start_date", "end_date", "weeks",
                  "parttime_factor", "min_days_per_week", "locked", "notes")


def guard(text):
    """The formula guard of formats.md: a leading ' before = + - @ tab CR."""
    text = str(text)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def write_outputs(inst, outdir, placements, unplaced):
    """Write letters.csv and unplaced.csv into outdir (created if needed).
    placements: [(trainee_id, traject, site_id, start date, end date, notes)];
    unplaced: [(trainee_id, reason)].  Delimiter as preferences.csv, UTF-8."""
    delim = inst.tables["preferences.csv"].delimiter
    os.makedirs(outdir, exist_ok=True)
    locked = {(r["trainee_id"], r["site_id"], r["start"], r["end"]) for r in inst.locked}
    rows = []
    for tid, traject, sid, start, end, notes in placements:
        t, s = inst.trainees[tid], inst.sites[sid]
        f = t["factor"]
        rows.append([tid, t["name"], t["email"], traject, s["field"], sid, s["name"],
                     s["institution"], s["region"], s["supervisor"], start.isoformat(),
                     end.isoformat(), "%.1f" % (((end - start).days + 1) / 7), "%g" % float(f),
                     4 if f >= Fraction(9, 10) else 3,
                     "yes" if (tid, sid, start, end) in locked else "no", notes])
    rows.sort(key=lambda r: (r[0], r[10]))
    with open(os.path.join(outdir, "letters.csv"), "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, delimiter=delim, lineterminator="\n")
        w.writerow(LETTER_COLUMNS)
        w.writerows([guard(c) for c in r] for r in rows)
    with open(os.path.join(outdir, "unplaced.csv"), "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, delimiter=delim, lineterminator="\n")
        w.writerow(("trainee_id", "name", "reason"))
        w.writerows([guard(c) for c in (tid, inst.trainees[tid]["name"], why)] for tid, why in unplaced)
