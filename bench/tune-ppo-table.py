#!/usr/bin/env python3
"""Builds bench/results/tune-ppo.json and tune-ppo.md from the folder bench/run-tune-ppo.sh filled."""
import json, os, statistics, sys, datetime

work, wall, load_before, load_after, cores = sys.argv[1], float(sys.argv[2]), sys.argv[3], sys.argv[4], int(sys.argv[5])
study = json.load(open(os.path.join(work, "study.json")))
summary = lambda d: json.load(open(os.path.join(work, d, "summary.json")))
trials = study["trials"]
default = next(t for t in trials if t["number"] == 0)
best = next(t for t in trials if t["number"] == study["best_trial"])
standalone = summary("default-s1")["final_return_mean"]
seeds = [2, 3, 4, 5, 6]
default_other = [summary(f"default-s{s}")["final_return_mean"] for s in seeds]
best_other = [summary(f"best-s{s}")["final_return_mean"] for s in seeds]
first_at_least = next((t["number"] for t in sorted(trials, key=lambda t: t["number"])
                       if t["state"] == "complete" and t["value"] >= default["value"] and t["number"] > 0), None)
result = {
    "study_file": "samples/studies/ppo-cartpole.yaml",
    "algo": "ppo", "env": "CartPole-v1", "sampler": "tpe", "seed": 1, "total_steps_per_trial": 100000,
    "metric": "final_return_mean (mean of the last 20 training episodes)",
    "n_trials": len(trials),
    "n_complete": sum(t["state"] == "complete" for t in trials),
    "n_pruned": sum(t["state"] == "pruned" for t in trials),
    "n_failed": sum(t["state"] == "failed" for t in trials),
    "wall_seconds": round(wall, 1),
    "machine": {"cores": cores, "loadavg_before": load_before, "loadavg_after": load_after,
                "note": "shared 2-core machine, other jobs running"},
    "default": {"trial": 0, "params": default["params"], "value": default["value"], "standalone_train_value": standalone},
    "best": {"trial": best["number"], "params": best["params"], "value": best["value"]},
    "first_trial_at_least_default": first_at_least,
    "best_at_least_default": best["value"] >= default["value"],
    "other_seeds": {"seeds": seeds, "default": default_other, "best": best_other,
                    "default_mean": round(statistics.mean(default_other), 2), "best_mean": round(statistics.mean(best_other), 2)},
    "trials": [{k: t.get(k) for k in ("number", "state", "value", "seconds", "params")} for t in trials],
    "date": datetime.date.today().isoformat(),
}
os.makedirs("bench/results", exist_ok=True)
with open("bench/results/tune-ppo.json", "w") as f:
    json.dump(result, f, indent=2)
    f.write("\n")

fmt = lambda v: "-" if v is None else f"{v:.2f}"
lines = [
    "# `metarl tune`: PPO x CartPole-v1 over learning rate and entropy coefficient",
    "",
    "Produced by `bench/run-tune-ppo.sh` (study file `samples/studies/ppo-cartpole.yaml`): TPE sampler, seed 1,",
    f"{len(trials)} trials of {100000:,} environment steps each (CleanRL's PPO config otherwise; the full config trains 500k),",
    "learning_rate log-uniform in [5e-5, 5e-3], ent_coef log-uniform in [1e-4, 0.1], median pruner (10 startup",
    "trials, 40,960 warm-up steps; TPE draws its first 10 trials at random), CleanRL's defaults (learning_rate 2.5e-4, ent_coef 0.01) enqueued as trial 0.",
    "Metric: `final_return_mean` from each trial's `summary.json` (mean of the last 20 training episodes; 500 is the cap).",
    "",
    f"- Wall time for the {len(trials)} trials: **{wall:.0f} s** on a shared {cores}-core machine "
    f"(load average {load_before} before, {load_after} after; other jobs were running, so times are noisy).",
    f"- Trials: {result['n_complete']} complete, {result['n_pruned']} pruned, {result['n_failed']} failed.",
    f"- Defaults (trial 0): **{fmt(default['value'])}**; the same config trained by `metarl train` outside the study: {fmt(standalone)}.",
    f"- Best: trial {best['number']}, **{fmt(best['value'])}** with learning_rate {best['params']['learning_rate']:.3g}, "
    f"ent_coef {best['params']['ent_coef']:.3g}; first trial at least as good as the defaults: trial {first_at_least}.",
    f"- Re-trained on seeds {seeds[0]}..{seeds[-1]} (same budget): defaults mean {result['other_seeds']['default_mean']:.2f} "
    f"({', '.join(fmt(v) for v in default_other)}), best params mean {result['other_seeds']['best_mean']:.2f} "
    f"({', '.join(fmt(v) for v in best_other)}).",
    "",
    "| # | state | final_return_mean | seconds | learning_rate | ent_coef |",
    "|---:|---|---:|---:|---:|---:|",
]
for t in sorted(trials, key=lambda t: t["number"]):
    p = t["params"]
    lines.append(f"| {t['number']} | {t['state']} | {fmt(t['value'])} | {fmt(t['seconds'])} | {p.get('learning_rate', 0):.3g} | {p.get('ent_coef', 0):.3g} |")
lines.append("")
lines.append("A pruned trial's value is its last reported learning-curve point (the step where it was stopped).")
with open("bench/results/tune-ppo.md", "w") as f:
    f.write("\n".join(lines) + "\n")
print("\n".join(lines))
