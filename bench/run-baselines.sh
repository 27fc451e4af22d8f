#!/usr/bin/env bash
# RL²'s baseline tables reproduced with `metarl baselines`: writes bench/results/baselines.json.
# bench/results/baselines.md is written from it by bench/baselines-table.py (with RL²'s published columns).
# Usage: bench/run-baselines.sh [trials]   (default 1000)
set -euo pipefail
cd "$(dirname "$0")/.."
trials="${1:-1000}"
dotnet build src/MetaRL.Cli -c Release -v q -nologo >/dev/null
bin=src/MetaRL.Cli/bin/Release/net10.0/metarl
tmp=$(mktemp)
echo "{" > "$tmp"
first=1
emit() { # key, then metarl baselines arguments
  local key="$1"; shift
  local json; json=$($bin baselines "$@" --trials "$trials" --json)
  if [ $first -eq 0 ]; then echo "," >> "$tmp"; fi
  first=0
  printf '"%s": %s' "$key" "$json" >> "$tmp"
  echo "done $key" >&2
}
for n in 10 100 500; do
  for k in 5 10 50; do
    emit "bandit n=$n k=$k" Bandit-v0 --set arms=$k --set pulls=$n
  done
done
# Tuned variants (RL²'s UCB1 and epsilon-greedy columns look tuned; see baselines.md).
for n in 10 100 500; do
  for k in 5 10 50; do
    emit "bandit n=$n k=$k ucb1 c=0.2" Bandit-v0 --set arms=$k --set pulls=$n --method ucb1 --ucb1-c 0.2
  done
done
for n in 10 25 50 75 100; do
  emit "mdp n=$n" TabularMDP-v0 --set episodes=$n
done
emit "pointnav2d" PointNav2D-v0 --set episodes=1
emit "gridnav" GridNav-v0
echo "}" >> "$tmp"
mv "$tmp" bench/results/baselines.json
python3 bench/baselines-table.py bench/results/baselines.json bench/results/baselines.md "$trials"
