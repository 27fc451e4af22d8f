#!/usr/bin/env bash
# Full meta-learning runs for issue 5's acceptance, one at a time (CPU), each into
# bench/learning/meta-runs/<name>/ (ignored), then meta-eval on held-out tasks; the summary, wall time, load
# average before and after training and the table go to bench/learning/results/meta-<name>.json and
# bench/learning/results/meta-results.md is rebuilt.
# Usage: bench/learning/meta-run.sh NAME...   (NAME: see the case list below, or "all")
set -euo pipefail
cd "$(dirname "$0")/../.."
dotnet build src/MetaRL.Cli -c Release -v q -nologo >/dev/null
# Run from a copy so rebuilding the tree during a long run cannot touch the binaries in use.
bin=$(mktemp -d); cp -r src/MetaRL.Cli/bin/Release/net10.0/. "$bin"
metarl="dotnet $bin/metarl.dll"
# The segments GC (libclrgc, shipped with the runtime) under a heap hard limit keeps the pages of freed large
# buffers mapped; the default regions GC hands more of them back, and re-faulting them is a large share of an
# RL² update (perf: page faults on the first write to each minibatch's fresh back-propagation buffers).
# CPU seconds for 16 (100,5) iterations of 512 trials, two alternating runs each beside one other job:
# segments + 8 GiB limit 18.8 / 17.5, regions 20.7 / 19.4, segments alone 25.3 / 21.3.
if DOTNET_GCName=libclrgc.so DOTNET_GCHeapHardLimit=0x200000000 $metarl --version >/dev/null 2>&1; then
  export DOTNET_GCName=libclrgc.so DOTNET_GCHeapHardLimit=0x200000000
fi
mkdir -p bench/learning/meta-runs bench/learning/results

run() { # name config eval-args... -- train-args...
  run_from "" "$@"
}

# cont NAME SOURCE config eval-args... -- train-args...: copies the finished run SOURCE (run it first) to NAME and
# trains on from its last checkpoint with meta-train --resume, the train-args changing the settings (for example
# more iterations and a new step size); metrics.jsonl, wall time and steps then cover both stages.
cont() {
  local name=$1 source=$2; shift 2
  run_from "$source" "$name" "$@"
}

run_from() { # source ("" = train from scratch) name config eval-args... -- train-args...
  local source=$1 name=$2 cfg=$3; shift 3
  local eval=() train=()
  while [[ $# -gt 0 && $1 != -- ]]; do eval+=("$1"); shift; done
  [[ $# -gt 0 ]] && shift
  train=("$@")
  local dir="bench/learning/meta-runs/$name"
  rm -rf "$dir"
  echo "== $name"
  local load0 load1
  load0=$(cut -d' ' -f1-3 /proc/loadavg)
  if [[ -n $source ]]; then
    local src="bench/learning/meta-runs/$source"
    [[ -f $src/checkpoints/state.json ]] || { echo "$name continues $source: run bench/learning/meta-run.sh $source first" >&2; exit 2; }
    cp -r "$src" "$dir"
    rm -f "$dir"/meta_eval*
    $metarl meta-train --resume --out "$dir" "${train[@]}" | tail -n 3
  else
    $metarl meta-train "samples/configs/$cfg.yaml" --out "$dir" "${train[@]}" | tail -n 3
  fi
  load1=$(cut -d' ' -f1-3 /proc/loadavg)
  # RL² runs are also evaluated with greedy actions (meta-eval --greedy) on the same held-out tasks.
  if [[ $cfg == meta-rl2-* ]]; then $metarl meta-eval --run "$dir" "${eval[@]}" --greedy --json > "$dir/meta_eval_greedy.json"; fi
  $metarl meta-eval --run "$dir" "${eval[@]}" | tee "$dir/meta_eval.txt"
  python3 - "$name" "$dir" "$cfg" "${train[*]:-}" "$load0" "$load1" "$source" <<'PY'
import json, os, sys
name, d, cfg, extra, load0, load1, source = sys.argv[1:8]
out = {"name": name, "config": f"samples/configs/{cfg}.yaml", "overrides": extra,
       "load_average": {"before": load0, "after": load1},
       "summary": json.load(open(f"{d}/summary.json")), "rows": json.load(open(f"{d}/meta_eval.json"))["rows"]}
if os.path.exists(f"{d}/meta_eval_greedy.json"):
    out["rows_greedy"] = json.load(open(f"{d}/meta_eval_greedy.json"))["rows"]
if source:
    out["continues"] = source
json.dump(out, open(f"bench/learning/results/meta-{name}.json", "w"), indent=1)
PY
}

# The time-features RL² recipe shared by the (100, k) bandit entries (with hidden_size, iterations and seed per
# entry): 512 trials per update in 8 minibatches, GAE lambda 0.9, time inputs, rewards x0.1, ent_coef 0.001, annealed lr.
tf=(--set trials_per_iteration=512 --set num_minibatches=8 --set gae_lambda=0.9 --set time_features=true --set reward_scale=0.1 --set ent_coef=0.001 --set anneal_lr=true --set parallelism=1)

# The tabular n = 10 recipe (rl2-tabular-10-b256l9tf) that the other n = 10 entries vary one or two settings of:
# 256 trials per update, GAE lambda 0.9, time inputs, learning_rate 0.003 annealed, rewards x0.1, 1000 iterations.
tab10=(--set episodes=10 --set iterations=1000 --set trials_per_iteration=256 --set gae_lambda=0.9 --set time_features=true --set learning_rate=0.003 --set reward_scale=0.1 --set anneal_lr=true --set parallelism=1)

for which in "${@:-all}"; do
  case $which in
    maml-pointnav|all) run maml-pointnav meta-maml-pointnav --tasks 40 --steps 0,1,2,3 --episodes 40 ;;&
    maml-fotrpo-pointnav) run maml-fotrpo-pointnav meta-maml-pointnav --tasks 40 --steps 0,1,2,3 --episodes 40 -- --set outer=trpo --set first_order=true --set iterations=60 ;;&
    maml-trpo-pointnav) run maml-trpo-pointnav meta-maml-pointnav --tasks 40 --steps 0,1,2,3 --episodes 40 -- --set outer=trpo --set iterations=100 ;;&
    reptile-pointnav|all) run reptile-pointnav meta-reptile-pointnav --tasks 40 --steps 0,1,2,3 --episodes 40 ;;&
    es-pointnav|all) run es-pointnav meta-es-pointnav --tasks 40 --steps 0,1,2,3 --episodes 40 ;;&
    reptile-cartpole|all) run reptile-cartpole meta-reptile-cartpole --tasks 40 --steps 0,1,2,3 --episodes 10 ;;&
    es-cartpole|all) run es-cartpole meta-es-cartpole --tasks 40 --steps 0,1,2,3 --episodes 10 ;;&
    curriculum-uniform|curriculum|all) run curriculum-uniform meta-maml-pointnav --tasks 40 --steps 0,1 --episodes 40 -- --set train_tasks=64 --set task_selection=uniform --set iterations=60 --set pretrain_iterations=0 ;;&
    curriculum-lp|curriculum|all) run curriculum-lp meta-maml-pointnav --tasks 40 --steps 0,1 --episodes 40 -- --set train_tasks=64 --set task_selection=learning_progress --set iterations=60 --set pretrain_iterations=0 ;;&
    rl2-bandit-10-5|rl2-bandit|all) run rl2-bandit-10-5 meta-rl2-bandit --tasks 1000 -- --set pulls=10 --set arms=5 ;;&
    rl2-bandit-10-10|rl2-bandit|all) run rl2-bandit-10-10 meta-rl2-bandit --tasks 1000 -- --set pulls=10 --set arms=10 --set iterations=1600 --set ent_coef=0.003 ;;&
    rl2-bandit-100-5-ent01) run rl2-bandit-100-5-ent01 meta-rl2-bandit --tasks 1000 -- --set pulls=100 --set arms=5 --set iterations=1000 --set reward_scale=0.1 ;;&
    rl2-bandit-100-5|rl2-bandit|all) run rl2-bandit-100-5 meta-rl2-bandit --tasks 1000 -- --set pulls=100 --set arms=5 --set iterations=800 --set reward_scale=0.1 --set ent_coef=0.001 ;;&
    rl2-bandit-100-5-long) run rl2-bandit-100-5-long meta-rl2-bandit --tasks 1000 -- --set pulls=100 --set arms=5 --set iterations=2200 --set reward_scale=0.1 --set ent_coef=0.001 --set anneal_lr=true --set parallelism=1 ;;&
    rl2-bandit-100-5-sc) run rl2-bandit-100-5-sc meta-rl2-bandit --tasks 1000 -- --set pulls=100 --set arms=5 --set iterations=900 --set reward_scale=0.1 --set ent_coef=0.001 --set anneal_lr=true --set separate_critic=true --set parallelism=1 ;;&
    rl2-bandit-100-5-h64b512) run rl2-bandit-100-5-h64b512 meta-rl2-bandit --tasks 1000 -- --set pulls=100 --set arms=5 --set iterations=850 --set hidden_size=64 --set trials_per_iteration=512 --set num_minibatches=8 --set reward_scale=0.1 --set ent_coef=0.001 --set anneal_lr=true --set parallelism=1 ;;&
    rl2-bandit-100-5-h64b512l9) run rl2-bandit-100-5-h64b512l9 meta-rl2-bandit --tasks 1000 -- --set pulls=100 --set arms=5 --set iterations=850 --set hidden_size=64 --set trials_per_iteration=512 --set num_minibatches=8 --set gae_lambda=0.9 --set reward_scale=0.1 --set ent_coef=0.001 --set anneal_lr=true --set parallelism=1 ;;&
    rl2-bandit-100-5-h64b512l97) run rl2-bandit-100-5-h64b512l97 meta-rl2-bandit --tasks 1000 -- --set pulls=100 --set arms=5 --set iterations=850 --set hidden_size=64 --set trials_per_iteration=512 --set num_minibatches=8 --set reward_scale=0.1 --set ent_coef=0.001 --set anneal_lr=true --set parallelism=1 --set gae_lambda=0.97 ;;&
    rl2-bandit-100-5-h64b512l9g1) run rl2-bandit-100-5-h64b512l9g1 meta-rl2-bandit --tasks 1000 -- --set pulls=100 --set arms=5 --set iterations=850 --set hidden_size=64 --set trials_per_iteration=512 --set num_minibatches=8 --set reward_scale=0.1 --set ent_coef=0.001 --set anneal_lr=true --set parallelism=1 --set gae_lambda=0.9 --set gamma=1.0 ;;&
    rl2-bandit-100-5-h128b512l9) run rl2-bandit-100-5-h128b512l9 meta-rl2-bandit --tasks 1000 -- --set pulls=100 --set arms=5 --set iterations=480 --set hidden_size=128 --set trials_per_iteration=512 --set num_minibatches=8 --set reward_scale=0.1 --set ent_coef=0.001 --set anneal_lr=true --set parallelism=1 --set gae_lambda=0.9 ;;&
    rl2-bandit-100-5-h64b512l9tf) run rl2-bandit-100-5-h64b512l9tf meta-rl2-bandit --tasks 1000 -- --set pulls=100 --set arms=5 --set iterations=850 --set hidden_size=64 --set trials_per_iteration=512 --set num_minibatches=8 --set reward_scale=0.1 --set ent_coef=0.001 --set anneal_lr=true --set parallelism=1 --set gae_lambda=0.9 --set time_features=true ;;&
    rl2-bandit-100-5-h64b512l9tf-s2) run rl2-bandit-100-5-h64b512l9tf-s2 meta-rl2-bandit --tasks 1000 -- --set pulls=100 --set arms=5 --set hidden_size=64 --set trials_per_iteration=512 --set num_minibatches=8 --set reward_scale=0.1 --set ent_coef=0.001 --set anneal_lr=true --set parallelism=1 --set iterations=900 --set gae_lambda=0.9 --set time_features=true --set seed=2 ;;&
    rl2-bandit-100-5-h64b512l9tf-s3) run rl2-bandit-100-5-h64b512l9tf-s3 meta-rl2-bandit --tasks 1000 -- --set pulls=100 --set arms=5 --set hidden_size=64 --set trials_per_iteration=512 --set num_minibatches=8 --set reward_scale=0.1 --set ent_coef=0.001 --set anneal_lr=true --set parallelism=1 --set iterations=1000 --set gae_lambda=0.9 --set time_features=true --set seed=3 ;;&
    rl2-bandit-100-5-h64b512l9tf-s4) run rl2-bandit-100-5-h64b512l9tf-s4 meta-rl2-bandit --tasks 1000 -- --set pulls=100 --set arms=5 --set hidden_size=64 --set trials_per_iteration=512 --set num_minibatches=8 --set reward_scale=0.1 --set ent_coef=0.001 --set anneal_lr=true --set parallelism=1 --set iterations=900 --set gae_lambda=0.9 --set time_features=true --set seed=4 ;;&
    rl2-bandit-100-5-h64b512l9tf-s5) run rl2-bandit-100-5-h64b512l9tf-s5 meta-rl2-bandit --tasks 1000 -- --set pulls=100 --set arms=5 --set hidden_size=64 --set trials_per_iteration=512 --set num_minibatches=8 --set reward_scale=0.1 --set ent_coef=0.001 --set anneal_lr=true --set parallelism=1 --set iterations=900 --set gae_lambda=0.9 --set time_features=true --set seed=5 ;;&
    rl2-bandit-100-5-tf1200-s[1-9]|rl2-bandit-100-5-tf1200-s[1-9][0-9]) run "$which" meta-rl2-bandit --tasks 1000 -- --set pulls=100 --set arms=5 --set iterations=1200 --set hidden_size=64 "${tf[@]}" --set seed="${which##*-s}" ;;&
    rl2-bandit-100-10-h64b512l9) run rl2-bandit-100-10-h64b512l9 meta-rl2-bandit --tasks 1000 -- --set pulls=100 --set arms=10 --set iterations=1000 --set hidden_size=64 --set trials_per_iteration=512 --set num_minibatches=8 --set gae_lambda=0.9 --set reward_scale=0.1 --set ent_coef=0.001 --set anneal_lr=true --set parallelism=1 ;;&
    rl2-bandit-100-10-h64b512l9tf-long) run "$which" meta-rl2-bandit --tasks 1000 -- --set pulls=100 --set arms=10 --set iterations=2000 --set hidden_size=64 "${tf[@]}" ;;&
    rl2-bandit-100-10-h64b512l9tf-3000) run "$which" meta-rl2-bandit --tasks 1000 -- --set pulls=100 --set arms=10 --set iterations=3000 --set hidden_size=64 "${tf[@]}" ;;&
    rl2-bandit-100-10-sc) run rl2-bandit-100-10-sc meta-rl2-bandit --tasks 1000 -- --set pulls=100 --set arms=10 --set iterations=1000 --set reward_scale=0.1 --set ent_coef=0.001 --set anneal_lr=true --set separate_critic=true --set parallelism=1 ;;&
    rl2-bandit-100-10|rl2-bandit|all) run rl2-bandit-100-10 meta-rl2-bandit --tasks 1000 -- --set pulls=100 --set arms=10 --set iterations=600 --set reward_scale=0.1 ;;&
    rl2-tabular-10|rl2-tabular|all) run rl2-tabular-10 meta-rl2-tabular --tasks 1000 -- --set episodes=10 ;;&
    rl2-tabular-10-sc) run rl2-tabular-10-sc meta-rl2-tabular --tasks 1000 -- --set episodes=10 --set iterations=2000 --set learning_rate=0.003 --set reward_scale=0.1 --set anneal_lr=true --set separate_critic=true --set parallelism=1 ;;&
    rl2-tabular-10-b256l9tf) run rl2-tabular-10-b256l9tf meta-rl2-tabular --tasks 1000 -- "${tab10[@]}" ;;&
    rl2-tabular-10-ent001) run rl2-tabular-10-ent001 meta-rl2-tabular --tasks 1000 -- "${tab10[@]}" --set ent_coef=0.001 ;;&
    rl2-tabular-10-h256) run rl2-tabular-10-h256 meta-rl2-tabular --tasks 1000 -- "${tab10[@]}" --set iterations=700 --set hidden_size=256 ;;&
    rl2-bandit-100-10-tf2000-s[2-9]|rl2-bandit-100-10-tf2000-s[1-9][0-9]) run "$which" meta-rl2-bandit --tasks 1000 -- --set pulls=100 --set arms=10 --set iterations=2000 --set hidden_size=64 "${tf[@]}" --set seed="${which##*-s}" ;;&
    rl2-bandit-100-10-b1024-s[1-9]) run "$which" meta-rl2-bandit --tasks 1000 -- --set pulls=100 --set arms=10 --set iterations=1600 --set hidden_size=64 "${tf[@]}" --set trials_per_iteration=1024 --set seed="${which##*-s}" ;;&
    rl2-tabular-10-ent03) run "$which" meta-rl2-tabular --tasks 1000 -- "${tab10[@]}" --set ent_coef=0.03 ;;&
    rl2-bandit-100-5-tf1200ae3-s[1-9]|rl2-bandit-100-5-tf1200ae3-s[1-9][0-9]) run "$which" meta-rl2-bandit --tasks 1000 -- --set pulls=100 --set arms=5 --set iterations=1200 --set hidden_size=64 "${tf[@]}" --set ent_coef=0.003 --set anneal_ent_coef=true --set seed="${which##*-s}" ;;&
    rl2-bandit-100-5-tf1200lr2-s[1-9]|rl2-bandit-100-5-tf1200lr2-s[1-9][0-9]) run "$which" meta-rl2-bandit --tasks 1000 -- --set pulls=100 --set arms=5 --set iterations=1200 --set hidden_size=64 "${tf[@]}" --set learning_rate=0.002 --set seed="${which##*-s}" ;;&
    rl2-bandit-100-10-tf1200lr2-s[1-9]|rl2-bandit-100-10-tf1200lr2-s[1-9][0-9]) run "$which" meta-rl2-bandit --tasks 1000 -- --set pulls=100 --set arms=10 --set iterations=1200 --set hidden_size=64 "${tf[@]}" --set learning_rate=0.002 --set parallelism=2 --set seed="${which##*-s}" ;;&
    rl2-bandit-100-5-tf1200e3-s[1-9]) run "$which" meta-rl2-bandit --tasks 1000 -- --set pulls=100 --set arms=5 --set iterations=1200 --set hidden_size=64 "${tf[@]}" --set ent_coef=0.003 --set seed="${which##*-s}" ;;&
    rl2-bandit-100-10-h128-800) run "$which" meta-rl2-bandit --tasks 1000 -- --set pulls=100 --set arms=10 --set iterations=800 --set hidden_size=128 "${tf[@]}" --set seed=1 ;;&
    rl2-tabular-10-lr6) run "$which" meta-rl2-tabular --tasks 1000 -- "${tab10[@]}" --set learning_rate=0.006 ;;&
    rl2-tabular-10-b512) run "$which" meta-rl2-tabular --tasks 1000 -- "${tab10[@]}" --set trials_per_iteration=512 --set num_minibatches=8 ;;&
    rl2-tabular-10-b512-x3000) cont "$which" rl2-tabular-10-b512 meta-rl2-tabular --tasks 1000 -- --set iterations=3000 --set learning_rate=0.0015 ;;&
    rl2-tabular-10-b512-x4000) cont "$which" rl2-tabular-10-b512-x3000 meta-rl2-tabular --tasks 1000 -- --set iterations=4000 --set learning_rate=0.003 ;;&
    rl2-tabular-10-b1024) run "$which" meta-rl2-tabular --tasks 1000 -- "${tab10[@]}" --set trials_per_iteration=1024 --set num_minibatches=16 ;;&
    rl2-tabular-10-b512g1) run "$which" meta-rl2-tabular --tasks 1000 -- "${tab10[@]}" --set trials_per_iteration=512 --set num_minibatches=8 --set gamma=1.0 ;;&
    rl2-tabular-10-b512-lstm) run "$which" meta-rl2-tabular --tasks 1000 -- "${tab10[@]}" --set trials_per_iteration=512 --set num_minibatches=8 --set cell=lstm ;;&
    rl2-tabular-10-b512-clstm) run "$which" meta-rl2-tabular --tasks 1000 -- "${tab10[@]}" --set trials_per_iteration=512 --set num_minibatches=8 --set cell=counting_lstm ;;&
    rl2-tabular-10-b512-clstm-resumed) cont "$which" rl2-tabular-10-b512-clstm meta-rl2-tabular --tasks 1000 -- ;;&
    # rl2-tabular-10-b512-belief1's results were measured at commit 6b5cfd6 (transition features times S, not sqrt(S)).
    rl2-tabular-10-b512-belief1) run "$which" meta-rl2-tabular --tasks 1000 -- "${tab10[@]}" --set trials_per_iteration=512 --set num_minibatches=8 --set belief_coef=1 ;;&
    rl2-tabular-10-b512-belief1w) run "$which" meta-rl2-tabular --tasks 1000 -- "${tab10[@]}" --set trials_per_iteration=512 --set num_minibatches=8 --set belief_coef=1 ;;&
    rl2-tabular-10-b512-belief1w-x2200) cont "$which" rl2-tabular-10-b512-belief1w meta-rl2-tabular --tasks 1000 -- --set iterations=2200 --set learning_rate=0.0015 ;;&
    rl2-tabular-10-b512-belief1w-x3800) cont "$which" rl2-tabular-10-b512-belief1w-x2200 meta-rl2-tabular --tasks 1000 -- --set iterations=3800 --set learning_rate=0.00166 ;;&
    rl2-tabular-10-b512-belief1w-x3800-g1) cont "$which" rl2-tabular-10-b512-belief1w-x2200 meta-rl2-tabular --tasks 1000 -- --set iterations=3800 --set learning_rate=0.00166 --set gamma=1 ;;&
    rl2-tabular-10-b512-priv) run "$which" meta-rl2-tabular --tasks 1000 -- "${tab10[@]}" --set trials_per_iteration=512 --set num_minibatches=8 --set privileged_critic=true ;;&
    # The two n = 25 chains below were stopped by hand at a checkpoint (from10-belief1w at iteration 2480,
    # from10x3800-belief1w at 3970) and resumed by the next entry; run straight through, each source would train to
    # its own last iteration first, so the resumed entry would not repeat the recorded run exactly.
    rl2-tabular-25-from10-belief1w) cont "$which" rl2-tabular-10-b512-belief1w-x2200 meta-rl2-tabular --tasks 1000 -- --set episodes=25 --set trials_per_iteration=256 --set iterations=3200 --set learning_rate=0.0028 ;;&
    rl2-tabular-25-from10-belief1w-x4100) cont "$which" rl2-tabular-25-from10-belief1w meta-rl2-tabular --tasks 1000 -- --set iterations=4100 --set learning_rate=0.002 ;;&
    rl2-tabular-25-from10-belief1w-x4650) cont "$which" rl2-tabular-25-from10-belief1w-x4100 meta-rl2-tabular --tasks 1000 -- --set iterations=4650 --set learning_rate=0.0068 ;;&
    # From the 4100-iteration n = 25 policy: three times the belief loss, or twice the trials per update; each step size restarts at 0.001.
    rl2-tabular-25-from10-belief1w-x4100-bc3) cont "$which" rl2-tabular-25-from10-belief1w-x4100 meta-rl2-tabular --tasks 1000 -- --set belief_coef=3 --set iterations=6200 --set learning_rate=0.00295 ;;&
    rl2-tabular-25-from10-belief1w-x4100-b512) cont "$which" rl2-tabular-25-from10-belief1w-x4100 meta-rl2-tabular --tasks 1000 -- --set trials_per_iteration=512 --set iterations=5300 --set learning_rate=0.00442 ;;&
    # A new run that starts from the 4100-iteration n = 25 policy's weights (init_from) with a 256-unit residual MLP added to each head
    # (head_hidden, output layers zero-initialised, so it starts out acting as that policy does); fresh Adam and schedules.
    rl2-tabular-25-x4100-head256) run "$which" meta-rl2-tabular --tasks 1000 -- "${tab10[@]}" --set episodes=25 --set num_minibatches=8 --set belief_coef=1 --set init_from=bench/learning/meta-runs/rl2-tabular-25-from10-belief1w-x4100 --set head_hidden=256 --set iterations=1500 --set learning_rate=0.001 ;;&
    rl2-tabular-25-from10x3800-belief1w) cont "$which" rl2-tabular-10-b512-belief1w-x3800 meta-rl2-tabular --tasks 1000 -- --set episodes=25 --set trials_per_iteration=256 --set iterations=4700 --set learning_rate=0.0047 ;;&
    rl2-tabular-25-from10x3800-belief1w-g997) cont "$which" rl2-tabular-25-from10x3800-belief1w meta-rl2-tabular --tasks 1000 -- --set gamma=0.997 ;;&
    rl2-tabular-25-long) run rl2-tabular-25-long meta-rl2-tabular --tasks 1000 -- --set episodes=25 --set iterations=600 --set learning_rate=0.003 --set reward_scale=0.1 --set anneal_lr=true --set parallelism=1 ;;&
    rl2-tabular-25-b256l9tf) run rl2-tabular-25-b256l9tf meta-rl2-tabular --tasks 1000 -- --set episodes=25 --set iterations=500 --set trials_per_iteration=256 --set gae_lambda=0.9 --set time_features=true --set learning_rate=0.003 --set reward_scale=0.1 --set anneal_lr=true --set parallelism=1 ;;&
    rl2-tabular-25|rl2-tabular|all) run rl2-tabular-25 meta-rl2-tabular --tasks 1000 -- --set episodes=25 ;;&
    *) ;;
  esac
done
rm -rf "$bin"
python3 bench/learning/meta-report.py
