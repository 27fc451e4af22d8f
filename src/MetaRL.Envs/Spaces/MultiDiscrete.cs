namespace MetaRL.Envs;

/// <summary>
/// Gymnasium's <c>MultiDiscrete</c>: a vector of integers, component i in {0, …, nvec[i]−1}, held as floats (one per
/// component). Samples draw each component independently and uniformly, as Gymnasium's do, so a sample may repeat a
/// value in two components; an environment that needs distinct components (a slate) says how it reads a repeat.
/// </summary>
public sealed class MultiDiscrete : Space
{
    private readonly int[] _nvec;

    /// <param name="nvec">The number of values of each component (each at least 1).</param>
    public MultiDiscrete(params int[] nvec)
    {
        ArgumentNullException.ThrowIfNull(nvec);
        if (nvec.Length == 0) { throw new ArgumentException("A MultiDiscrete space needs at least one component.", nameof(nvec)); }
        foreach (int n in nvec) { ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n, nameof(nvec)); }
        _nvec = [.. nvec];
    }

    /// <summary>The number of values of each component.</summary>
    public IReadOnlyList<int> Nvec => _nvec;

    /// <inheritdoc />
    public override int Size => _nvec.Length;

    /// <inheritdoc />
    public override void Sample(Rng rng, Span<float> value)
    {
        for (int i = 0; i < _nvec.Length; i++) { value[i] = rng.NextInt(_nvec[i]); }
    }

    /// <inheritdoc />
    public override bool Contains(ReadOnlySpan<float> value)
    {
        if (value.Length != _nvec.Length) { return false; }
        for (int i = 0; i < value.Length; i++)
        {
            float v = value[i];
            if (!(v >= 0 && v < _nvec[i]) || v != MathF.Floor(v)) { return false; }
        }
        return true;
    }

    /// <inheritdoc />
    public override string ToString() => $"MultiDiscrete([{string.Join(' ', _nvec)}])";
}
