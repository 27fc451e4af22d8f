using MetaRL.Random;
using MetaRL.Tensors;

namespace MetaRL.Nn;

/// <summary>
/// y = x·Wᵀ + b with W of shape [out, in] (PyTorch's layout, so checkpoints move between the two).
/// Default init is PyTorch's: W and b uniform in ±1/√in.
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

    /// <inheritdoc />
    public override Tensor Forward(Tensor x)
    {
        if (x.Dim(-1) != InFeatures)
        {
            throw new ArgumentException($"Linear({InFeatures}→{OutFeatures}) got input of shape {ShapeUtil.Format(x.Shape)}.");
        }
        var flat = x.Rank == 2 ? x : Ops.Reshape(x, -1, InFeatures);
        var y = Ops.Linear(flat, P(Weight), Bias is null ? null : P(Bias));
        if (x.Rank == 2) { return y; }
        var shape = x.ShapeArray();
        shape[^1] = OutFeatures;
        return Ops.Reshape(y, shape);
    }
}
