namespace MetaRL.Learning.Decision;

/// <summary>The query of a DPT row: a state of the current task, the episode step it is asked at, and the optimal
/// action there by the family's oracle.</summary>
internal interface IDptOracle
{
    /// <summary>Draws a query state of the task the environment runs, writes its observation and returns the step
    /// (0 where the optimal action does not depend on time) and the optimal action.</summary>
    (int Step, int Action) Query(Rng rng, Span<float> observation);
}

/// <summary>Bandits: the one state, labelled with the arm of the largest mean (the lowest index on ties).</summary>
internal sealed class BanditOracle(BernoulliBandit bandit) : IDptOracle
{
    public (int Step, int Action) Query(Rng rng, Span<float> observation)
    {
        observation[0] = 0;
        return (0, bandit.CurrentTask.BestArm);
    }
}

/// <summary>Dark Room: a cell drawn uniformly (DPT's query distribution), labelled with <see cref="DarkRoomPaths.OracleAction"/>.</summary>
internal sealed class DarkRoomOracle(DarkRoom room) : IDptOracle
{
    public (int Step, int Action) Query(Rng rng, Span<float> observation)
    {
        int x = rng.NextInt(room.Size), y = rng.NextInt(room.Size);
        DarkRoom.WriteObservation(x, y, observation);
        return (0, DarkRoomPaths.OracleAction(room.CurrentTask, x, y));
    }
}

/// <summary>GridNav: a free cell other than the goal drawn uniformly (every free cell reaches the goal or is cut off;
/// cut-off cells are skipped), labelled with the breadth-first-search action.</summary>
internal sealed class GridNavOracle(GridNav grid) : IDptOracle
{
    private GridNavTask? _task;
    private int[] _distances = [];
    private int[] _cells = [];

    public (int Step, int Action) Query(Rng rng, Span<float> observation)
    {
        var task = grid.CurrentTask;
        if (!ReferenceEquals(task, _task))
        {
            _task = task;
            _distances = GridPaths.DistancesToGoal(task);
            _cells = [.. Enumerable.Range(0, _distances.Length).Where(c => _distances[c] > 0)];
        }
        int cell = _cells[rng.NextInt(_cells.Length)];
        grid.WriteObservation(task, cell, observation);
        return (0, GridPaths.OracleAction(task, _distances, cell));
    }
}

/// <summary>Tabular MDPs: a state and an episode step drawn uniformly, labelled with the greedy action of finite-horizon
/// value iteration at that step (<see cref="FiniteHorizonPlanner"/>; the lowest index on ties): the optimal policy of a
/// finite horizon depends on the steps left.</summary>
internal sealed class TabularMdpOracle(TabularMdp mdp, int horizon) : IDptOracle
{
    private readonly double[] _q = new double[horizon * mdp.States * mdp.Actions];
    private TabularMdpTask? _planned;

    public (int Step, int Action) Query(Rng rng, Span<float> observation)
    {
        var task = mdp.CurrentTask;
        if (!ReferenceEquals(task, _planned))
        {
            FiniteHorizonPlanner.Plan(mdp.States, mdp.Actions, horizon, task.Transitions.AsSpan(), task.RewardMeans.AsSpan(), _q);
            _planned = task;
        }
        int s = rng.NextInt(mdp.States), t = rng.NextInt(horizon);
        observation.Clear();
        observation[s] = 1;
        var row = _q.AsSpan((t * mdp.States + s) * mdp.Actions, mdp.Actions);
        int best = 0;
        for (int a = 1; a < row.Length; a++) { if (row[a] > row[best]) { best = a; } }
        return (t, best);
    }
}
