#!/usr/bin/env bash
# Issue 7 acceptance: `metarl tune` on PPO x CartPole-v1 over learning_rate and ent_coef (TPE, 20 trials,
# samples/studies/ppo-cartpole.yaml: seed 1, CleanRL defaults enqueued as trial 0, median pruner), once per
# per-trial budget in STEPS (default: the sample's 100k, and CleanRL's full 500k). Then the defaults and
# the best params are re-trained with the same budget on 5 other seeds (2..6), to see whether the winner
# holds beyond the seed it was tuned on. Writes bench/results/tune-ppo.json and tune-ppo.md.
# WORK (default /tmp/metarl-tune-ppo) keeps the studies and runs.
set -euo pipefail
cd "$(dirname "$0")/.."
WORK="${WORK:-/tmp/metarl-tune-ppo}"
TRIALS="${TRIALS:-20}"
STEPS="${STEPS:-100000 500000}"
METARL="dotnet src/MetaRL.Cli/bin/Release/net10.0/metarl.dll"
dotnet build src/MetaRL.Cli -c Release -v q -nologo
rm -rf "$WORK" && mkdir -p "$WORK"
dirs=()
for steps in $STEPS; do
  dir="$WORK/steps-$steps"
  mkdir -p "$dir"
  # The sample study with its per-trial budget replaced (config path made absolute).
  sed -e "s/^  total_steps: .*/  total_steps: $steps/" -e "s|^config: \.\./configs/|config: $PWD/samples/configs/|" \
    samples/studies/ppo-cartpole.yaml > "$dir/ppo-cartpole.yaml"
  load_before=$(cut -d' ' -f1-3 /proc/loadavg)
  start=$(date +%s.%N)
  $METARL tune "$dir/ppo-cartpole.yaml" --storage "sqlite:$dir/ppo.db" --trials "$TRIALS" --seed 1 | tee "$dir/tune.log"
  end=$(date +%s.%N)
  load_after=$(cut -d' ' -f1-3 /proc/loadavg)
  $METARL tune show --storage "sqlite:$dir/ppo.db" | tee "$dir/show.txt"
  $METARL tune show --storage "sqlite:$dir/ppo.db" --json > "$dir/study.json"
  # The defaults trained outside the study (same config, budget and seed) must match trial 0.
  $METARL train samples/configs/ppo-cartpole.yaml --set "total_steps=$steps" --seed 1 --out "$dir/default-s1" > /dev/null
  best=$(jq .best_trial "$dir/study.json")
  best_lr=$(jq -r ".trials[] | select(.number == $best) | .params.learning_rate" "$dir/study.json")
  best_ent=$(jq -r ".trials[] | select(.number == $best) | .params.ent_coef" "$dir/study.json")
  for seed in 2 3 4 5 6; do
    $METARL train samples/configs/ppo-cartpole.yaml --set "total_steps=$steps" --seed "$seed" --out "$dir/default-s$seed" > /dev/null
    $METARL train samples/configs/ppo-cartpole.yaml --set "total_steps=$steps" --set "learning_rate=$best_lr" --set "ent_coef=$best_ent" \
      --seed "$seed" --out "$dir/best-s$seed" > /dev/null
  done
  printf '{"steps": %s, "wall": %s, "load_before": "%s", "load_after": "%s"}\n' "$steps" "$(echo "$end - $start" | bc)" "$load_before" "$load_after" > "$dir/timing.json"
  dirs+=("$dir")
done
python3 bench/tune-ppo-table.py "$(nproc)" "${dirs[@]}"
