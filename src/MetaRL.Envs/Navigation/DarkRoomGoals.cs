namespace MetaRL.Envs;

/// <summary>Which goals of the room a <see cref="DarkRoom"/> draws its tasks from.</summary>
public enum DarkRoomSplit
{
    /// <summary>The training goals: the first 80% of the shuffled cells.</summary>
    Train,

    /// <summary>The held-out goals: the remaining 20%, never seen in training.</summary>
    Test,

    /// <summary>Every cell of the room.</summary>
    All,
}

/// <summary>
/// The train / held-out split of Dark Room's goals, as in DPT (Lee et al. 2023): the Size² cells are shuffled by a
/// generator seeded with the split seed (a Fisher–Yates shuffle, <see cref="Rng.Shuffle{T}"/>), the first ⌊0.8·Size²⌋
/// are the training goals and the rest are held out. The same seed gives the same split on every machine, and the
/// two parts are disjoint and together cover the room.
/// </summary>
public static class DarkRoomGoals
{
    /// <summary>The goal cells (y·Size + x) of <paramref name="split"/>, in shuffled order.</summary>
    public static int[] Cells(int size, DarkRoomSplit split, long seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 2);
        int cells = size * size;
        var order = new int[cells];
        for (int c = 0; c < cells; c++) { order[c] = c; }
        new Rng(seed).Shuffle(order.AsSpan());
        int train = TrainCount(size);
        return split switch
        {
            DarkRoomSplit.Train => order[..train],
            DarkRoomSplit.Test => order[train..],
            _ => order,
        };
    }

    /// <summary>Number of training goals, ⌊0.8·Size²⌋ (80 of the default 100).</summary>
    public static int TrainCount(int size) => size * size * 4 / 5;
}
