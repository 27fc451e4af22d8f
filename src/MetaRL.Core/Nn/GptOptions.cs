namespace MetaRL.Nn;

/// <summary>How a <see cref="Gpt"/> tells positions apart.</summary>
public enum PositionalEmbedding
{
    /// <summary>A learned vector per position, added to the token embedding (GPT-2's <c>wpe</c>).</summary>
    Learned,

    /// <summary>None: the causal mask alone orders the tokens (Haviv et al., 2022, show causal transformers
    /// recover positions without one).</summary>
    None,
}

/// <summary>How a <see cref="Gpt"/> draws its initial weights.</summary>
public enum GptInitialisation
{
    /// <summary>GPT-2's (Radford et al., 2019): Linear weights N(0, 0.02), the residual projections N(0, 0.02/√(2·layers)),
    /// biases 0.</summary>
    Gpt2,

    /// <summary>Each layer's own default (PyTorch's Linear init, LayerNorm ones and zeros), as the decision models have
    /// always been drawn.</summary>
    LayerDefaults,
}

/// <summary>
/// The shape of a <see cref="Gpt"/>. The defaults are the benchmark model (4 layers, 4 heads, width 128,
/// MLP 512, context 256: about 0.8 M parameters); 2 layers × width 32 gives about 30 k, 6 layers × width 384 about 10.7 M.
/// </summary>
public sealed class GptOptions
{
    /// <summary>Features per input token (each token is a float vector, embedded by a Linear layer). Required.</summary>
    public int TokenDim { get; set; }

    /// <summary>Outputs per position (action logits, a value, …). Required.</summary>
    public int OutputDim { get; set; }

    /// <summary>Transformer blocks (n_layer). <value>The default value is 4.</value></summary>
    public int Layers { get; set; } = 4;

    /// <summary>Attention heads (n_head); must divide <see cref="ModelDim"/>. <value>The default value is 4.</value></summary>
    public int Heads { get; set; } = 4;

    /// <summary>Width of the residual stream (d_model). <value>The default value is 128.</value></summary>
    public int ModelDim { get; set; } = 128;

    /// <summary>Hidden width of each block's MLP (d_ff). <value>The default value is 512 (4·d_model for the default width).</value></summary>
    public int MlpWidth { get; set; } = 512;

    /// <summary>Most positions one forward or one KV cache holds. <value>The default value is 256.</value></summary>
    public int Context { get; set; } = 256;

    /// <summary>Dropout probability on the embeddings and on both residual branches of every block (GPT-2's
    /// embd_pdrop and resid_pdrop; attention probabilities are not dropped). <value>The default value is 0.</value></summary>
    public double Dropout { get; set; }

    /// <summary>Positional embedding. <value>The default value is <see cref="PositionalEmbedding.Learned"/>.</value></summary>
    public PositionalEmbedding Positional { get; set; } = PositionalEmbedding.Learned;

    /// <summary>The MLP's nonlinearity. <value>The default value is <see cref="Activation.Gelu"/> (exact GELU, GPT-2's);
    /// the decision models use <see cref="Activation.Relu"/>.</value></summary>
    public Activation Activation { get; set; } = Activation.Gelu;

    /// <summary>How the initial weights are drawn; the positional table is N(0, 0.02²) either way.
    /// <value>The default value is <see cref="GptInitialisation.Gpt2"/>.</value></summary>
    public GptInitialisation Initialisation { get; set; } = GptInitialisation.Gpt2;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting out of range.</summary>
    public void Validate()
    {
        static void Positive(int value, string name)
        {
            if (value <= 0) { throw new ArgumentException($"GPT setting {name} must be positive, got {value}."); }
        }
        Positive(TokenDim, "token_dim");
        Positive(OutputDim, "output_dim");
        Positive(Layers, "n_layer");
        Positive(Heads, "n_head");
        Positive(ModelDim, "d_model");
        Positive(MlpWidth, "d_ff");
        Positive(Context, "context");
        if (ModelDim % Heads != 0) { throw new ArgumentException($"GPT setting d_model ({ModelDim}) must be divisible by n_head ({Heads})."); }
        if (!(Dropout >= 0 && Dropout < 1)) { throw new ArgumentException($"GPT setting dropout must lie in [0, 1), got {Dropout}."); }
        if (!Enum.IsDefined(Positional)) { throw new ArgumentException($"Unknown positional embedding {Positional}."); }
        if (!Enum.IsDefined(Activation)) { throw new ArgumentException($"Unknown activation {Activation}."); }
        if (!Enum.IsDefined(Initialisation)) { throw new ArgumentException($"Unknown initialisation {Initialisation}."); }
    }
}
