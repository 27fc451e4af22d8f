#!/usr/bin/env bash
# Sampler quality and speed for the tuning engine: writes bench/results/tuning.json and tuning.md.
# Figures: CMA-ES on rosenbrock:8 (10 seeds, 5,000 evaluations), GP-BO on branin (10 seeds, 60),
# every sampler on hartmann6 (10 seeds, 100), storage throughput, two worker processes on one SQLite study.
# Then the real-process tests (shared study of 200 trials, SIGKILLed worker), which also run in the default suite.
set -euo pipefail
cd "$(dirname "$0")/.."
SEEDS="${SEEDS:-10}"
dotnet build src/MetaRL.Cli -c Release -v q -nologo
dotnet src/MetaRL.Cli/bin/Release/net10.0/metarl.dll tune bench --out bench/results --seeds "$SEEDS"
dotnet test tests/MetaRL.Tests -c Release --filter "FullyQualifiedName~TuneWorkerProcessTests" -nologo
