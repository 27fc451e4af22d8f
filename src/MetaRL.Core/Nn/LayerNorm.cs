namespace MetaRL.Nn;

/// <summary>
/// Layer normalisation (Ba et al., 2016) over the last axis, as torch.nn.LayerNorm(dim):
/// y = (x − mean) / √(var + eps) ⊙ weight + bias with the biased variance; weight starts at ones, bias at zeros.
/// </summary>
public sealed class LayerNorm : Layer
{
    /// <param name="dim">Size of the normalised (last) axis.</param>
    /// <param name="eps">Added to the variance; the default is 1e-5 as in torch.</param>
    /// <param name="elementwiseAffine">Whether to learn weight and bias; the default is true.</param>
    /// <param name="dtype">Parameter dtype; the default is float32.</param>
    public LayerNorm(int dim, double eps = 1e-5, bool elementwiseAffine = true, DType dtype = DType.Float32)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dim);
        ArgumentOutOfRangeException.ThrowIfNegative(eps);
        Dim = dim;
        Eps = eps;
        if (elementwiseAffine)
        {
            Weight = RegisterParameter("weight", Tensor.Ones([dim], dtype));
            Bias = RegisterParameter("bias", Tensor.Zeros([dim], dtype));
        }
    }

    /// <summary>Size of the normalised axis.</summary>
    public int Dim { get; }

    /// <summary>Variance offset.</summary>
    public double Eps { get; }

    /// <summary>Scale [dim], or null without affine parameters.</summary>
    public Tensor? Weight { get; }

    /// <summary>Shift [dim], or null without affine parameters.</summary>
    public Tensor? Bias { get; }

    /// <inheritdoc />
    public override Tensor Forward(Tensor x)
    {
        if (x.Rank == 0 || x.Dim(-1) != Dim)
        {
            throw new ArgumentException($"LayerNorm({Dim}) got input of shape {ShapeUtil.Format(x.Shape)}.");
        }
        return Ops.LayerNorm(x, Weight is null ? null : P(Weight), Bias is null ? null : P(Bias), Eps);
    }
}
