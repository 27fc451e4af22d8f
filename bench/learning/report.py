"""Rebuilds bench/learning/results/README.md from the per-run JSON files."""
import glob, json, os, re
rows = []
for f in glob.glob("bench/learning/results/*.json"):
    if os.path.basename(f).startswith("meta-"):
        continue  # meta-learning runs have their own table (meta-results.md)
    s = json.load(open(f))
    rows.append((os.path.basename(f)[:-5], s))
# Natural order: ppo-cartpole-s2 before ppo-cartpole-s10.
rows.sort(key=lambda r: [int(t) if t.isdigit() else t for t in re.split(r"(\d+)$", r[0])])
targets = {"ppo-cartpole": 475, "dqn-cartpole": 450, "a2c-cartpole": 450, "ppo-pendulum": -250}
out = ["# Learning benchmarks (issue 4)", "",
       "Produced by `bench/learning/run.sh`; one row per run, settings in `samples/configs/<config>.yaml`.",
       "final_return_mean = mean of the last 20 training episodes. Wall time on a shared 2-core machine (other",
       "jobs running), so speeds are noisy.", "",
       "| config | seeds | reaching target | target | mean | min | max |",
       "|---|---|---|---|---|---|---|"]
configs = {}
for name, s in rows:
    configs.setdefault(name.rsplit("-s", 1)[0], []).append(s.get("final_return_mean"))
for cfg, values in configs.items():
    t = targets.get(cfg)
    hit = f"{sum(v >= t for v in values)} of {len(values)}" if t is not None else "-"
    out.append(f"| {cfg} | {len(values)} | {hit} | {'≥ ' + str(t) if t is not None else '-'} | "
               f"{sum(values) / len(values):.2f} | {min(values):.2f} | {max(values):.2f} |")
out += ["", "| run | status | steps | final_return_mean | target | wall s | steps/s | max RSS MB |",
        "|---|---|---|---|---|---|---|---|"]
for name, s in rows:
    cfg = name.rsplit("-s", 1)[0]
    t = targets.get(cfg)
    out.append(f"| {name} | {s['status']} | {s['total_steps']} | {s['final_return_mean']:.2f} | {'≥ ' + str(t) if t is not None else '-'} | "
               f"{s['wall_seconds']:.1f} | {s['steps_per_second']:.0f} | {s.get('max_rss_mb', '-')} |")
# Hand-written remarks (settings, how the seeds spread) follow the generated tables.
if os.path.exists("bench/learning/notes.md"):
    out += ["", open("bench/learning/notes.md").read().rstrip("\n")]
open("bench/learning/results/README.md", "w").write("\n".join(out) + "\n")
print("\n".join(out))
