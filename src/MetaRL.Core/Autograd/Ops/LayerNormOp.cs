using static MetaRL.Autograd.Autograd;

namespace MetaRL.Tensors;

public static partial class Ops
{
    /// <summary>
    /// Layer normalisation over the last axis as one graph node (Ba et al., 2016; torch's layer_norm): y = x̂⊙gain +
    /// bias with x̂ = (x − mean)/√(var + eps) and the biased variance; gain and bias [D] are optional (ones and zeros).
    /// The backward is written by hand (<see cref="RowLayerNorm"/>); under <c>createGraph</c> it falls back to the same
    /// arithmetic composed of ops (<see cref="LayerNormComposed"/>), so higher-order gradients stay exact.
    /// </summary>
    public static Tensor LayerNorm(Tensor x, Tensor? gain, Tensor? bias, double eps = RowLayerNorm.Epsilon)
    {
        if (x.Rank == 0 || x.Dim(-1) == 0) { throw new ArgumentException($"LayerNorm needs a non-empty last axis, got {ShapeUtil.Format(x.Shape)}."); }
        int d = x.Dim(-1);
        if ((gain is not null && (gain.Rank != 1 || gain.Dim(0) != d)) || (bias is not null && (bias.Rank != 1 || bias.Dim(0) != d)))
        {
            throw new ArgumentException($"LayerNorm of last axis {d} needs gain and bias of shape [{d}].");
        }
        Tensor[] inputs = [x, .. gain is null ? Array.Empty<Tensor>() : [gain], .. bias is null ? Array.Empty<Tensor>() : [bias]];
        if (!x.DType.IsFloating() || !AllOfDType(inputs, x.DType)) { throw new ArgumentException("LayerNorm needs one floating dtype for all its inputs."); }
        return x.DType == DType.Float32 ? LayerNorm<float>(inputs, gain is not null, bias is not null, eps) : LayerNorm<double>(inputs, gain is not null, bias is not null, eps);
    }

    private static Tensor LayerNorm<T>(Tensor[] inputs, bool hasGain, bool hasBias, double eps)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var x = inputs[0];
        int d = x.Dim(-1), rows = x.Numel / d;
        var gain = hasGain ? Storage<T>(inputs[1]) : Filled(d, T.One);
        var bias = hasBias ? Storage<T>(inputs[^1]) : new T[d];
        bool record = ShouldRecord(inputs);
        var output = Uninitialized(x.ShapeRef, x.DType);
        var y = Storage<T>(output).Span;
        Storage<T>(x).Span.CopyTo(y);
        var xhat = TensorArena.RentArray<T>(record ? rows * d : d);
        var rstd = TensorArena.RentArray<T>(rows);
        for (int r = 0; r < rows; r++)
        {
            rstd[r] = RowLayerNorm.Forward(y.Slice(r * d, d), gain.Span, bias.Span, xhat.AsSpan(record ? r * d : 0, d), eps);
        }
        if (!record) { return Checked(output, "layer_norm"); }
        return Record(output, "layer_norm", inputs, g =>
        {
            if (IsGradEnabled) { return ComposedGradients(inputs, t => LayerNormComposed(t[0], hasGain ? t[1] : null, hasBias ? t[^1] : null, eps), g); }
            var grads = new Tensor?[inputs.Length];
            var dy = Storage<T>(g).Span;
            if (x.RequiresGrad)
            {
                var dx = Storage<T>(grads[0] = Uninitialized(x.ShapeRef, x.DType)).Span;
                for (int r = 0; r < rows; r++) { RowLayerNorm.Backward<T>(dy.Slice(r * d, d), xhat.AsSpan(r * d, d), rstd[r], gain.Span, dx.Slice(r * d, d)); }
            }
            if (hasGain && inputs[1].RequiresGrad)
            {
                var dg = Storage<T>(grads[1] = Tensor.Result([d], x.DType)).Span;
                for (int r = 0; r < rows; r++) { TensorPrimitives.FusedMultiplyAdd(dy.Slice(r * d, d), xhat.AsSpan(r * d, d), dg, dg); }
            }
            if (hasBias && inputs[^1].RequiresGrad)
            {
                var db = Storage<T>(grads[^1] = Tensor.Result([d], x.DType)).Span;
                for (int r = 0; r < rows; r++) { TensorPrimitives.Add(db, dy.Slice(r * d, d), db); }
            }
            return grads;
        });
    }

    /// <summary>Whether every input has <paramref name="dtype"/> (a loop: the fused ops run once per rollout step).</summary>
    private static bool AllOfDType(Tensor[] inputs, DType dtype)
    {
        foreach (var t in inputs)
        {
            if (t.DType != dtype) { return false; }
        }
        return true;
    }

    private static T[] Filled<T>(int n, T value)
    {
        var a = new T[n];
        Array.Fill(a, value);
        return a;
    }

    /// <summary>The same normalisation composed of ops: the naive twin of <see cref="LayerNorm"/>.</summary>
    internal static Tensor LayerNormComposed(Tensor x, Tensor? gain, Tensor? bias, double eps = RowLayerNorm.Epsilon)
    {
        var centered = Sub(x, Mean(x, -1, keepDim: true));
        var variance = Mean(Mul(centered, centered), -1, keepDim: true);
        var y = Div(centered, Sqrt(AddScalar(variance, eps)));
        if (gain is not null) { y = Mul(y, gain); }
        return bias is null ? y : Add(y, bias);
    }
}
