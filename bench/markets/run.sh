#!/usr/bin/env bash
# The full markets journey (issue 32, section 1): RL² meta-trained across generated regimes against a non-adaptive PPO
# policy and the market baselines on 200 held-out regimes, plus the walk-forward table on a price CSV.
# No recorded prices ship with this repository (the machine that built it had no internet), so the walk-forward part runs
# on a seeded random walk written here; pass a real OHLCV CSV as $1 to use that instead.
# Writes bench/markets/.work/full (runs and report) and copies the report to bench/results/app-markets.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
work=bench/markets/.work
mkdir -p "$work"
csv=${1:-$work/random-walk.csv}
if [ -z "${1:-}" ]; then
  python3 - "$csv" <<'PY'
import datetime, math, random, sys
random.seed(1)
d, p = datetime.date(2015, 1, 2), 100.0
with open(sys.argv[1], "w") as f:
    f.write("date,open,high,low,close,volume\n")
    for _ in range(1500):
        while d.weekday() >= 5:
            d += datetime.timedelta(days=1)
        r = random.gauss(0.0003, 0.012)
        o, p = p, p * math.exp(r)
        f.write(f"{d},{o:.4f},{max(o, p) * 1.003:.4f},{min(o, p) * 0.997:.4f},{p:.4f},{random.randint(1000, 5000)}\n")
        d += datetime.timedelta(days=1)
PY
fi
dotnet build MetaRL.slnx -c Release -v q >/dev/null
( time dotnet src/MetaRL.Cli/bin/Release/net10.0/metarl.dll app markets --out "$work/full" --data "$csv" ) 2>&1 | tee "$work/full.log"
cp "$work/full/report.md" bench/results/app-markets.md
cp "$work/full/results.json" bench/results/app-markets.json
