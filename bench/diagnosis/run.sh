#!/usr/bin/env bash
# The full diagnosis journey (Diagnosis-v0 on WDBC): baselines under stratified 10-fold CV, PPO pretrained across
# hospitals and fine-tuned on 10 held-out hospitals vs PPO trained for the nominal hospital, on the first 3 folds
# (every fold takes about 1.5M PPO steps: 10 folds did not fit the shared machine the day it was run).
# Writes bench/results/app-diagnosis/{report.html,report.md,results.json,config.json}.
set -euo pipefail
cd "$(dirname "$0")/../.."
dotnet build MetaRL.slnx -c Release > /dev/null
dotnet src/MetaRL.Cli/bin/Release/net10.0/metarl.dll app diagnosis --policy-folds 3 --out bench/results/app-diagnosis "$@"
