#!/usr/bin/env bash
# The API reference of the MetaRL packages, generated from their XML docs with docfx (a local .NET tool,
# dotnet-tools.json) into artifacts/api-site (not committed). Fails on any docfx warning, broken links included.
#   docs/api/build.sh            # then open artifacts/api-site/index.html, or: dotnet docfx serve artifacts/api-site
set -euo pipefail
cd "$(dirname "$0")/../.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet tool restore > /dev/null
# docfx reads the built assemblies and their XML files (no second MSBuild evaluation of the projects).
for p in Core Envs Learning Tracking Tuning Serving Client; do
  dotnet build "src/MetaRL.$p/MetaRL.$p.csproj" -c Release -nologo -v quiet > /dev/null
done
rm -rf artifacts/api-yaml artifacts/api-site
dotnet docfx metadata docs/api/docfx.json --warningsAsErrors
dotnet docfx build docs/api/docfx.json --warningsAsErrors
# Every relative link of every page must name a file of the site (docfx checks the sources; this checks the output).
broken=0 links=0
while IFS= read -r page; do
  dir=$(dirname "$page")
  while IFS= read -r href; do
    links=$((links + 1))
    [ -e "$dir/$href" ] || { echo "broken link in $page: $href" >&2; broken=$((broken + 1)); }
  done < <(grep -oE 'href="[^"]*"' "$page" | sed -E 's/^href="//; s/"$//; s/[#?].*$//' | grep -vE '^$|^[a-z]+:|^//' | sort -u)
done < <(find artifacts/api-site -name '*.html')
[ "$broken" = 0 ] || { echo "$broken broken links" >&2; exit 1; }
echo "API reference: artifacts/api-site/index.html ($(find artifacts/api-site/api -name '*.html' | wc -l) pages, $links relative links, none broken)"
