namespace MetaRL.Nn;

/// <summary>
/// A state dict with int8 weights: every float32 weight matrix (Linear, recurrent <c>weight_ih</c>/<c>weight_hh</c> and
/// attention projections) becomes an int8 tensor under its own name plus one scale per output row under
/// <c>name + </c><see cref="ScaleSuffix"/> (<see cref="Int8Quantize"/>), and every bias vector (<c>bias</c>,
/// <c>bias_ih</c>, <c>bias_hh</c>) an int8 tensor with one scale for the whole vector; other parameters (a Gaussian
/// head's log-std, layer-norm gains) stay float. <see cref="Module.LoadStateDict"/> expands such a dict back to float
/// weights, so a compressed checkpoint loads wherever a float one does.
/// </summary>
public static class Int8Weights
{
    /// <summary>Appended to a quantised weight's name for its scales.</summary>
    public const string ScaleSuffix = ".int8_scale";

    /// <summary>Whether <paramref name="name"/> → <paramref name="value"/> is quantised by <see cref="Quantize"/>.</summary>
    public static bool Quantizes(string name, Tensor value)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(value);
        string own = name[(name.LastIndexOf('.') + 1)..];
        return value.DType == DType.Float32 && value.Numel > 0
            && ((value.Rank == 2 && own.StartsWith("weight", StringComparison.Ordinal)) || (value.Rank == 1 && own.StartsWith("bias", StringComparison.Ordinal)));
    }

    /// <summary>Rows that get a scale each: a matrix's rows, or one for a vector.</summary>
    private static int Rows(Tensor value) => value.Rank == 2 ? value.Dim(0) : 1;

    /// <summary>The state with every matrix weight quantised.</summary>
    public static Dictionary<string, Tensor> Quantize(IReadOnlyDictionary<string, Tensor> state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (name, value) in state)
        {
            if (!Quantizes(name, value)) { result[name] = value; continue; }
            var q = new sbyte[value.Numel];
            var scales = new float[Rows(value)];
            Int8Quantize.Quantize(value.F32, q, scales);
            result[name] = Tensor.FromArray(q, value.ShapeArray());
            result[name + ScaleSuffix] = Tensor.FromArray(scales, scales.Length);
        }
        return result;
    }

    /// <summary>True when <paramref name="state"/> holds an int8 weight.</summary>
    public static bool IsQuantized(IReadOnlyDictionary<string, Tensor> state) => state.Values.Any(t => t.DType == DType.Int8);

    /// <summary>The state with every int8 weight dequantised by its scales (the state itself when it has none).</summary>
    /// <exception cref="ArgumentException">An int8 weight lacks its scales, or they do not fit it.</exception>
    public static IReadOnlyDictionary<string, Tensor> Dequantize(IReadOnlyDictionary<string, Tensor> state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (!IsQuantized(state)) { return state; }
        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (name, value) in state)
        {
            if (name.EndsWith(ScaleSuffix, StringComparison.Ordinal) && state.TryGetValue(name[..^ScaleSuffix.Length], out var w) && w.DType == DType.Int8) { continue; }
            if (value.DType != DType.Int8) { result[name] = value; continue; }
            if (value.Rank > 2 || !state.TryGetValue(name + ScaleSuffix, out var scales) || scales.DType != DType.Float32 || scales.Numel != Rows(value))
            {
                throw new ArgumentException($"int8 tensor '{name}' has no {ScaleSuffix} of one float32 scale per row");
            }
            var weights = Tensor.Empty(value.Shape);
            Int8Quantize.Dequantize(value.Data<sbyte>(), scales.F32, weights.F32);
            result[name] = weights;
        }
        return result;
    }
}
