namespace MetaRL.Envs;

/// <summary>A set of valid observations or actions (Gymnasium's <c>spaces</c>). Values are float vectors:
/// a <see cref="Discrete"/> value is one float holding the integer index.</summary>
public abstract class Space
{
    /// <summary>Number of floats in one value (1 for Discrete).</summary>
    public abstract int Size { get; }

    /// <summary>Draws a value uniformly from the space with an explicit generator.</summary>
    public abstract void Sample(Rng rng, Span<float> value);

    /// <summary>True when the value lies in the space.</summary>
    public abstract bool Contains(ReadOnlySpan<float> value);
}

/// <summary>The integers {start, …, start+n−1}.</summary>
public sealed class Discrete : Space
{
    public Discrete(int n, int start = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n);
        N = n;
        Start = start;
    }

    /// <summary>Number of values.</summary>
    public int N { get; }

    /// <summary>The smallest value.</summary>
    public int Start { get; }

    /// <inheritdoc />
    public override int Size => 1;

    /// <summary>Draws an index.</summary>
    public int Sample(Rng rng) => Start + rng.NextInt(N);

    /// <inheritdoc />
    public override void Sample(Rng rng, Span<float> value) => value[0] = Sample(rng);

    /// <summary>True when the integer is in range.</summary>
    public bool Contains(int value) => value >= Start && value < Start + N;

    /// <inheritdoc />
    public override bool Contains(ReadOnlySpan<float> value) =>
        value.Length == 1 && value[0] == MathF.Floor(value[0]) && Contains((int)value[0]);

    /// <inheritdoc />
    public override string ToString() => Start == 0 ? $"Discrete({N})" : $"Discrete({N}, start={Start})";
}

/// <summary>A box of float32 vectors with per-element bounds (±∞ allowed; sampled like Gymnasium's Box).</summary>
public sealed class Box : Space
{
    public Box(float[] low, float[] high)
    {
        if (low.Length != high.Length || low.Length == 0) { throw new ArgumentException("Box bounds must be non-empty and of equal length."); }
        for (int i = 0; i < low.Length; i++)
        {
            if (!(low[i] <= high[i])) { throw new ArgumentException($"Box bound {i}: low {low[i]} > high {high[i]}."); }
        }
        Low = low;
        High = high;
    }

    /// <summary>A box with the same bounds on every element.</summary>
    public Box(int size, float low, float high)
        : this(Enumerable.Repeat(low, size).ToArray(), Enumerable.Repeat(high, size).ToArray()) { }

    public float[] Low { get; }

    public float[] High { get; }

    /// <inheritdoc />
    public override int Size => Low.Length;

    /// <summary>Clips each component of <paramref name="value"/> into [Low, High], in place.</summary>
    public void Clip(Span<float> value)
    {
        for (int i = 0; i < value.Length; i++) { value[i] = Math.Clamp(value[i], Low[i], High[i]); }
    }

    /// <inheritdoc />
    public override void Sample(Rng rng, Span<float> value)
    {
        for (int i = 0; i < Low.Length; i++)
        {
            bool lo = float.IsFinite(Low[i]), hi = float.IsFinite(High[i]);
            value[i] = (lo, hi) switch
            {
                (true, true) => (float)rng.Uniform(Low[i], High[i]),
                (true, false) => Low[i] + (float)(-Math.Log(1 - rng.NextDouble())),
                (false, true) => High[i] - (float)(-Math.Log(1 - rng.NextDouble())),
                _ => (float)rng.Normal(),
            };
        }
    }

    /// <inheritdoc />
    public override bool Contains(ReadOnlySpan<float> value)
    {
        if (value.Length != Low.Length) { return false; }
        for (int i = 0; i < value.Length; i++)
        {
            if (float.IsNaN(value[i]) || value[i] < Low[i] || value[i] > High[i]) { return false; }
        }
        return true;
    }

    /// <inheritdoc />
    public override string ToString()
    {
        static string F(float v) => float.IsPositiveInfinity(v) ? "inf" : float.IsNegativeInfinity(v) ? "-inf" : v.ToString("G6", System.Globalization.CultureInfo.InvariantCulture);
        bool uniform = Low.All(v => v == Low[0]) && High.All(v => v == High[0]);
        return uniform
            ? $"Box({F(Low[0])}, {F(High[0])}, ({Low.Length},))"
            : $"Box([{string.Join(", ", Low.Select(F))}], [{string.Join(", ", High.Select(F))}])";
    }
}
