#!/usr/bin/env python3
"""Builds bench/results/tune-ppo.json and tune-ppo.md from the folders bench/run-tune-ppo.sh filled."""
import datetime, json, os, statistics, sys

cores, dirs = int(sys.argv[1]), sys.argv[2:]
SEEDS = [2, 3, 4, 5, 6]
fmt = lambda v: "-" if v is None else f"{v:.2f}"


def one(d):
    timing = json.load(open(os.path.join(d, "timing.json")))
    study = json.load(open(os.path.join(d, "study.json")))
    summary = lambda name: json.load(open(os.path.join(d, name, "summary.json")))
    trials = sorted(study["trials"], key=lambda t: t["number"])
    default, best = trials[0], next(t for t in trials if t["number"] == study["best_trial"])
    first = next((t["number"] for t in trials[1:] if t["state"] == "complete" and t["value"] >= default["value"]), None)
    d_other = [summary(f"default-s{s}")["final_return_mean"] for s in SEEDS]
    b_other = [summary(f"best-s{s}")["final_return_mean"] for s in SEEDS]
    return {
        "total_steps_per_trial": timing["steps"], "n_trials": len(trials),
        "n_complete": sum(t["state"] == "complete" for t in trials), "n_pruned": sum(t["state"] == "pruned" for t in trials),
        "n_failed": sum(t["state"] == "failed" for t in trials),
        "wall_seconds": round(timing["wall"], 1), "loadavg_before": timing["load_before"], "loadavg_after": timing["load_after"],
        "default": {"trial": 0, "params": default["params"], "value": default["value"],
                    "standalone_train_value": summary("default-s1")["final_return_mean"]},
        "best": {"trial": best["number"], "params": best["params"], "value": best["value"]},
        "best_at_least_default": best["value"] >= default["value"], "first_trial_at_least_default": first,
        "other_seeds": {"seeds": SEEDS, "default": d_other, "best": b_other,
                        "default_mean": round(statistics.mean(d_other), 2), "best_mean": round(statistics.mean(b_other), 2)},
        "trials": [{k: t.get(k) for k in ("number", "state", "value", "seconds", "params")} for t in trials],
    }


runs = [one(d) for d in dirs]
result = {"study_file": "samples/studies/ppo-cartpole.yaml", "algo": "ppo", "env": "CartPole-v1", "sampler": "tpe", "seed": 1,
          "metric": "final_return_mean (mean of the last 20 training episodes; 500 is the cap)",
          "machine": {"cores": cores, "note": "shared 2-core machine with other jobs running; times are noisy"},
          "date": datetime.date.today().isoformat(), "runs": runs}
os.makedirs("bench/results", exist_ok=True)
with open("bench/results/tune-ppo.json", "w") as f:
    json.dump(result, f, indent=2)
    f.write("\n")

lines = [
    "# `metarl tune`: PPO x CartPole-v1 over learning rate and entropy coefficient",
    "",
    "Produced by `bench/run-tune-ppo.sh` from the study file `samples/studies/ppo-cartpole.yaml`: TPE sampler, seed 1,",
    "20 trials, CleanRL's PPO config with the per-trial budget below, learning_rate log-uniform in [5e-5, 5e-3],",
    "ent_coef log-uniform in [1e-4, 0.1], median pruner (10 startup trials, 40,960 warm-up steps; TPE draws its",
    "first 10 trials at random), CleanRL's defaults (learning_rate 2.5e-4, ent_coef 0.01) enqueued as trial 0 so",
    "they are evaluated with the same budget and seed. Metric: `final_return_mean` from each trial's `summary.json`",
    "(mean of the last 20 training episodes; 500 is the cap). The best params are then re-trained, like the",
    f"defaults, on seeds {SEEDS[0]}..{SEEDS[-1]} with the same budget. Machine: shared {cores}-core box with other jobs running.",
]
for r in runs:
    o = r["other_seeds"]
    lines += [
        "",
        f"## {r['total_steps_per_trial']:,} steps per trial",
        "",
        f"- Wall time for the {r['n_trials']} trials: **{r['wall_seconds']:.0f} s** (load average {r['loadavg_before']} before, {r['loadavg_after']} after).",
        f"- Trials: {r['n_complete']} complete, {r['n_pruned']} pruned, {r['n_failed']} failed.",
        f"- Defaults (trial 0): **{fmt(r['default']['value'])}**; the same config trained by `metarl train` outside the study: {fmt(r['default']['standalone_train_value'])}.",
        f"- Best: trial {r['best']['trial']}, **{fmt(r['best']['value'])}** (learning_rate {r['best']['params']['learning_rate']:.3g}, "
        f"ent_coef {r['best']['params']['ent_coef']:.3g}); first trial at least as good as the defaults: trial {r['first_trial_at_least_default']}.",
        f"- Seeds {SEEDS[0]}..{SEEDS[-1]}: defaults mean {o['default_mean']:.2f} ({', '.join(fmt(v) for v in o['default'])}); "
        f"best params mean {o['best_mean']:.2f} ({', '.join(fmt(v) for v in o['best'])}).",
        "",
        "| # | state | final_return_mean | seconds | learning_rate | ent_coef |",
        "|---:|---|---:|---:|---:|---:|",
    ]
    for t in r["trials"]:
        p = t["params"]
        lines.append(f"| {t['number']} | {t['state']} | {fmt(t['value'])} | {fmt(t['seconds'])} | {p['learning_rate']:.3g} | {p['ent_coef']:.3g} |")
lines += ["", "A pruned trial's value is its last reported learning-curve point (where the median rule stopped it)."]
with open("bench/results/tune-ppo.md", "w") as f:
    f.write("\n".join(lines) + "\n")
print("\n".join(lines))
