#!/usr/bin/env python3
"""bruteforce.py - the optimum of a micro instance by exhaustive search.

usage: python3 tests/tools/bruteforce.py INPUT_DIR [--limit N]

Lists every complete plan of every aios (each feasible skeleton of smrules.py
with every choice of eligible sites), then searches all combinations with
branch and bound: capacity counted per site and horizon quarter as distinct
aiossen (locked rows of everyone included), unplaced = 1000.  Prints
`optimum=N`.  It checks refmodel.py's integer program (its linking, wish and
capacity rows), so it is meant for 2-4 aiossen and a handful of sites; it
gives up (exit 3) when an aios has more than --limit plans (default 20000).
"""

import itertools
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import smdata  # noqa: E402
from smdata import overlaps  # noqa: E402
import smrules  # noqa: E402


def plans_of(inst, tid, limit):
    opt = smrules.Options(inst, tid)
    out = []
    for sk in opt.skeletons:
        choices = [opt.slot_sites(sl) for sl in sk.slots]
        for sites in itertools.product(*choices):
            cost = opt.skeleton_cost(sk.identity, sk.a_start, sk.elective_used)
            cost += sum(opt.placement_cost(inst.sites[s], sl[4]) for s, sl in zip(sites, sk.slots))
            cost += opt.wish_cost(inst, sites)
            use = set()
            for s, sl in zip(sites, sk.slots):
                if ("locked",) + sl in opt.eligible:
                    continue          # an own locked row: already counted with locked.csv
                for q in inst.horizon:
                    if overlaps(sl[2], sl[3], q):
                        use.add((s, q))
            out.append((cost, frozenset(use)))
            if len(out) > limit:
                raise OverflowError(tid)
    out.sort(key=lambda p: p[0])
    return out


def main(argv):
    args = [a for a in argv[1:] if not a.startswith("--")]
    limit = 20000
    if "--limit" in argv:
        limit = int(argv[argv.index("--limit") + 1])
        args = [a for a in args if a != str(limit)]
    inst = smdata.load(args[0])
    free = {}
    for sid, s in inst.sites.items():
        for q in inst.horizon:
            free[(sid, q)] = s["cap"].get(q, 0)
    seen = {}
    for r in inst.locked:
        for q in inst.horizon:
            if overlaps(r["start"], r["end"], q):
                seen.setdefault((r["site_id"], q), set()).add(r["trainee_id"])
    for k, who in seen.items():
        free[k] -= len(who)
    if any(v < 0 for v in free.values()):
        print("bruteforce: locked rows exceed capacity", file=sys.stderr)
        return 1
    try:
        plans = [plans_of(inst, tid, limit) for tid in inst.order]
    except OverflowError as e:
        print("bruteforce: too many plans for %s" % e, file=sys.stderr)
        return 3
    lower = [min([p[0] for p in ps] + [smrules.UNPLACED_COST]) for ps in plans]
    rest = [sum(lower[i:]) for i in range(len(plans) + 1)]
    best = [sum(smrules.UNPLACED_COST for _ in plans)]

    def dfs(i, cost):
        if cost + rest[i] >= best[0]:
            return
        if i == len(plans):
            best[0] = cost
            return
        for c, use in plans[i]:
            if cost + c + rest[i + 1] >= best[0]:
                break
            if all(free[k] > 0 for k in use):
                for k in use:
                    free[k] -= 1
                dfs(i + 1, cost + c)
                for k in use:
                    free[k] += 1
        dfs(i + 1, cost + smrules.UNPLACED_COST)

    dfs(0, 0)
    print("optimum=%d" % best[0])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
