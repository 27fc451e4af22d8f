namespace MetaRL.Envs.Markets;

/// <summary>
/// Walk-forward evaluation's blocks: days [start, end) cut into <c>splits</c> + 1 equal blocks; split k (1 … splits)
/// trains on everything before block k and tests on block k, so a test block never precedes what was learned from.
/// </summary>
public static class WalkForward
{
    /// <summary>The splits of days [<paramref name="start"/>, <paramref name="end"/>): (split, train end, test start,
    /// test end), with train days [0, train end) and test days [test start, test end) = [train end, …).</summary>
    public static IReadOnlyList<(int Split, int TrainEnd, int TestStart, int TestEnd)> Blocks(int start, int end, int splits)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(splits, 1);
        int block = (end - start) / (splits + 1);
        if (block < 2) { throw new ArgumentException($"{end - start} days cannot be cut into {splits + 1} walk-forward blocks of 2 days or more", nameof(splits)); }
        var blocks = new List<(int, int, int, int)>();
        for (int k = 1; k <= splits; k++)
        {
            int testStart = start + k * block, testEnd = k == splits ? end : testStart + block;
            blocks.Add((k, testStart, testStart, testEnd));
        }
        return blocks;
    }
}
