namespace MetaRL.Envs;

/// <summary>Trial loops of the bandit baselines.</summary>
internal static class BanditTrials
{
    public static Func<int, Rng, double> Runner(string method, Env env, BaselineOptions o)
    {
        var bandit = env.Find<BernoulliBandit>()!;
        int pulls = env.Find<TimeLimit>()!.MaxEpisodeSteps;
        BanditAgent agent = method switch
        {
            "random" => new RandomBandit(),
            "greedy" => new GreedyBandit(),
            "epsilon-greedy" => new EpsilonGreedyBandit(o.Epsilon),
            "ucb1" => new Ucb1Bandit(o.Ucb1C),
            "thompson" => new ThompsonBandit(),
            "gittins" => new GittinsBandit(o.GittinsHorizonCap),
            "oracle" => new OracleBandit(() => bandit.CurrentTask),
            _ => throw new ArgumentException(method),
        };
        var obs = env.NewObservation();
        return (episodes, rng) =>
        {
            agent.Begin(bandit.Arms, pulls * episodes);
            double total = 0;
            for (int e = 0; e < episodes; e++)
            {
                env.Reset(obs);
                StepResult r = default;
                while (!r.Done)
                {
                    int arm = agent.Select(rng);
                    r = env.Step(arm, obs);
                    agent.Update(arm, r.Reward);
                    total += r.Reward;
                }
            }
            return total;
        };
    }
}

/// <summary>Trial loops of the tabular-MDP baselines.</summary>
internal static class MdpTrials
{
    public static Func<int, Rng, double> Runner(string method, Env env, BaselineOptions o)
    {
        var mdp = env.Find<TabularMdp>()!;
        int horizon = env.Find<TimeLimit>()!.MaxEpisodeSteps;
        MdpAgent agent = method switch
        {
            "random" => new RandomMdpAgent(),
            "greedy" => new GreedyMdpAgent(),
            "epsilon-greedy" => new EpsilonGreedyMdpAgent(o.Epsilon),
            "psrl" => new PsrlAgent(),
            "oracle" => new OracleMdpAgent(() => mdp.CurrentTask),
            _ => throw new ArgumentException(method),
        };
        var obs = env.NewObservation();
        return (episodes, rng) =>
        {
            agent.BeginTrial(mdp.States, mdp.Actions, horizon);
            double total = 0;
            for (int e = 0; e < episodes; e++)
            {
                env.Reset(obs);
                agent.BeginEpisode(rng);
                StepResult r = default;
                for (int t = 0; !r.Done; t++)
                {
                    int s = mdp.State;
                    int a = agent.Act(s, t, rng);
                    r = env.Step(a, obs);
                    agent.Observe(s, a, r.Reward, mdp.State);
                    total += r.Reward;
                }
            }
            return total;
        };
    }
}

/// <summary>Trial loops of the navigation oracles and of uniformly random actions for any id.</summary>
internal static class NavigationTrials
{
    public static Func<int, Rng, double> RandomActions(Env env)
    {
        var obs = env.NewObservation();
        var a = new float[env.ActionSpace.Size];
        return (episodes, rng) => Episodes(env, obs, episodes, () => { env.ActionSpace.Sample(rng, a); return a; });
    }

    public static Func<int, Rng, double> GridOracle(Env env)
    {
        var grid = env.Find<GridNav>()!;
        var obs = env.NewObservation();
        var a = new float[1];
        GridNavTask? task = null;
        int[] dist = [];
        return (episodes, rng) => Episodes(env, obs, episodes, () =>
        {
            if (!ReferenceEquals(task, grid.CurrentTask)) { task = grid.CurrentTask; dist = GridPaths.DistancesToGoal(task); }
            a[0] = GridPaths.OracleAction(task, dist, grid.Cell);
            return a;
        });
    }

    /// <summary>Walks a shortest path to the hidden goal (the vertical moves first) and stays there.</summary>
    public static Func<int, Rng, double> DarkRoomOracle(Env env)
    {
        var room = env.Find<DarkRoom>()!;
        var obs = env.NewObservation();
        var a = new float[1];
        return (episodes, rng) => Episodes(env, obs, episodes, () =>
        {
            a[0] = DarkRoomPaths.OracleAction(room.CurrentTask, room.X, room.Y);
            return a;
        });
    }

    /// <summary>Moves straight at the goal: the per-axis clipped displacement to it (optimal, since the
    /// reward only depends on the distance after each move and the axes are clipped independently).</summary>
    public static Func<int, Rng, double> PointOracle(Env env)
    {
        var nav = env.Find<PointNav2D>()!;
        var obs = env.NewObservation();
        var a = new float[2];
        return (episodes, rng) => Episodes(env, obs, episodes, () =>
        {
            var g = nav.CurrentTask;
            a[0] = (float)Math.Clamp(g.GoalX - obs[0], -0.1, 0.1);
            a[1] = (float)Math.Clamp(g.GoalY - obs[1], -0.1, 0.1);
            return a;
        });
    }

    private static double Episodes(Env env, float[] obs, int episodes, Func<float[]> act)
    {
        double total = 0;
        for (int e = 0; e < episodes; e++)
        {
            env.Reset(obs);
            StepResult r = default;
            while (!r.Done)
            {
                r = env.Step(act(), obs);
                total += r.Reward;
            }
        }
        return total;
    }
}
