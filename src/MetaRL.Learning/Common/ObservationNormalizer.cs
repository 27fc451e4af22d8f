namespace MetaRL.Learning;

/// <summary>
/// Observation normalisation as Stable-Baselines3's <c>VecNormalize</c> does it for every environment copy
/// together: a running mean and variance per observation component (Chan et al.'s parallel update, starting
/// from count 1e-4 as Gymnasium's <c>RunningMeanStd</c>), and observations mapped to
/// <c>clip((x − mean) / √(var + 1e-8), −clip, clip)</c> (Engstrom et al., 2020, "Implementation Matters in
/// Deep Policy Gradients"). The learner updates the statistics with every observation the environments
/// return; evaluation applies them frozen.
/// </summary>
public sealed class ObservationNormalizer
{
    internal const double Epsilon = 1e-8;
    private readonly double[] _mean, _var;
    private double _count = 1e-4;

    public ObservationNormalizer(int size, double clip = 10)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(clip);
        _mean = new double[size];
        _var = new double[size];
        Array.Fill(_var, 1.0);
        Clip = clip;
    }

    /// <summary>Normalised values are clipped to [−Clip, Clip].</summary>
    public double Clip { get; }

    /// <summary>Running mean per component.</summary>
    public IReadOnlyList<double> Mean => _mean;

    /// <summary>Running (population) variance per component.</summary>
    public IReadOnlyList<double> Variance => _var;

    /// <summary>Adds a batch of observations, row-major [rows, size].</summary>
    public void Update(ReadOnlySpan<float> batch)
    {
        int size = _mean.Length, rows = batch.Length / size;
        if (rows * size != batch.Length || rows == 0) { throw new ArgumentException($"A batch of {batch.Length} floats is not a whole number of {size}-component observations."); }
        double total = _count + rows;
        for (int j = 0; j < size; j++)
        {
            double m = 0;
            for (int r = 0; r < rows; r++) { m += batch[r * size + j]; }
            m /= rows;
            double v = 0;
            for (int r = 0; r < rows; r++) { double d = batch[r * size + j] - m; v += d * d; }
            v /= rows;
            double delta = m - _mean[j];
            _mean[j] += delta * rows / total;
            _var[j] = (_var[j] * _count + v * rows + delta * delta * _count * rows / total) / total;
        }
        _count = total;
    }

    /// <summary>Writes the normalised observations of <paramref name="source"/> (row-major) to <paramref name="destination"/>.</summary>
    public void Apply(ReadOnlySpan<float> source, Span<float> destination)
    {
        int size = _mean.Length;
        for (int i = 0; i < source.Length; i++)
        {
            int j = i % size;
            double z = (source[i] - _mean[j]) / Math.Sqrt(_var[j] + Epsilon);
            destination[i] = (float)Math.Clamp(z, -Clip, Clip);
        }
    }

    internal void Save(IDictionary<string, Tensor> state)
    {
        state["obs_norm.mean"] = Tensor.FromArray((double[])_mean.Clone(), _mean.Length);
        state["obs_norm.var"] = Tensor.FromArray((double[])_var.Clone(), _var.Length);
        state["obs_norm.count"] = Tensor.FromArray(new[] { _count }, 1);
    }

    internal void Load(IReadOnlyDictionary<string, Tensor> state)
    {
        state["obs_norm.mean"].F64.CopyTo(_mean);
        state["obs_norm.var"].F64.CopyTo(_var);
        _count = state["obs_norm.count"][0];
    }
}
