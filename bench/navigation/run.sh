#!/usr/bin/env bash
# The full navigation journey (issue 32, section 3): RL² meta-trained across 2,000 training maps of Nav2DObstacles-v0
# against a non-adaptive PPO policy, the oracle follower, greedy and random on 200 held-out maps, two episodes per map;
# then the baselines alone on 500 held-out maps. Extra arguments go to `metarl app navigation` (e.g. --set key=value).
# Writes bench/navigation/.work/full (runs and report) and copies the report to bench/results/app-navigation/.
set -euo pipefail
cd "$(dirname "$0")/../.."
work=bench/navigation/.work
mkdir -p "$work" bench/results/app-navigation
dotnet build MetaRL.slnx -c Release -v q >/dev/null
metarl="dotnet src/MetaRL.Cli/bin/Release/net10.0/metarl.dll"
( time $metarl app navigation --out "$work/full" "$@" ) 2>&1 | tee "$work/full.log"
for f in report.html report.md results.json config.json; do cp "$work/full/$f" bench/results/app-navigation/; done
$metarl baselines Nav2DObstacles-v0 --set split=test --trials 500 | tee bench/results/app-navigation/baselines.txt
