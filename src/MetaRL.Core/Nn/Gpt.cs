namespace MetaRL.Nn;

/// <summary>
/// A GPT-style causal transformer over sequences of float-vector tokens (Radford et al., 2019; the model of
/// Decision-Pretrained Transformers and Algorithm Distillation): <c>wte</c> (Linear token → d_model) plus the learned
/// positional embedding <c>wpe</c> [context, d_model] (unless none), dropout, <see cref="GptOptions.Layers"/>
/// pre-LayerNorm <see cref="TransformerBlock"/>s with exact-GELU MLPs (<c>h.0</c>, <c>h.1</c>, …), a final LayerNorm
/// <c>ln_f</c> and the output <c>head</c> (Linear d_model → outputs). Initialised as GPT-2 by default: Linear weights
/// N(0, 0.02), the residual projections (<c>attn.out_proj</c>, <c>mlp.2</c>) N(0, 0.02/√(2·layers)), biases 0, <c>wpe</c>
/// N(0, 0.02) (<see cref="GptOptions.Initialisation"/>). The one transformer stack of the library: the decision models
/// (<c>MetaRL.Learning.Decision.DecisionTransformer</c>) are built on it. <see cref="Forward(Tensor)"/> runs whole
/// sequences (training); a <see cref="GptKvCache"/> acts online, computing only the positions it has not seen
/// (<see cref="Step(ReadOnlySpan{float})"/> one token at a time, <see cref="GptKvCache.Sync"/> for a whole window).
/// </summary>
public sealed class Gpt : Layer
{
    private readonly TransformerBlock[] _blocks;
    private GptKvCache? _cache;

    /// <param name="options">The model's shape (validated here).</param>
    /// <param name="rng">Draws the initial weights.</param>
    /// <param name="dropoutRng">Draws the dropout masks; required when <see cref="GptOptions.Dropout"/> is above 0.</param>
    public Gpt(GptOptions options, Rng rng, Rng? dropoutRng = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(rng);
        options.Validate();
        if (options.Dropout > 0 && dropoutRng is null) { throw new ArgumentException("A GPT with dropout needs a dropout Rng.", nameof(dropoutRng)); }
        Options = options;
        int d = options.ModelDim;
        Wte = RegisterModule("wte", new Linear(options.TokenDim, d, rng));
        if (options.Positional == PositionalEmbedding.Learned)
        {
            // GPT-2 draws its tables from N(0, 0.02²).
            Wpe = RegisterParameter("wpe", Ops.MulScalar(Tensor.RandN([options.Context, d], rng), 0.02).Detach());
        }
        if (options.Dropout > 0) { Drop = RegisterModule("drop", new Dropout(options.Dropout, dropoutRng!)); }
        _blocks = new TransformerBlock[options.Layers];
        for (int i = 0; i < _blocks.Length; i++)
        {
            _blocks[i] = new TransformerBlock(d, options.Heads, options.MlpWidth, rng, options.Activation, dropout: options.Dropout, dropoutRng: dropoutRng);
        }
        RegisterModule("h", new Sequential(_blocks));
        LnF = RegisterModule("ln_f", new LayerNorm(d));
        Head = RegisterModule("head", new Linear(d, options.OutputDim, rng));
        if (options.Initialisation == GptInitialisation.Gpt2) { InitialiseAsGpt2(rng); }
    }

    /// <summary>The model's shape.</summary>
    public GptOptions Options { get; }

    /// <summary>Token embedding (Linear token_dim → d_model).</summary>
    public Linear Wte { get; }

    /// <summary>Learned positional embedding [context, d_model], or null.</summary>
    public Tensor? Wpe { get; }

    /// <summary>Embedding dropout, or null without dropout.</summary>
    public Dropout? Drop { get; }

    /// <summary>The transformer blocks in order.</summary>
    public IReadOnlyList<TransformerBlock> Blocks => _blocks;

    /// <summary>Final LayerNorm.</summary>
    public LayerNorm LnF { get; }

    /// <summary>Output projection (d_model → outputs).</summary>
    public Linear Head { get; }

    /// <summary>Outputs [B, T, outputs] for tokens [B, T, token_dim] with T ≤ context; position t sees tokens ≤ t only.</summary>
    public override Tensor Forward(Tensor tokens) => Forward(tokens, 0, null);

    /// <summary>
    /// <see cref="Forward(Tensor)"/> with inverted dropout (Srivastava et al., 2014) of probability
    /// <paramref name="embeddingDropout"/> on the embedded tokens (after the positional embedding), its masks drawn from
    /// <paramref name="dropoutRng"/>, one uniform double per element (the decision models' training); null or 0 adds none.
    /// The model's own dropout modules (<see cref="GptOptions.Dropout"/>) act as usual besides.
    /// </summary>
    public Tensor Forward(Tensor tokens, double embeddingDropout, Rng? dropoutRng)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        if (tokens.Rank != 3 || tokens.Dim(2) != Options.TokenDim)
        {
            throw new ArgumentException($"GPT expects tokens [B, T, {Options.TokenDim}], got {ShapeUtil.Format(tokens.Shape)}.");
        }
        int steps = tokens.Dim(1);
        if (steps == 0 || steps > Options.Context) { throw new ArgumentException($"GPT sequence length {steps} must lie in [1, {Options.Context}] (the context)."); }
        var x = Wte.Forward(tokens);
        if (Wpe is not null) { x = Ops.Add(x, Ops.Slice(P(Wpe), 0, 0, steps)); }
        if (dropoutRng is not null && embeddingDropout > 0) { x = DropEmbedding(x, embeddingDropout, dropoutRng); }
        if (Drop is not null) { x = Drop.Forward(x); }
        foreach (var block in _blocks) { x = block.Forward(x); }
        return Head.Forward(LnF.Forward(x));
    }

    /// <summary>A fresh, empty KV cache for acting online (one per concurrent episode): <see cref="Step(GptKvCache, ReadOnlySpan{float}, Span{float})"/>
    /// or <see cref="GptKvCache.Sync"/>.</summary>
    public GptKvCache CreateCache() => new(this);

    /// <summary>
    /// Appends one token to the model's own KV cache and returns the outputs at its position, equal (to float
    /// rounding) to the last row of <see cref="Forward(Tensor)"/> over all tokens since <see cref="ResetCache"/>; earlier
    /// positions are not recomputed. Uses the parameters' current values; float32 models only, no dropout.
    /// </summary>
    public float[] Step(ReadOnlySpan<float> token)
    {
        var output = new float[Options.OutputDim];
        Step(_cache ??= CreateCache(), token, output);
        return output;
    }

    /// <summary>Appends one token to <paramref name="cache"/> and writes the outputs at its position; a full cache first
    /// restarts its window with the newest half of its tokens (<see cref="GptKvCache.Push"/>).</summary>
    public void Step(GptKvCache cache, ReadOnlySpan<float> token, Span<float> output)
    {
        ArgumentNullException.ThrowIfNull(cache);
        if (!ReferenceEquals(cache.Model, this)) { throw new ArgumentException("This KV cache belongs to another model.", nameof(cache)); }
        cache.Push(token, output);
    }

    /// <summary>Empties the model's own KV cache (a new episode or context window).</summary>
    public void ResetCache() => _cache?.Reset();

    private static Tensor DropEmbedding(Tensor x, double p, Rng rng)
    {
        var mask = Tensor.Empty(x.Shape, x.DType);
        float keep = (float)(1 / (1 - p));
        var m = mask.F32;
        for (int i = 0; i < m.Length; i++) { m[i] = rng.NextDouble() < p ? 0f : keep; }
        return Ops.Mul(x, mask);
    }

    private void InitialiseAsGpt2(Rng rng)
    {
        double residualStd = 0.02 / Math.Sqrt(2.0 * Options.Layers);
        foreach (var (name, p) in NamedParameters())
        {
            if (name == "wpe" || name.StartsWith("ln", StringComparison.Ordinal) || name.Contains(".ln", StringComparison.Ordinal)) { continue; }
            if (name.EndsWith(".bias", StringComparison.Ordinal)) { Init.Zeros(p); continue; }
            bool residual = name.EndsWith("attn.out_proj.weight", StringComparison.Ordinal) || name.EndsWith("mlp.2.weight", StringComparison.Ordinal);
            Init.Normal(p, 0, residual ? residualStd : 0.02, rng);
        }
    }
}
