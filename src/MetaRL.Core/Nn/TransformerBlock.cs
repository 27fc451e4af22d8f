using MetaRL.Random;
using MetaRL.Tensors;

namespace MetaRL.Nn;

/// <summary>
/// A pre-LayerNorm transformer block (as in GPT-2; Radford et al., 2019) on x [B, T, D]:
/// x + attn(ln1(x)), then x + mlp(ln2(x)) with mlp = Linear(D, width) → activation → Linear(width, D).
/// No dropout. Children: <c>ln1</c>, <c>attn</c> (<see cref="CausalSelfAttention"/>), <c>ln2</c>,
/// <c>mlp</c> (a <see cref="Sequential"/>: <c>mlp.0</c>, <c>mlp.2</c> are the Linear layers).
/// </summary>
public sealed class TransformerBlock : Layer
{
    /// <param name="modelDim">Width D of the residual stream.</param>
    /// <param name="heads">Attention heads; must divide <paramref name="modelDim"/>.</param>
    /// <param name="mlpWidth">Hidden width of the MLP (4·D in GPT-2).</param>
    /// <param name="rng">Draws all initial weights (PyTorch's Linear init).</param>
    /// <param name="activation">The MLP's nonlinearity; the default is ReLU.</param>
    /// <param name="dtype">Parameter dtype; the default is float32.</param>
    public TransformerBlock(int modelDim, int heads, int mlpWidth, Rng rng, Activation activation = Activation.Relu, DType dtype = DType.Float32)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(mlpWidth);
        Ln1 = RegisterModule("ln1", new LayerNorm(modelDim, dtype: dtype));
        Attn = RegisterModule("attn", new CausalSelfAttention(modelDim, heads, rng, dtype: dtype));
        Ln2 = RegisterModule("ln2", new LayerNorm(modelDim, dtype: dtype));
        Mlp = RegisterModule("mlp", new Sequential(
            new Linear(modelDim, mlpWidth, rng, dtype: dtype),
            new ActivationLayer(activation),
            new Linear(mlpWidth, modelDim, rng, dtype: dtype)));
    }

    public LayerNorm Ln1 { get; }

    public CausalSelfAttention Attn { get; }

    public LayerNorm Ln2 { get; }

    public Sequential Mlp { get; }

    /// <inheritdoc />
    public override Tensor Forward(Tensor x)
    {
        x = Ops.Add(x, Attn.Forward(Ln1.Forward(x)));
        return Ops.Add(x, Mlp.Forward(Ln2.Forward(x)));
    }
}
