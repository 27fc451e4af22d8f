namespace MetaRL.Kernels;

/// <summary>
/// Symmetric per-output-channel int8 quantisation of a weight matrix [rows, cols] (Krishnamoorthi, 2018, "Quantizing deep
/// convolutional networks for efficient inference", §2.2 and §3.1): row r gets the scale s_r = max|w_r| / 127 and
/// q = round(w / s_r), ties to even, in [−127, 127] (−128 unused, so the range is symmetric); an all-zero row has scale 0.
/// Dequantised, w′ = s_r · q, and |w − w′| ≤ s_r / 2.
/// </summary>
internal static class Int8Quantize
{
    /// <summary>The largest quantised magnitude.</summary>
    public const int Levels = 127;

    /// <summary>Quantises <paramref name="weights"/> ([rows, cols], row-major) into <paramref name="q"/> and one scale per
    /// row into <paramref name="scales"/>.</summary>
    public static void Quantize(ReadOnlySpan<float> weights, Span<sbyte> q, Span<float> scales)
    {
        int rows = scales.Length;
        if (rows == 0 || weights.Length % rows != 0 || q.Length != weights.Length) { throw new ArgumentException($"{weights.Length} weights, {q.Length} codes and {rows} scales do not make a matrix"); }
        int cols = weights.Length / rows;
        for (int r = 0; r < rows; r++)
        {
            var row = weights.Slice(r * cols, cols);
            float max = cols == 0 ? 0 : Math.Abs(TensorPrimitives.MaxMagnitude(row));
            if (!float.IsFinite(max)) { throw new ArgumentException($"row {r} holds a value that is not finite"); }
            float scale = max / Levels;
            scales[r] = scale;
            var codes = q.Slice(r * cols, cols);
            if (scale == 0) { codes.Clear(); continue; }
            for (int c = 0; c < cols; c++)
            {
                codes[c] = (sbyte)Math.Clamp(MathF.Round(row[c] / scale, MidpointRounding.ToEven), -Levels, Levels);
            }
        }
    }

    /// <summary>Writes s_r · q into <paramref name="weights"/> ([rows, cols], row-major).</summary>
    public static void Dequantize(ReadOnlySpan<sbyte> q, ReadOnlySpan<float> scales, Span<float> weights)
    {
        int rows = scales.Length;
        if (rows == 0 || q.Length % rows != 0 || q.Length != weights.Length) { throw new ArgumentException($"{q.Length} codes, {weights.Length} weights and {rows} scales do not make a matrix"); }
        int cols = q.Length / rows;
        for (int r = 0; r < rows; r++)
        {
            var row = weights.Slice(r * cols, cols);
            TensorPrimitives.ConvertChecked(q.Slice(r * cols, cols), row);
            TensorPrimitives.Multiply(row, scales[r], row);
        }
    }
}
