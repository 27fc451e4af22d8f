namespace MetaRL.Nn;

/// <summary>
/// A pre-LayerNorm transformer block (as in GPT-2; Radford et al., 2019) on x [B, T, D]:
/// x + drop(attn(ln1(x))), then x + drop(mlp(ln2(x))) with mlp = Linear(D, width) → activation → Linear(width, D).
/// Children: <c>ln1</c>, <c>attn</c> (<see cref="CausalSelfAttention"/>), <c>ln2</c>, <c>mlp</c> (a
/// <see cref="Sequential"/>: <c>mlp.0</c>, <c>mlp.2</c> are the Linear layers), and with dropout the two
/// parameter-free residual dropouts <c>drop_attn</c> and <c>drop_mlp</c> (GPT-2's resid_pdrop).
/// </summary>
public sealed class TransformerBlock : Layer
{
    /// <param name="modelDim">Width D of the residual stream.</param>
    /// <param name="heads">Attention heads; must divide <paramref name="modelDim"/>.</param>
    /// <param name="mlpWidth">Hidden width of the MLP (4·D in GPT-2).</param>
    /// <param name="rng">Draws all initial weights (PyTorch's Linear init).</param>
    /// <param name="activation">The MLP's nonlinearity; the default is ReLU (GPT uses <see cref="Activation.Gelu"/>).</param>
    /// <param name="dtype">Parameter dtype; the default is float32.</param>
    /// <param name="dropout">Residual dropout probability; the default is 0 (none).</param>
    /// <param name="dropoutRng">Draws the dropout masks; required when <paramref name="dropout"/> is above 0.</param>
    public TransformerBlock(int modelDim, int heads, int mlpWidth, Rng rng, Activation activation = Activation.Relu, DType dtype = DType.Float32, double dropout = 0, Rng? dropoutRng = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(mlpWidth);
        if (dropout > 0 && dropoutRng is null) { throw new ArgumentException("A TransformerBlock with dropout needs a dropout Rng.", nameof(dropoutRng)); }
        Ln1 = RegisterModule("ln1", new LayerNorm(modelDim, dtype: dtype));
        Attn = RegisterModule("attn", new CausalSelfAttention(modelDim, heads, rng, dtype: dtype));
        Ln2 = RegisterModule("ln2", new LayerNorm(modelDim, dtype: dtype));
        Mlp = RegisterModule("mlp", new Sequential(
            new Linear(modelDim, mlpWidth, rng, dtype: dtype),
            new ActivationLayer(activation),
            new Linear(mlpWidth, modelDim, rng, dtype: dtype)));
        if (dropout > 0)
        {
            DropAttn = RegisterModule("drop_attn", new Dropout(dropout, dropoutRng!));
            DropMlp = RegisterModule("drop_mlp", new Dropout(dropout, dropoutRng!));
        }
    }

    public LayerNorm Ln1 { get; }

    public CausalSelfAttention Attn { get; }

    public LayerNorm Ln2 { get; }

    public Sequential Mlp { get; }

    /// <summary>The first Linear of the MLP (D → width).</summary>
    public Linear MlpIn => (Linear)Mlp.Layers[0];

    /// <summary>The MLP's nonlinearity.</summary>
    public Activation MlpActivation => ((ActivationLayer)Mlp.Layers[1]).Activation;

    /// <summary>The second Linear of the MLP (width → D).</summary>
    public Linear MlpOut => (Linear)Mlp.Layers[2];

    /// <summary>Dropout after attention, or null without dropout.</summary>
    public Dropout? DropAttn { get; }

    /// <summary>Dropout after the MLP, or null without dropout.</summary>
    public Dropout? DropMlp { get; }

    /// <inheritdoc />
    public override Tensor Forward(Tensor x)
    {
        var a = Attn.Forward(Ln1.Forward(x));
        x = Ops.Add(x, DropAttn is null ? a : DropAttn.Forward(a));
        var m = Mlp.Forward(Ln2.Forward(x));
        return Ops.Add(x, DropMlp is null ? m : DropMlp.Forward(m));
    }
}
