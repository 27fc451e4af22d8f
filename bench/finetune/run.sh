#!/usr/bin/env bash
# Issue 25's LoRA comparison on a shifted bandit family: a DPT model pretrained on Bandit-v0 (5 arms, 100 pulls, arm
# means uniform in [0, 1]; samples/configs/dpt-bandit.yaml) meets bandits whose means lie in [0, MEAN_HIGH] (rare
# rewards). Four rows on the same 200 held-out shifted tasks (meta-eval seed 0): the base model in context only, LoRA
# (rank 1 on the attention projections: under 2% of the weights train), full fine-tuning, and the same model trained
# from scratch on the same rows for the same iterations (the base run's config.yaml: same model, data and seed). Writes
# bench/results/finetune.{json,md} (temp file + rename). REUSE=1 keeps runs of an earlier call that completed.
# Usage: bench/finetune/run.sh [BASE_RUN] [ITERATIONS] [MEAN_HIGH]   (defaults: pretrain the recipe into $work/base; 1000; 0.2)
set -euo pipefail
cd "$(dirname "$0")/../.."
work=${WORK:-/tmp/finetune-bench}
base=${1:-}
iters=${2:-1000}
high=${3:-0.2}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build src/MetaRL.Cli -c Release -v quiet -nologo >/dev/null
metarl="dotnet src/MetaRL.Cli/bin/Release/net10.0/metarl.dll"
mkdir -p "$work" bench/results
if [ -z "$base" ]; then
  base="$work/base"
  [ -f "$base/summary.json" ] || $metarl pretrain samples/configs/dpt-bandit.yaml --out "$base" --overwrite --quiet
fi
shift_keys=(--set "mean_high=$high" --set "iterations=$iters" --set "warmup_steps=50" --set "checkpoint_every=$iters")
start=$(date +%s)
load() { cut -d' ' -f1 /proc/loadavg; }
evaluate() { $metarl meta-eval --run "$1" --tasks 200 --seed 0 --json "${@:2}" 2>/dev/null; }
declare -A secs
train() { # NAME COMMAND…: runs the training unless REUSE=1 and it completed before; its wall seconds go to secs[NAME]
  local name=$1; shift
  if [ "${REUSE:-0}" = 1 ] && grep -q '"status": *"completed"' "$work/$name/summary.json" 2>/dev/null; then
    secs[$name]=$(python3 -c "import json;print(round(json.load(open('$work/$name/summary.json'))['wall_seconds']))"); return
  fi
  local t=$(date +%s); "$@" --out "$work/$name" --overwrite --quiet "${shift_keys[@]}"; secs[$name]=$(( $(date +%s) - t ))
}
train lora $metarl finetune --run "$base" --lora-rank 1 --lora-targets attn
train full $metarl finetune --run "$base" --lora-rank 0
train scratch $metarl pretrain "$base/config.yaml"
evaluate "$base" --set "mean_high=$high" > "$work/in-context.json"
for r in lora full scratch; do evaluate "$work/$r" > "$work/$r.json"; done
python3 - "$work" "$high" "$iters" "$(load)" "$(( $(date +%s) - start ))" "${secs[lora]}" "${secs[full]}" "${secs[scratch]}" <<'PY'
import json, os, sys, struct
work, high, iters, load, total = sys.argv[1], float(sys.argv[2]), int(sys.argv[3]), sys.argv[4], int(sys.argv[5])
secs = dict(zip(["lora", "full", "scratch"], map(int, sys.argv[6:9])))

def rows(name):
    doc = json.load(open(os.path.join(work, name + ".json")))["rows"]
    totals = {r["method"]: r for r in doc if r.get("kind") == "trial_total"}
    regret = {}
    for r in doc:
        if r.get("kind") == "regret_step":
            regret[r["method"]] = r if r["method"] not in regret or r["steps"] > regret[r["method"]]["steps"] else regret[r["method"]]
    return totals, regret

def trainable(name):
    # The numbers of trainable and total parameters, from the checkpoint's tensor names and shapes.
    run = os.path.join(work, name)
    ck = os.path.join(run, "checkpoints", str(iters), "model.safetensors")
    with open(ck, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
    sizes = {k: eval("*".join(map(str, v["shape"])) or "1") for k, v in header.items() if k != "__metadata__"}
    total = sum(v for k, v in sizes.items() if ".lora." not in k)
    lora = sum(v for k, v in sizes.items() if ".lora." in k)
    return (lora if lora else total), total

base_totals, base_regret = rows("in-context")
result = {"family": f"Bandit-v0 arms=5 pulls=100 mean_high={high}", "iterations": iters, "tasks": 200, "eval_seed": 0,
          "load_avg_1m_end": float(load), "wall_s": total, "rows": []}
oracle = base_totals["oracle"]["mean"]
params_total = trainable("full")[1]
for name, label in [("in-context", "in-context only (base model)"), ("lora", "LoRA r=1 on attn"), ("full", "full fine-tune"), ("scratch", "from scratch, same rows")]:
    totals, regret = rows(name)
    train = 0 if name == "in-context" else trainable(name)[0]
    result["rows"].append({"method": name, "label": label, "trainable_params": train, "params": params_total,
                           "regret_at_100": round(regret["dpt"]["mean"], 3), "ci95": round(regret["dpt"]["ci95"], 3),
                           "total_reward": round(totals["dpt"]["mean"], 3), "train_s": secs.get(name)})
for m in ["thompson", "ucb1", "greedy", "random"]:
    result["rows"].append({"method": m, "label": m + " (same tasks)", "regret_at_100": round(base_regret[m]["mean"], 3), "ci95": round(base_regret[m]["ci95"], 3)})
by = {r["method"]: r for r in result["rows"]}
gain_full = by["in-context"]["regret_at_100"] - by["full"]["regret_at_100"]
gain_lora = by["in-context"]["regret_at_100"] - by["lora"]["regret_at_100"]
result["lora_share_of_full_gain"] = round(gain_lora / gain_full, 3) if gain_full > 0 else None
result["lora_trainable_fraction"] = round(by["lora"]["trainable_params"] / params_total, 4)
tmp = "bench/results/finetune.json.tmp"
json.dump(result, open(tmp, "w"), indent=2); os.replace(tmp, "bench/results/finetune.json")
lines = [f"# LoRA vs full fine-tuning vs scratch on a shifted bandit family", "",
         f"Base: `samples/configs/dpt-bandit.yaml` (arm means uniform in [0, 1]). Shifted family: {result['family']}. "
         f"{iters} iterations each on the same generated rows; meta-eval on 200 held-out shifted tasks, seed 0. "
         f"Load average at the end {load} (2 cores); whole script {total} s. Command: `bench/finetune/run.sh`.", "",
         "| row | trainable params | regret at pull 100 (± 95% CI) | total reward | train s |", "|---|---|---|---|---|"]
for r in result["rows"]:
    tp = f"{r['trainable_params']:,} of {r['params']:,} ({100*r['trainable_params']/r['params']:.2f}%)" if "params" in r else ""
    lines.append(f"| {r['label']} | {tp} | {r['regret_at_100']:.2f} ± {r['ci95']:.2f} | {r.get('total_reward', '')} | {r.get('train_s') or ''} |")
lines += ["", f"LoRA recovers {result['lora_share_of_full_gain']} of full fine-tuning's regret reduction with "
          f"{100*result['lora_trainable_fraction']:.2f}% of the weights training (target: ≥ 0.9 with ≤ 2%)."]
tmp = "bench/results/finetune.md.tmp"
open(tmp, "w").write("\n".join(lines) + "\n"); os.replace(tmp, "bench/results/finetune.md")
print("\n".join(lines))
PY
