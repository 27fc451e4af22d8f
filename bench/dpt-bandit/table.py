#!/usr/bin/env python3
"""Tables of bench/dpt-bandit/run.sh: per run seed and evaluation seed, each method's cumulative regret at the horizon
(regret_step rows) and total reward (trial_total rows), and DPT's regret as a multiple of Thompson sampling's."""
import glob, json, os, re, sys, tempfile

src, out_json, out_md, extra = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4] if len(sys.argv) > 4 else ""
methods = ["dpt", "thompson", "ucb1", "greedy", "random"]
runs = []
for tf in sorted(glob.glob(os.path.join(src, "time-*.json"))):
    t = json.load(open(tf))
    s = t["seed"]
    summary = json.load(open(os.path.join(src, f"seed-{s}", "summary.json")))
    metrics = [json.loads(l) for l in open(os.path.join(src, f"seed-{s}", "metrics.jsonl"))]
    val = [m["value"] for m in metrics if m["tag"] == "losses/val"]
    cpu = [m["value"] for m in metrics if m["tag"] == "charts/cpu_seconds"]
    config = open(os.path.join(src, f"seed-{s}", "config.yaml")).read()
    evals = []
    for ef in sorted(glob.glob(os.path.join(src, f"eval-{s}-*.json")), key=lambda p: int(re.search(r"-(\d+)\.json$", p).group(1))):
        e = int(re.search(r"-(\d+)\.json$", ef).group(1))
        rows = json.load(open(ef))["rows"]
        horizon = max(r["steps"] for r in rows if r.get("kind") == "regret_step")
        regret = {r["method"]: (r["mean"], r["ci95"], r["n"]) for r in rows if r.get("kind") == "regret_step" and r["steps"] == horizon}
        totals = {r["method"]: (r["mean"], r["ci95"]) for r in rows if r.get("kind") == "trial_total"}
        evals.append({"eval_seed": e, "horizon": horizon, "tasks": regret["dpt"][2],
                      "regret": {m: {"mean": regret[m][0], "ci95": regret[m][1]} for m in methods},
                      "total": {m: {"mean": v[0], "ci95": v[1]} for m, v in totals.items()},
                      "ratio_dpt_thompson": regret["dpt"][0] / regret["thompson"][0]})
    runs.append({"seed": s, "pretrain_wall_s": round(float(t["wall_s"]), 1), "load_before": t["load_before"], "load_after": t["load_after"],
                 "val_loss": val[-1] if val else None, "cpu_s": round(cpu[-1], 1) if cpu else None,
                 "iterations": summary.get("total_steps"), "peak_memory_mb": summary.get("peak_memory_mb"), "evals": evals, "config": config})

result = {"bench": "dpt-bandit", "extra_args": extra, "runs": runs}
def atomic(path, text):
    d = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(dir=d)
    with os.fdopen(fd, "w") as f: f.write(text)
    os.replace(tmp, path)
atomic(out_json, json.dumps(result, indent=2) + "\n")

lines = ["# DPT on Bernoulli bandits (5 arms, 100 pulls)", "",
         "Written by `bench/dpt-bandit/run.sh`" + (f" (extra arguments: `{extra}`)" if extra else "") + ". Per run seed: `metarl pretrain samples/configs/dpt-bandit.yaml`,",
         "then `metarl meta-eval --tasks 200 --seed E` for each evaluation seed E (200 held-out tasks each). Regret: mean cumulative",
         "pseudo-regret after the last pull (Σ best mean − chosen arm's mean) ± 95% CI; target: DPT ≤ 1.1 × Thompson.", "",
         "| run seed | pretrain wall (s) | CPU (s) | val loss | load avg before → after | eval seed | " + " | ".join(methods) + " | DPT / Thompson |",
         "|---|---|---|---|---|---|" + "---|" * len(methods) + "---|"]
for r in runs:
    for e in r["evals"]:
        cells = [f"{e['regret'][m]['mean']:.2f} ± {e['regret'][m]['ci95']:.2f}" for m in methods]
        lines.append(f"| {r['seed']} | {r['pretrain_wall_s']} | {r['cpu_s']} | {r['val_loss']:.4f} | {r['load_before']} → {r['load_after']} | {e['eval_seed']} | " + " | ".join(cells) + f" | {e['ratio_dpt_thompson']:.3f} |")
all_e = [e for r in runs for e in r["evals"]]
if all_e:
    mean = lambda m: sum(e["regret"][m]["mean"] for e in all_e) / len(all_e)
    lines += ["", f"Mean over {len(all_e)} evaluations ({sum(e['tasks'] for e in all_e)} task-episodes): " + ", ".join(f"{m} {mean(m):.2f}" for m in methods)
              + f"; DPT / Thompson {mean('dpt') / mean('thompson'):.3f}; worst single evaluation {max(e['ratio_dpt_thompson'] for e in all_e):.3f}."]
atomic(out_md, "\n".join(lines) + "\n")
print("\n".join(lines))
