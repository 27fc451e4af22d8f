#!/usr/bin/env bash
# Issue 25, item 7: the generalist DPT (samples/configs/dpt-generalist.yaml: one model on Bandit-v0, DarkRoom-v0 and
# TabularMDP-v0) beside three specialists, each trained on its family alone with the same model, the same rows (same
# keys, same run seed: identical data) and the generalist's per-family share of the budget: ITERATIONS / 3 minibatches
# of 32 rows. Bandit-v0 and DarkRoom-v0 specialists are plain single-family runs (env: ...); the TabularMDP-v0 one is a
# one-family mixture (families: [TabularMDP-v0]), because a single-family DPT run refuses TabularMDP (its query token
# carries no episode step, which TabularMDP's labels depend on; the mixture layout carries it).
# Every run is evaluated by `metarl meta-eval --tasks TASKS --json` on the same held-out tasks (same run seed and
# evaluation seed 0) with the same baselines. One process at a time, under nice. Writes
# bench/results/decision-generalist.json (raw rows, wall times, load averages); the .md beside it is written by hand
# from it (bench/decision-generalist/table.py prints the tables).
# Usage: bench/decision-generalist/run.sh [ITERATIONS] [TASKS] [METARL_DLL]     (defaults 3000, 100, the Release build)
set -euo pipefail
cd "$(dirname "$0")/../.."
iterations=${1:-3000}
tasks=${2:-100}
dll=${3:-src/MetaRL.Cli/bin/Release/net10.0/metarl.dll}
share=$(( iterations / 3 ))
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
metarl="nice -n 10 dotnet $dll"
out=${GENERALIST_BENCH_DIR:-/tmp/decision-generalist-bench}
rm -rf "$out"
mkdir -p "$out" bench/results
shared=(--set data_tasks=20000 --set val_tasks=256 --set context=100 --set n_layer=4 --set n_head=4 --set d_model=32 --set d_ff=128
        --set batch_size=32 --set learning_rate=0.001 --set min_learning_rate=0.00001 --set warmup_steps=100 --set weight_decay=0.0001
        --set max_grad_norm=1 --set val_every=500 --set checkpoint_every=1000 --set seed=1)
cat > "$out/bandit.yaml" <<'YAML'
algo: dpt
env: Bandit-v0
arms: 5
pulls: 100
behaviour: dirichlet
YAML
cat > "$out/darkroom.yaml" <<'YAML'
algo: dpt
env: DarkRoom-v0
goals: test
episodes: 10
data_settings: goals=train,rollin=uniform_states,goal_queries=0.5,random_ties=true
shuffle_context: false
behaviour: dirichlet
YAML
cat > "$out/tabular.yaml" <<'YAML'
algo: dpt
families: [TabularMDP-v0]
TabularMDP-v0.episodes: 10
behaviour: dirichlet
YAML
timed() { # name, then the pretrain arguments
  local name=$1; shift
  local before after start end
  before=$(cut -d' ' -f1-3 /proc/loadavg); start=$(date +%s.%N)
  $metarl pretrain "$@" --out "$out/$name" --quiet > "$out/pretrain-$name.txt"
  end=$(date +%s.%N); after=$(cut -d' ' -f1-3 /proc/loadavg)
  printf '{"run": "%s", "wall_s": %s, "load_before": "%s", "load_after": "%s"}\n' "$name" "$(echo "$end - $start" | bc)" "$before" "$after" > "$out/time-$name.json"
  before=$(cut -d' ' -f1-3 /proc/loadavg); start=$(date +%s.%N)
  $metarl meta-eval --run "$out/$name" --tasks "$tasks" --seed 0 --json --quiet > "$out/eval-$name.json"
  end=$(date +%s.%N); after=$(cut -d' ' -f1-3 /proc/loadavg)
  printf '{"run": "%s", "eval_wall_s": %s, "load_before": "%s", "load_after": "%s"}\n' "$name" "$(echo "$end - $start" | bc)" "$before" "$after" > "$out/evaltime-$name.json"
}
timed generalist samples/configs/dpt-generalist.yaml --set iterations="$iterations"
timed bandit "$out/bandit.yaml" "${shared[@]}" --set iterations="$share"
timed darkroom "$out/darkroom.yaml" "${shared[@]}" --set iterations="$share"
timed tabular "$out/tabular.yaml" "${shared[@]}" --set iterations="$share"
python3 bench/decision-generalist/table.py "$out" bench/results/decision-generalist.json "$iterations" "$tasks"
