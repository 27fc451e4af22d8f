#!/bin/bash
# Load bench of `metarl serve` (issue #29): act requests/s and latency percentiles with wrk over loopback.
# usage: bench/serve/run.sh [RUN] — without RUN, trains a small PPO CartPole-v1 run (2,048 steps) into a temp folder.
# Writes bench/results/serve.md and bench/results/serve.json. Env: DURATION (s, default 10), CONNECTIONS (default 32),
# SESSIONS (default 256), THREADS (wrk threads, default 1).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
METARL="dotnet $ROOT/src/MetaRL.Cli/bin/Release/net10.0/metarl.dll"
DURATION=${DURATION:-10}; CONNECTIONS=${CONNECTIONS:-32}; SESSIONS=${SESSIONS:-256}; THREADS=${THREADS:-1}; PORT=${PORT:-18090}
WORK=$(mktemp -d /tmp/metarl-serve-bench.XXXXXX)
RUN=${1:-}
if [ -z "$RUN" ]; then
  RUN=$WORK/ppo
  $METARL train --algo ppo --env CartPole-v1 --set total_steps=2048 --out "$RUN" > "$WORK/train.log"
fi
export METARL_SERVE_TOKEN=bench-token-0123456789abcdef
${SERVER_ENV:-} $METARL serve --run "$RUN" --port "$PORT" --store "sqlite:$WORK/serve.db" > "$WORK/serve.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null || true' EXIT
until curl -sf "localhost:$PORT/healthz" > /dev/null; do sleep 0.05; done
AUTH="Authorization: Bearer $METARL_SERVE_TOKEN"
: > "$WORK/sessions"
for _ in $(seq "$SESSIONS"); do
  curl -sf -X POST -H "$AUTH" "localhost:$PORT/v1/sessions" | sed -E 's/.*"id":"([0-9a-f]+)".*/\1\n/' >> "$WORK/sessions"
done
# The observation: zeros of the model's size (the act route answers 400 with the size on a wrong length).
N=$(curl -s -X POST -H "$AUTH" -H 'Content-Type: application/json' -d '{"obs":[]}' "localhost:$PORT/v1/sessions/$(head -1 "$WORK/sessions")/act" | sed -E 's/.*observations have ([0-9]+).*/\1/')
export OBS_BODY="{\"obs\":[$(python3 -c "print(','.join(['0.01']*$N))")]}"
export SESSIONS_FILE=$WORK/sessions
# Warm-up (JIT: serve runs with tiered compilation, which recompiles hot code with profile data in the first seconds;
# SQLite pages), then the measured run.
wrk -t"$THREADS" -c"$CONNECTIONS" -d"${WARMUP:-8}s" -s "$ROOT/bench/serve/act.lua" "http://127.0.0.1:$PORT" > /dev/null
LOAD_BEFORE=$(cut -d' ' -f1 /proc/loadavg)
cpu() { awk '{print $14 + $15}' "/proc/$1/stat"; } # user + system clock ticks of a process
CPU_BEFORE=$(cpu "$SERVER")
OUT=$(/usr/bin/time -f 'WRKCPU %U %S' wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency -s "$ROOT/bench/serve/act.lua" "http://127.0.0.1:$PORT" 2>&1)
CPU_AFTER=$(cpu "$SERVER")
LOAD_AFTER=$(cut -d' ' -f1 /proc/loadavg)
echo "$OUT"
RESULT=$(echo "$OUT" | grep '^RESULT')
SERVER_CPU=$(python3 -c "print(($CPU_AFTER - $CPU_BEFORE) / $(getconf CLK_TCK))")
WRK_CPU=$(echo "$OUT" | grep '^WRKCPU' | awk '{print $2 + $3}')
ROWS=$(curl -sf -H "$AUTH" "localhost:$PORT/metrics" | grep '^metarl_log_rows_written_total' | cut -d' ' -f2)
python3 - "$RESULT" "$LOAD_BEFORE" "$LOAD_AFTER" "$RUN" "$CONNECTIONS" "$SESSIONS" "$THREADS" "$ROWS" "$N" "$ROOT" "$SERVER_CPU" "$WRK_CPU" <<'PY'
import json, sys, datetime, os, subprocess
result, load0, load1, run, conns, sessions, threads, rows, obs, root, server_cpu, wrk_cpu = sys.argv[1:]
kv = dict(p.split('=') for p in result.split()[1:])
r = {k: float(v) for k, v in kv.items()}
rps = r['requests'] / r['seconds']
algo = open(os.path.join(run, 'config.yaml')).read()
data = {
    'date': datetime.datetime.now(datetime.timezone.utc).isoformat(timespec='seconds'),
    'commit': subprocess.run(['git', '-C', root, 'rev-parse', '--short', 'HEAD'], capture_output=True, text=True).stdout.strip(),
    'run': os.path.basename(run), 'observation_size': int(obs), 'tool': 'wrk', 'threads': int(threads), 'connections': int(conns),
    'sessions': int(sessions), 'seconds': r['seconds'], 'requests': int(r['requests']), 'act_per_second': round(rps),
    'p50_ms': r['p50_us'] / 1000, 'p90_ms': r['p90_us'] / 1000, 'p99_ms': r['p99_us'] / 1000, 'max_ms': r['max_us'] / 1000,
    'non_200': int(r['errors_status']), 'socket_errors': int(r['errors_socket']), 'log_rows_written': int(rows or 0),
    'server_cpu_seconds': float(server_cpu), 'wrk_cpu_seconds': float(wrk_cpu),
    'server_cpu_us_per_act': round(float(server_cpu) / r['requests'] * 1e6, 1), 'wrk_cpu_us_per_act': round(float(wrk_cpu) / r['requests'] * 1e6, 1),
    'warmup_seconds': int(os.environ.get('WARMUP', '8')), 'loadavg_1min_before': float(load0), 'loadavg_1min_after': float(load1), 'cores': os.cpu_count(),
}
with open(os.path.join(root, 'bench/results/serve.json'), 'w') as f: json.dump(data, f, indent=2); f.write('\n')
md = f"""# `metarl serve` load bench

`bench/serve/run.sh` ({data['date']}, commit {data['commit']}): wrk over loopback, {data['threads']} thread(s), {data['connections']} connections,
`POST /v1/sessions/{{id}}/act` round-robin over {data['sessions']} sessions, {data['seconds']:.0f} s after a {data['warmup_seconds']} s warm-up. Every act
is committed to the SQLite WAL log before its response (group commit). Server and load tool share the machine's {data['cores']} cores;
1-minute load average (other jobs included) {data['loadavg_1min_before']} before, {data['loadavg_1min_after']} after.

| model | act/s | p50 ms | p90 ms | p99 ms | max ms | non-200 | rows logged |
|---|---:|---:|---:|---:|---:|---:|---:|
| PPO MLP (64-64 tanh), obs {data['observation_size']} | {data['act_per_second']:,} | {data['p50_ms']:.2f} | {data['p90_ms']:.2f} | {data['p99_ms']:.2f} | {data['max_ms']:.1f} | {data['non_200']} | {data['log_rows_written']:,} |

CPU per act (less sensitive to other jobs than the rates, though contention inflates it too): server {data['server_cpu_us_per_act']} µs, wrk {data['wrk_cpu_us_per_act']} µs. Were the
{data['cores']} cores free for these two processes alone, they would carry about {data['cores'] * 1e6 / (data['server_cpu_us_per_act'] + data['wrk_cpu_us_per_act']):,.0f} act/s
(an estimate from CPU time, not a measurement; latency under contention is not estimated).

Targets (issue #29): ≥ 20,000 act/s with p99 ≤ 5 ms for an MLP policy on this 2-core machine.
"""
with open(os.path.join(root, 'bench/results/serve.md'), 'w') as f: f.write(md)
print(md)
PY
