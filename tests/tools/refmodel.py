#!/usr/bin/env python3
"""refmodel.py - a straightforward reference model of the allocation, solved by CBC.

usage: python3 tests/tools/refmodel.py INPUT_DIR [--lp FILE] [--out DIR] [--keep]

Builds, from rules.md and objective.md alone (not from stagematch's code), an
integer program over the aiossen of INPUT_DIR, writes it as a CPLEX LP file,
solves it with `cbc FILE.lp solve solu SOL.txt` and prints `optimum=N`, the
least total cost under the default policy `sum`.  With --out DIR it also
writes the optimal allocation as letters.csv and unplaced.csv, so that
verify.py can check the reference solution too.

Meant for small instances (<= 40 aiossen, <= 30 sites).  The model:
  y[a,k]    1 when aios a gets plan skeleton k (A identity and start, B
            fields in their quarters; smrules.py enumerates the feasible ones)
  x[a,s,j]  1 when slot s (a stage with fixed field and dates) of aios a is
            at site j (an eligible site: field, min_factor, capacity >= 1)
  u[a]      1 when aios a is unplaced (cost 1000)
  ws[a], wt[a]  site / subtype wish not met (cost 1 each)
  sum_k y[a,k] + u[a] = 1                      one plan or unplaced
  sum_j x[a,s,j] = sum_{k uses s} y[a,k]       each stage of the plan at one site
  sum x over slots overlapping quarter q at j <= cap[j,q] - locked rows there
  ws[a] + sum x at wished sites + u[a] >= 1    (the same for subtypes)
Costs: A plan, elective and a_period on y; region and borrowed on x.
Exit status: 0 solved, 1 CBC failed or the model is infeasible, 2 bad input.
"""

import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import smdata  # noqa: E402
from smdata import overlaps  # noqa: E402
import smrules  # noqa: E402


class Model:
    def __init__(self, inst):
        self.inst = inst
        self.obj = {}          # var -> cost
        self.rows = []         # (name, {var: coef}, sense, rhs)
        self.binaries = []
        self.conts = []
        self.const = 0
        self.meaning = {}      # var -> (kind, ...)
        self.opts = {}

    def var(self, name, cost, meaning, binary=True):
        if cost:
            self.obj[name] = self.obj.get(name, 0) + cost
        (self.binaries if binary else self.conts).append(name)
        self.meaning[name] = meaning
        return name

    def build(self):
        inst = self.inst
        sites = sorted(inst.sites)
        sidx = {s: i for i, s in enumerate(sites)}
        cap_terms = {}
        for ai, tid in enumerate(inst.order):
            opt = smrules.Options(inst, tid)
            self.opts[tid] = opt
            if not opt.skeletons:
                self.const += smrules.UNPLACED_COST
                continue
            u = self.var("u_%d" % ai, smrules.UNPLACED_COST, ("u", tid))
            one = {u: 1}
            slot_ids = {}
            uses = {}
            for k, sk in enumerate(opt.skeletons):
                y = self.var("y_%d_%d" % (ai, k), opt.skeleton_cost(sk.identity, sk.a_start, sk.elective_used),
                             ("y", tid, sk))
                one[y] = 1
                for sl in sk.slots:
                    si = slot_ids.setdefault(sl, len(slot_ids))
                    uses.setdefault(si, []).append(y)
            self.rows.append(("one_%d" % ai, one, "=", 1))
            wish_s = {}
            wish_t = {}
            for sl, si in slot_ids.items():
                link = {y: -1 for y in uses[si]}
                is_locked = ("locked",) + sl in opt.eligible
                for sid in opt.slot_sites(sl):
                    s = inst.sites[sid]
                    x = self.var("x_%d_%d_%d" % (ai, si, sidx[sid]), opt.placement_cost(s, sl[4]),
                                 ("x", tid, sl, sid))
                    link[x] = 1
                    if not is_locked:
                        for q in inst.horizon:
                            if overlaps(sl[2], sl[3], q):
                                cap_terms.setdefault((sid, q), []).append(x)
                    if sid in opt.site_wishes:
                        wish_s[x] = 1
                    if s["subtype"].strip().lower() in opt.subtype_wishes:
                        wish_t[x] = 1
                self.rows.append(("link_%d_%d" % (ai, si), link, "=", 0))
            for tag, wish, present in (("ws", wish_s, opt.site_wishes), ("wt", wish_t, opt.subtype_wishes)):
                if not present:
                    continue
                w = self.var("%s_%d" % (tag, ai), 1, (tag, tid), binary=False)
                row = dict(wish)
                row[w] = 1
                row[u] = 1
                self.rows.append(("%s_%d" % (tag, ai), row, ">=", 1))
        locked_use = {}
        for r in inst.locked:
            for q in inst.horizon:
                if overlaps(r["start"], r["end"], q):
                    locked_use.setdefault((r["site_id"], q), set()).add(r["trainee_id"])
        for (sid, q), xs in sorted(cap_terms.items()):
            rhs = inst.sites[sid]["cap"].get(q, 0) - len(locked_use.get((sid, q), ()))
            self.rows.append(("cap_%d_%d" % (sidx[sid], q), {x: 1 for x in xs}, "<=", rhs))
        self.locked_use = locked_use

    def write_lp(self, path):
        def terms(d):
            out, line = [], []
            for v, c in d.items():
                line.append("%s %s %s" % ("-" if c < 0 else "+", abs(c), v))
                if len(line) == 8:
                    out.append(" ".join(line))
                    line = []
            if line:
                out.append(" ".join(line))
            return "\n   ".join(out) if out else "0 u_dummy"

        with open(path, "w") as f:
            f.write("\\ stagematch reference model (tests/tools/refmodel.py)\n")
            f.write("\\ constant part of the objective: %d\n" % self.const)
            f.write("Minimize\n obj: %s\n" % (terms(self.obj) if self.obj else "0 u_dummy"))
            f.write("Subject To\n")
            for name, row, sense, rhs in self.rows:
                f.write(" %s: %s %s %d\n" % (name, terms(row), sense, rhs))
            f.write("Bounds\n")
            for v in self.conts:
                f.write(" 0 <= %s <= 1\n" % v)
            if not self.obj:
                f.write(" 0 <= u_dummy <= 0\n")
            f.write("Binaries\n")
            for i in range(0, len(self.binaries), 10):
                f.write(" " + " ".join(self.binaries[i:i + 10]) + "\n")
            f.write("End\n")


def solve(lp, sol):
    res = subprocess.run(["cbc", lp, "solve", "solu", sol], capture_output=True, text=True)
    if res.returncode != 0 or not os.path.exists(sol):
        raise RuntimeError("cbc failed:\n" + res.stdout[-2000:] + res.stderr[-2000:])
    with open(sol) as f:
        head = f.readline()
        if not head.startswith("Optimal"):
            raise RuntimeError("cbc: " + head.strip())
        obj = float(head.rsplit(None, 1)[-1])
        vals = {}
        for line in f:
            tok = line.split()
            if tok and tok[0] == "**":
                tok = tok[1:]
            if len(tok) >= 3:
                vals[tok[1]] = float(tok[2])
    return obj, vals


def write_solution(model, vals, outdir):
    """letters.csv and unplaced.csv of the reference solution (formats.md)."""
    inst = model.inst
    chosen = {}
    for v, val in vals.items():
        if val > 0.5 and v in model.meaning:
            chosen.setdefault(model.meaning[v][1], []).append(model.meaning[v])
    placements, unplaced = [], []
    for tid in inst.order:
        got = chosen.get(tid, [])
        if not model.opts[tid].skeletons or any(m[0] == "u" for m in got):
            unplaced.append((tid, "no plan fits (reference model)"))
            continue
        sk = [m for m in got if m[0] == "y"][0][2]
        for m in got:
            if m[0] == "x":
                _, _, sl, sid = m
                placements.append((tid, sl[1], sid, sl[2], sl[3], "plan %s" % (sk.identity or "-")))
    smdata.write_outputs(inst, outdir, placements, unplaced)


def main(argv):
    args, lp, out, keep = [], None, None, False
    it = iter(argv[1:])
    for a in it:
        if a == "--lp":
            lp = next(it)
        elif a == "--out":
            out = next(it)
        elif a == "--keep":
            keep = True
        else:
            args.append(a)
    if len(args) != 1:
        print("usage: refmodel.py INPUT_DIR [--lp FILE] [--out DIR]", file=sys.stderr)
        return 2
    try:
        inst = smdata.load(args[0])
    except smdata.DataError as e:
        print("input errors:\n" + str(e), file=sys.stderr)
        return 2
    if len(inst.trainees) > 40 or len(inst.sites) > 30:
        print("refmodel: note: %d aiossen, %d sites is beyond the intended size"
              % (len(inst.trainees), len(inst.sites)), file=sys.stderr)
    model = Model(inst)
    model.build()
    tmp = tempfile.mkdtemp(prefix="refmodel.")
    lp = lp or os.path.join(tmp, "ref.lp")
    sol = os.path.join(tmp, "ref.sol")
    model.write_lp(lp)
    try:
        obj, vals = solve(lp, sol)
    except RuntimeError as e:
        print("refmodel: %s" % e, file=sys.stderr)
        return 1
    finally:
        if not keep:
            for fn in (sol, os.path.join(tmp, "ref.lp")):
                if os.path.exists(fn):
                    os.remove(fn)
            os.rmdir(tmp)
    total = obj + model.const
    if abs(total - round(total)) > 1e-6:
        print("refmodel: non-integer optimum %r" % total, file=sys.stderr)
        return 1
    if out:
        write_solution(model, vals, out)
    print("optimum=%d" % round(total))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
