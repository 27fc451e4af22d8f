#!/usr/bin/env bash
# Brings every package's PublicAPI.Unshipped.txt up to date with its public surface (docs/packaging.md):
# builds the solution once with the analyzer's findings as warnings, adds each symbol it reports as undeclared
# (RS0016) to the Unshipped list of its project, and records each declared symbol that is gone (RS0017): a line of
# the Unshipped list is dropped, a Shipped one is marked *REMOVED* in the Unshipped list. A library project under
# src/ without the two files gets them. Run it after adding public API on purpose, then review the diff.
#   .ci/update-public-api.sh            # the whole solution
#   .ci/update-public-api.sh src/MetaRL.Envs/MetaRL.Envs.csproj
#   .ci/update-public-api.sh --ship     # at a release: each Unshipped list moves into its Shipped list
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

if [ "${1:-}" = "--ship" ]; then
  for unshipped in src/*/PublicAPI.Unshipped.txt; do
    shipped="${unshipped%Unshipped.txt}Shipped.txt"
    body=$(grep -v '^#nullable enable$' "$shipped" || true)
    while IFS= read -r line; do
      case "$line" in
        ''|'#nullable enable') ;;
        '*REMOVED*'*) body=$(grep -vxF -- "${line#\*REMOVED\*}" <<<"$body" || true) ;;
        *) body+=$'\n'"$line" ;;
      esac
    done < "$unshipped"
    { echo '#nullable enable'; grep -v '^$' <<<"$body" | LC_ALL=C sort -u; } > "$shipped.tmp" && mv "$shipped.tmp" "$shipped"
    printf '#nullable enable\n' > "$unshipped"
    echo "$shipped: $(grep -vc '^#nullable enable$' "$shipped") symbols shipped"
  done
  exit 0
fi
target="${1:-MetaRL.slnx}"

for proj in src/*/*.csproj; do
  grep -q '<OutputType>Exe</OutputType>' "$proj" && continue
  dir=$(dirname "$proj")
  for f in PublicAPI.Shipped.txt PublicAPI.Unshipped.txt; do
    [ -f "$dir/$f" ] || { printf '#nullable enable\n' > "$dir/$f"; echo "created $dir/$f"; }
  done
done

log=$(mktemp)
trap 'rm -f "$log"' EXIT
# TreatWarningsAsErrors=false: every project builds in one pass even while its list is behind (RS0016 is a warning
# by default); the next ordinary build recompiles with the house setting.
dotnet build "$target" -c Release -p:TreatWarningsAsErrors=false -nologo -clp:NoSummary > "$log" 2>&1 || {
  grep -E ' error ' "$log" | sort -u >&2
  echo "build failed for a reason other than the public API lists (above)" >&2
  exit 1
}

changed=0
for proj in $(grep -oE '\[[^]]+\.csproj\]' "$log" | tr -d '[]' | sort -u); do
  dir=$(dirname "$proj")
  unshipped="$dir/PublicAPI.Unshipped.txt"
  [ -f "$unshipped" ] || continue
  proj_log=$(grep -F "[$proj]" "$log")
  added=$(sed -nE "s/.*warning RS0016: Symbol '(.*)' is not part of the declared public API.*/\1/p" <<<"$proj_log" | sort -u)
  gone=$(sed -nE "s/.*warning RS0017: Symbol '(.*)' is part of the declared API, but is either not public or could not be found.*/\1/p" <<<"$proj_log" | sort -u)
  [ -z "$added$gone" ] && continue
  body=$(grep -v '^#nullable enable$' "$unshipped" || true)
  while IFS= read -r sym; do
    [ -z "$sym" ] && continue
    if grep -qxF -- "$sym" <<<"$body"; then
      body=$(grep -vxF -- "$sym" <<<"$body" || true)
    else
      body+=$'\n'"*REMOVED*$sym"
    fi
  done <<<"$gone"
  body+=$'\n'"$added"
  { echo '#nullable enable'; grep -v '^$' <<<"$body" | LC_ALL=C sort -u; } > "$unshipped.tmp"
  mv "$unshipped.tmp" "$unshipped"
  n_add=$(grep -c . <<<"$added" || true); n_gone=$(grep -c . <<<"$gone" || true)
  echo "$unshipped: $n_add added, $n_gone removed"
  changed=1
done
[ "$changed" = 1 ] || echo "public API lists are up to date"
