#!/usr/bin/env bash
# DPT and Algorithm Distillation on Dark Room: pretrains samples/configs/dpt-darkroom.yaml and ad-darkroom.yaml (one
# after the other: each wants the whole machine) and evaluates both online on held-out goals for 10 episodes.
# Writes the runs under runs/ (ignored) and their meta-eval rows to bench/results/decision-darkroom-{ad,dpt}.json;
# bench/results/decision-darkroom.md holds the figures. Usage: bench/run-decision-darkroom.sh [tasks]   (default 40 held-out tasks)
set -euo pipefail
cd "$(dirname "$0")/.."
tasks="${1:-40}"
dotnet build src/MetaRL.Cli -c Release -v q -nologo >/dev/null
bin=src/MetaRL.Cli/bin/Release/net10.0/metarl
for algo in ad dpt; do
  run=runs/$algo-darkroom
  $bin pretrain samples/configs/$algo-darkroom.yaml --out "$run" --overwrite
  $bin meta-eval --run "$run" --tasks "$tasks" --json > "bench/results/decision-darkroom-$algo.json"
done
uptime
