#!/usr/bin/env bash
# The longer fault test: 3 silo processes (localhost clustering, fast failure detection), a 30-iteration MAML run
# against them, silo 3 killed with SIGKILL during iteration ~5 and silo 2 during iteration ~15. The run must finish
# with exactly the metrics of the single-process run (each task counted once) and report the retries it took.
# Usage: bench/distributed/kill.sh  (after a Release build). Prints PASS or FAIL and exits 0 or 1.
set -euo pipefail
cd "$(dirname "$0")/../.."
M=src/MetaRL.Cli/bin/Release/net10.0/metarl.dll
OUT=$(mktemp -d /tmp/metarl-bench-kill.XXXX)
SET=(--algo maml --env PointNav2D-v0 --seed 2 --set iterations=30 --set meta_batch_size=12 --set episodes_per_task=8
     --set "hidden=[32,32]" --set pretrain_iterations=0 --set checkpoint_every=5 --quiet)
PIDS=()
cleanup() { for p in "${PIDS[@]:-}"; do [ -n "$p" ] && kill -9 "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
for i in 1 2 3; do
  dotnet $M cluster silo --port $((26110+i)) --gateway-port $((26200+i)) --primary-port 26111 --cluster-id kill --fast-failure-detection > "$OUT/silo$i.log" 2>&1 &
  PIDS+=($!)
  [ "$i" = 1 ] && sleep 2
done
for i in 1 2 3; do for _ in $(seq 1 120); do grep -q "silo ready" "$OUT/silo$i.log" && break; sleep 1; done; done
dotnet $M meta-train "${SET[@]}" --cluster localhost:26201,26202,26203 --cluster-id kill --out "$OUT/cluster" > "$OUT/run.log" 2>&1 &
RUN=$!
wait_step() { for _ in $(seq 1 1200); do grep -q "\"meta/env_steps\",\"step\":$1," "$OUT/cluster/metrics.jsonl" 2>/dev/null && return; sleep 0.1; done; }
wait_step 4; sleep 0.2; kill -9 "${PIDS[2]}"; echo "killed silo 3 after iteration 4"
wait_step 14; sleep 0.2; kill -9 "${PIDS[1]}"; echo "killed silo 2 after iteration 14"
wait "$RUN"; cat "$OUT/run.log"
dotnet $M meta-train "${SET[@]}" --out "$OUT/single"
python3 - "$OUT" <<'PY'
import json, sys, collections
out = sys.argv[1]
def rows(p): return [json.loads(l) for l in open(f"{out}/{p}/metrics.jsonl")]
def det(rs): return [(r["tag"], r["step"], r["value"]) for r in rs if r["tag"] in ("meta/return_pre", "meta/return_post", "meta/env_steps")]
c, s = rows("cluster"), rows("single")
tasks = collections.Counter()
for r in c:
    if r["tag"].endswith("/tasks"): tasks[r["step"]] += r["value"]
retries = sum(r["value"] for r in c if r["tag"] == "cluster/retries")
silos = [int(r["value"]) for r in c if r["tag"] == "cluster/silos"]
ok = det(c) == det(s) and len(tasks) == 30 and all(v == 12 for v in tasks.values())
print(f"iterations {len(tasks)}, tasks per iteration {sorted(set(tasks.values()))}, silos per iteration {silos}, retries {retries:.0f}")
print("same metrics as one process:", det(c) == det(s))
print("PASS" if ok else "FAIL")
sys.exit(0 if ok else 1)
PY
