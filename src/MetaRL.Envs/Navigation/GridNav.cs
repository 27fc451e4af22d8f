using System.Collections.Immutable;

namespace MetaRL.Envs;

/// <summary>
/// GridNav-v0, robot path planning on an occupancy grid: per task, each cell is an obstacle with
/// probability <see cref="ObstacleDensity"/>, and start and goal are distinct free cells; grids are
/// redrawn until breadth-first search finds a start→goal path, so every task is solvable. Actions:
/// 0 up, 1 down, 2 left, 3 right (blocked moves leave the robot in place). Each step pays
/// −<see cref="StepCost"/>; reaching the goal also pays <see cref="GoalReward"/> and terminates. The
/// observation is the position scaled to [0, 1]² and four 0/1 flags for blocked neighbours (the goal is
/// hidden, to be found and remembered across a trial's episodes) and, with <c>showGoal</c>, the goal's
/// scaled position. The shortest path (<see cref="GridPaths"/>) is the oracle.
/// </summary>
public sealed class GridNav(int size = 9, double obstacleDensity = 0.2, double stepCost = 0.01, double goalReward = 1.0, bool showGoal = false)
    : TaskEnv<GridNavTask>("GridNav-v0", new Box(showGoal ? 8 : 6, 0f, 1f), new Discrete(4))
{
    private int _cell;

    public int Size { get; } = AtLeast(size, 2);

    public double ObstacleDensity { get; } = obstacleDensity is >= 0 and < 0.9 ? obstacleDensity : throw new ArgumentOutOfRangeException(nameof(obstacleDensity));

    public double StepCost { get; } = stepCost;

    public double GoalReward { get; } = goalReward;

    public bool ShowGoal { get; } = showGoal;

    /// <summary>The robot's cell (y·Size + x).</summary>
    public int Cell => _cell;

    /// <inheritdoc />
    protected override GridNavTask Sample(Rng rng)
    {
        int cells = Size * Size;
        while (true)
        {
            var blocked = new bool[cells];
            for (int c = 0; c < cells; c++) { blocked[c] = rng.NextDouble() < ObstacleDensity; }
            int start = rng.NextInt(cells), goal = rng.NextInt(cells - 1);
            if (goal >= start) { goal++; }
            blocked[start] = blocked[goal] = false;
            var task = new GridNavTask(Size, ImmutableArray.Create(blocked), start, goal);
            if (GridPaths.ShortestPathLength(task) > 0) { return task; }
        }
    }

    /// <inheritdoc />
    protected override void Validate(GridNavTask task)
    {
        if (task.Size != Size || task.Blocked.Length != Size * Size) { throw new ArgumentException($"GridNav-v0 is {Size}×{Size}; the task does not match."); }
        if (GridPaths.ShortestPathLength(task) <= 0) { throw new ArgumentException("GridNav task has no path from start to goal."); }
    }

    /// <inheritdoc />
    protected override void ResetEpisode(Span<float> observation, Rng rng)
    {
        _cell = CurrentTask.Start;
        WriteObservation(CurrentTask, observation);
    }

    /// <inheritdoc />
    public override StepResult Step(ReadOnlySpan<float> action, Span<float> observation)
    {
        if (!ActionSpace.Contains(action)) { throw new ArgumentException($"GridNav-v0: action must be 0..3 (up, down, left, right), got {action[0]}."); }
        var task = CurrentTask;
        _cell = GridPaths.Move(task, _cell, (int)action[0]);
        WriteObservation(task, observation);
        bool atGoal = _cell == task.Goal;
        return new StepResult(-StepCost + (atGoal ? GoalReward : 0), atGoal, false);
    }

    private void WriteObservation(GridNavTask task, Span<float> o) => WriteObservation(task, _cell, o);

    /// <summary>Writes the observation the robot would see in <paramref name="cell"/> of <paramref name="task"/> (the
    /// query states of a DPT dataset are written with it).</summary>
    public void WriteObservation(GridNavTask task, int cell, Span<float> o)
    {
        ArgumentNullException.ThrowIfNull(task);
        float scale = 1f / (Size - 1);
        o[0] = cell % Size * scale;
        o[1] = cell / Size * scale;
        for (int a = 0; a < 4; a++) { o[2 + a] = GridPaths.Move(task, cell, a) == cell ? 1f : 0f; }
        if (ShowGoal)
        {
            o[6] = task.Goal % Size * scale;
            o[7] = task.Goal / Size * scale;
        }
    }
}
