#!/usr/bin/env bash
# The full diagnosis journey (Diagnosis-v0 on WDBC): baselines under stratified 10-fold CV, PPO pretrained across
# hospitals and fine-tuned on 10 held-out hospitals vs PPO trained for the nominal hospital, on every fold.
# Writes bench/results/app-diagnosis/{report.html,report.md,results.json,config.json}.
set -euo pipefail
cd "$(dirname "$0")/../.."
dotnet build MetaRL.slnx -c Release > /dev/null
dotnet src/MetaRL.Cli/bin/Release/net10.0/metarl.dll app diagnosis --out bench/results/app-diagnosis "$@"
