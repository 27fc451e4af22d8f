namespace MetaRL.Learning.Decision;

/// <summary>
/// The features of one token of a decision model: a flag that marks the query token, the observation, the action one-hot,
/// the reward and the next observation (DPT's (s, a, r, s′) transition). The query token carries only the flag and the
/// query observation, the rest zero; it comes first, so the output at position j has seen the query and the first j
/// transitions of the context.
/// <para>
/// A generalist model (one model over several families, <see cref="Mixture"/>) reads one common layout: the observation
/// in a slot of the largest family's size (<see cref="ObservationSlot"/>, zero-padded), the action one-hot over the
/// largest action count (<see cref="ActionSlot"/>, also the model's outputs), and after the next observation the
/// family's one-hot (the family token, on every token) and, when a member's labels depend on the episode step
/// (TabularMDP's finite horizon), the query's step as a share of that family's horizon on the query token. A family's
/// <see cref="For"/> view writes its own observations and actions into those slots; <see cref="ObservationSize"/> and
/// <see cref="Actions"/> are then the family's own (the actions it may take: the first <see cref="Actions"/> outputs).
/// A single-family layout has no extra features: its tokens are those every run before the generalist has saved.
/// </para>
/// </summary>
/// <param name="ObservationSize">Length of an observation.</param>
/// <param name="Actions">Discrete actions (the one-hot's length and the model's outputs).</param>
public sealed record TokenLayout(int ObservationSize, int Actions)
{
    /// <summary>Floats the observation (and the next observation) occupy in a token: <see cref="ObservationSize"/>, or
    /// the largest member's in a mixture.</summary>
    public int ObservationSlot { get; private init; } = ObservationSize;

    /// <summary>Entries of the action one-hot and outputs of the model: <see cref="Actions"/>, or the largest member's in
    /// a mixture.</summary>
    public int ActionSlot { get; private init; } = Actions;

    /// <summary>A generalist's families in order (their one-hot); empty for a single family.</summary>
    public IReadOnlyList<FamilyShape> Members { get; private init; } = [];

    /// <summary>The family of a <see cref="For"/> view (an index into <see cref="Members"/>); −1 otherwise.</summary>
    public int Family { get; private init; } = -1;

    /// <summary>Whether tokens carry the query's episode step (a member's labels depend on it).</summary>
    public bool QuerySteps => Members.Any(m => m.Horizon > 0);

    /// <summary>Features per token: 1 + 2·observation + actions + 1, plus the family one-hot and the query step in a mixture.</summary>
    public int Width => 2 + 2 * ObservationSlot + ActionSlot + Members.Count + (QuerySteps ? 1 : 0);

    /// <summary>The common layout of <paramref name="members"/> (see the class remarks).</summary>
    public static TokenLayout Mixture(IReadOnlyList<FamilyShape> members)
    {
        ArgumentNullException.ThrowIfNull(members);
        if (members.Count == 0) { throw new ArgumentException("A mixture needs at least one family.", nameof(members)); }
        return new TokenLayout(members.Max(m => m.ObservationSize), members.Max(m => m.Actions)) { Members = [.. members] };
    }

    /// <summary>The view of family <paramref name="id"/> (this layout itself when it is a single family's).</summary>
    /// <exception cref="ConfigException">The mixture has no such family.</exception>
    public TokenLayout For(string id)
    {
        if (Members.Count == 0) { return this; }
        int i = Members.Select(m => m.Id).ToList().IndexOf(id);
        if (i < 0) { throw new ConfigException($"the model was pretrained on {string.Join(", ", Members.Select(m => m.Id))}, not {id}"); }
        var m = Members[i];
        return new TokenLayout(m.ObservationSize, m.Actions) { ObservationSlot = ObservationSlot, ActionSlot = ActionSlot, Members = Members, Family = i };
    }

    /// <summary>Writes the query token for <paramref name="query"/> into <paramref name="token"/> (of <see cref="Width"/>,
    /// zeroed); <paramref name="step"/> is the query's episode step, read only by a family whose labels depend on it.</summary>
    public void WriteQuery(ReadOnlySpan<float> query, Span<float> token, int step = 0)
    {
        token[0] = 1;
        query.CopyTo(token[1..]);
        WriteFamily(token);
        if (Family >= 0 && Members[Family].Horizon > 0) { token[Width - 1] = (float)step / Members[Family].Horizon; }
    }

    /// <summary>Writes one transition into <paramref name="token"/> (of <see cref="Width"/>, zeroed).</summary>
    public void WriteTransition(ReadOnlySpan<float> observation, int action, float reward, ReadOnlySpan<float> next, Span<float> token)
    {
        int o = ObservationSlot;
        observation.CopyTo(token[1..]);
        token[1 + o + action] = 1;
        token[1 + o + ActionSlot] = reward;
        next.CopyTo(token[(2 + o + ActionSlot)..]);
        WriteFamily(token);
    }

    private void WriteFamily(Span<float> token)
    {
        if (Family >= 0) { token[2 + 2 * ObservationSlot + ActionSlot + Family] = 1; }
    }
}

/// <summary>One family of a generalist decision model as its tokens see it.</summary>
/// <param name="Id">The family (<c>Bandit-v0</c>).</param>
/// <param name="ObservationSize">Its observation length.</param>
/// <param name="Actions">Its discrete actions.</param>
/// <param name="Horizon">Steps per episode when its DPT labels depend on the episode step (TabularMDP-v0), else 0.</param>
public sealed record FamilyShape(string Id, int ObservationSize, int Actions, int Horizon);
