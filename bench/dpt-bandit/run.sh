#!/usr/bin/env bash
# Issue 25's bandit target: DPT (samples/configs/dpt-bandit.yaml) pretrained from scratch, then evaluated online on
# held-out Bandit-v0 tasks (5 arms, 100 pulls) beside Thompson sampling, UCB1, greedy, random and the oracle.
# Target: DPT's cumulative regret at the horizon ≤ 1.1 × Thompson's on 200 held-out tasks; pretraining ≤ 30 min on
# the 2-core development machine.
# Per run seed: `metarl pretrain` (wall time and load averages recorded), then `metarl meta-eval --tasks 200 --json`
# for each evaluation seed. Writes bench/results/dpt-bandit.json and dpt-bandit.md (temp file + rename); the notes
# below the table in the committed dpt-bandit.md (commands, load, recipes tried) are written by hand.
# Usage: bench/dpt-bandit/run.sh [RUN_SEEDS] [EVAL_SEEDS] [--set key=value ...]   (defaults "1" and "0 1 2 3")
set -euo pipefail
cd "$(dirname "$0")/../.."
run_seeds=${1:-1}
eval_seeds=${2:-"0 1 2 3"}
shift $(( $# > 2 ? 2 : $# ))
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build src/MetaRL.Cli -c Release -v quiet -nologo >/dev/null
metarl="dotnet src/MetaRL.Cli/bin/Release/net10.0/metarl.dll"
out=${DPT_BENCH_DIR:-/tmp/dpt-bandit-bench}
rm -rf "$out"
mkdir -p "$out" bench/results
for s in $run_seeds; do
  run="$out/seed-$s"
  load_before=$(cut -d' ' -f1-3 /proc/loadavg)
  start=$(date +%s.%N)
  $metarl pretrain samples/configs/dpt-bandit.yaml --set seed="$s" "$@" --out "$run" --quiet > "$out/pretrain-$s.txt"
  end=$(date +%s.%N)
  load_after=$(cut -d' ' -f1-3 /proc/loadavg)
  printf '{"seed": %s, "wall_s": %s, "load_before": "%s", "load_after": "%s"}\n' "$s" "$(echo "$end - $start" | bc)" "$load_before" "$load_after" > "$out/time-$s.json"
  for e in $eval_seeds; do
    $metarl meta-eval --run "$run" --tasks 200 --seed "$e" --json --quiet > "$out/eval-$s-$e.json"
  done
done
python3 bench/dpt-bandit/table.py "$out" bench/results/dpt-bandit.json bench/results/dpt-bandit.md "$*"
