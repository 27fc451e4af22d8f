#!/usr/bin/env bash
# A capped self-play training run on Connect Four 7x6 and its evaluation (docs/selfplay.md).
# Usage: bench/selfplay/run.sh [RUN_DIR] [MINUTES]; writes bench/results/selfplay-eval.json.
set -euo pipefail
cd "$(dirname "$0")/../.."
RUN=${1:-runs/selfplay-connect4}
MINUTES=${2:-30}
METARL="dotnet src/MetaRL.Cli/bin/Release/net10.0/metarl.dll"
dotnet build MetaRL.slnx -c Release 2>&1 | grep -E " error|rror\(s\)" || true
echo "load before: $(cat /proc/loadavg)"
# SIGINT stops between iterations' checkpoints; every finished iteration is already saved
timeout -s INT "${MINUTES}m" $METARL selfplay samples/configs/selfplay-connect4.yaml --game connect4 --out "$RUN" --overwrite || true
echo "load after: $(cat /proc/loadavg)"
mkdir -p bench/results
$METARL selfplay-eval --run "$RUN" --games 20 --rollouts 1000 --positions 30 --json | tee bench/results/selfplay-eval.json
