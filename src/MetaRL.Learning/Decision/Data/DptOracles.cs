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

/// <summary>A family with one goal cell: a transition that arrives on it and a query near it
/// (<see cref="DecisionDataOptions.GoalQueries"/>).</summary>
internal interface IGoalQueries
{
    /// <summary>A transition onto the goal, drawn uniformly among the moves that arrive there (staying on it included);
    /// writes its observations and returns its action and reward.</summary>
    (int Action, double Reward) GoalArrival(Rng rng, Span<float> observation, Span<float> next);

    /// <summary>A query cell drawn uniformly within <paramref name="radius"/> moves of the goal, labelled as <see cref="IDptOracle.Query"/> labels.</summary>
    (int Step, int Action) QueryNearGoal(Rng rng, int radius, Span<float> observation);
}

/// <summary>Dark Room: a cell drawn uniformly (DPT's query distribution), labelled with <see cref="DarkRoomPaths.OracleAction"/>,
/// or with <paramref name="randomTies"/> with a move drawn uniformly among those that shorten the distance ("stay" at the goal).</summary>
internal sealed class DarkRoomOracle(DarkRoom room, bool randomTies = false) : IDptOracle, IGoalQueries
{
    public (int Step, int Action) Query(Rng rng, Span<float> observation)
    {
        int x = rng.NextInt(room.Size), y = rng.NextInt(room.Size);
        return Label(x, y, observation, rng);
    }

    public (int Action, double Reward) GoalArrival(Rng rng, Span<float> observation, Span<float> next)
    {
        var task = room.CurrentTask;
        Span<(int X, int Y, int A)> moves = stackalloc (int, int, int)[5 * DarkRoomPaths.Moves.Length];
        int count = 0;
        foreach (var (cx, cy) in DarkRoomPaths.Moves) // the goal and its four neighbours
        {
            int x = task.GoalX + cx, y = task.GoalY + cy;
            if (x < 0 || y < 0 || x >= room.Size || y >= room.Size) { continue; }
            for (int a = 0; a < DarkRoomPaths.Moves.Length; a++)
            {
                if (DarkRoomPaths.Move(room.Size, x, y, a) == (task.GoalX, task.GoalY)) { moves[count++] = (x, y, a); }
            }
        }
        var m = moves[rng.NextInt(count)];
        DarkRoom.WriteObservation(m.X, m.Y, observation);
        DarkRoom.WriteObservation(task.GoalX, task.GoalY, next);
        return (m.A, 1.0);
    }

    public (int Step, int Action) QueryNearGoal(Rng rng, int radius, Span<float> observation)
    {
        var task = room.CurrentTask;
        int x, y;
        do
        {
            x = task.GoalX + rng.NextInt(2 * radius + 1) - radius;
            y = task.GoalY + rng.NextInt(2 * radius + 1) - radius;
        }
        while (x < 0 || y < 0 || x >= room.Size || y >= room.Size || DarkRoomPaths.Distance(task, x, y) > radius);
        return Label(x, y, observation, rng);
    }

    private (int Step, int Action) Label(int x, int y, Span<float> observation, Rng rng)
    {
        DarkRoom.WriteObservation(x, y, observation);
        var task = room.CurrentTask;
        int first = DarkRoomPaths.OracleAction(task, x, y);
        if (!randomTies || first == DarkRoomPaths.Stay) { return (0, first); }
        Span<int> shorter = stackalloc int[4];
        int count = 0, d = DarkRoomPaths.Distance(task, x, y);
        for (int a = 0; a < 4; a++)
        {
            var (nx, ny) = DarkRoomPaths.Move(room.Size, x, y, a);
            if (DarkRoomPaths.Distance(task, nx, ny) < d) { shorter[count++] = a; }
        }
        return (0, shorter[rng.NextInt(count)]);
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
