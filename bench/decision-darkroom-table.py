#!/usr/bin/env python3
"""Per-episode returns of bench/results/decision-darkroom-{ad,dpt}.json as markdown tables (mean ± 95% CI), with each
method's episode return as a share of the oracle's. Usage: bench/decision-darkroom-table.py"""
import json, os, sys

here = os.path.dirname(os.path.abspath(__file__))
for algo in ("ad", "dpt"):
    path = os.path.join(here, "results", f"decision-darkroom-{algo}.json")
    if not os.path.exists(path):
        continue
    rows = [r for r in json.load(open(path))["rows"] if r.get("kind") == "episode"]
    methods = list(dict.fromkeys(r["method"] for r in rows))
    episodes = sorted({r["steps"] for r in rows})
    cell = {(r["method"], r["steps"]): r for r in rows}
    oracle = {k: cell[("oracle", k)]["mean"] for k in episodes if ("oracle", k) in cell}
    n = rows[0]["n"]
    print(f"\n### {algo} run: return of each episode (mean ± 95% CI over {n} held-out tasks)\n")
    print("| method | " + " | ".join(f"ep {k}" for k in episodes) + " |")
    print("|---|" + "---|" * len(episodes))
    for m in methods:
        print(f"| {m} | " + " | ".join(f"{cell[(m, k)]['mean']:.1f} ± {cell[(m, k)]['ci95']:.1f}" if (m, k) in cell else "" for k in episodes) + " |")
    if oracle:
        print("\nShare of the oracle's return:\n")
        print("| method | " + " | ".join(f"ep {k}" for k in episodes) + " |")
        print("|---|" + "---|" * len(episodes))
        for m in methods:
            if m == "oracle":
                continue
            print(f"| {m} | " + " | ".join(f"{100 * cell[(m, k)]['mean'] / oracle[k]:.0f}%" for k in episodes if (m, k) in cell) + " |")
