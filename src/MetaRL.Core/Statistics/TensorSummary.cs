namespace MetaRL.Statistics;

/// <summary>
/// The minimum, mean and maximum of a tensor's elements, read as doubles whatever the dtype (what
/// <c>metarl checkpoint inspect</c> prints). Like torch.min/mean/max, a NaN anywhere makes all three NaN.
/// </summary>
public readonly record struct TensorSummary(double Min, double Mean, double Max)
{
    /// <summary>The summary of <paramref name="tensor"/>; null for an empty tensor, which has none.</summary>
    public static TensorSummary? Of(Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (tensor.Numel == 0) { return null; }
        double min = double.PositiveInfinity, max = double.NegativeInfinity, sum = 0;
        bool nan = false;
        for (int i = 0; i < tensor.Numel; i++)
        {
            double v = tensor[i];
            if (double.IsNaN(v)) { nan = true; continue; }
            min = Math.Min(min, v);
            max = Math.Max(max, v);
            sum += v;
        }
        return nan ? new TensorSummary(double.NaN, double.NaN, double.NaN) : new TensorSummary(min, sum / tensor.Numel, max);
    }
}
