namespace MetaRL.Learning.Meta;

/// <summary>
/// A learning-progress curriculum: each task keeps a fast and a slow exponential moving average of its
/// post-adaptation return; its progress is |fast − slow|. Tasks never tried come first; otherwise a
/// share of each batch is drawn uniformly and the rest proportionally to progress, without repeats.
/// </summary>
public sealed class LearningProgressSelector : TaskSelector
{
    private readonly long _seed;
    private readonly LearningProgressOptions _options;
    private readonly double[] _fast;
    private readonly double[] _slow;
    private readonly double[] _visits;

    public LearningProgressSelector(int taskCount, long seed, LearningProgressOptions? options = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(taskCount, 1);
        _seed = seed;
        _options = options ?? new LearningProgressOptions();
        _fast = new double[taskCount];
        _slow = new double[taskCount];
        _visits = new double[taskCount];
    }

    /// <summary>Current progress estimate of every task (0 for tasks never tried).</summary>
    public double[] Progress() => [.. _fast.Select((f, i) => _visits[i] == 0 ? 0 : Math.Abs(f - _slow[i]))];

    /// <inheritdoc />
    public override int[] Select(long iteration, int count)
    {
        int n = _fast.Length;
        var rng = new Rng(SeedPath.Derive(_seed, iteration, -4));
        var chosen = new List<int>(count);
        var available = new HashSet<int>(Enumerable.Range(0, n));
        var untried = Enumerable.Range(0, n).Where(i => _visits[i] == 0).ToArray();
        rng.Shuffle(untried.AsSpan());
        foreach (int i in untried.Take(count)) { chosen.Add(i); available.Remove(i); }
        var progress = Progress();
        int uniform = (int)Math.Round(_options.UniformShare * count);
        while (chosen.Count < count)
        {
            if (available.Count == 0) { available.UnionWith(Enumerable.Range(0, n)); }
            var pool = available.Order().ToArray();
            double total = pool.Sum(i => progress[i]);
            int pick;
            if (chosen.Count >= count - uniform || total <= 0) { pick = pool[rng.NextInt(pool.Length)]; }
            else
            {
                double u = rng.NextDouble() * total, acc = 0;
                pick = pool[^1];
                foreach (int i in pool)
                {
                    acc += progress[i];
                    if (u < acc) { pick = i; break; }
                }
            }
            chosen.Add(pick);
            available.Remove(pick);
        }
        return [.. chosen];
    }

    /// <inheritdoc />
    public override void Update(IReadOnlyList<int> indices, IReadOnlyList<double> returns)
    {
        ArgumentNullException.ThrowIfNull(indices);
        ArgumentNullException.ThrowIfNull(returns);
        for (int k = 0; k < indices.Count; k++)
        {
            int i = indices[k];
            double r = returns[k];
            if (_visits[i] == 0) { _fast[i] = _slow[i] = r; }
            else
            {
                _fast[i] += _options.FastRate * (r - _fast[i]);
                _slow[i] += _options.SlowRate * (r - _slow[i]);
            }
            _visits[i]++;
        }
    }

    /// <inheritdoc />
    public override double[] SaveState() => [.. _fast, .. _slow, .. _visits];

    /// <inheritdoc />
    public override void LoadState(double[] state)
    {
        ArgumentNullException.ThrowIfNull(state);
        int n = _fast.Length;
        if (state.Length != 3 * n) { throw new ArgumentException($"Curriculum state has {state.Length} numbers, expected {3 * n}."); }
        state.AsSpan(0, n).CopyTo(_fast);
        state.AsSpan(n, n).CopyTo(_slow);
        state.AsSpan(2 * n, n).CopyTo(_visits);
    }
}
