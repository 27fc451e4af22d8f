using MetaRL.Envs.Markets;
using MetaRL.Envs.Medical;
using MetaRL.Memory;

namespace MetaRL.Envs;

/// <summary>The ids MetaRL ships, with their settings and defaults.</summary>
internal static class BuiltinEnvs
{
    public static IEnumerable<EnvSpec> All()
    {
        yield return new EnvSpec("CartPole-v1",
            "Cart-pole balancing, numerically Gymnasium's CartPole-v1 (obs Box(4), actions Discrete(2), +1 per step, truncated at 500).",
            [new("max_steps", "500", "time limit (steps per episode)")],
            s => new TimeLimit(new CartPole(), s.Int("max_steps", 1)));
        yield return new EnvSpec("Pendulum-v1",
            "Inverted pendulum swing-up, numerically Gymnasium's Pendulum-v1 (obs Box(3) cos θ, sin θ, θ̇; torque Box(1) in [-2, 2]; truncated at 200).",
            [new("max_steps", "200", "time limit (steps per episode)")],
            s => new TimeLimit(new Pendulum(), s.Int("max_steps", 1)));
        yield return new EnvSpec("CartPoleMeta-v0",
            "CartPole-v1 dynamics; tasks over pole length, pole mass, cart mass, gravity and force (each nominal × log-uniform factor in [1/scale, scale]).",
            [MaxSteps(500), new("scale", "2", "largest factor away from the nominal parameters"), Episodes(2)],
            s => new TimeLimit(new CartPoleMeta(s.Double("scale", 1, 100)), s.Int("max_steps", 1))) { IsMeta = true };
        yield return new EnvSpec("PendulumMeta-v0",
            "Pendulum-v1 dynamics; tasks over mass, length and gravity (each nominal × log-uniform factor in [1/scale, scale]).",
            [MaxSteps(200), new("scale", "2", "largest factor away from the nominal parameters"), Episodes(2)],
            s => new TimeLimit(new PendulumMeta(s.Double("scale", 1, 100)), s.Int("max_steps", 1))) { IsMeta = true };
        yield return new EnvSpec("PointNav2D-v0",
            "MAML's 2D point navigation: start (0,0), hidden goal uniform in [-0.5,0.5]^2, velocity clipped to [-0.1,0.1]^2, reward -distance, horizon 100.",
            [MaxSteps(100), Episodes(2)],
            s => new TimeLimit(new PointNav2D(), s.Int("max_steps", 1))) { IsMeta = true };
        yield return new EnvSpec("Bandit-v0",
            "RL²'s Bernoulli bandits: k arms with means uniform in [mean_low, mean_high] ([0,1]) per task; one episode is the trial's n pulls.",
            [new("arms", "5", "number of arms k"), new("pulls", "100", "pulls per trial n"), Episodes(1),
             new("mean_low", "0", "lowest arm mean"), new("mean_high", "1", "highest arm mean")],
            s => new TimeLimit(new BernoulliBandit(Arms(s), s.Double("mean_low", 0, 1), s.Double("mean_high", 0, 1)), s.Int("pulls", 1))) { IsMeta = true, HorizonKey = "pulls", Memory = BanditMemory };
        yield return new EnvSpec("TabularMDP-v0",
            "RL²'s random MDPs: transitions ~ Dirichlet(1), mean rewards ~ N(1,1) with N(0,1) noise, start state 0, one-hot state observations.",
            [new("states", "10", "number of states"), new("actions", "5", "number of actions"), new("horizon", "10", "steps per episode"), Episodes(10)],
            s => { var (states, actions) = MdpSize(s); return new TimeLimit(new TabularMdp(states, actions), s.Int("horizon", 1)); }) { IsMeta = true, HorizonKey = "horizon", Memory = MdpMemory };
        yield return new EnvSpec("GridNav-v0",
            "Robot path planning: occupancy grid with random obstacles, start and goal per task (always solvable), 4 moves, step cost and goal reward; BFS oracle.",
            [new("size", "9", "grid side"), new("obstacles", "0.2", "obstacle probability per cell"), new("step_cost", "0.01", "cost per move"),
             new("goal_reward", "1", "reward for reaching the goal"), new("show_goal", "0", "1 to append the goal position to the observation"), MaxSteps(100), Episodes(2)],
            s => new TimeLimit(new GridNav(Side(s), s.Double("obstacles", 0, 0.8), s.Double("step_cost", 0), s.Double("goal_reward"), s.Int("show_goal", 0, 1) == 1), s.Int("max_steps", 1))) { IsMeta = true, Memory = GridMemory };
        yield return new EnvSpec("DarkRoom-v0",
            "AD/DPT's Dark Room: size×size room, start (0,0), hidden goal, 5 actions (up, down, left, right, stay), reward 1 per step on the goal, obs (x, y); goals split 80/20 train/held-out by a seeded shuffle.",
            [new("size", "10", "room side"), new("goals", "train", "goal split tasks are drawn from: train (80% of the cells), test (the held-out 20%) or all"),
             new("split_seed", "0", "seed of the shuffle that splits the cells into train and held-out goals"), MaxSteps(100), Episodes(10)],
            s => new TimeLimit(new DarkRoom(Side(s), Enum.Parse<DarkRoomSplit>(s.Choice("goals", "train", "test", "all"), ignoreCase: true), s.Int("split_seed")),
                s.Int("max_steps", 1))) { IsMeta = true, Memory = RoomMemory };
        yield return new EnvSpec("RecSlate-v0",
            "RecSim's interest evolution (Ie et al. 2019): users (tasks) with hidden interests in 20 topics, slates of k of N candidate documents, multinomial-proportional clicks, reward = watch time, session ends when the 200-minute budget is spent.",
            RecSlateSettings.Keys(MaxSteps(1000), Episodes(2)),
            s => new TimeLimit(new RecSlate(RecSlateSettings.Read(s)), s.Int("max_steps", 1))) { IsMeta = true, Memory = RecSlateSettings.Memory };
        yield return new EnvSpec("Trading-v0",
            "One asset, a position a day (0 short, 1 flat, 2 long); obs = the last `window` daily log returns in percent and the position; reward = 100 × the day's net return after a proportional cost; tasks = market regimes (regime-switching GBM, GARCH(1,1)) or windows of a recorded OHLCV CSV (data=PATH).",
            MarketSettings.Keys(MaxSteps(252), Episodes(2)),
            s => new TimeLimit(MarketSettings.Trading(s), s.Int("max_steps", 1))) { IsMeta = true };
        yield return new EnvSpec("Portfolio-v0",
            "A portfolio of `assets` assets rebalanced daily: action = one score per asset, softmax → long-only fully invested weights; obs = each asset's last `window` daily log returns in percent and the weights held; reward = 100 × the day's net return after the rebalancing cost; tasks = markets of regime-switching GBM or GARCH(1,1) assets sharing a common factor.",
            MarketSettings.PortfolioKeys(MaxSteps(252), Episodes(2)),
            s => new TimeLimit(MarketSettings.Portfolio(s), s.Int("max_steps", 1))) { IsMeta = true };
        yield return new EnvSpec("Diagnosis-v0",
            "Cost-aware diagnosis on WDBC: a patient per episode; order one test (feature) at the hospital's price or diagnose benign/malignant against its cost matrix; tasks are hospitals (prices, prevalence, costs).",
            DiagnosisSettings.Keys(Episodes(1)),
            DiagnosisSettings.Make) { IsMeta = true, HorizonKey = "max_tests" };
        yield return new EnvSpec("Nav2DObstacles-v0",
            "Robot navigation among obstacles: a point robot with velocity control and bounded acceleration in a square arena with circles and rectangles; obs = lidar ranges, goal direction and distance, velocity; reward = progress toward the goal, a bonus on reaching it, a penalty on collision (which ends the episode); tasks = seeded maps (split=train|test), oracle = visibility-graph shortest path.",
            Nav2DSettings.Keys(MaxSteps(200), Episodes(2)),
            s => new TimeLimit(new Nav2DObstacles(Nav2DSettings.Read(s)), s.Int("max_steps", 1))) { IsMeta = true };
    }

    // Settings that size memory are bounded here only by what an array can index; the memory guard (EnvSpec.Memory,
    // checked by EnvRegistry.Make before the factory runs) refuses first what the machine cannot hold, naming the setting,
    // so the memory estimates read the sizes without those bounds.
    private static int Arms(EnvSettings s) => s.Int("arms", 1, Array.MaxLength);

    private static (int States, int Actions) MdpSize(EnvSettings s)
    {
        int states = s.Int("states", 1), actions = s.Int("actions", 1);
        if ((double)states * actions * states > Array.MaxLength)
        {
            throw new EnvConfigurationException($"TabularMDP-v0: settings 'states' × 'actions' × 'states' must be at most {Array.MaxLength:N0} (one transition table), got {states} × {actions} × {states}.");
        }
        return (states, actions);
    }

    /// <summary>The side of a grid or room: at least 2, and side² cells an array can index.</summary>
    private static int Side(EnvSettings s) => s.Int("size", 2, 46_340);

    private static (MemoryEstimate, MemoryEstimate) BanditMemory(EnvSettings s)
    {
        double arms = s.Int("arms", 1);
        var task = Table("arms", "the task's arm means", arms, sizeof(double));
        return (Table("arms", "the task's arm means and the environment's copy", arms, 2 * sizeof(double)), task);
    }

    private static (MemoryEstimate, MemoryEstimate) MdpMemory(EnvSettings s)
    {
        int states = s.Int("states", 1), actions = s.Int("actions", 1);
        double table = (double)states * actions * states;
        var task = Table("states", "the task's transition table (states × actions × states)", table, sizeof(double))
            .Add("actions", $"the task's mean rewards: {MemoryEstimate.Count((double)states * actions)} numbers", (double)states * actions * sizeof(double));
        // Sampling a task builds its table once, then the task keeps a copy: two tables at the peak.
        var environment = Table("states", "a task's transition table (states × actions × states) while it is sampled and kept", table, 2 * sizeof(double));
        return (environment, task);
    }

    private static (MemoryEstimate, MemoryEstimate) GridMemory(EnvSettings s)
    {
        double cells = Math.Pow(s.Int("size", 2), 2);
        var task = Table("size", "the task's obstacle map (size × size cells)", cells, sizeof(bool));
        // A task is checked for a path by a breadth-first search: a distance per cell.
        return (Table("size", "the obstacle map and its breadth-first distances (size × size cells)", cells, sizeof(bool) + sizeof(int)), task);
    }

    private static (MemoryEstimate, MemoryEstimate) RoomMemory(EnvSettings s)
    {
        double cells = Math.Pow(s.Int("size", 2), 2);
        // The goal split shuffles every cell (and keeps its part of them: all, or a copy of 80% or 20%).
        return (Table("size", "the shuffled cells of the goal split (size × size)", cells, sizeof(int)), new MemoryEstimate());
    }

    /// <summary><paramref name="count"/> numbers of <paramref name="bytesEach"/> bytes, under <paramref name="key"/> (the
    /// task object itself, <see cref="MemoryEstimate.TaskBytes"/>, is counted by whoever holds tasks).</summary>
    private static MemoryEstimate Table(string key, string what, double count, double bytesEach) =>
        new MemoryEstimate().Add(key, $"{what}: {MemoryEstimate.Count(count)} numbers", count * bytesEach);

    private static EnvSetting MaxSteps(int d) => new("max_steps", d.ToString(System.Globalization.CultureInfo.InvariantCulture), "time limit (steps per episode)");

    /// <summary>The <c>episodes</c> key: episodes per RL² trial, read by <see cref="EnvRegistry.MakeTrial"/> and <c>metarl baselines</c>.</summary>
    private static EnvSetting Episodes(int d) => new("episodes", d.ToString(System.Globalization.CultureInfo.InvariantCulture), "episodes per RL² trial (MakeTrial, baselines)");
}
