#!/usr/bin/env bash
# Issue 27's compression figures on meta runs. Meta-trains RL² Bandit-v0 and MAML PointNav2D-v0 (the sample configs,
# seed 1) unless bench/deploy/.work holds them, then, on the same 200 held-out tasks as `meta-eval --tasks 200 --seed 0`:
#  - int8 on both (MAML: mean return after one adaptation step; RL²: trial total);
#  - distils the RL² GRU (hidden 128) into a hidden_size=32 GRU (20 DAgger rounds of 2,048 steps);
#  - pretrains DPT on Bandit-v0 (samples/configs/dpt-bandit.yaml, 5 arms, 100 pulls, at a reduced budget: 1,000
#    iterations on 20,000 tasks) unless .work holds it, and distils it into a hidden_size=32 RL² GRU (20 rounds of 6,400
#    steps, 20 epochs, step size 5e-3);
# -> bench/results/compress-meta.{json,md}.
# Usage: bench/deploy/meta.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
work=bench/deploy/.work
bin=bench/deploy/.bin
dotnet publish src/MetaRL.Cli -c Release -v q -nologo -o "$bin" >/dev/null
metarl="dotnet $bin/metarl.dll"
mkdir -p "$work"
[[ -d $work/rl2-bandit/checkpoints ]] || $metarl meta-train samples/configs/meta-rl2-bandit.yaml --out "$work/rl2-bandit" --overwrite --quiet
[[ -d $work/dpt-bandit/checkpoints ]] || $metarl pretrain samples/configs/dpt-bandit.yaml --set iterations=1000 --set data_tasks=20000 \
  --set checkpoint_every=500 --out "$work/dpt-bandit" --overwrite --quiet
[[ -d $work/maml-pointnav/checkpoints ]] || $metarl meta-train samples/configs/meta-maml-pointnav.yaml --out "$work/maml-pointnav" --overwrite --quiet
for run in rl2-bandit maml-pointnav; do
  rm -rf "$work/$run-int8"
  $metarl compress --run "$work/$run" --method int8 --out "$work/$run-int8" --tasks 200 --seed 0 --json > /dev/null
done
rm -rf "$work/rl2-bandit-distill"
$metarl compress --run "$work/rl2-bandit" --method distill --student "hidden_size=32" --rounds 20 --out "$work/rl2-bandit-distill" --tasks 200 --seed 0 --json > /dev/null
rm -rf "$work/dpt-bandit-distill"
$metarl compress --run "$work/dpt-bandit" --method distill --student "hidden_size=32" --rounds 20 --steps-per-round 6400 --epochs 20 --learning-rate 0.005 \
  --out "$work/dpt-bandit-distill" --tasks 200 --seed 0 --json > /dev/null
python3 - "$work" "$(cut -d' ' -f1-3 /proc/loadavg)" <<'PY'
import json, sys, datetime
work, load = sys.argv[1], sys.argv[2]
rows = {name: json.load(open(f"{work}/{name}/compression.json")) for name in ("rl2-bandit-int8", "maml-pointnav-int8", "rl2-bandit-distill", "dpt-bandit-distill")}
json.dump({"date": datetime.date.today().isoformat(), "load": load, "command": "bench/deploy/meta.sh", "runs": rows},
          open("bench/results/compress-meta.json", "w"), indent=2)
with open("bench/results/compress-meta.md", "w") as f:
    f.write("# Compression of meta runs\n\n")
    f.write(f"`bench/deploy/meta.sh` on {datetime.date.today().isoformat()} (load {load}): the sample configs `meta-rl2-bandit.yaml` (5 arms, 10 pulls, "
            "GRU 128), `meta-maml-pointnav.yaml` (MLP [100, 100]) and `dpt-bandit.yaml` (5 arms, 100 pulls; pretrained 1,000 iterations on 20,000 tasks here), seed 1, compared on the 200 held-out tasks of `meta-eval --tasks 200 --seed 0`. "
            "Return: RL² and DPT trial total (sampled actions, as meta-eval); MAML mean return after one adaptation step. Agreement: RL², greedy action at every "
            "step of the original's greedy trials given the same history (DPT's student: the same in the teacher's greedy trials); MAML, greedy pre-adaptation action (1% of the range) on the original's greedy "
            "episodes of the first 20 tasks. Targets: int8 ≥ 3.5× smaller, return drop ≤ 1% or inside the 95% CI, agreement ≥ 99% (discrete); "
            "distillation ≤ 1/10 of the parameters keeping ≥ 95% of the return.\n\n")
    f.write("| run | method | parameters before → after | weight bytes before → after | ratio | return before (95% CI) | return after (95% CI) | drop | agreement | µs/action before → after |\n|---|---|---|---|---|---|---|---|---|---|\n")
    for name, r in rows.items():
        b, a = r["return_before"], r["return_after"]
        f.write(f"| {name.rsplit('-', 1)[0]} | {r['method']}{' ' + r['distill']['student'] if 'distill' in r else ''} | {r['parameters_before']:,} → {r['parameters_after']:,} "
                f"| {r['weight_bytes_before']:,} → {r['weight_bytes_after']:,} | {r['size_ratio']:.2f}× "
                f"| {b['mean']:.3f} [{b['ci95_low']:.3f}, {b['ci95_high']:.3f}] | {a['mean']:.3f} [{a['ci95_low']:.3f}, {a['ci95_high']:.3f}] | {100*r['return_drop']:.2f}% "
                f"| {100*r['action_agreement']:.2f}% of {r['decisions']:,} | {r['us_per_action_before']:.1f} → {r['us_per_action_after']:.1f} |\n")
print(open("bench/results/compress-meta.md").read())
PY
