namespace MetaRL.Nn;

/// <summary>
/// Multi-head causal self-attention (Vaswani et al., 2017) on x [B, T, D]: q, k, v = q_proj(x), k_proj(x),
/// v_proj(x), each split into heads of size D/heads; softmax(q·kᵀ/√(D/heads) + mask)·v with a causal mask so that
/// position t attends to positions ≤ t only; heads joined and passed through out_proj. The attention itself is the
/// fused <see cref="Ops.CausalAttention"/> (no T×T matrix kept, heads never copied apart). Layer names follow
/// torch conventions (<c>q_proj</c>, <c>k_proj</c>, <c>v_proj</c>, <c>out_proj</c>), each a <see cref="Linear"/>.
/// </summary>
public sealed class CausalSelfAttention : Layer
{
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
        var joined = Ops.CausalAttention(QProj.Forward(x), KProj.Forward(x), VProj.Forward(x), Heads);
        return OutProj.Forward(joined);
    }
}
