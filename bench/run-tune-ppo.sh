#!/usr/bin/env bash
# Issue 7 acceptance: `metarl tune` on PPO x CartPole-v1 over learning_rate and ent_coef (TPE, 20 trials,
# samples/studies/ppo-cartpole.yaml: 100k steps per trial, seed 1, CleanRL defaults enqueued as trial 0,
# median pruner). Then the defaults and the best params are re-trained with the same budget on 5 other
# seeds (2..6), to see whether the winner holds beyond the seed it was tuned on.
# Writes bench/results/tune-ppo.json and tune-ppo.md. WORK (default /tmp/metarl-tune-ppo) keeps the runs.
set -euo pipefail
cd "$(dirname "$0")/.."
WORK="${WORK:-/tmp/metarl-tune-ppo}"
TRIALS="${TRIALS:-20}"
STUDY=samples/studies/ppo-cartpole.yaml
METARL="dotnet src/MetaRL.Cli/bin/Release/net10.0/metarl.dll"
dotnet build src/MetaRL.Cli -c Release -v q -nologo
rm -rf "$WORK" && mkdir -p "$WORK"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
start=$(date +%s.%N)
$METARL tune "$STUDY" --storage "sqlite:$WORK/ppo.db" --trials "$TRIALS" --seed 1 | tee "$WORK/tune.log"
end=$(date +%s.%N)
$METARL tune show --storage "sqlite:$WORK/ppo.db" | tee "$WORK/show.txt"
$METARL tune show --storage "sqlite:$WORK/ppo.db" --json > "$WORK/study.json"
# The defaults trained outside the study (same config, budget and seed) must match trial 0.
$METARL train samples/configs/ppo-cartpole.yaml --set total_steps=100000 --seed 1 --out "$WORK/default-s1" > /dev/null
best_lr=$(jq -r '.trials[] | select(.number == '"$(jq .best_trial "$WORK/study.json")"') | .params.learning_rate' "$WORK/study.json")
best_ent=$(jq -r '.trials[] | select(.number == '"$(jq .best_trial "$WORK/study.json")"') | .params.ent_coef' "$WORK/study.json")
for seed in 2 3 4 5 6; do
  $METARL train samples/configs/ppo-cartpole.yaml --set total_steps=100000 --seed "$seed" --out "$WORK/default-s$seed" > /dev/null
  $METARL train samples/configs/ppo-cartpole.yaml --set total_steps=100000 --set "learning_rate=$best_lr" --set "ent_coef=$best_ent" --seed "$seed" --out "$WORK/best-s$seed" > /dev/null
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
python3 bench/tune-ppo-table.py "$WORK" "$(echo "$end - $start" | bc)" "$load_before" "$load_after" "$(nproc)"
