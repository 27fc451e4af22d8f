#!/usr/bin/env python3
"""Rebuilds bench/learning/results/meta-results.md from bench/learning/results/meta-*.json (written by meta-run.sh)."""
import glob, json, os

here = os.path.dirname(os.path.abspath(__file__))
results = os.path.join(here, "results")
PAPER_MAML = {"maml": [-40.41, -11.68, -3.33, -3.23], "pretrained": [-40.81, -19.73, -11.72, -8.47],
              "random-init": [-82.66, -57.96, -53.84, -46.81], "oracle": [-2.29]}
PAPER_RL2_BANDIT = {"10-5": 6.7, "10-10": 6.7, "100-5": 78.7, "100-10": 83.5}
PAPER_BANDIT_BASELINES = {"10-5": {"gittins": 6.6, "thompson": 5.7, "ucb1": 6.7}, "10-10": {"gittins": 6.6, "thompson": 5.5, "ucb1": 6.7},
                          "100-5": {"gittins": 78.3, "thompson": 74.7, "ucb1": 78.0}, "100-10": {"gittins": 82.8, "thompson": 76.7, "ucb1": 82.4}}
PAPER_RL2_MDP = {"10": 156.2, "25": 445.7}


def cell(r):
    return f"{r['mean']:.2f} ± {r['ci95']:.2f}" if r and r.get("mean") is not None else ""


def load(path):
    """A result file with RL²'s per-episode rows ("kind": "episode") left out: the tables are the paper's totals."""
    s = json.load(open(path))
    for key in ("rows", "rows_greedy"):
        if key in s:
            s[key] = [r for r in s[key] if r.get("kind") != "episode"]
    return s


def table(rows):
    steps = sorted({r["steps"] for r in rows})
    methods = list(dict.fromkeys(r["method"] for r in rows))
    out = ["| method | " + " | ".join(f"k={s}" for s in steps) + " |", "|---|" + "---|" * len(steps)]
    for m in methods:
        out.append(f"| {m} | " + " | ".join(cell(next((r for r in rows if r["method"] == m and r["steps"] == s), None)) for s in steps) + " |")
    return out


def timing(s):
    load = s.get("load_average")
    return (f"status {s['summary']['status']}, {s['summary']['total_steps']:,} env steps, wall {s['summary']['wall_seconds']:.0f} s "
            f"({s['summary']['wall_seconds'] / 60:.1f} min), {s['summary']['steps_per_second']:,.0f} steps/s"
            + (f"; load average (1, 5, 15 min) {load['before']} before training, {load['after']} after" if load else ""))


lines = ["# Meta-learning results (issue 5)", "",
         "Written by `bench/learning/meta-report.py` from `meta-*.json` (produced by `bench/learning/meta-run.sh`).",
         "Wall times were measured on the shared 2-core machine while other jobs ran (load averages in the notes), so they",
         "are upper bounds on what the same run takes on an idle machine.", ""]
for path in sorted(glob.glob(os.path.join(results, "meta-*.json"))):
    s = load(path)
    name = s["name"]
    header = f"`{s['config']}` {s['overrides']}".rstrip()
    if s.get("continues"):  # trained on from another run's last checkpoint (meta-run.sh cont)
        header = f"continues `{s['continues']}` from its last checkpoint (`meta-train --resume`) with {s['overrides'] or 'the same settings'}"
    lines += [f"## {name}", "", header, "", timing(s), ""]
    lines += table(s["rows"]) + [""]
    if s.get("rows_greedy"):
        lines += ["The same held-out tasks with greedy actions (`meta-eval --greedy`; the classical baselines are unchanged):", ""]
        lines += table([r for r in s["rows_greedy"] if r["method"] in ("rl2", "random-init")]) + [""]
    if name.startswith("maml-pointnav"):
        lines += ["Paper (Finn et al. 2017, 40 test goals): " + "; ".join(f"{m} " + ", ".join(f"{v}" for v in vals) for m, vals in PAPER_MAML.items()), ""]
    if name.startswith("rl2-bandit-"):
        key = "-".join(name.split("-")[2:4])  # rl2-bandit-N-K[-variant]
        rl2 = next(r for r in s["rows"] if r["method"] == "rl2")
        ratio = rl2["mean"] / PAPER_RL2_BANDIT[key]
        lines += [f"Paper RL² {PAPER_RL2_BANDIT[key]}; ours {rl2['mean']:.2f} = {100 * ratio:.1f}% of it "
                  f"({'within 3% or above' if ratio >= 0.97 else 'short of the 3% band'}). Paper baselines: "
                  + ", ".join(f"{k} {v}" for k, v in PAPER_BANDIT_BASELINES[key].items()), ""]
        g = next((r for r in s.get("rows_greedy", []) if r["method"] == "rl2"), None)
        if g:
            gr = g["mean"] / PAPER_RL2_BANDIT[key]
            lines += [f"Greedy actions: {g['mean']:.2f} = {100 * gr:.1f}% of the paper's figure "
                      f"({'within 3% or above' if gr >= 0.97 else 'short of the 3% band'}).", ""]
    if name.startswith("rl2-tabular-"):
        key = name[len("rl2-tabular-"):]
        key = key.split("-")[0]  # rl2-tabular-N[-variant]
        rl2 = max((r for r in s["rows"] if r["method"] == "rl2"), key=lambda r: r["steps"])
        ratio = rl2["mean"] / PAPER_RL2_MDP[key]
        lines += [f"Paper RL² {PAPER_RL2_MDP[key]}; ours {rl2['mean']:.2f} = {100 * ratio:.1f}% of it "
                  f"({'within 5%' if abs(1 - ratio) <= 0.05 or ratio > 1 else 'outside the 5% band'}).", ""]
        g = max((r for r in s.get("rows_greedy", []) if r["method"] == "rl2"), key=lambda r: r["steps"], default=None)
        if g:
            gr = g["mean"] / PAPER_RL2_MDP[key]
            lines += [f"Greedy actions: {g['mean']:.2f} = {100 * gr:.1f}% of the paper's figure.", ""]
# Recipes run over several seeds: each seed's held-out RL² figure (sampled actions), their mean and spread, judged
# against the paper's figure as a whole (the acceptance's 3% band applies to the mean, not to the best seed).
SEED_GROUPS = [
    ("RL² (100, 5), time-features recipe, 1200 iterations", "100-5",
     [f"rl2-bandit-100-5-tf1200-s{k}" for k in range(1, 11)]),
    ("RL² (100, 5), the same recipe with learning_rate 0.002 instead of 0.001", "100-5",
     [f"rl2-bandit-100-5-tf1200lr2-s{k}" for k in range(1, 11)]),
    ("RL² (100, 5), the same recipe with ent_coef 0.003 annealed linearly to 0 (stopped after two seeds)", "100-5",
     [f"rl2-bandit-100-5-tf1200ae3-s{k}" for k in range(1, 11)]),
    ("RL² (100, 10), time-features recipe, 2000 iterations", "100-10",
     ["rl2-bandit-100-10-h64b512l9tf-long"] + [f"rl2-bandit-100-10-tf2000-s{k}" for k in range(2, 11)]),
    ("RL² (100, 10), time-features recipe with 1024 trials per update, 1600 iterations", "100-10",
     [f"rl2-bandit-100-10-b1024-s{k}" for k in range(1, 10)]),
    ("RL² (100, 10), time-features recipe with learning_rate 0.002, 1200 iterations", "100-10",
     [f"rl2-bandit-100-10-tf1200lr2-s{k}" for k in range(1, 11)]),
]
seed_lines = []
for title, key, names in SEED_GROUPS:
    vals = []
    for n in names:
        f = os.path.join(results, f"meta-{n}.json")
        if os.path.exists(f):
            seed_run = load(f)
            vals.append((seed_run["summary"]["seed"], next(r["mean"] for r in seed_run["rows"] if r["method"] == "rl2")))
    if not vals:
        continue
    xs = [v for _, v in vals]
    mean = sum(xs) / len(xs)
    sd = (sum((x - mean) ** 2 for x in xs) / (len(xs) - 1)) ** 0.5 if len(xs) > 1 else 0.0
    need = 0.97 * PAPER_RL2_BANDIT[key]
    seed_lines.append(f"| {title} | " + ", ".join(f"{seed}: {v:.2f}" for seed, v in vals) + f" | {mean:.2f} | {sd:.2f} | "
                      f"{sum(x >= need for x in xs)} of {len(xs)} | {need:.3f} ({'met' if mean >= need else f'{need - mean:.3f} short'}; mean {mean:.3f}) |")
if seed_lines:
    lines += ["## Seed summary", "", "Every seed run of a recipe, held out (1000 tasks from each run's seed, sampled actions).", "",
              "| recipe | seed: RL² | mean | sd | seeds in band | 3% band (mean) |", "|---|---|---|---|---|---|"] + seed_lines + [""]
lines += ["## Notes: what was tried and what falls short", "",
          "- MAML 2D navigation: the Gaussian policy acts in normalised units (rllab's normalize(env), as the paper ran",
          "  it), so its unit initial std spans the +/-0.1 action range instead of swamping it, and test-time adaptation",
          "  uses the paper's step sizes (0.5, then 0.25). With both, MAML reaches -11.35 / -5.54 / -4.87 after 1 / 2 / 3",
          "  steps (targets -15 and -6). Before the change (std in environment units) it plateaued at about -14.8 after",
          "  any number of steps; init_std 0.1 in environment units diverged. The first-order TRPO run of the earlier",
          "  session used the old action units and was removed rather than kept as a stale figure.",
          "- Task selection (MAML, 64 fixed training goals, 60 iterations): learning progress and uniform are within",
          "  each other's confidence intervals after one step on this family (see the two curriculum tables).",
          "- RL2 bandits: (10, 5) trained 800 iterations x 128 trials; a 300-iteration run scored 6.30 (short of the band).",
          "  (10, 10): 800 iterations with ent_coef 0.01 scored 6.46 (345 s, composed GRU); 1600 iterations with",
          "  ent_coef 0.003 score 6.59 (257 s with the fused GRU, load ~7). One seed each, no seed selection.",
          "- RL2 speed: the GRU recurrence is one fused op with a hand-written backward through time (`Ops.GruSequence`;",
          "  the composed version padded a [T*B, 3H] gradient per step, quadratic in the trial length). One (100, 5)",
          "  iteration (128 trials) went from ~36 s (4 iterations in 144 s, 355 steps/s, load 5.4) to ~0.85-2 s",
          "  depending on load (4 iterations in 9.8 s at load 9.5); about 0.9 CPU-seconds per iteration.",
          "- RL2 (100, k): unscaled rewards did not learn (~52-53 after 80 iterations): the clipped value loss moves the",
          "  critic 0.2 per update toward returns of ~40 and its gradient dominates the norm clip; `reward_scale: 0.1`",
          "  fixed that (~58 after 60 iterations). ent_coef 0.01 plateaued at ~69-70 training return (70.64 held out,",
          "  `rl2-bandit-100-5-ent01`); ent_coef 0.001 learned slower but scored 72.72 held out (`rl2-bandit-100-5`),",
          "  short of the 76.34 needed (3% below 78.7) and of our greedy and Thompson figures. (100, 10) with ent_coef",
          "  0.01 and 600 iterations scored 74.93 (728 s), short of the 81.0 needed (3% below 83.5). The runs used",
          "  8-13M env steps to fit the 30-minute budget (all finished within it: 1164, 1000 and 728 s on the shared",
          "  machine); longer training was not tried.",
          "- RL2 this session (2026-12-02). A longer shared-trunk (100, 5) run, 2200 iterations with anneal_lr",
          "  (`rl2-bandit-100-5-long`, 1516 s), scored 70.29 held out (70.32 greedy): its training return plateaued",
          "  near 70 from about iteration 1000, so more training of the same model did not help. A separate critic",
          "  (`separate_critic: true`, the value head on its own GRU as the paper's baseline was its own network) looked",
          "  better in one run: with otherwise identical settings its training return averaged 73.4 over iterations",
          "  200-271 against 64.8 for the shared trunk (whose 50-iteration means never exceeded 70.9 in 2200 iterations),",
          "  but that run was stopped to start the official one. It costs about twice the",
          "  recurrent compute (1.6 s per (100, 5) iteration alone on a core, 2.3 s beside another job). The held-out",
          "  figures did not follow: the 900-iteration separate-critic (100, 5) run (`rl2-bandit-100-5-sc`, 1583 s) peaked",
          "  at ~70.8 training return near iteration 190, fell to ~63 and averaged 69.7 over its last 100 iterations;",
          "  held out 70.33 (71.18 greedy).",
          "  (100, 10) with a separate critic, 1000 iterations (`rl2-bandit-100-10-sc`): 70.52 (below the earlier 74.93).",
          "  One seed per setting: the run-to-run spread is as large as the differences between settings.",
          "- RL2 tabular n = 10 with a separate critic (`rl2-tabular-10-sc`, 2000 iterations, 12.8 M steps): 120.46 held",
          "  out (120.63 greedy) against the 148.4 needed (5% below 156.2); its wall time includes about 26 minutes",
          "  paused (SIGSTOP) while the (100, 5) run had the machine. Our greedy model-based baseline scores 154.06",
          "  here (the paper's greedy: 134.8) and PSRL 134.26 (paper 138.1).",
          "- RL2 tabular n = 25 (`rl2-tabular-25-long`, shared trunk, 600 iterations, 9.6 M steps, 654 s): 301.83 held out",
          "  (303.35 greedy) against the 423.4 needed (5% below 445.7); far short, and shorter trained than n = 10.",
          "- RL2 tabular MDPs, 300-iteration probes (64 trials of 10 episodes, shared trunk, one core each): rewards",
          "  unscaled did not learn within 120 iterations (~101, random play's level); reward_scale 0.1 reached ~108-111",
          "  training return at 300 iterations; with learning_rate 0.003 ~115; gae_lambda 0.95 ~113 (no better);",
          "  learning_rate 0.01 was unstable (~98-107); 8 epochs and 256-trial batches learned slower per sample.",
          "  A 4000-iteration shared run (learning_rate 0.003, reward_scale 0.1, anneal_lr) was at 119.4 training",
          "  return (mean of iterations 1272-1372, 609 s) when it was stopped for the separate-critic run.",
          "- RL2 (100, 5), second session of 2026-12-02: larger batches on a smaller GRU. With hidden_size 64 an update",
          "  costs about a third of the 128-unit one, so 512 trials (51,200 steps) per iteration in 8 minibatches fit",
          "  850 iterations (43.5 M steps) in the 30 minutes. GAE lambda 0.3 (`rl2-bandit-100-5-h64b512`) scored 71.33",
          "  held out (71.45 greedy); lambda 0.9 (`rl2-bandit-100-5-h64b512l9`, 1702 s beside another job) 75.25",
          "  (75.09 greedy), our best (100, 5) so far, 95.6% of the paper's 78.7 and 1.09 short of the 76.34 needed.",
          "  Its training return rose to ~74 by iteration 200 and then crept to ~75 over the remaining 650 iterations.",
          "  Two variants were stopped at iteration ~245 because they were behind it at the same point (training return",
          "  averaged over iterations 200-243): lambda 0.97 70.24 and lambda 0.9 with gamma 1.0 71.49, against 74.12.",
          "  hidden_size 128 at 512 trials ran at 5.5 s per iteration beside two other jobs, too slow for the",
          "  30-minute budget, and was stopped after 29 iterations.",
          "- RL2 `time_features` (the trial observation also carries the fraction of the episode's time limit and of the",
          "  trial's episodes used): the lambda 0.9 (100, 5) setting with them (`rl2-bandit-100-5-h64b512l9tf`, 1749 s",
          "  beside another job) scored 75.86 held out (75.60 greedy), 0.48 short of the 76.34 needed (96.4% of 78.7);",
          "  its training curve tracked the run without them within about 0.3-0.5 throughout, so the gain is within",
          "  run-to-run noise.",
          "- The same time-features recipe with seed 2 and 900 iterations (`rl2-bandit-100-5-h64b512l9tf-s2`, 1450 s",
          "  beside another job, with the segments GC): 76.41 held out (76.32 greedy), 97.1% of 78.7, inside the 3%",
          "  band. The held-out tasks follow the run's seed, so its baselines differ from seed 1's: greedy 75.27 and",
          "  Gittins 78.13 there, against 75.92 and 79.19; RL2 is 97.8% of Gittins with seed 2 and 95.8% with seed 1.",
          "- Seed 3, 1000 iterations (`rl2-bandit-100-5-h64b512l9tf-s3`, 1554 s; part of it beside test builds): 75.44",
          "  held out (75.67 greedy), 96.4% of Gittins' 78.29 on its tasks. Seeds 4 and 5, 900 iterations (1282 and 1287 s,",
          "  run side by side): 75.18 (75.49) and 77.72 (77.50). Over seeds 1-5 the recipe scores 75.86, 76.41, 75.44,",
          "  75.18 and 77.72 (mean 76.12): two seeds of five are inside the 3% band (76.34); the mean is 0.22 below it.",
          "- RL2 tabular n = 10 with 256 trials per iteration (25,600 steps), lambda 0.9, time features, learning_rate",
          "  0.003, reward_scale 0.1, anneal_lr, 1000 iterations (`rl2-tabular-10-b256l9tf`, 25.6 M steps): 126.86 held",
          "  out, up from 120.46, still 81.2% of the paper's 156.2 (148.4 needed).",
          "- RL2 tabular n = 25 with the same recipe (`rl2-tabular-25-b256l9tf`, 256 trials = 64,000 steps per",
          "  iteration) ran at 7.2 s per iteration beside another job; it was stopped at iteration 136 (983 s) with a",
          "  training return of 284.4 over iterations 100-135, against 287.7 for the 64-trial run at the same iterations",
          "  (which reached 303.9 over its last 100 of 600): no sign of closing the gap to the 423.4 needed.",
          "- RL2 (100, 10) with the same 512-trial lambda 0.9 recipe, 1000 iterations (`rl2-bandit-100-10-h64b512l9`):",
          "  77.18 held out, up from 74.93, still short of the 81.0 needed (92.4% of 83.5) and of our greedy (79.45).",
          "- Third session of 2026-12-02: a faster GRU backward (vectorised gate gradients, a reused per-thread scratch",
          "  for the recurrent-input gradients, the forward writing its caches in place; final weights unchanged bit for",
          "  bit) and the segments GC under an 8 GiB heap hard limit. Beside another RL2 run, a (100, 5) 512-trial",
          "  iteration took 1.1-1.4 s (whole-run averages 1.12-1.21 s), against 3.7 s for the old binary under the old GC setting measured at the same",
          "  time (the page faults of fresh buffers grow much worse when two jobs fault at once on this VM).",
          "- RL2 (100, 5), the same time-features recipe trained 1200 iterations (61.4 M steps) in the same 30 minutes",
          "  (`rl2-bandit-100-5-tf1200-s1`, 1377 s beside another run): 76.76 held out (76.80 greedy) on seed 1's tasks,",
          "  where the 850-iteration run scored 75.86.",
          "- Seed 2 of the 1200-iteration recipe (`rl2-bandit-100-5-tf1200-s2`, 1339 s beside another run): 77.17 held out",
          "  (77.26 greedy), where the 900-iteration run scored 76.41 on the same tasks.",
          "- Seeds 3 and 4 of the 1200-iteration recipe (1448 and 1436 s beside another run): 74.41 (74.60 greedy) and",
          "  75.07 (75.08), where the 1000- and 900-iteration runs scored 75.44 and 75.18 on the same tasks. Their",
          "  training return levelled off near 75 from iteration ~500, against ~76-77 for seeds 1 and 2: the spread",
          "  between seeds is larger than the gain from the longer schedule.",
          "- Seed 5 of the 1200-iteration recipe (1373 s): 78.16 (78.22 greedy), where the 900-iteration run scored 77.72.",
          "  Over seeds 1-5 the 1200-iteration recipe scores 76.76, 77.17, 74.41, 75.07 and 78.16: mean 76.31, three",
          "  seeds of five inside the 3% band (76.34) and the mean 0.03 below it (96.97% of 78.7), against a mean of",
          "  76.12 for the 850-1000-iteration runs of the same seeds. Every run trained in 1338-1448 s (<= 30 min).",
          "- RL2 (100, 10), the time-features recipe for 2000 iterations (102.4 M steps; `rl2-bandit-100-10-h64b512l9tf-long`,",
          "  2382 s beside another run): 80.84 held out (80.84 greedy), up from 77.18 at 1000 iterations without time",
          "  features; 0.16 below the 81.0 needed (96.8% of 83.5), above our greedy (79.45), Gittins 84.28 on its tasks.",
          "  Its training return was 79.2 over iterations 400-499 and crept to 80.0 by 1200-1599.",
          "- The same (100, 10) recipe for 3000 iterations, seed 1 (`rl2-bandit-100-10-h64b512l9tf-3000`, 4161 s beside",
          "  another run): 79.11 held out, below the 2000-iteration run on the same tasks. With the slower step-size",
          "  decay its training return stayed near 78.3-78.6 from iteration ~600 to the end, where the 2000-iteration",
          "  run had reached 80.0 by iteration 1200: the two runs diverged into different plateaus.",
          "- Fourth session of 2026-12-02. RL2 tabular n = 10, the 256-trial recipe with ent_coef 0.001 instead of 0.01",
          "  (`rl2-tabular-10-ent001`, 895 s beside another run, 28.6 thousand steps/s): 124.42 held out (125.36 greedy)",
          "  against 126.86 with 0.01 on the same tasks: the entropy bonus is not what holds tabular RL2 back.",
          "- Seeds 6-10 of the (100, 5) 1200-iteration recipe (walls 1657, 1469, 1482, 1426, 1476 s, two runs side by",
          "  side): 76.78, 77.72, 75.49, 75.61, 76.20 (greedy 76.75, 77.51, 75.43, 75.54, 76.28). All ten seeds (table",
          "  above): mean 76.337 with sampled actions, 0.002 below the band's 76.339 (96.997% of 78.7; standard error of",
          "  the mean 0.38), and 76.347 with greedy actions; five seeds of ten inside the band. The seeds were added",
          "  to measure the recipe's mean, not selected: every seed run is listed.",
          "- RL2 (100, 10), the 2000-iteration recipe with seed 2 (`rl2-bandit-100-10-tf2000-s2`, 2707 s beside another",
          "  run): 80.80 held out (80.77 greedy), Gittins 83.79 on its tasks; its training return reached 81.1 but the",
          "  held-out figure matches seed 1's 80.84: the recipe sits about 0.17 below the 81.0 needed.",
          "- RL2 tabular n = 10 with the paper's 256-unit GRU (`rl2-tabular-10-h256`, the 256-trial recipe, ent_coef 0.01,",
          "  700 iterations planned): about 6.5 s per iteration beside another run (0.9 s at 128 units), so it was",
          "  stopped at iteration 305 (1976 s) without a held-out evaluation. Training return per 100 iterations: 104.65,",
          "  118.87, 122.14, against 106.50, 117.14, 119.82 for the 128-unit run (`rl2-tabular-10-ent001`) at the same",
          "  iterations: about +2 at equal samples, nowhere near the +22 that 148.4 needs, at seven times the cost.",
          "- RL2 (100, 10) with a 128-unit GRU, 512 trials, 800 iterations (`rl2-bandit-100-10-h128-800`, 2589 s beside",
          "  another run, 3.2 s per iteration): 79.98 held out (80.46 greedy) on seed 1's tasks, against 80.84 for the",
          "  64-unit recipe at 2000 iterations in 2382 s. Its training return ran about 1 ahead of the 64-unit runs at",
          "  equal iterations (77.20 against 76.05-76.25 over iterations 200-299), 80.1 over 600-667, 80.83 at the last,",
          "  but the held-out figure did not follow: capacity is not what keeps (100, 10) 0.17 below the band.",
          "- Fifth session of 2026-12-02. RL2 tabular n = 10, the 256-trial recipe with ent_coef 0.03 (`rl2-tabular-10-ent03`,",
          "  948 s beside another run): 126.56 held out with sampled actions, 131.28 with greedy ones, against 126.86",
          "  (127.21) with 0.01 and 124.42 (125.36) with 0.001 on the same tasks. In a probe with 0.01 (stopped at iteration 160) the entropy fell",
          "  from 1.58 to 0.32 nats; with 0.03 it settled near 0.72 and training return was ~1.5 higher at",
          "  iterations 300-399 (122.6 against 121.1 for 0.001), ending at 126.5 over the last 100. ent_coef 0.1 (a",
          "  probe stopped at iteration 350) kept the entropy at 1.43 and trailed (113.9 over iterations 300-349).",
          "  A larger bonus moves the sampled-action figure little; the gap to 148.4 is not premature entropy collapse.",
          "- RL2 (100, 10), the time-features recipe with 1024 trials per update (8 minibatches of 128), 1600 iterations",
          "  (`rl2-bandit-100-10-b1024-s1`/`-s2`, 5084 and 5150 s side by side): seed 1 81.29 (81.47 greedy), inside the",
          "  band, against 80.84 for the 512-trial recipe on the same tasks; seed 2 78.69 (78.79), against 80.80. Two-seed",
          "  mean 79.99, below the 512-trial recipe's 80.82. Seed 2 levelled off near 78 from iteration ~300 (training",
          "  return 77.96 over iterations 400-599) and crept to 79.2 by the end. The diagnostics show why runs settle on",
          "  different plateaus: with ent_coef 0.001 the policy entropy falls from ~1 nat to ~0.05 within 300 iterations",
          "  (seed 2 fell faster: 0.052 against 0.081 over iterations 200-299), after which the approximate KL per update is",
          "  ~0.0003 and the clip fraction ~0.3%: a near-deterministic policy changes strategy only slowly.",
          "- RL2 (100, 5), the 1200-iteration recipe with ent_coef 0.003 instead of 0.001, to test that diagnosis on the",
          "  worst and the best seed of the ten (chosen for that reason): seed 3 (`rl2-bandit-100-5-tf1200e3-s3`, 1461 s)",
          "  75.84 (75.73 greedy) against 74.41 with 0.001 on the same tasks; its training return was 76.1-76.2 over",
          "  iterations 600-1199 where the 0.001 run stayed at 75.0-75.1. Seed 5 (`rl2-bandit-100-5-tf1200e3-s5`, 1219 s)",
          "  77.35 (77.31 greedy) against 78.16: the larger bonus lifted the low plateau and lowered the high one (training",
          "  return 76.3-76.4 against 77.1-77.2 over iterations 600-1199); over the two seeds 76.60 against 76.29, within",
          "  the seed spread, so the recipe is not changed on this evidence.",
          "- Sixth session of 2026-12-02. An entropy schedule (`anneal_ent_coef`: the bonus falls linearly from ent_coef",
          "  to 0 over the run), 0.003 annealed, on the 1200-iteration (100, 5) recipe, meant for all ten seeds: seed 1",
          "  (`rl2-bandit-100-5-tf1200ae3-s1`, 1206 s) 75.40 (75.62 greedy) against 76.76 with a constant 0.001 on the same",
          "  tasks; seed 2 (1212 s) 76.65 (76.53) against 77.17. Its entropy still fell to 0.089 nats over iterations",
          "  100-199 (seed 1) and 0.024 at the end. With both seeds behind (mean -0.94 paired), seeds 3 and 4 were stopped",
          "  at iteration ~470 and the remaining seeds went to a larger step size instead (the next note).",
          "- The same 1200-iteration (100, 5) recipe with learning_rate 0.002 instead of 0.001 (annealed to 0 as before;",
          "  the updates at 0.001 were small: approximate KL ~0.0003-0.0006 per update after iteration 300), all ten",
          "  seeds, decided before the first result (`rl2-bandit-100-5-tf1200lr2-s1`..`s10`, 1177-1339 s each beside",
          "  another run, load averages 4-7): 78.26, 77.31, 77.55, 77.81, 78.53, 78.69, 78.50, 76.76, 77.39, 77.13;",
          "  **mean 77.794** (sd 0.67, standard error 0.21; greedy actions 77.793), 98.9% of the paper's 78.7, every seed",
          "  inside the 3% band, against 76.337 (sd 1.20) for 0.001 on the same tasks. RL2 is 98.0-100.0% of Gittins on",
          "  each seed's tasks. Approximate KL per update was 0.00086-0.0012 over iterations 100-799 (seeds 1-3). Training",
          "  return over the last 100 iterations spans 77.11-78.15 across the ten seeds against",
          "  75.12-77.18 at 0.001: the larger step moves the near-deterministic policy off the low plateaus.",
          "- The 0.002 step size at (100, 10), 1200 iterations, seed 1 only, trained alone on the machine with collection",
          "  on both cores (`rl2-bandit-100-10-tf1200lr2-s1`, 902 s): 81.51 held out (81.82 greedy), inside the band",
          "  (>= 81.0), against 80.84 for the 0.001 recipe at 2000 iterations on the same tasks. One seed: not yet a mean.",
          "- First session of 2026-12-03. The same (100, 10) recipe, seeds 2-10, all decided before any of them ran",
          "  (`rl2-bandit-100-10-tf1200lr2-s2`..`s10`, two runs side by side with collection on two threads each,",
          "  1243-1403 s, load averages about 6): 81.83, 82.75, 80.32, 82.73, 83.40, 80.95, 81.75, 80.73, 81.97. With seed",
          "  1: **mean 81.795** over ten seeds (sd 0.97, standard error 0.31; greedy actions 81.872), 98.0% of the",
          "  paper's 83.5 and 0.80 above the 3% band's 80.995; seven of ten seeds inside the band. RL2 is 95.9-99.0% of",
          "  Gittins on each seed's tasks. The 0.001 recipe at 2000 iterations scored 80.84 and 80.80 on seeds 1 and 2.",
          "  As at (100, 5), the step size keeps the updates moving after the entropy has fallen: approximate KL",
          "  ~0.0004-0.0012 per update over iterations 200-999 (seeds 2, 4, 9; entropy 0.02-0.07 nats), falling to",
          "  ~0.0002 over the last 200 as the annealed step nears 0.",
          "- RL2 tabular n = 10, the 256-trial recipe with learning_rate 0.006 instead of 0.003 (`rl2-tabular-10-lr6`,",
          "  833 s beside another run): 123.34 held out (123.97 greedy), against 126.86 (127.21) at 0.003 on the same",
          "  tasks. Its training return was 107.6 over iterations 0-99 and 120.1 over 100-199 (the 0.003 run with",
          "  ent_coef 0.001: 106.5 and 117.1), then flat at 120.3-121.2 over 200-699 with approximate KL 0.016-0.023 and clip fraction 13-15%",
          "  per update, ending at 123.4 over the last 100 as the step annealed. Unlike the bandits, the tabular",
          "  updates are already large: the step size is not what holds tabular RL2 at ~127.",
          "- RL2 tabular n = 10 with 512 trials per update in 8 minibatches, otherwise the 256-trial recipe, 1000",
          "  iterations (`rl2-tabular-10-b512`, 51.2 M steps, 1979 s; beside another RL2 run for its first ~7 minutes",
          "  and the test suite and demo for ~3 more, alone after that): **129.50** held out (130.82 greedy), our best",
          "  sampled-action figure, against 126.86 for 256 trials on the same tasks; 82.9% of the paper's 156.2, still",
          "  18.9 below the 148.4 needed. Training return per 100 iterations: 108.5, 122.3, 125.4, 126.7, 126.9, then",
          "  127.2-129.9 over the last five hundred, still rising slowly.",
          "- Session of 2026-12-03 (07:50-). The 512-trial run trained on from its last checkpoint to 3000 iterations",
          "  (`rl2-tabular-10-b512-x3000`: `meta-train --resume` with iterations 3000 and learning_rate 0.0015, so the",
          "  annealed step restarts at 0.001 and falls to 0 at iteration 3000; 153.6 M steps in all, 7283 s of which the",
          "  second stage took 5304 s beside the 1024-trial run): **135.27** held out (134.74 greedy), up from 129.50 at",
          "  1000 iterations on the same tasks; 86.6% of the paper's 156.2, 13.1 below the 148.4 needed, and above our",
          "  PSRL (134.26) for the first time. Training return rose by about 0.2 per 100 iterations on average:",
          "  129.8 over iterations 1000-1099, 131.6 over 1900-1999, 133.8 over the last 100 (entropy 0.25 to 0.19 nats;",
          "  approximate KL 0.0085 per update over 1000-1499, 0.0015 over 2500-2999). Per episode of the held-out",
          "  trials: 11.0 in the first, 14.5 in each of the last two (our greedy baseline averages 15.4 over all ten).",
          "- The same run trained on once more to 4000 iterations (`rl2-tabular-10-b512-x4000`, learning_rate 0.003 so the",
          "  annealed step restarts at 0.00075; 204.8 M steps, this stage 2519 s, beside the 1024-trial run until it",
          "  ended, about 40 minutes): **134.28** held out (134.67 greedy), no better than 135.27 at 3000 iterations. Training",
          "  return dipped to 132.8-133.4 over iterations 3000-3499 after the step restarted and ended at 134.25 over the",
          "  last 100, about where the 3000-iteration run ended (133.84): the curve is flattening near 134-135.",
          "- RL2 tabular n = 10 with 1024 trials per update in 16 minibatches of 64, otherwise the 256-trial recipe, 1000",
          "  iterations (`rl2-tabular-10-b1024`, 102.4 M steps, 7489 s beside another RL2 run throughout): **128.65** held",
          "  out (129.53 greedy), against 129.50 with 512 trials: doubling the batch again did not help. Training return",
          "  per 100 iterations: 113.8, 123.8, 124.4, 124.9, 125.4, 125.7, 126.5, 127.5, 128.2, 128.7.",
          "- Session of 2026-12-03 (10:24-). The 512-trial recipe with gamma 1.0 instead of 0.99 (`rl2-tabular-10-b512g1`,",
          "  the trial's true objective is its undiscounted total) was stopped at iteration 455 (1465 s beside another",
          "  run) to free a core, without a held-out evaluation: training return per 100 iterations 107.8, 122.4, 124.8,",
          "  125.5 and 126.3 over 400-455, against 108.5, 122.3, 125.4, 126.7, 126.9 for gamma 0.99 - no sign of a gain.",
          "- New this session: an LSTM cell for RL2 (`cell: lstm`, a fused recurrence with a hand-written backward) and",
          "  a counting variant (`cell: counting_lstm`: layer-normalised projections, forget bias 1, ReLU candidate,",
          "  h = o*c, so sums and counts can accumulate in the cell). The 512-trial recipe with `cell: lstm`",
          "  (`rl2-tabular-10-b512-lstm`) was stopped at iteration 487 (2070 s, beside another run) to give the counting",
          "  variant the machine, without a held-out evaluation: training return per 100 iterations 106.8, 118.8, 122.2,",
          "  124.6 and 125.1 over 400-486, against 108.5, 122.3, 125.4, 126.7, 126.9 for the GRU - behind throughout",
          "  (by 1.7-3.5, 1.8 over the last stretch). Its entropy fell faster (0.39 nats over 100-199, the GRU's 0.52).",
          "- The 512-trial recipe with `cell: counting_lstm` (`rl2-tabular-10-b512-clstm`, stopped at its iteration-70",
          "  checkpoint and trained on by `rl2-tabular-10-b512-clstm-resumed` with the same settings; 51.2 M steps, 6552 s;",
          "  beside another run to iteration ~55, then mostly alone, the test suite, the demo and short probes beside it",
          "  for a few minutes): **131.13** held out (131.07 greedy), against 129.50 (130.82) for",
          "  the GRU at the same 1000 iterations on the same tasks: +1.6, still 17.3 below the 148.4 needed and below the",
          "  GRU trained on to 3000 iterations (135.27). Training return per 100 iterations 111.6, 122.7, 124.9, 126.2,",
          "  126.9, 127.9, 128.3, 129.2, 129.8, 130.6 (GRU: 108.5, 122.3, 125.4, 126.7, 126.9, 127.2, 127.5, 128.2, 129.1,",
          "  129.9): ahead over the first 200 iterations, 0.4-0.5 behind over 200-399, 0.7-1.0 ahead from 500 on. Its",
          "  entropy fell to 0.28 nats by",
          "  iterations 100-149 (the GRU's 0.58). Per episode of the held-out trials: 10.8 in the first, 13.9-14.1 in the",
          "  last three. It costs about three times the GRU per iteration (5.5-6.2 s against about 2.0). An attempt to resume it with parallelism 2",
          "  (two collection threads; results are identical, checked on iterations 70-77) ran at 9.5 s per iteration",
          "  against 5.5 with one thread, alone on the machine, and was abandoned; the cause is not yet understood.",
          "- Session of 2026-12-03 (13:02-). New RL2 options, both used in training only (the policy never sees the task):",
          "  `belief_coef`, a task-inference auxiliary loss (Humplik et al. 2019): a linear head on the GRU's features, read",
          "  at the first step of each inner episode after the first, is trained by squared error to predict the task's",
          "  reward means and transition probabilities; and `privileged_critic`, an asymmetric critic (Pinto et al. 2018):",
          "  the value adds a 64-unit MLP of the task's parameters.",
          "- The 512-trial recipe with `belief_coef: 1` (`rl2-tabular-10-b512-belief1`, run at commit 6b5cfd6, whose",
          "  features scaled the transition probabilities by S = 10, so the 500 transition features outweighed the 50",
          "  reward means about eight to one in the loss; the entry now runs with the sqrt(S) scaling of `-belief1w`. 51.2 M",
          "  steps, 3358 s, beside another run throughout, load average 6.2-6.8 at the end): **132.43** held out (132.92",
          "  greedy), against 129.50 (130.82) for the GRU and 131.13 for the counting LSTM on the same tasks: +2.9, the",
          "  best 1000-iteration figure so far, still 16.0 below the 148.4 needed. Training return per 100 iterations",
          "  109.7, 121.3, 124.9, 126.4, 127.8, 128.8, 129.6, 130.4, 131.0, 131.7 (GRU: 108.5, 122.3, 125.4, 126.7,",
          "  126.9, 127.2, 127.5, 128.2, 129.1, 129.9): behind by 1.0 over iterations 100-199, ahead by 1.6-2.2 from 500",
          "  on. The belief loss fell only from 0.835 (what the prior mean scores) to 0.813-0.815.",
          "- The same with the transition features scaled by sqrt(S), so that under the task prior the rewards and the",
          "  transitions weigh about the same in the loss (`rl2-tabular-10-b512-belief1w`; 51.2 M steps, 3327 s, beside",
          "  another run throughout, load average 5.5-7.4): **137.30** held out (137.71 greedy), against 129.50 for the GRU",
          "  and 132.43 with the S scaling on the same tasks: +7.8 over the GRU, and above the GRU trained on to 3000",
          "  iterations (135.27) with a third of the steps; 87.9% of the paper's 156.2, 11.1 below the 148.4 needed. Per",
          "  episode of the held-out trials: 11.1 in the first, 14.7 in the last. Training return per 100 iterations",
          "  110.0, 122.9, 126.1, 128.0, 129.1, 130.4, 131.6, 133.7, 135.5, 136.8, still rising by 1.3-2.1 per 100 at",
          "  the end; the belief loss fell from 0.165 (the prior mean's score) to 0.150.",
          "- `rl2-tabular-10-b512-belief1w` trained on to 2200 iterations (`rl2-tabular-10-b512-belief1w-x2200`:",
          "  `meta-train --resume --set iterations=2200 --set learning_rate=0.0015`, so the annealed step restarts at",
          "  0.00082 and falls to 0 at iteration 2200; 112.6 M steps in all, this stage 2777 s, alone but for a test run",
          "  and the demo for about 4 minutes): **145.20** held out (145.61 greedy), 93.0% of the paper's 156.2 and 3.2",
          "  below the 148.4 needed; above our PSRL (134.26), below our epsilon-greedy (149.05) and greedy (154.06)",
          "  baselines. Per episode of the held-out trials: 11.2 in the first, 15.8 in the last. Training return per 100",
          "  iterations from 1000: 137.2, 138.1, 139.2, 140.3, 141.2, 142.1, 142.7, 143.6, 144.1, 144.5, 144.7, 144.9",
          "  (the GRU's x3000 run: 129.8 over 1000-1099, 131.6 over 1900-1999, 133.8 over 2900-2999), flattening as the",
          "  step size annealed to 0.",
          "- `rl2-tabular-10-b512-belief1` trained on with the x3000 schedule (`meta-train --resume --set iterations=3000",
          "  --set learning_rate=0.0015`, with the 6b5cfd6 binary so its features stayed as trained) was stopped at",
          "  iteration 1417 (1373 s, beside `-belief1w`) to give the machine to the sqrt(S) run: training return 131.7,",
          "  132.2, 133.6, 134.7 per 100 iterations from 1000, against 129.8 for the GRU's x3000 run over 1000-1099 and",
          "  133.8 over its last 100.",
          "- The 512-trial recipe with `privileged_critic: true` (`rl2-tabular-10-b512-priv`) was stopped at iteration 303",
          "  (911 s, beside another run) without a held-out evaluation: its value loss was lower (0.079-0.087 against",
          "  about 0.12), but its updates grew (approximate KL 0.006 to 0.016, clip fraction 6% to 14%) and training return",
          "  stalled: 107.8, 120.5, 120.8 per 100 iterations against the GRU's 108.5, 122.3, 125.4.",
          "- Session of 2026-12-03 (15:33-). `rl2-tabular-10-b512-belief1w-x2200` trained on to 3800 iterations",
          "  (`rl2-tabular-10-b512-belief1w-x3800`: `meta-train --resume --set iterations=3800 --set learning_rate=0.00166`,",
          "  so the annealed step restarts at 0.0007 and falls to 0 at iteration 3800; 194.6 M steps in all, this stage",
          "  4885 s, beside another run throughout, load average 6.2 at the end): **151.24** held out (151.83 greedy), 96.8%",
          "  of the paper's 156.2 and 2.84 above the 148.4 the acceptance needs (the 95% interval is +-1.71); above our",
          "  epsilon-greedy (149.05) and PSRL (134.26) baselines, still below greedy (154.06). One training seed (seed 1):",
          "  each 1000 iterations costs about 39 minutes alone (`-x2200`: 2777 s for 1200). Per episode of the held-out",
          "  trials: 11.1 in the first, 16.6 in the last. Training return per 100 iterations from 2200: 145.2, 145.3, 146.2, 146.9, 147.5,",
          "  147.9, 148.4, 149.0, 149.3, 149.7, 149.8, 149.9, 150.4, 150.5, 150.9, 150.9; the belief loss stayed at",
          "  0.146-0.147.",
          "- The same continuation with gamma 1.0 instead of 0.99 (`rl2-tabular-10-b512-belief1w-x3800-g1`) was stopped at",
          "  iteration 2667 (about 1420 s, beside the run above) to give the machine to n = 25, without a held-out",
          "  evaluation: training return 144.8, 144.8, 145.5, 145.8 per 100 iterations from 2200 against 145.2, 145.3,",
          "  146.2, 146.9 with 0.99, as in the earlier gamma 1.0 run from scratch (`rl2-tabular-10-b512g1`).",
          "- RL2 tabular n = 25 trained on from the n = 10 belief policy (the policy's inputs do not depend on the trial",
          "  length: its time inputs are fractions). `rl2-tabular-25-from10-belief1w` resumed `-belief1w-x2200` (145.20 at",
          "  n = 10) with `--set episodes=25 --set trials_per_iteration=256 --set iterations=3200 --set learning_rate=0.0028`",
          "  and was stopped at its iteration-2480 checkpoint to stretch the schedule; `rl2-tabular-25-from10-belief1w-x4100`",
          "  resumed that with `--set iterations=4100 --set learning_rate=0.002` (the annealed step 0.0009 at 2200, 0.0008 at",
          "  2480, 0 at 4100). 121.6 M steps at n = 25 after the 112.6 M at n = 10, 6578 s for the two n = 25 stages, beside",
          "  another run but for the last 9 minutes: **417.45** held out (419.03 greedy), 93.7% of the paper's 445.7 and",
          "  **5.95 below the 423.4 needed**; above our PSRL (403.18), below our epsilon-greedy (421.34) and greedy (433.99)",
          "  baselines, which at n = 25 are stronger than the paper's (377.3 and 368.8). Per episode of the held-out trials:",
          "  11.0 in the first, 18.2 in the last. Training return per 100 iterations from 2200: 390.6 (the n = 10 policy as",
          "  it was), 392.9, 397.9, 399.0, 403.0, 404.5, 406.9, 408.9, 411.2, 412.4, 413.5, 414.0, 415.9, 417.3, 417.7, 417.3,",
          "  417.8, 418.5, 418.7: flat from about 3500 while the step size annealed. The earlier best n = 25 run, trained",
          "  from scratch on 9.6 M steps, had 301.83.",
          "- `-x4100` trained on once more (`rl2-tabular-25-from10-belief1w-x4650`: `--set iterations=4650 --set",
          "  learning_rate=0.0068`, the step restarting at 0.0008) was stopped at iteration 4339 (739 s, alone) without a",
          "  held-out evaluation: training return 417.9 and 418.4 per 100 iterations from 4100, no higher than the",
          "  418.5-418.7 of the last 200 iterations before it.",
          "- The same from the 3800-iteration n = 10 policy (`rl2-tabular-25-from10x3800-belief1w`: `--set episodes=25 --set",
          "  trials_per_iteration=256 --set iterations=4700 --set learning_rate=0.0047`) started higher but rose more slowly:",
          "  409.8 over iterations 3800-3899 (against 390.6 over the first 100 from the 2200-iteration policy). At its",
          "  iteration-3970 checkpoint it was switched to gamma 0.997, whose horizon (about 330 steps) covers a 250-step",
          "  trial (`-g997`), on the guess that gamma 0.99 made the policy explore too little for 25 episodes: 409.5, 410.8,",
          "  412.0, 412.7 per 100 iterations from 4000 (409.8-409.9 before the switch), below the run above throughout;",
          "  it was stopped at iteration 4423 (about 1870 s of this stage, beside the run above) without a held-out",
          "  evaluation.",
          "- Session of 2026-12-03 (18:07-). Two more continuations of `-x4100`, each with its step size restarting at",
          "  0.001, side by side and stopped by hand without a held-out evaluation: three times the belief loss",
          "  (`rl2-tabular-25-from10-belief1w-x4100-bc3`, `--set belief_coef=3`) gave 417.2, 417.2, 417.8 per 100 iterations",
          "  from 4100 and 418.7 over 4400-4485 (the belief loss fell from 0.139 to about 0.135; stopped at 4485, 1500 s);",
          "  twice the trials per update (`-x4100-b512`, 512 trials, about 8.7 s per iteration beside the other) gave 418.7",
          "  and 418.6 per 50 iterations from 4100 and 418.0 over 4200-4230 (stopped at 4230, 1130 s). Neither moved off",
          "  the 418.5-418.7 the policy had when `-x4100` ended.",
          "- `rl2-tabular-25-x4100-head256`: a new run initialised from `-x4100`'s weights (`init_from`) with a 256-unit",
          "  residual tanh MLP added to the policy and value heads (`head_hidden=256`, output layers zero-initialised, so it",
          "  starts acting exactly as `-x4100`), fresh Adam, 1500 iterations, step 0.001 annealed to 0, 256 trials of 25",
          "  episodes: 96.0 M steps, 6791 s, alone but for the first 9 minutes (about 4.6 s per iteration alone, against",
          "  2.3-2.7 for the linear heads): **424.27** held out (423.42 greedy), 95.2% of the paper's 445.7 and 0.86 above",
          "  the 423.4 needed, one seed; the margin is inside the 95% interval (3.79). Per episode: 11.0 in the first, 18.5",
          "  in the last. Training return per 100 iterations: 417.6, 417.7, 418.2, 419.5, 419.4, 420.6, 420.7, 421.8, 423.1,",
          "  423.4, 423.2, 423.6, 424.2, 424.8, 425.1, while the policy's entropy fell from 0.22 to 0.13 nats.",
          "- UCB1: our tables use the textbook c = sqrt(2) (66-67 at (100, 5), 64 at (100, 10)), far below the paper's 78.0",
          "  and 82.4, which must have used a tuned constant. `metarl baselines Bandit-v0 --set pulls=100 --method ucb1",
          "  --ucb1-c C --trials 2000 --seed 12345` (a task stream the meta-eval tables do not use) gives, for C = 0.1,",
          "  0.2, 0.3, 0.5, 1.0, 1.414: (100, 5) 77.76, 78.09, 78.36, 76.70, 70.74, 66.80 and (100, 10) 81.47, 81.41,",
          "  80.97, 77.77, 68.09, 63.74 (CI about +/-0.7 and +/-0.45): with c = 0.2-0.3 UCB1 matches the paper's figures.",
          "- Wall times: the PointNav runs were measured with three other experiment jobs on the 2 cores (load average",
          "  13-14); MAML's 150 Adam iterations took 379 s there (the same run took 231 s at load 5-7).", ""]
open(os.path.join(results, "meta-results.md"), "w").write("\n".join(lines) + "\n")
print("wrote", os.path.join(results, "meta-results.md"))
