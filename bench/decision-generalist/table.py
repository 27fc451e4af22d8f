#!/usr/bin/env python3
"""Collects bench/decision-generalist/run.sh's outputs into one JSON file and prints the per-family tables
(generalist beside its specialist and the family's baselines, on the same held-out tasks).
Usage: table.py OUT_DIR RESULT_JSON ITERATIONS TASKS"""
import json, os, sys, tempfile

out, result, iterations, tasks = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
runs = {"generalist": None, "bandit": "Bandit-v0", "darkroom": "DarkRoom-v0", "tabular": "TabularMDP-v0"}
data = {"iterations": iterations, "specialist_iterations": iterations // 3, "tasks": tasks, "eval_seed": 0, "run_seed": 1, "runs": {}}
for name in runs:
    entry = {}
    for prefix in ("time", "evaltime"):
        with open(os.path.join(out, f"{prefix}-{name}.json")) as f:
            entry[prefix] = json.load(f)
    with open(os.path.join(out, f"eval-{name}.json")) as f:
        entry["rows"] = json.load(f)["rows"]
    with open(os.path.join(out, name, "metrics.jsonl")) as f:
        vals = [json.loads(l) for l in f if '"losses/val' in l]
    last = max(v["step"] for v in vals)
    entry["final_val_loss"] = {v["tag"]: v["value"] for v in vals if v["step"] == last}
    data["runs"][name] = entry
fd, tmp = tempfile.mkstemp(dir=os.path.dirname(os.path.abspath(result)))
with os.fdopen(fd, "w") as f:
    json.dump(data, f, indent=1)
    f.write("\n")
os.chmod(tmp, 0o644)
os.replace(tmp, result)

def rows(name, family):
    return [r for r in data["runs"][name]["rows"] if r.get("family", family) == family]

def cell(r):
    return f"{r['mean']:.2f} ± {r['ci95']:.2f}" if r else ""

def find(rs, method, kind, steps):
    return next((r for r in rs if r["method"] == method and r.get("kind", "steps") == kind and r["steps"] == steps), None)

for name, family in runs.items():
    if family is None:
        continue
    g, s = rows("generalist", family), rows(name, family)
    print(f"\n### {family} ({tasks} held-out tasks, evaluation seed 0)\n")
    if family == "Bandit-v0":
        last = max(r["steps"] for r in g if r.get("kind") == "regret_step")
        print(f"| method | total reward (100 pulls) | regret after {last} pulls |\n|---|---|---|")
        print(f"| dpt generalist | {cell(find(g, 'dpt', 'trial_total', 1))} | {cell(find(g, 'dpt', 'regret_step', last))} |")
        print(f"| dpt specialist | {cell(find(s, 'dpt', 'trial_total', 1))} | {cell(find(s, 'dpt', 'regret_step', last))} |")
        for m in ("thompson", "ucb1", "greedy", "random", "oracle"):
            print(f"| {m} | {cell(find(g, m, 'trial_total', 1))} | {cell(find(g, m, 'regret_step', last))} |")
    else:
        eps = sorted({r["steps"] for r in g if r.get("kind") == "episode"})
        show = [e for e in eps if e in (1, 2, 3, 5, 10)]
        print("| method (return of episode k) | " + " | ".join(f"k={e}" for e in show) + " | total |")
        print("|---" * (len(show) + 2) + "|")
        methods = [("dpt generalist", g, "dpt"), ("dpt specialist", s, "dpt")] + [(m, g, m) for m in dict.fromkeys(r["method"] for r in g if r.get("kind") == "episode" and r["method"] != "dpt")]
        for label, rs, m in methods:
            print(f"| {label} | " + " | ".join(cell(find(rs, m, 'episode', e)) for e in show) + f" | {cell(find(rs, m, 'trial_total', eps[-1]))} |")
        single = [r for r in g if r.get("kind") == "trial_total" and r["steps"] == 1 and not find(g, r["method"], "episode", 1)]
        if single:
            print("\nsingle-episode baselines (return of one episode): " + ", ".join(f"{r['method']} {cell(r)}" for r in single))
print("\n### Pretraining\n\n| run | iterations | wall (s) | load before → after | final validation loss |\n|---|---|---|---|---|")
for name, entry in data["runs"].items():
    t = entry["time"]
    it = iterations if name == "generalist" else iterations // 3
    losses = ", ".join(f"{k.replace('losses/', '')} {v:.4f}" for k, v in entry["final_val_loss"].items())
    print(f"| {name} | {it} | {t['wall_s']:.0f} | {t['load_before']} → {t['load_after']} | {losses} |")
