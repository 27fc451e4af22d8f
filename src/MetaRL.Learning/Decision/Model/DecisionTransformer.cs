namespace MetaRL.Learning.Decision;

/// <summary>
/// An in-context decision model (DPT, Lee et al. 2023): tokens laid out by <see cref="TokenLayout"/> are embedded by a
/// linear map (<c>embed</c>), passed through a causal transformer (<c>backbone</c>, <see cref="ICausalBackbone"/>), and
/// read out as action logits at every position (<c>head</c>): position j predicts the optimal action at the query from
/// the query and the first j transitions.
/// </summary>
public sealed class DecisionTransformer : Module
{
    private readonly ICausalBackbone _backbone;

    /// <param name="settings">The model's shape.</param>
    /// <param name="layout">The token features (observation size and actions).</param>
    /// <param name="rng">Draws the initial weights.</param>
    public DecisionTransformer(DecisionModelSettings settings, TokenLayout layout, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(layout);
        Settings = settings;
        Layout = layout;
        Embed = RegisterModule("embed", new Linear(layout.Width, settings.DModel, rng));
        _backbone = DecisionBackbones.Create(settings, settings.Context + 1, rng);
        RegisterModule("backbone", (Module)_backbone);
        Head = RegisterModule("head", new Linear(settings.DModel, layout.Actions, rng));
    }

    /// <summary>The model's shape.</summary>
    public DecisionModelSettings Settings { get; }

    /// <summary>The token features.</summary>
    public TokenLayout Layout { get; }

    /// <summary>Longest sequence: the query and <see cref="DecisionModelSettings.Context"/> transitions.</summary>
    public int MaxTokens => _backbone.MaxTokens;

    public Linear Embed { get; }

    public Linear Head { get; }

    /// <summary>Action logits [B, T, actions] for tokens [B, T, width].</summary>
    /// <param name="tokens">Query first, then transitions.</param>
    /// <param name="dropout">Draws dropout masks while training; null evaluates.</param>
    public Tensor Forward(Tensor tokens, Rng? dropout = null)
    {
        if (tokens.Rank != 3 || tokens.Dim(2) != Layout.Width)
        {
            throw new ArgumentException($"DecisionTransformer expects tokens [B, T, {Layout.Width}], got {ShapeUtil.Format(tokens.Shape)}.");
        }
        return Head.Forward(_backbone.Forward(Embed.Forward(tokens), dropout));
    }
}
