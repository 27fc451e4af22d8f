#!/usr/bin/env bash
# Distributed meta-training on this machine: MAML throughput (env steps/s) in one process and with its meta-batch
# tasks on 1, 2 and 4 silo processes (localhost clustering), and the cost of one grain call with a small and a large
# payload. Writes bench/distributed/results.md. Usage: bench/distributed/run.sh  (after a Release build)
# Throughput counts the iterations after the first (silo start-up and JIT land in the first), from metrics.jsonl.
set -euo pipefail
cd "$(dirname "$0")/../.."
M=src/MetaRL.Cli/bin/Release/net10.0/metarl.dll
OUT=$(mktemp -d /tmp/metarl-bench-dist.XXXX)
SET=(--algo maml --env PointNav2D-v0 --seed 1 --set iterations=6 --set meta_batch_size=16 --set episodes_per_task=10
     --set "hidden=[64,64]" --set pretrain_iterations=0 --quiet)
PIDS=()
stop_silos() { for p in "${PIDS[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done; for p in "${PIDS[@]:-}"; do [ -n "$p" ] && wait "$p" 2>/dev/null || true; done; PIDS=(); }
trap stop_silos EXIT
start_silos() { # N silos: ports 25111.., gateways 25201..
  local n=$1 gw=""
  for i in $(seq 1 "$n"); do
    dotnet $M cluster silo --port $((25110+i)) --gateway-port $((25200+i)) --primary-port 25111 --cluster-id bench > "$OUT/silo$i.log" 2>&1 &
    PIDS+=($!); gw="$gw,$((25200+i))"
    [ "$i" = 1 ] && sleep 2
  done
  for i in $(seq 1 "$n"); do for _ in $(seq 1 120); do grep -q "silo ready" "$OUT/silo$i.log" && break; sleep 1; done; done
  GATEWAYS=${gw#,}
}
rate() { python3 - "$1" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1] + "/metrics.jsonl")]
steps = {r["step"]: r for r in rows if r["tag"] == "meta/env_steps"}
last = max(steps); first = steps[0]
print(f'{(steps[last]["value"] - first["value"]) / (steps[last]["wall_s"] - first["wall_s"]):.0f}')
PY
}
echo "# Distributed meta-training on this machine" > "$OUT/results.md"
{
  echo
  echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
  echo "MAML on PointNav2D-v0: 6 iterations, meta-batch 16, 10 episodes per task, hidden [64,64]; env steps/s over iterations 2-6."
  echo
  echo "| where the tasks run | env steps/s | same numbers as one process |"
  echo "|---|---:|---|"
} >> "$OUT/results.md"
dotnet $M meta-train "${SET[@]}" --out "$OUT/single" --overwrite
echo "| one process (threads) | $(rate "$OUT/single") | - |" >> "$OUT/results.md"
same() { python3 - "$OUT/single" "$1" <<'PY'
import json, sys
def s(p): return [(r["tag"], r["step"], r["value"]) for r in map(json.loads, open(p + "/metrics.jsonl")) if r["tag"] in ("meta/return_pre", "meta/return_post", "meta/env_steps")]
print("yes" if s(sys.argv[1]) == s(sys.argv[2]) else "NO")
PY
}
for n in 1 2 4; do
  start_silos "$n"
  dotnet $M meta-train "${SET[@]}" --cluster "localhost:$GATEWAYS" --cluster-id bench --out "$OUT/silos$n" --overwrite
  echo "| $n silo process(es) | $(rate "$OUT/silos$n") | $(same "$OUT/silos$n") |" >> "$OUT/results.md"
  if [ "$n" = 2 ]; then
    dotnet $M cluster probe --cluster "localhost:$GATEWAYS" --cluster-id bench --floats 1000,10754,1000000 --calls 500 > "$OUT/probe.txt"
  fi
  stop_silos
done
{
  echo
  echo "Per grain call (\`metarl cluster probe\`, 2 silos; 10,754 floats is the MAML paper's 100x100 policy on PointNav2D):"
  echo
  echo '```'
  cat "$OUT/probe.txt"
  echo '```'
} >> "$OUT/results.md"
echo >> "$OUT/results.md"
echo "Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT/results.md"
cp "$OUT/results.md" bench/distributed/results.md
cat bench/distributed/results.md
