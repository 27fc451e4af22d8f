#!/usr/bin/env bash
# Full learning runs for issue 4's acceptance. Runs one at a time (CPU), each into bench/learning/runs/<name>/,
# then copies summary.json to bench/learning/results/<name>.json and rebuilds bench/learning/results/README.md.
# Usage: bench/learning/run.sh [ppo-cartpole|dqn-cartpole|a2c-cartpole|ppo-pendulum|q_learning-gridnav|all] [seeds...]
set -euo pipefail
cd "$(dirname "$0")/../.."
which=${1:-all}; shift || true
seeds=${*:-1 2 3 4 5}
dotnet build src/MetaRL.Cli -c Release -v q -nologo >/dev/null
metarl="dotnet src/MetaRL.Cli/bin/Release/net10.0/metarl.dll"
mkdir -p bench/learning/runs bench/learning/results
for cfg in ppo-cartpole dqn-cartpole a2c-cartpole ppo-pendulum q_learning-gridnav; do
  [[ $which == all || $which == "$cfg" ]] || continue
  for s in $seeds; do
    name="$cfg-s$s"
    rm -rf "bench/learning/runs/$name"
    # /usr/bin/time -v reports the peak resident set of the whole process (runtime included).
    /usr/bin/time -v $metarl train "samples/configs/$cfg.yaml" --seed "$s" --out "bench/learning/runs/$name" \
      > "bench/learning/runs/$name.log" 2> "bench/learning/runs/$name.time"
    rss_kb=$(grep "Maximum resident set size" "bench/learning/runs/$name.time" | awk '{print $NF}')
    python3 - "$name" "$rss_kb" <<'PY'
import json, sys
name, rss = sys.argv[1], int(sys.argv[2])
s = json.load(open(f"bench/learning/runs/{name}/summary.json"))
s["max_rss_mb"] = round(rss / 1024, 1)
json.dump(s, open(f"bench/learning/results/{name}.json", "w"), indent=2)
print(name, s["status"], s["total_steps"], s["final_return_mean"], s["wall_seconds"], s["steps_per_second"], s["max_rss_mb"])
PY
  done
done
python3 bench/learning/report.py
