namespace MetaRL.Nn;

/// <summary>
/// A low-rank update ΔW = (α/r)·B·A of a frozen <see cref="Linear"/> (LoRA; Hu et al. 2021, "LoRA: Low-Rank Adaptation
/// of Large Language Models"): A [r, in] drawn as PyTorch's Linear init (PEFT's kaiming-uniform with a = √5, bound
/// 1/√in), B [out, r] zero, so the adapted layer starts out equal to the base. Parameters <c>a</c> and <c>b</c>, named
/// as PEFT's <c>lora_A</c>/<c>lora_B</c> weights are shaped.
/// </summary>
public sealed class LowRankAdapter : Module
{
    /// <param name="inFeatures">The adapted layer's input width.</param>
    /// <param name="outFeatures">The adapted layer's output width.</param>
    /// <param name="rank">r, the rank of the update.</param>
    /// <param name="alpha">α; the update is scaled by α/r so that changing r leaves the initial step size alone.</param>
    /// <param name="rng">Draws A.</param>
    /// <param name="dtype">The base layer's dtype.</param>
    public LowRankAdapter(int inFeatures, int outFeatures, int rank, double alpha, Rng rng, DType dtype = DType.Float32)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rank);
        if (!(alpha > 0) || !double.IsFinite(alpha)) { throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "LoRA alpha must be positive and finite."); }
        Rank = rank;
        Scale = alpha / rank;
        double bound = 1.0 / Math.Sqrt(inFeatures);
        A = RegisterParameter("a", Tensor.RandU([rank, inFeatures], rng, -bound, bound, dtype));
        B = RegisterParameter("b", Tensor.Zeros([outFeatures, rank], dtype));
    }

    public int Rank { get; }

    /// <summary>α/r.</summary>
    public double Scale { get; }

    /// <summary>The down-projection [r, in].</summary>
    public Tensor A { get; }

    /// <summary>The up-projection [out, r].</summary>
    public Tensor B { get; }

    /// <summary>(α/r)·x·Aᵀ·Bᵀ for x [N, in].</summary>
    public Tensor Delta(Tensor x) => Ops.MulScalar(Ops.Linear(Ops.Linear(x, P(A)), P(B)), Scale);

    /// <summary>The dense update (α/r)·B·A [out, in], outside any graph.</summary>
    public Tensor DenseDelta()
    {
        using var _ = Autograd.Autograd.NoGrad();
        return Ops.MulScalar(Ops.MatMul(B, A), Scale);
    }
}
