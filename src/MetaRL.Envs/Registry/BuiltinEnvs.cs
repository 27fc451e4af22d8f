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
            s => new TimeLimit(new BernoulliBandit(s.Int("arms", 1, 100_000), s.Double("mean_low", 0, 1), s.Double("mean_high", 0, 1)), s.Int("pulls", 1))) { IsMeta = true };
        yield return new EnvSpec("TabularMDP-v0",
            "RL²'s random MDPs: transitions ~ Dirichlet(1), mean rewards ~ N(1,1) with N(0,1) noise, start state 0, one-hot state observations.",
            [new("states", "10", "number of states"), new("actions", "5", "number of actions"), new("horizon", "10", "steps per episode"), Episodes(10)],
            s => new TimeLimit(new TabularMdp(s.Int("states", 1, 10_000), s.Int("actions", 1, 10_000)), s.Int("horizon", 1))) { IsMeta = true };
        yield return new EnvSpec("GridNav-v0",
            "Robot path planning: occupancy grid with random obstacles, start and goal per task (always solvable), 4 moves, step cost and goal reward; BFS oracle.",
            [new("size", "9", "grid side"), new("obstacles", "0.2", "obstacle probability per cell"), new("step_cost", "0.01", "cost per move"),
             new("goal_reward", "1", "reward for reaching the goal"), new("show_goal", "0", "1 to append the goal position to the observation"), MaxSteps(100), Episodes(2)],
            s => new TimeLimit(new GridNav(s.Int("size", 2, 1000), s.Double("obstacles", 0, 0.8), s.Double("step_cost", 0), s.Double("goal_reward"), s.Int("show_goal", 0, 1) == 1), s.Int("max_steps", 1))) { IsMeta = true };
        yield return new EnvSpec("DarkRoom-v0",
            "AD/DPT's Dark Room: size×size room, start (0,0), hidden goal, 5 actions (up, down, left, right, stay), reward 1 per step on the goal, obs (x, y); goals split 80/20 train/held-out by a seeded shuffle.",
            [new("size", "10", "room side"), new("goals", "train", "goal split tasks are drawn from: train (80% of the cells), test (the held-out 20%) or all"),
             new("split_seed", "0", "seed of the shuffle that splits the cells into train and held-out goals"), MaxSteps(100), Episodes(10)],
            s => new TimeLimit(new DarkRoom(s.Int("size", 2, 1000), Enum.Parse<DarkRoomSplit>(s.Choice("goals", "train", "test", "all"), ignoreCase: true), s.Int("split_seed")),
                s.Int("max_steps", 1))) { IsMeta = true };
    }

    private static EnvSetting MaxSteps(int d) => new("max_steps", d.ToString(System.Globalization.CultureInfo.InvariantCulture), "time limit (steps per episode)");

    /// <summary>The <c>episodes</c> key: episodes per RL² trial, read by <see cref="EnvRegistry.MakeTrial"/> and <c>metarl baselines</c>.</summary>
    private static EnvSetting Episodes(int d) => new("episodes", d.ToString(System.Globalization.CultureInfo.InvariantCulture), "episodes per RL² trial (MakeTrial, baselines)");
}
