using MetaRL.Random;
using MetaRL.Tensors;

namespace MetaRL.Nn;

/// <summary>
/// Multi-head causal self-attention (Vaswani et al., 2017) on x [B, T, D]: q, k, v = q_proj(x), k_proj(x),
/// v_proj(x) split into heads of size D/heads; softmax(q·kᵀ/√(D/heads) + mask)·v with a causal mask so that
/// position t attends to positions ≤ t only; heads joined and passed through out_proj. Layer names follow
/// torch conventions (<c>q_proj</c>, <c>k_proj</c>, <c>v_proj</c>, <c>out_proj</c>), each a <see cref="Linear"/>.
/// </summary>
public sealed class CausalSelfAttention : Layer
{
    /// <summary>Added to the scores of future positions: far below any real score, yet finite so that
    /// NaN/Inf detection stays quiet; exp of it underflows to exactly 0 in float32 and float64.</summary>
    internal const double MaskedScore = -1e9;

    private Tensor? _mask;

    /// <param name="modelDim">Width D of the input and output.</param>
    /// <param name="heads">Number of heads; must divide <paramref name="modelDim"/>.</param>
    /// <param name="rng">Draws the projections' initial weights (PyTorch's Linear init).</param>
    /// <param name="bias">Whether the projections have biases; the default is true.</param>
    /// <param name="dtype">Parameter dtype; the default is float32.</param>
    public CausalSelfAttention(int modelDim, int heads, Rng rng, bool bias = true, DType dtype = DType.Float32)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(modelDim);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(heads);
        if (modelDim % heads != 0) { throw new ArgumentException($"Model width {modelDim} is not divisible by {heads} heads."); }
        ModelDim = modelDim;
        Heads = heads;
        QProj = RegisterModule("q_proj", new Linear(modelDim, modelDim, rng, bias, dtype));
        KProj = RegisterModule("k_proj", new Linear(modelDim, modelDim, rng, bias, dtype));
        VProj = RegisterModule("v_proj", new Linear(modelDim, modelDim, rng, bias, dtype));
        OutProj = RegisterModule("out_proj", new Linear(modelDim, modelDim, rng, bias, dtype));
    }

    public int ModelDim { get; }

    public int Heads { get; }

    public int HeadDim => ModelDim / Heads;

    public Linear QProj { get; }

    public Linear KProj { get; }

    public Linear VProj { get; }

    public Linear OutProj { get; }

    /// <inheritdoc />
    public override Tensor Forward(Tensor x)
    {
        if (x.Rank != 3 || x.Dim(2) != ModelDim)
        {
            throw new ArgumentException($"CausalSelfAttention({ModelDim}) expects [B, T, {ModelDim}], got {ShapeUtil.Format(x.Shape)}.");
        }
        int batch = x.Dim(0), steps = x.Dim(1);
        var q = SplitHeads(QProj.Forward(x), batch, steps);
        var k = SplitHeads(KProj.Forward(x), batch, steps);
        var v = SplitHeads(VProj.Forward(x), batch, steps);
        var scores = Ops.MulScalar(Ops.MatMulEx(q, k, false, true), 1.0 / Math.Sqrt(HeadDim));
        var weights = Ops.Softmax(Ops.Add(scores, Mask(steps, x.DType)), -1);
        var heads = Ops.MatMulEx(weights, v, false, false);
        var joined = Ops.Reshape(Ops.Permute(heads, 0, 2, 1, 3), batch, steps, ModelDim);
        return OutProj.Forward(joined);
    }

    /// <summary>[B, T, D] → [B, heads, T, D/heads].</summary>
    private Tensor SplitHeads(Tensor y, int batch, int steps) =>
        Ops.Permute(Ops.Reshape(y, batch, steps, Heads, HeadDim), 0, 2, 1, 3);

    /// <summary>The additive causal mask [T, T]: 0 on and below the diagonal, <see cref="MaskedScore"/> above.
    /// Cached per size and dtype (a constant; replacing the reference is safe across threads).</summary>
    private Tensor Mask(int steps, DType dtype)
    {
        var mask = _mask;
        if (mask is not null && mask.Dim(0) == steps && mask.DType == dtype) { return mask; }
        mask = Tensor.Zeros([steps, steps], dtype);
        for (int i = 0; i < steps; i++)
        {
            for (int j = i + 1; j < steps; j++)
            {
                if (dtype == DType.Float32) { mask.F32[i * steps + j] = (float)MaskedScore; } else { mask.F64[i * steps + j] = MaskedScore; }
            }
        }
        _mask = mask;
        return mask;
    }
}
