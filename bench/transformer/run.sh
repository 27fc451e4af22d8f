#!/usr/bin/env bash
# Issue 25's speed target: `metarl bench transformer --json` beside the identical PyTorch model
# (bench/transformer/torch_bench.py), both on one thread, run in interleaved rounds (ours, torch, ours, torch, …)
# so that load on a shared machine hits both alike. Writes bench/results/transformer.json and transformer.md
# (temp file + rename) with medians over rounds, the ratio, the load averages, and where the time goes.
# Usage: bench/transformer/run.sh [ROUNDS]   (default 3)
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds=${1:-3}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
# One thread for PyTorch's own pool, for OpenMP and for the BLAS under it.
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1
py=/usr/bin/python3
if ! "$py" -c "import torch" 2>/dev/null; then
  if [ "$(id -u)" = 0 ]; then
    # Debian's torch calls the system BLAS; without OpenBLAS it would be the reference BLAS, far slower than PyTorch as shipped.
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-torch libopenblas0-pthread >/dev/null
  else
    echo "PyTorch is missing: apt-get install -y python3-torch libopenblas0-pthread" >&2
    exit 2
  fi
fi
mkdir -p bench/results /tmp/transformer-bench
dotnet build src/MetaRL.Cli -c Release -v quiet -nologo >/dev/null
metarl="dotnet src/MetaRL.Cli/bin/Release/net10.0/metarl.dll"
out=/tmp/transformer-bench
rm -f "$out"/*.json "$out"/load.txt
for r in $(seq 1 "$rounds"); do
  cut -d' ' -f1 /proc/loadavg >> "$out/load.txt"
  $metarl bench transformer --json > "$out/ours.$r.json"
  cut -d' ' -f1 /proc/loadavg >> "$out/load.txt"
  "$py" bench/transformer/torch_bench.py --samples 11 > "$out/torch.$r.json"
done
cut -d' ' -f1 /proc/loadavg >> "$out/load.txt"
$metarl bench transformer --json --profile > "$out/ours.profile.json"
"$py" bench/transformer/torch_bench.py --samples 3 --profile > "$out/torch.profile.json"
cut -d' ' -f1 /proc/loadavg >> "$out/load.txt"
cpu=$(grep -m1 "model name" /proc/cpuinfo 2>/dev/null | cut -d: -f2- | sed 's/^ *//' || echo "unknown")
python3 - "$out" "$rounds" "$cpu" "$(nproc)" <<'PY'
import json, statistics, sys, datetime, os
out, rounds, cpu, cores = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
load = [float(x) for x in open(f"{out}/load.txt").read().split()]
ours = [json.load(open(f"{out}/ours.{r}.json")) for r in range(1, rounds + 1)]
torch = [json.load(open(f"{out}/torch.{r}.json")) for r in range(1, rounds + 1)]
prof_ours = json.load(open(f"{out}/ours.profile.json"))
prof_torch = json.load(open(f"{out}/torch.profile.json"))
med = lambda rows, key: statistics.median(r[key] for r in rows if r.get(key) is not None)
result = {
    "date": datetime.date.today().isoformat(), "cpu": cpu, "cores": int(cores), "rounds": rounds,
    "load_average_1min": load,
    "train_step_ms_1thread": med(ours, "train_step_ms_1thread"),
    "train_step_ms_1thread_cputime": med(ours, "train_step_ms_1thread_cputime"),
    "torch_train_step_ms_1thread": med(torch, "train_step_ms_1thread"),
    "torch_train_step_ms_1thread_cputime": med(torch, "train_step_ms_1thread_cputime"),
    "act_us_kv": med(ours, "act_us_kv"),
    "act_us_kv_cputime": med(ours, "act_us_kv_cputime"),
    "per_round": {"ours": ours, "torch": torch},
    "breakdown_ms_ours": prof_ours.get("breakdown_ms"),
    "profile_self_ms_per_step_torch": prof_torch.get("profile_self_ms_per_step"),
    "torch": torch[0].get("torch"), "blas": torch[0].get("blas"), "kernel": ours[0].get("kernel"),
    "shape": ours[0].get("shape"), "parameters": ours[0].get("parameters"), "torch_parameters": torch[0].get("parameters"),
}
result["speedup_wall"] = round(result["torch_train_step_ms_1thread"] / result["train_step_ms_1thread"], 2)
result["speedup_cputime"] = round(result["torch_train_step_ms_1thread_cputime"] / result["train_step_ms_1thread_cputime"], 2)
json.dump(result, open("bench/results/transformer.json.tmp", "w"), indent=1)
os.replace("bench/results/transformer.json.tmp", "bench/results/transformer.json")
r = result
L = []
L.append("# `metarl bench transformer` beside PyTorch\n")
L.append(f"Measured {r['date']} on {cpu} ({cores} cores), {rounds} interleaved rounds (ours, then PyTorch {r['torch']} with "
         f"`{r['blas']}`), one thread each. 1-minute load average at each switch: {', '.join(f'{x:g}' for x in load)} "
         f"(the machine is shared: wall-clock figures move with the load; thread CPU time leaves out time spent descheduled).\n")
L.append(f"Model: {r['shape']}; {r['parameters']:,} parameters (PyTorch twin: {r['torch_parameters']:,}). Step = forward, "
         "cross-entropy at every position, backward, AdamW (lr 3e-4, weight decay 0.01). Our micro-kernel: "
         f"`{r['kernel']}`.\n")
L.append("| figure | ours | PyTorch | PyTorch / ours | target |")
L.append("|---|---:|---:|---:|---:|")
L.append(f"| training step, ms (median wall clock) | {r['train_step_ms_1thread']:.1f} | {r['torch_train_step_ms_1thread']:.1f} | {r['speedup_wall']:.2f}× | ≥ 1.5× |")
L.append(f"| training step, ms (median thread CPU time) | {r['train_step_ms_1thread_cputime']:.1f} | {r['torch_train_step_ms_1thread_cputime']:.1f} | {r['speedup_cputime']:.2f}× | ≥ 1.5× |")
L.append(f"| online step with KV cache at context 500, µs (wall) | {r['act_us_kv']:.1f} | – | – | ≤ 100 |")
L.append(f"| online step with KV cache at context 500, µs (thread CPU) | {r['act_us_kv_cputime']:.1f} | – | – | ≤ 100 |")
L.append("\n## Where the time goes (ours, thread CPU ms per training step)\n")
L.append("Each kind of op timed on its own at the step's shapes, forward and backward, times its count in the step; "
         "`other` is the full step minus those parts (residual adds, the positional add, reshapes, the loss, the graph walk, "
         "allocation and page faults).\n")
L.append("| part | ms |")
L.append("|---|---:|")
for k, v in (r["breakdown_ms_ours"] or {}).items():
    L.append(f"| {k} | {v:.1f} |")
L.append("\n## PyTorch's profile (self CPU ms per step, autograd profiler, top ops)\n")
L.append("| op | ms |")
L.append("|---|---:|")
for k, v in (r["profile_self_ms_per_step_torch"] or {}).items():
    L.append(f"| `{k}` | {v:.1f} |")
open("bench/results/transformer.md.tmp", "w").write("\n".join(L) + "\n")
os.replace("bench/results/transformer.md.tmp", "bench/results/transformer.md")
print("\n".join(L))
PY
