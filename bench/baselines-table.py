#!/usr/bin/env python3
"""Writes bench/results/baselines.md from baselines.json beside RL²'s published columns (ANCHORS.md)."""
import json, sys, datetime

src, dst, trials = sys.argv[1], sys.argv[2], sys.argv[3]
r = json.load(open(src))
# Duan et al. 2016, Table 1 and Table 2 (as gathered in shared/reference/ANCHORS.md).
RL2_BANDIT = {  # (n, k): Random, Gittins, TS, OTS, UCB1, eps-greedy, Greedy, RL2
    (10, 5): [5.0, 6.6, 5.7, 6.5, 6.7, 6.6, 6.6, 6.7], (10, 10): [5.0, 6.6, 5.5, 6.2, 6.7, 6.6, 6.6, 6.7],
    (10, 50): [5.1, 6.5, 5.2, 5.5, 6.6, 6.5, 6.5, 6.8], (100, 5): [49.9, 78.3, 74.7, 77.9, 78.0, 75.4, 74.8, 78.7],
    (100, 10): [49.9, 82.8, 76.7, 81.4, 82.4, 77.4, 77.1, 83.5], (100, 50): [49.8, 85.2, 64.5, 67.7, 84.3, 78.3, 78.0, 84.9],
    (500, 5): [249.8, 405.8, 402.0, 406.7, 405.8, 388.2, 380.6, 401.6], (500, 10): [249.0, 437.8, 429.5, 438.9, 437.1, 408.0, 395.0, 432.5],
    (500, 50): [249.6, 463.7, 427.2, 437.6, 457.6, 413.6, 402.8, 438.9]}
RL2_MDP = {  # n: Random, PSRL, OPSRL, UCRL2, BEB, eps-greedy, Greedy, RL2
    10: [100.1, 138.1, 144.1, 146.6, 150.2, 132.8, 134.8, 156.2], 25: [250.2, 408.8, 425.2, 424.1, 427.8, 377.3, 368.8, 445.7],
    50: [499.7, 904.4, 930.7, 918.9, 917.8, 823.3, 769.3, 936.1], 75: [749.9, 1417.1, 1449.2, 1427.6, 1422.6, 1293.9, 1172.9, 1428.8],
    100: [999.4, 1939.5, 1973.9, 1942.1, 1935.1, 1778.2, 1578.5, 1913.7]}

def rows(key): return {x["method"]: x for x in r[key]["rows"]}
def cell(ours, paper):
    flag = "" if abs(ours["mean"] - paper) <= max(2 * ours["ci95"], 0.02 * abs(paper)) else " **≠**"
    return f"{ours['mean']:.1f} ± {ours['ci95']:.1f} ({paper}){flag}"

out = ["# Classical baselines vs RL²'s tables (`metarl baselines`)", "",
       f"Run {datetime.date.today()} by `bench/run-baselines.sh {trials}`: {trials} trials per cell, tasks drawn from seed 0 and shared",
       "by all methods. Each cell: our mean total reward per trial ± 95% CI half-width (RL²'s published figure).",
       "**≠** marks a cell where ours differs from RL²'s by more than max(2·CI, 2%). Textbook parameters: ε = 0.1,",
       "UCB1 c = √2, Beta(1,1) priors, Gittins = finite-horizon index with look-ahead min(remaining pulls, 50).", "",
       "## Bernoulli bandits (Bandit-v0, n pulls, k arms)", "",
       "| n, k | random | gittins | thompson | ucb1 (c=√2) | ucb1 (c=0.2) | ε-greedy | greedy | oracle |", "|---|---|---|---|---|---|---|---|---|"]
for (n, k), p in RL2_BANDIT.items():
    b = rows(f"bandit n={n} k={k}"); t = rows(f"bandit n={n} k={k} ucb1 c=0.2")
    out.append(f"| {n}, {k} | {cell(b['random'], p[0])} | {cell(b['gittins'], p[1])} | {cell(b['thompson'], p[2])} | {cell(b['ucb1'], p[4])} | "
               f"{cell(t['ucb1'], p[4])} | {cell(b['epsilon-greedy'], p[5])} | {cell(b['greedy'], p[6])} | {b['oracle']['mean']:.1f} |")
out += ["", "## Tabular MDPs (TabularMDP-v0, 10 states, 5 actions, horizon 10, n episodes)", "",
        "| n | random | psrl | ε-greedy | greedy | oracle (value iteration) |", "|---|---|---|---|---|---|"]
for n, p in RL2_MDP.items():
    m = rows(f"mdp n={n}")
    out.append(f"| {n} | {cell(m['random'], p[0])} | {cell(m['psrl'], p[1])} | {cell(m['epsilon-greedy'], p[5])} | {cell(m['greedy'], p[6])} | {m['oracle']['mean']:.1f} |")
pn, gn = rows("pointnav2d"), rows("gridnav")
out += ["", "## Navigation", "",
        f"- PointNav2D-v0 (one 100-step episode): straight-line oracle {pn['oracle']['mean']:.2f} ± {pn['oracle']['ci95']:.2f}, random {pn['random']['mean']:.1f} ± {pn['random']['ci95']:.1f}.",
        "  MAML's published oracle is −2.29 (a policy trained with the goal as input, not the exact straight line), so ours is an upper bound.",
        f"- GridNav-v0 (9×9, 2 episodes per trial, step cost 0.01, goal reward 1): BFS oracle {gn['oracle']['mean']:.2f} ± {gn['oracle']['ci95']:.2f}, random {gn['random']['mean']:.2f} ± {gn['random']['ci95']:.2f}.",
        "", "## Where we agree and where we do not, and why", "", "- **Agree within noise**: random everywhere; Thompson sampling and ε-greedy (ε = 0.1) in almost every bandit cell\n  (ε-greedy at n=100, k=50 is 1.8 above); Gittins within 2-3% everywhere (ours 0.2 higher at n = 10, 6.0 lower at\n  n=500, k=50, where the look-ahead cap of 50 pulls shortens the index's horizon); PSRL on MDPs for n ≥ 50.\n- **UCB1**: the textbook constant c = √2 explores far too much for these horizons (RL²'s UCB1 column sits next to\n  Gittins everywhere). With c = 0.2 we match RL² for n ≥ 100 and k ≤ 10; with k = 50 arms, or n = 10 pulls, the\n  mandatory first round (pull every arm once) costs most of the trial. RL²'s column therefore looks like a tuned\n  variant with a prior instead of the forced round; ANCHORS does not say which, so we do not claim to reproduce it.\n- **Greedy (bandits)**: ours picks the largest Beta(1,1) posterior mean (an untried arm counts 0.5), which keeps\n  trying arms until one beats 0.5; at n = 100/500 with 10-50 arms it earns 2-12 more than RL²'s greedy, which\n  presumably used empirical means.\n- **Greedy and ε-greedy (MDPs)**: ours plan by value iteration on the posterior-mean MDP under the task\n  distribution's own prior (reward mean N(1,1), Dirichlet(1) rows), so untried pairs look as good as an average one\n  and get tried; this certainty-equivalent planner is a stronger baseline than RL²'s (+15 to +280). Not a bug: it\n  uses the true generative prior, which RL²'s baselines were not described as having.\n- **PSRL (MDPs)**: 3.6% and 2% below RL²'s at n = 10 and 25 (beyond our CI), within noise from n = 50. Posterior\n  sampling explores every episode, which costs most in short trials; a prior or reward-noise model different\n  from ours (RL² do not give theirs) moves these figures by a few percent.\n- Oracles (not in RL²'s tables) bound what any learner can earn: best arm every pull; value iteration on the true MDP.", ""]
open(dst, "w").write("\n".join(out))
