#!/usr/bin/env bash
# Issue 27's int8 and integrated-gradients figures on trained MLP policies. Trains PPO CartPole-v1 and PPO Pendulum-v1
# (seed 1, the sample configs) unless bench/deploy/.work holds them, then
#  - compresses each with int8 (100 evaluation episodes, seed 1,000,000) -> bench/results/compress.{json,md};
#  - distils each into a hidden=[16,16] student (same episodes) -> bench/results/distill.{json,md};
#  - explains N seeded random observations of each against both baselines -> bench/results/explain.{json,md}.
# Usage: bench/deploy/run.sh [N]   (default 100)   (the ONNX comparison is a test: see bench/deploy/README.md)
set -euo pipefail
cd "$(dirname "$0")/../.."
n="${1:-100}"
work=bench/deploy/.work
bin=bench/deploy/.bin
dotnet publish src/MetaRL.Cli -c Release -v q -nologo -o "$bin" >/dev/null
metarl="dotnet $bin/metarl.dll"
mkdir -p "$work"
[[ -f $work/ppo-cartpole/summary.json ]] || $metarl train samples/configs/ppo-cartpole.yaml --seed 1 --out "$work/ppo-cartpole" --overwrite --quiet
[[ -f $work/ppo-pendulum/summary.json ]] || $metarl train samples/configs/ppo-pendulum.yaml --seed 1 --out "$work/ppo-pendulum" --overwrite --quiet
for run in ppo-cartpole ppo-pendulum; do
  rm -rf "$work/$run-int8" "$work/$run-distill"
  $metarl compress --run "$work/$run" --method int8 --out "$work/$run-int8" --json > /dev/null
  $metarl compress --run "$work/$run" --method distill --student "hidden=[16,16]" --out "$work/$run-distill" --json > /dev/null
done
python3 - "$work" "$(cut -d' ' -f1-3 /proc/loadavg)" <<'PY'
import json, sys, datetime
work, load = sys.argv[1], sys.argv[2]
rows = {run: json.load(open(f"{work}/{run}-int8/compression.json")) for run in ("ppo-cartpole", "ppo-pendulum")}
json.dump({"date": datetime.date.today().isoformat(), "load": load, "command": "bench/deploy/run.sh", "runs": rows},
          open("bench/results/compress.json", "w"), indent=2)
with open("bench/results/compress.md", "w") as f:
    f.write("# int8 compression of trained policies\n\n")
    f.write(f"`bench/deploy/run.sh` on {datetime.date.today().isoformat()} (load {load}): `metarl compress --method int8` on PPO CartPole-v1 and PPO Pendulum-v1 "
            "(seed 1, sample configs); both policies greedy on the same 100 seeded episodes (seed 1,000,000). Weight bytes: all model tensors (int8 codes, float32 scales, "
            "the float rest). Agreement: the states the original visits; continuous actions agree when within 1% of the range. Latency: median µs per greedy action "
            "(float compute on dequantised weights both times, so equal up to noise). Targets: ≥ 3.5× smaller, return drop ≤ 1% or inside the 95% CI, agreement ≥ 99% (discrete).\n\n")
    f.write("| run | parameters | weight bytes before → after | ratio | file bytes before → after | return before (95% CI) | return after (95% CI) | drop | agreement | max action diff | µs/action before → after |\n|---|---|---|---|---|---|---|---|---|---|---|\n")
    for run, r in rows.items():
        b, a = r["return_before"], r["return_after"]
        f.write(f"| {run} | {r['parameters_before']:,} | {r['weight_bytes_before']:,} → {r['weight_bytes_after']:,} | {r['size_ratio']:.2f}× | {r['file_bytes_before']:,} → {r['file_bytes_after']:,} "
                f"| {b['mean']:.2f} [{b['ci95_low']:.2f}, {b['ci95_high']:.2f}] | {a['mean']:.2f} [{a['ci95_low']:.2f}, {a['ci95_high']:.2f}] | {100*r['return_drop']:.2f}% "
                f"| {100*r['action_agreement']:.2f}% of {r['decisions']:,} | {r['max_action_difference']:.3g} | {r['us_per_action_before']:.1f} → {r['us_per_action_after']:.1f} |\n")
print(open("bench/results/compress.md").read())
rows = {run: json.load(open(f"{work}/{run}-distill/compression.json")) for run in ("ppo-cartpole", "ppo-pendulum")}
json.dump({"date": datetime.date.today().isoformat(), "load": load, "command": "bench/deploy/run.sh", "runs": rows},
          open("bench/results/distill.json", "w"), indent=2)
with open("bench/results/distill.md", "w") as f:
    f.write("# Policy distillation of trained policies\n\n")
    f.write(f"`bench/deploy/run.sh` on {datetime.date.today().isoformat()} (load {load}): `metarl compress --method distill --student \"hidden=[16,16]\"` "
            "(defaults: 10 DAgger rounds of 2,048 states, the teacher acting in the first; KL(teacher ‖ student) + ½·0.5·(V_s − V_t)²) on the PPO CartPole-v1 and "
            "Pendulum-v1 teachers (hidden [64, 64], seed 1); both policies greedy on the same 100 seeded episodes (seed 1,000,000). Parameters count actor and critic. "
            "Target: ≤ 1/10 of the teacher's parameters and ≥ 95% of its return.\n\n")
    f.write("| teacher | parameters before → after | share | return before (95% CI) | return after (95% CI) | kept | agreement | KL first → last round | µs/action before → after |\n|---|---|---|---|---|---|---|---|---|\n")
    for run, r in rows.items():
        b, a, kl = r["return_before"], r["return_after"], r["distill"]["kl_per_round"]
        kept = a["mean"] / b["mean"] if b["mean"] > 0 else b["mean"] / a["mean"]
        f.write(f"| {run} | {r['parameters_before']:,} → {r['parameters_after']:,} | {r['parameters_after']/r['parameters_before']:.3f} "
                f"| {b['mean']:.2f} [{b['ci95_low']:.2f}, {b['ci95_high']:.2f}] | {a['mean']:.2f} [{a['ci95_low']:.2f}, {a['ci95_high']:.2f}] | {100*kept:.1f}% "
                f"| {100*r['action_agreement']:.2f}% of {r['decisions']:,} | {kl[0]:.3g} → {kl[-1]:.3g} | {r['us_per_action_before']:.1f} → {r['us_per_action_after']:.1f} |\n")
print(open("bench/results/distill.md").read())
PY
python3 - "$n" "$work" "$metarl" "$(cut -d' ' -f1-3 /proc/loadavg)" <<'PY'
import json, math, random, subprocess, sys, statistics, datetime
n, work, metarl, load = int(sys.argv[1]), sys.argv[2], sys.argv[3].split(), sys.argv[4]
rng = random.Random(0)
def cartpole():
    return [rng.uniform(-2.4, 2.4), rng.uniform(-2, 2), rng.uniform(-0.2, 0.2), rng.uniform(-2, 2)]
def pendulum():
    t = rng.uniform(-math.pi, math.pi)
    return [math.cos(t), math.sin(t), rng.uniform(-8, 8)]
rows = []
for run, draw in (("ppo-cartpole", cartpole), ("ppo-pendulum", pendulum)):
    obs = [draw() for _ in range(n)]
    for baseline in ("zeros", "mean"):
        gaps, steps, vgaps, vsteps = [], [], [], []
        for o in obs:
            out = subprocess.run(metarl + ["explain", "--run", f"{work}/{run}", "--obs", ",".join(f"{v:.6g}" for v in o),
                                           "--baseline", baseline, "--json"], capture_output=True, text=True, check=True).stdout
            d = json.loads(out)
            gaps.append(d["completeness_gap"]); steps.append(d["steps"])
            vgaps.append(d["value_completeness_gap"]); vsteps.append(d["value_steps"])
        within = sum(1 for g, s in zip(gaps, steps) if g <= 0.01 and s <= 300)
        vwithin = sum(1 for g, s in zip(vgaps, vsteps) if g <= 0.01 and s <= 300)
        rows.append({"run": run, "baseline": baseline, "observations": n,
                     "log_prob_gap_median": statistics.median(gaps), "log_prob_gap_max": max(gaps),
                     "log_prob_steps_max": max(steps), "log_prob_within_1pct_300_steps": within,
                     "value_gap_median": statistics.median(vgaps), "value_gap_max": max(vgaps),
                     "value_steps_max": max(vsteps), "value_within_1pct_300_steps": vwithin})
result = {"date": datetime.date.today().isoformat(), "load": load, "command": f"bench/deploy/run.sh {n}", "rows": rows}
json.dump(result, open("bench/results/explain.json", "w"), indent=2)
with open("bench/results/explain.md", "w") as f:
    f.write("# Integrated gradients: completeness on trained policies\n\n")
    f.write(f"`{result['command']}` on {result['date']} (load {load}): PPO CartPole-v1 and PPO Pendulum-v1 (seed 1, sample configs), "
            f"{n} seeded random observations each, explained by `metarl explain --json`. Gap = |Σ attributions − (F(x) − F(b))| / |F(x) − F(b)|; "
            "the Gauss–Legendre quadrature doubles from 16 points until the gap is ≤ 1% (or F's float32 resolution) or 1024 points. Target: ≤ 1% within 300 steps.\n\n")
    f.write("| run | baseline | log-prob gap median | max | max steps | ≤1% within 300 steps | value gap median | max | max steps | ≤1% within 300 steps |\n|---|---|---|---|---|---|---|---|---|---|\n")
    for r in rows:
        f.write(f"| {r['run']} | {r['baseline']} | {r['log_prob_gap_median']:.2e} | {r['log_prob_gap_max']:.2e} | {r['log_prob_steps_max']} | {r['log_prob_within_1pct_300_steps']}/{n} "
                f"| {r['value_gap_median']:.2e} | {r['value_gap_max']:.2e} | {r['value_steps_max']} | {r['value_within_1pct_300_steps']}/{n} |\n")
    f.write("\nThe first run of this bench (same observations, load 25–34) integrated by midpoint Riemann sums: every row met the target\n"
            "except Pendulum against the mean baseline, where 12 of 100 observations needed 512–1,024 points (88/100 within 300;\n"
            "largest gap 5.5% at 1,024 points). Those are observations whose F(x) − F(b) nearly cancels (log-probabilities 0.1140 vs\n"
            "0.1138), so the gap is measured against a tiny difference; Gauss–Legendre resolves them with at most 32 points.\n")
print(open("bench/results/explain.md").read())
PY
