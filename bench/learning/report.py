"""Rebuilds bench/learning/results/README.md from the per-run JSON files."""
import glob, json, os
rows = []
for f in sorted(glob.glob("bench/learning/results/*.json")):
    s = json.load(open(f))
    rows.append((os.path.basename(f)[:-5], s))
targets = {"ppo-cartpole": 475, "dqn-cartpole": 450, "a2c-cartpole": 450, "ppo-pendulum": -250}
out = ["# Learning benchmarks (issue 4)", "",
       "Produced by `bench/learning/run.sh`; one row per run. final_return_mean = mean of the last 20 training",
       "episodes. Wall time on a shared 2-core machine (other jobs running), so speeds are noisy.", "",
       "| run | status | steps | final_return_mean | target | wall s | steps/s | max RSS MB |",
       "|---|---|---|---|---|---|---|---|"]
for name, s in rows:
    cfg = name.rsplit("-s", 1)[0]
    t = targets.get(cfg)
    out.append(f"| {name} | {s['status']} | {s['total_steps']} | {s['final_return_mean']:.2f} | {'≥ ' + str(t) if t is not None else '-'} | "
               f"{s['wall_seconds']:.1f} | {s['steps_per_second']:.0f} | {s.get('max_rss_mb', '-')} |")
open("bench/learning/results/README.md", "w").write("\n".join(out) + "\n")
print("\n".join(out))
