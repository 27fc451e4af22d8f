#!/usr/bin/env bash
# Issue #33's solver target: the weak solve (win/draw/loss) of the empty 7x6 board on one core, target <= 60 s.
# Usage: bench/selfplay/solve.sh [RUNS=3] [TABLE_MB=256] [MOVES=""]; prints the load, the verdict and the times of each
# run (results: bench/results/solver.md). The machine is shared: compare user CPU seconds, and report the best wall time
# with the load beside it.
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS=${1:-3}
MB=${2:-256}
MOVES=${3:-}
METARL="dotnet src/MetaRL.Cli/bin/Release/net10.0/metarl.dll"
dotnet build MetaRL.slnx -c Release 2>&1 | grep -E " error|rror\(s\)" || true
for i in $(seq "$RUNS"); do
  echo "run $i: load before $(cut -d' ' -f1-3 /proc/loadavg)"
  /usr/bin/time -f "%U s user CPU, %e s wall, %M KB peak memory" taskset -c 0 $METARL solve --moves "$MOVES" --weak --table-mb "$MB" 2>&1 | tail -3
  echo "load after $(cut -d' ' -f1-3 /proc/loadavg)"
done
