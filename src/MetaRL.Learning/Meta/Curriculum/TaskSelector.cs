namespace MetaRL.Learning.Meta;

/// <summary>
/// Chooses which training tasks (indices into a fixed set) form each meta-batch, and hears back each
/// chosen task's post-adaptation return. Selection is a pure function of the seed, the iteration and
/// the state, and the state round-trips through <see cref="SaveState"/> so a resumed run chooses alike.
/// </summary>
public abstract class TaskSelector
{
    /// <summary>Indices of <paramref name="count"/> tasks for <paramref name="iteration"/>.</summary>
    public abstract int[] Select(long iteration, int count);

    /// <summary>Records the post-adaptation returns of the tasks just used.</summary>
    public virtual void Update(IReadOnlyList<int> indices, IReadOnlyList<double> returns) { }

    /// <summary>The state as numbers (empty for a stateless selector).</summary>
    public virtual double[] SaveState() => [];

    /// <summary>Restores <see cref="SaveState"/>'s output.</summary>
    public virtual void LoadState(double[] state) { }
}

/// <summary>Uniform sampling with replacement across iterations, without replacement within a batch when possible.</summary>
public sealed class UniformTaskSelector(int taskCount, long seed) : TaskSelector
{
    /// <inheritdoc />
    public override int[] Select(long iteration, int count)
    {
        var rng = new Rng(SeedPath.Derive(seed, iteration, -3));
        if (count <= taskCount)
        {
            var all = Enumerable.Range(0, taskCount).ToArray();
            rng.Shuffle(all.AsSpan());
            return all[..count];
        }
        return [.. Enumerable.Range(0, count).Select(_ => rng.NextInt(taskCount))];
    }
}
