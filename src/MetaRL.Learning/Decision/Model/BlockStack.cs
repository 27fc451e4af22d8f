namespace MetaRL.Learning.Decision;

/// <summary>
/// A GPT-2-shaped causal backbone over the engine's <see cref="TransformerBlock"/>s (Radford et al. 2019): an optional
/// learned positional embedding (<c>wpe</c>), dropout, <c>n_layer</c> pre-LayerNorm blocks (<c>h.0</c>, <c>h.1</c>, …)
/// and a final LayerNorm (<c>ln_f</c>). Dropout acts on the embedded tokens only: the blocks have none.
/// </summary>
public sealed class BlockStack : Layer, ICausalBackbone
{
    private readonly TransformerBlock[] _blocks;
    private readonly double _dropout;

    /// <param name="settings">Layers, heads, widths, context and dropout.</param>
    /// <param name="maxTokens">Positions of the learned table (the longest sequence).</param>
    /// <param name="rng">Draws the initial weights.</param>
    public BlockStack(DecisionModelSettings settings, int maxTokens, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxTokens);
        ModelDim = settings.DModel;
        MaxTokens = maxTokens;
        _dropout = settings.Dropout;
        if (settings.Positional == PositionalEmbedding.Learned)
        {
            // GPT-2 draws its tables from N(0, 0.02²).
            Wpe = RegisterParameter("wpe", Ops.MulScalar(Tensor.RandN([maxTokens, ModelDim], rng), 0.02).Detach());
        }
        _blocks = new TransformerBlock[settings.NLayer];
        for (int i = 0; i < _blocks.Length; i++) { _blocks[i] = new TransformerBlock(ModelDim, settings.NHead, settings.DFf, rng); }
        RegisterModule("h", new Sequential(_blocks));
        LnF = RegisterModule("ln_f", new LayerNorm(ModelDim));
    }

    /// <inheritdoc />
    public int ModelDim { get; }

    /// <inheritdoc />
    public int MaxTokens { get; }

    /// <summary>The positional table [MaxTokens, D], or null without positions.</summary>
    public Tensor? Wpe { get; }

    /// <summary>The final LayerNorm.</summary>
    public LayerNorm LnF { get; }

    /// <inheritdoc />
    public override Tensor Forward(Tensor x) => Forward(x, null);

    /// <inheritdoc />
    public Tensor Forward(Tensor tokens, Rng? dropout)
    {
        int steps = tokens.Dim(1);
        if (steps > MaxTokens) { throw new ArgumentException($"The sequence has {steps} tokens; the model takes at most {MaxTokens}."); }
        var x = tokens;
        if (Wpe is not null) { x = Ops.Add(x, Ops.Slice(P(Wpe), 0, 0, steps)); }
        x = Dropout.Apply(x, _dropout, dropout);
        foreach (var block in _blocks) { x = block.Forward(x); }
        return LnF.Forward(x);
    }
}
