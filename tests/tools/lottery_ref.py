#!/usr/bin/env python3
"""lottery_ref.py - objective.md's lottery by an independent model, solved by CBC.

usage: python3 tests/tools/lottery_ref.py INPUT_DIR SUMMARY_JSON [--costs FILE]

Reads the drawn order from the "lottery_order" of a summary.json that
`stagematch allocate --policy lottery` wrote, and computes the random serial
dictatorship of objective.md on refmodel.py's integer program (written from
the spec, not from stagematch's code):

  1. the sum optimum, to learn how many aiossen with a possible plan it
     leaves unplaced (U); a row keeps the lottery at no more than U
     (docs/fairness.md: the lottery never leaves more unplaced than sum);
  2. for each aios in the order: the lowest value of its own cost (plan,
     region and wish costs; unplaced counts as 10000, worse than any plan)
     under the rows so far; a row then keeps it at that value;
  3. the lowest total (objective.md's sum objective) under all rows.

Prints `id,cost` per aios in the order (cost, or `unplaced`), then
`total=N`.  With --costs FILE (verify.py --aios-costs) it compares instead:
prints `OK lottery ...` and exits 0 when every aios's cost and the total
agree, else the differences and exit 1.  Meant for small instances (each
step is one CBC solve).
"""

import json
import os
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import refmodel  # noqa: E402
import smdata  # noqa: E402

WORSE = 10000  # an unplaced aios, in its own cost: worse than any plan


def own_cost(model, inst):
    """Per aios: {var: coefficient} of its own cost."""
    forms = {}
    for v, m in model.meaning.items():
        kind, tid = m[0], m[1]
        opt = model.opts[tid]
        if kind == "u":
            c = WORSE
        elif kind == "y":
            sk = m[2]
            c = opt.skeleton_cost(sk.identity, sk.a_start, sk.elective_used)
        elif kind == "x":
            sl, sid = m[2], m[3]
            c = sl[4] * opt.region_cost(inst.sites[sid])
        else:  # ws, wt: a wish not met
            c = 1
        if c:
            forms.setdefault(tid, {})[v] = c
    return forms


def run(model, obj, tmp, n):
    saved = model.obj
    model.obj = obj
    lp = os.path.join(tmp, "step%d.lp" % n)
    sol = os.path.join(tmp, "step%d.sol" % n)
    model.write_lp(lp)
    model.obj = saved
    return refmodel.solve(lp, sol)


def serial_dictatorship(model, inst, order, tmp):
    """Steps 1-3 of the docstring: ({id: cost or "unplaced"}, total)."""
    forms = own_cost(model, inst)
    us = [v for v, m in model.meaning.items() if m[0] == "u"]
    step = 0
    _, vals = run(model, model.obj, tmp, step)
    limit = sum(round(vals.get(u, 0)) for u in us)
    if us:
        model.rows.append(("unplaced_max", {u: 1 for u in us}, "<=", limit))
    got = {}
    for tid in order:
        form = forms.get(tid)
        if not form or not any(model.meaning[v][0] == "u" for v in form):
            continue  # no possible plan: not in the lottery's model
        step += 1
        val, _ = run(model, form, tmp, step)
        v = round(val)
        model.rows.append(("lottery_%d" % step, dict(form), "<=", v))
        got[tid] = "unplaced" if v >= WORSE else str(v)
    step += 1
    total, _ = run(model, model.obj, tmp, step)
    return got, round(total + model.const)


def main(argv):
    args = [a for a in argv[1:] if not a.startswith("--")]
    costs_file = None
    if "--costs" in argv:
        costs_file = argv[argv.index("--costs") + 1]
        args.remove(costs_file)
    if len(args) != 2:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    inst = smdata.load(args[0])
    order = json.load(open(args[1], encoding="utf-8")).get("lottery_order")
    if not order:
        print("lottery_ref: %s has no lottery_order" % args[1], file=sys.stderr)
        return 2
    model = refmodel.Model(inst)
    model.build()
    tmp = tempfile.mkdtemp(prefix="lottery_ref.")
    try:
        got, total = serial_dictatorship(model, inst, order, tmp)
    except RuntimeError as e:
        print("lottery_ref: %s" % e, file=sys.stderr)
        return 1
    finally:
        shutil.rmtree(tmp)
    if not costs_file:
        for tid in order:
            if tid in got:
                print("%s,%s" % (tid, got[tid]))
        print("total=%d" % total)
        return 0
    theirs = {}
    for line in open(costs_file, encoding="utf-8"):
        tid, c = line.strip().split(",")
        theirs[tid] = c
    bad = ["%s: reference %s, stagematch %s" % (t, got[t], theirs.get(t)) for t in order
           if t in got and theirs.get(t) != got[t]]
    js = json.load(open(args[1], encoding="utf-8"))
    if js.get("objective") != total:
        bad.append("total: reference %d, stagematch %s" % (total, js.get("objective")))
    for b in bad:
        print("DIFF " + b)
    if bad:
        print("FAIL lottery: %d differences" % len(bad))
        return 1
    print("OK lottery: %d aiossen in order, total %d" % (len(got), total))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
