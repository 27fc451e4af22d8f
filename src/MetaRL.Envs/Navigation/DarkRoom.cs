namespace MetaRL.Envs;

/// <summary>
/// DarkRoom-v0, the sparse-reward room of Algorithm Distillation (Laskin et al. 2022) and the Decision-Pretrained
/// Transformer (Lee et al. 2023): a Size×Size room with no walls inside; the agent starts at (0, 0) and sees only its
/// own position, never the goal; actions are 0 up (y−1), 1 down (y+1), 2 left (x−1), 3 right (x+1) and 4 stay (a
/// move into the outer wall stays too); each step pays 1 when the agent is on the goal after it (the arriving step
/// included) and 0 elsewhere, and never terminates: the horizon (100) is a <see cref="TimeLimit"/> added by the
/// registry. Goals come from one part of a seeded 80/20 split of the cells (<see cref="DarkRoomGoals"/>), drawn
/// uniformly. The observation is (x, y) as floats holding the integer coordinates 0…Size−1, DPT's encoding. The
/// shortest path (<see cref="DarkRoomPaths"/>) is the oracle.
/// </summary>
public sealed class DarkRoom : TaskEnv<DarkRoomTask>
{
    private readonly int[] _goals;
    private int _x, _y;

    /// <param name="size">The side of the room (at least 2).</param>
    /// <param name="split">Which goals tasks are drawn from.</param>
    /// <param name="splitSeed">Seed of the shuffle that splits the cells into training and held-out goals.</param>
    public DarkRoom(int size = 10, DarkRoomSplit split = DarkRoomSplit.Train, long splitSeed = 0)
        : base("DarkRoom-v0", new Box(2, 0f, AtLeast(size, 2) - 1), new Discrete(5))
    {
        Size = size;
        Split = split;
        SplitSeed = splitSeed;
        _goals = DarkRoomGoals.Cells(size, split, splitSeed);
    }

    /// <summary>The side of the room.</summary>
    public int Size { get; }

    /// <summary>Which goals tasks are drawn from.</summary>
    public DarkRoomSplit Split { get; }

    /// <summary>Seed of the train / held-out split.</summary>
    public long SplitSeed { get; }

    /// <summary>The goal cells tasks are drawn from (y·Size + x).</summary>
    public IReadOnlyList<int> Goals => _goals;

    /// <summary>The agent's column.</summary>
    public int X => _x;

    /// <summary>The agent's row.</summary>
    public int Y => _y;

    /// <summary>Writes the observation of cell (x, y): the coordinates as floats.</summary>
    public static void WriteObservation(int x, int y, Span<float> observation)
    {
        observation[0] = x;
        observation[1] = y;
    }

    /// <inheritdoc />
    protected override DarkRoomTask Sample(Rng rng)
    {
        int cell = _goals[rng.NextInt(_goals.Length)];
        return new DarkRoomTask(Size, cell % Size, cell / Size);
    }

    /// <summary>Any goal inside the room is accepted, held-out ones included, so a pinned task may come from either part
    /// of the split.</summary>
    protected override void Validate(DarkRoomTask task)
    {
        if (task.Size != Size) { throw new ArgumentException($"DarkRoom-v0 is {Size}×{Size}; the task is for {task.Size}×{task.Size}."); }
        if (task.GoalX < 0 || task.GoalY < 0 || task.GoalX >= Size || task.GoalY >= Size) { throw new ArgumentException($"DarkRoom goal ({task.GoalX}, {task.GoalY}) is outside the room."); }
    }

    /// <inheritdoc />

    /// <inheritdoc />
    protected override void ResetEpisode(Span<float> observation, Rng rng)
    {
        _x = _y = 0;
        WriteObservation(0, 0, observation);
    }

    /// <inheritdoc />
    public override StepResult Step(ReadOnlySpan<float> action, Span<float> observation)
    {
        if (!ActionSpace.Contains(action)) { throw new ArgumentException($"DarkRoom-v0: action must be 0..4 (up, down, left, right, stay), got {action[0]}."); }
        var task = CurrentTask;
        (_x, _y) = DarkRoomPaths.Move(Size, _x, _y, (int)action[0]);
        WriteObservation(_x, _y, observation);
        return new StepResult(_x == task.GoalX && _y == task.GoalY ? 1.0 : 0.0, false, false);
    }
}
