namespace MetaRL.Nn;

/// <summary>
/// y = x·Wᵀ + b with W of shape [out, in] (PyTorch's layout, so checkpoints move between the two).
/// Default init is PyTorch's: W and b uniform in ±1/√in. With an <see cref="Adapter"/> attached (LoRA) the output
/// gains the adapter's low-rank term; <see cref="MergeAdapter"/> folds it into W.
/// </summary>
public sealed class Linear : Layer
{
    public Linear(int inFeatures, int outFeatures, Rng rng, bool bias = true, DType dtype = DType.Float32)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inFeatures);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outFeatures);
        InFeatures = inFeatures;
        OutFeatures = outFeatures;
        double bound = 1.0 / Math.Sqrt(inFeatures);
        Weight = RegisterParameter("weight", Tensor.RandU([outFeatures, inFeatures], rng, -bound, bound, dtype));
        Bias = bias ? RegisterParameter("bias", Tensor.RandU([outFeatures], rng, -bound, bound, dtype)) : null;
    }

    public int InFeatures { get; }

    public int OutFeatures { get; }

    /// <summary>Weight of shape [out, in].</summary>
    public Tensor Weight { get; }

    /// <summary>Bias of shape [out], or null.</summary>
    public Tensor? Bias { get; }

    /// <summary>The attached low-rank adapter (child <c>lora</c>), or null.</summary>
    public LowRankAdapter? Adapter { get; private set; }

    /// <summary>Attaches a rank-<paramref name="rank"/> adapter (see <see cref="LowRankAdapter"/>); the layer's own
    /// weights are left as they are (freeze them to train the adapter alone).</summary>
    public LowRankAdapter AttachAdapter(int rank, double alpha, Rng rng)
    {
        if (Adapter is not null) { throw new InvalidOperationException("This Linear already has an adapter."); }
        Adapter = RegisterModule("lora", new LowRankAdapter(InFeatures, OutFeatures, rank, alpha, rng, Weight.DType));
        return Adapter;
    }

    /// <summary>Adds the adapter's dense update to <see cref="Weight"/> in place and removes the adapter.</summary>
    public void MergeAdapter()
    {
        if (Adapter is null) { throw new InvalidOperationException("This Linear has no adapter to merge."); }
        Weight.CopyFrom(Ops.Add(Weight.Detach(), Adapter.DenseDelta()));
        RemoveModule("lora");
        Adapter = null;
    }

    /// <inheritdoc />
    public override Tensor Forward(Tensor x)
    {
        if (x.Dim(-1) != InFeatures)
        {
            throw new ArgumentException($"Linear({InFeatures}→{OutFeatures}) got input of shape {ShapeUtil.Format(x.Shape)}.");
        }
        var flat = x.Rank == 2 ? x : Ops.Reshape(x, -1, InFeatures);
        var y = Ops.Linear(flat, P(Weight), Bias is null ? null : P(Bias));
        if (Adapter is not null) { y = Ops.Add(y, Adapter.Delta(flat)); }
        if (x.Rank == 2) { return y; }
        var shape = x.ShapeArray();
        shape[^1] = OutFeatures;
        return Ops.Reshape(y, shape);
    }
}
