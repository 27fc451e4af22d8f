#!/usr/bin/env bash
# Issue 27's ONNX checker target, with the ONNX project's own checker: exports every trained run bench/deploy/.work holds
# (run.sh and meta.sh train them: MLP categorical and Gaussian actor-critics, their int8 and distilled copies, the RL²
# GRU, the MAML MLP and the DPT transformer) and runs onnx.checker.check_model(full_check=True), which adds ONNX shape
# inference, on each file -> bench/results/onnx-check.md. Needs Debian's python3-onnx (`apt-get install python3-onnx`;
# 1.12 on bookworm, which knows opsets up to 17). The numeric comparison with ONNX Runtime is a test (bench/deploy/README.md).
# Usage: bench/deploy/onnx-check.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
work=bench/deploy/.work
bin=bench/deploy/.bin
out=$work/onnx
dotnet publish src/MetaRL.Cli -c Release -v q -nologo -o "$bin" >/dev/null
rm -rf "$out" && mkdir -p "$out"
runs=()
for run in "$work"/*/; do
  name=$(basename "$run")
  [[ -f $run/config.yaml && $name != onnx ]] || continue
  if dotnet "$bin/metarl.dll" export --run "$run" --format onnx -o "$out/$name.onnx" > "$out/$name.log" 2>&1; then runs+=("$name"); else echo "$name: export refused: $(tail -1 "$out/$name.log")"; fi
done
/usr/bin/python3 - "$out" "$(cut -d' ' -f1-3 /proc/loadavg)" "${runs[@]}" <<'PY'
import sys, datetime, onnx, onnx.checker
out, load, runs = sys.argv[1], sys.argv[2], sys.argv[3:]
lines = []
for name in runs:
    model = onnx.load(f"{out}/{name}.onnx")
    try:
        onnx.checker.check_model(model, full_check=True)
        verdict = "passes"
    except Exception as e:  # the checker's own message is the finding
        verdict = "FAILS: " + str(e).splitlines()[0]
    ops = sorted({n.op_type for n in model.graph.node})
    io = "; ".join(f"{v.name} [{', '.join(d.dim_param or str(d.dim_value) for d in v.type.tensor_type.shape.dim)}]" for v in list(model.graph.input) + list(model.graph.output))
    lines.append(f"| {name} | {model.opset_import[0].version} | {io} | {', '.join(ops)} | {verdict} |")
with open("bench/results/onnx-check.md", "w") as f:
    f.write("# ONNX files checked by the ONNX project's checker\n\n")
    f.write(f"`bench/deploy/onnx-check.sh` on {datetime.date.today().isoformat()} (load {load}), onnx {onnx.__version__} (Debian python3-onnx): "
            "`onnx.checker.check_model(model, full_check=True)` on the export of every run in bench/deploy/.work.\n\n")
    f.write("| run | opset | inputs; outputs | operators | checker |\n|---|---|---|---|---|\n")
    f.write("\n".join(lines) + "\n")
print(open("bench/results/onnx-check.md").read())
PY
