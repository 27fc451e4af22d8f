#!/usr/bin/env bash
# Environment stepping speed: writes bench/results/envs.json and envs.md.
# Usage: bench/run-envs.sh [seconds-per-figure]   (default 2)
set -euo pipefail
cd "$(dirname "$0")/.."
secs="${1:-2}"
dotnet build src/MetaRL.Cli -c Release -v q -nologo >/dev/null
bin=src/MetaRL.Cli/bin/Release/net10.0/metarl
out=bench/results
tmp=$(mktemp)
$bin bench envs --seconds "$secs" --json > "$tmp"
mv "$tmp" "$out/envs.json"
load=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo "?")
python3 - "$out/envs.json" "$out/envs.md" "$load" <<'PY'
import json, sys, datetime
r = json.load(open(sys.argv[1])); load = sys.argv[3]
g = 170000.0
def f(k): return f"{r[k]:,.0f}"
rows = [
 ("single CartPole-v1 via EnvRegistry.Make (TimeLimit), wall", "cartpole_single_steps_per_s"),
 ("  same, per CPU-second of the stepping thread", "cartpole_single_steps_per_cpu_s"),
 ("single CartPole, no wrapper, wall", "cartpole_single_raw_steps_per_s"),
 ("  same, per CPU-second", "cartpole_single_raw_steps_per_cpu_s"),
 ("batch of 64 (CartPoleBatch, exact trig), 1 thread, wall", "cartpole_vec64_steps_per_s_1thread"),
 ("  same, per CPU-second", "cartpole_vec64_steps_per_cpu_s_1thread"),
 ("batch of 64 (vectorised trig), 1 thread, wall", "cartpole_vec64_fasttrig_steps_per_s_1thread"),
 ("  same, per CPU-second", "cartpole_vec64_fasttrig_steps_per_cpu_s_1thread"),
 ("SyncVectorEnv of 64 CartPole-v1, 1 thread, wall", "cartpole_sync_vector_env64_steps_per_s_1thread"),
 ("  same, per CPU-second", "cartpole_sync_vector_env64_steps_per_cpu_s_1thread"),
 ("batch of 64 split over all cores each step, wall", "cartpole_vec64_steps_per_s_all"),
 ("one batch of 64 per core, summed, wall", "cartpole_vec64_independent_batches_steps_per_s_all"),
]
slates = [
 ("RecSlate-v0 defaults (fresh candidates every step), wall", "recslate_single_steps_per_s"),
 ("  same, per CPU-second", "recslate_single_steps_per_cpu_s"),
 ("RecSlate-v0 catalogue=1000 new_items=0.1, wall", "recslate_catalogue_cold_start_steps_per_s"),
 ("  same, per CPU-second", "recslate_catalogue_cold_start_steps_per_cpu_s"),
]
lines = ["# Environment speed (`metarl bench envs`)", "",
 f"Measured {datetime.date.today()} on {int(r['cores'])} cores; load average at the end of the run: {load}.",
 "The machine is shared by several jobs, so wall-clock figures show how much CPU the scheduler gave us;",
 "the per-CPU-second figures (thread CPU time, `CLOCK_THREAD_CPUTIME_ID`) show the code's own speed.", "",
 "| figure | steps/s | × Gymnasium raw (170,000) |", "|---|---:|---:|"]
for name, k in rows:
    lines.append(f"| {name} | {f(k)} | {r[k]/g:,.1f} |")
lines += ["", "Reference: Gymnasium CartPole ≈ 170,000 steps/s raw, ≈ 105,000 with its standard wrappers (Python, one core).",
 "Targets: ≥ 200× Gymnasium on one core for a single environment through the public API; ≥ 50 M steps/s for the batch of 64 on all cores.", "",
 "## RecSlate-v0 (user-steps: one slate shown and answered)", "",
 "Through `EnvRegistry.Make` (time limit, resets included), one slate of 2 out of 10 per step from a table of random slates.",
 "Target: ≥ 1,000,000 user-steps/s on one core.", "",
 "| figure | user-steps/s |", "|---|---:|"]
for name, k in slates:
    lines.append(f"| {name} | {f(k)} |")
lines += ["",
 "Notes: splitting one batch of 64 over the cores at every step costs more in synchronisation (Parallel.For per step)",
 "than the ~2 µs of work it splits, so the all-cores lockstep figure is far below one core's; a batch per core (how a",
 "rollout collector with one worker per core runs) scales. The struct-of-arrays CartPoleBatch is not faster than a",
 "SyncVectorEnv of CartPole-v1 on this machine: both are bound by the float64 sin/cos and divisions per step.", ""]
open(sys.argv[2], "w").write("\n".join(lines))
PY
cat "$out/envs.md"
