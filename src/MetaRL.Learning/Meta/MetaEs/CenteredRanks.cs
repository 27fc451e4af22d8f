namespace MetaRL.Learning.Meta;

/// <summary>OpenAI ES fitness shaping: each value replaced by its rank scaled to [−0.5, 0.5] (ties broken by position).</summary>
public static class CenteredRanks
{
    /// <summary>The centred ranks of <paramref name="values"/>.</summary>
    public static double[] Compute(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        int n = values.Count;
        var order = Enumerable.Range(0, n).OrderBy(i => values[i]).ThenBy(i => i).ToArray();
        var result = new double[n];
        if (n == 1) { return result; }
        for (int r = 0; r < n; r++) { result[order[r]] = (double)r / (n - 1) - 0.5; }
        return result;
    }
}
