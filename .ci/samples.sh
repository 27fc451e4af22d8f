#!/usr/bin/env bash
# Packs every MetaRL package into artifacts/packages, restores the samples (samples/Sample.*) from that local feed by
# version, builds them and runs each for a few seconds, checking what it prints (docs/packaging.md): a broken package
# or public API fails here, not in a user's project. Exit 0 only when every sample passed.
set -uo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
root=$(pwd)
feed="$root/artifacts/packages"
work="$root/artifacts/sample-runs"

fail() { echo "samples: FAILED: $*" >&2; exit 1; }

rm -rf "$feed" "$work" && mkdir -p "$feed" "$work"
echo "samples: packing into artifacts/packages"
dotnet pack MetaRL.slnx -c Release -o "$feed" -nologo -v quiet > "$work/pack.log" 2>&1 \
  || { tail -30 "$work/pack.log" >&2; fail "dotnet pack"; }
ls "$feed"/*.nupkg >/dev/null 2>&1 || fail "dotnet pack wrote no package"
# The samples' own package folder (samples/nuget.config): a re-packed version must not be shadowed by the last one.
rm -rf "$root"/artifacts/sample-packages/metarl.*

passed=0
# run NAME EXPECTED_RC ARGS...: runs the built sample with no stdin and a time limit; its output lands in $work/NAME.log.
run() {
  local name=$1 want=$2; shift 2
  local log="$work/$name.log"
  timeout 300 dotnet "samples/$name/bin/Release/net10.0/$name.dll" "$@" < /dev/null > "$log" 2>&1
  local rc=$?
  sed "s/^/  [$name] /" "$log"
  [ "$rc" = "$want" ] || fail "$name exited $rc (expected $want)"
}
expect() { grep -qE -- "$2" "$work/$1.log" || fail "$1 did not print /$2/"; }

for s in Sample.CustomEnv Sample.MetaLearning Sample.Tuning Sample.Inference; do
  echo "samples: building $s from the local feed"
  dotnet build "samples/$s" -c Release -nologo -v quiet > "$work/$s.build.log" 2>&1 \
    || { grep -E "error|warn" "$work/$s.build.log" | sort -u | head -20 >&2; fail "building $s"; }
  # By version from the feed, never by project: the assets file names the package and its version.
  grep -q "\"MetaRL\.[A-Za-z]*/$(sed -nE 's:.*<MetaRLVersion>(.*)</MetaRLVersion>.*:\1:p' Version.props)\"" "samples/$s/obj/project.assets.json" \
    || fail "$s did not restore the MetaRL packages of Version.props"
done
# Inference only: no training code (nor environments) in its dependency graph.
! grep -qE '"MetaRL\.(Learning|Envs|Tuning)/' samples/Sample.Inference/obj/project.assets.json \
  || fail "Sample.Inference depends on training code"

run Sample.CustomEnv 0 "$work/custom-env" 40000
expect Sample.CustomEnv "^check seeding: ok"
expect Sample.CustomEnv "^trained: Completed, [0-9]+ steps"
expect Sample.CustomEnv "acts as the trained policy on ([0-9]+)/\1 observations"
passed=$((passed + 1))

run Sample.Inference 0 "$work/custom-env/policy.safetensors"
expect Sample.Inference "position +0\.00 -> right"
expect Sample.Inference "position +0\.30 -> right"
run Sample.Inference 2 "$work/no-such-policy.safetensors"
expect Sample.Inference "^no policy file at"
passed=$((passed + 1))

run Sample.MetaLearning 0 40
expect Sample.MetaLearning "^adaptation steps \| MAML init \| random init"
expect Sample.MetaLearning "^gain from adaptation: MAML \+"
passed=$((passed + 1))

# The study twice: the second run is a restart that resumes it from the SQLite file.
run Sample.Tuning 0 "$work/study.db" 10
expect Sample.Tuning "^new study"
expect Sample.Tuning "^10 finished trials \(10 in this run\)"
run Sample.Tuning 0 "$work/study.db" 20
expect Sample.Tuning "^resumed study sgd-line-fit from .*: 10 finished trials"
expect Sample.Tuning "^20 finished trials \(10 in this run\)"
passed=$((passed + 1))

echo "Samples: $passed passed"
