namespace MetaRL.Learning.Decision;

/// <summary>
/// An in-context decision model (DPT, Lee et al. 2023; AD, Laskin et al. 2022): the engine's <see cref="Nn.Gpt"/> over
/// tokens laid out by <see cref="TokenLayout"/>, read out as action logits at every position: position j predicts the
/// action from the first j + 1 tokens. Its shape: <see cref="DecisionModelSettings"/>'s layers, heads and widths, a
/// context of <c>context + 1</c> positions (DPT's query comes on top of <c>context</c> transitions), ReLU MLPs, each
/// layer's default initialisation, and dropout on the embedded tokens only, drawn per call while training.
/// Its parameters keep the names the decision models have always saved under (checkpoints of earlier runs load
/// as they are): the token embedding <c>embed</c> (the GPT's <c>wte</c>), <c>backbone.wpe</c>, <c>backbone.h.N…</c>,
/// <c>backbone.ln_f</c> and the action <c>head</c>. It acts online with <see cref="CreateCache"/> (a KV cache:
/// <see cref="OnlineActing"/>).
/// </summary>
public sealed class DecisionTransformer : Module
{
    /// <param name="settings">The model's shape.</param>
    /// <param name="layout">The token features (observation size and actions).</param>
    /// <param name="rng">Draws the initial weights.</param>
    public DecisionTransformer(DecisionModelSettings settings, TokenLayout layout, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(layout);
        Settings = settings;
        Layout = layout;
        Gpt = new Gpt(new GptOptions
        {
            TokenDim = layout.Width,
            OutputDim = layout.ActionSlot,
            Layers = settings.NLayer,
            Heads = settings.NHead,
            ModelDim = settings.DModel,
            MlpWidth = settings.DFf,
            Context = settings.Context + 1,
            Positional = settings.Positional,
            Activation = Activation.Relu,
            Initialisation = GptInitialisation.LayerDefaults,
        }, rng);
        Embed = RegisterModule("embed", Gpt.Wte);
        RegisterModule("backbone", new Backbone(Gpt));
        Head = RegisterModule("head", Gpt.Head);
    }

    /// <summary>The model's shape.</summary>
    public DecisionModelSettings Settings { get; }

    /// <summary>The token features.</summary>
    public TokenLayout Layout { get; }

    /// <summary>The transformer (its modules are this model's, under the names above).</summary>
    public Gpt Gpt { get; }

    /// <summary>Longest sequence: the query and <see cref="DecisionModelSettings.Context"/> transitions.</summary>
    public int MaxTokens => Gpt.Options.Context;

    /// <summary>The token embedding (the GPT's <c>wte</c>).</summary>
    public Linear Embed { get; }

    /// <summary>The action head.</summary>
    public Linear Head { get; }

    /// <summary>Action logits [B, T, actions] for tokens [B, T, width].</summary>
    /// <param name="tokens">The model's input (query first for DPT; AD's steps in order).</param>
    /// <param name="dropout">Draws dropout masks while training; null evaluates.</param>
    public Tensor Forward(Tensor tokens, Rng? dropout = null)
    {
        if (tokens.Rank != 3 || tokens.Dim(2) != Layout.Width)
        {
            throw new ArgumentException($"DecisionTransformer expects tokens [B, T, {Layout.Width}], got {ShapeUtil.Format(tokens.Shape)}.");
        }
        if (tokens.Dim(1) > MaxTokens) { throw new ArgumentException($"The sequence has {tokens.Dim(1)} tokens; the model takes at most {MaxTokens}."); }
        return Gpt.Forward(tokens, Settings.Dropout, dropout);
    }

    /// <summary>A fresh KV cache for acting online on one task (<see cref="GptKvCache.Sync"/>).</summary>
    public GptKvCache CreateCache() => Gpt.CreateCache();

    /// <summary>The GPT's positional table, blocks and final LayerNorm under the names <c>wpe</c>, <c>h</c>, <c>ln_f</c>
    /// (the same tensors and modules, registered a second time so that their dotted names stay those of earlier runs).</summary>
    private sealed class Backbone : Module
    {
        public Backbone(Gpt gpt)
        {
            if (gpt.Wpe is not null) { RegisterParameter("wpe", gpt.Wpe); }
            RegisterModule("h", new Sequential([.. gpt.Blocks]));
            RegisterModule("ln_f", gpt.LnF);
        }
    }
}
