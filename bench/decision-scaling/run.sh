#!/usr/bin/env bash
# Issue 25's scaling table: DPT's in-context regret on Bandit-v0 (5 arms, 100 pulls) against model size (three sizes
# over two orders of magnitude of parameters) and the number of pretraining tasks, every other setting as the bandit
# recipe's base (config below). Each run pretrains ITERATIONS steps from seed 1 and is evaluated by meta-eval on the
# same 200 held-out tasks (seed 0) beside Thompson sampling. Writes bench/results/decision-scaling.{json,md}.
# Usage: bench/decision-scaling/run.sh [ITERATIONS] [TASKS…]   (defaults: 2000; 2000 20000). REUSE=1 keeps completed runs.
set -euo pipefail
cd "$(dirname "$0")/../.."
work=${WORK:-/tmp/decision-scaling}
iters=${1:-2000}
shift || true
tasks=("${@:-2000 20000}")
[ $# -eq 0 ] && tasks=(2000 20000)
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build src/MetaRL.Cli -c Release -v quiet -nologo >/dev/null
metarl="dotnet src/MetaRL.Cli/bin/Release/net10.0/metarl.dll"
mkdir -p "$work" bench/results
# name n_layer n_head d_model d_ff
sizes=("S 1 2 16 64" "M 4 4 32 128" "L 3 4 128 512")
common=(--algo dpt --env Bandit-v0 --seed 1 --set arms=5 --set pulls=100 --set context=100 --set iterations="$iters"
        --set warmup_steps=100 --set learning_rate=1e-3 --set batch_size=32 --set val_tasks=256 --set val_every=500
        --set checkpoint_every="$iters" --set behaviour=dirichlet --set shuffle_context=true)
start=$(date +%s)
for s in "${sizes[@]}"; do
  read -r name layers heads width ff <<<"$s"
  for n in "${tasks[@]}"; do
    run="$work/$name-$n"
    if ! { [ "${REUSE:-0}" = 1 ] && grep -q '"status": *"completed"' "$run/summary.json" 2>/dev/null; }; then
      $metarl pretrain "${common[@]}" --set n_layer="$layers" --set n_head="$heads" --set d_model="$width" --set d_ff="$ff" \
        --set data_tasks=$((n + 256)) --out "$run" --overwrite --quiet
    fi
    $metarl meta-eval --run "$run" --tasks 200 --seed 0 --json > "$run.eval.json" 2>/dev/null
  done
done
python3 - "$work" "$iters" "$(cut -d' ' -f1 /proc/loadavg)" "$(( $(date +%s) - start ))" "${tasks[@]}" <<'PY'
import json, os, struct, sys
work, iters, load, wall, tasks = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4]), sys.argv[5:]
def params(run):
    with open(os.path.join(run, "checkpoints", str(iters), "model.safetensors"), "rb") as f:
        header = json.loads(f.read(struct.unpack("<Q", f.read(8))[0]))
    total = 0
    for k, v in header.items():
        if k == "__metadata__": continue
        n = 1
        for d in v["shape"]: n *= d
        total += n
    return total
rows, thompson = [], None
for name in ["S", "M", "L"]:
    for n in tasks:
        run = os.path.join(work, f"{name}-{n}")
        doc = json.load(open(run + ".eval.json"))["rows"]
        last = {}
        for r in doc:
            if r.get("kind") == "regret_step" and (r["method"] not in last or r["steps"] > last[r["method"]]["steps"]):
                last[r["method"]] = r
        thompson = last["thompson"]
        summary = json.load(open(os.path.join(run, "summary.json")))
        rows.append({"size": name, "params": params(run), "tasks": int(n), "regret_at_100": round(last["dpt"]["mean"], 3),
                     "ci95": round(last["dpt"]["ci95"], 3), "train_s": summary.get("wall_seconds")})
result = {"family": "Bandit-v0 arms=5 pulls=100", "iterations": iters, "eval_tasks": 200, "eval_seed": 0,
          "thompson_regret_at_100": round(thompson["mean"], 3), "thompson_ci95": round(thompson["ci95"], 3),
          "load_avg_1m_end": float(load), "wall_s": wall, "rows": rows}
tmp = "bench/results/decision-scaling.json.tmp"; json.dump(result, open(tmp, "w"), indent=2); os.replace(tmp, "bench/results/decision-scaling.json")
lines = ["# DPT in-context regret against model size and pretraining tasks", "",
         f"Bandit-v0, 5 arms, 100 pulls; {iters} iterations from seed 1 for every run; regret at pull 100 on 200 held-out tasks "
         f"(meta-eval seed 0). Thompson sampling on the same tasks: {thompson['mean']:.2f} ± {thompson['ci95']:.2f}. "
         f"Load average at the end {load} (2 cores); {wall} s in all. Command: `bench/decision-scaling/run.sh {iters}`.", "",
         "| size | parameters | pretraining tasks | DPT regret at 100 (± 95% CI) | ratio to Thompson | train s |", "|---|---|---|---|---|---|"]
for r in rows:
    lines.append(f"| {r['size']} | {r['params']:,} | {r['tasks']:,} | {r['regret_at_100']:.2f} ± {r['ci95']:.2f} | {r['regret_at_100']/thompson['mean']:.2f} | {r['train_s']} |")
tmp = "bench/results/decision-scaling.md.tmp"; open(tmp, "w").write("\n".join(lines) + "\n"); os.replace(tmp, "bench/results/decision-scaling.md")
print("\n".join(lines))
PY
