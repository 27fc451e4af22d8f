using System.Runtime.InteropServices;

namespace MetaRL.Learning.Decision;

/// <summary>How a decision model reads its own history online: DPT's (the current observation as the query, then the
/// newest <c>context</c> transitions) or AD's (the newest <c>context</c> steps, the current one last, <see cref="AdTokens"/>).</summary>
public enum ContextFormat
{
    /// <summary>Query first, then transitions (Lee et al. 2023).</summary>
    Dpt,

    /// <summary>One token per step of the learning history (Laskin et al. 2022).</summary>
    Ad,
}

/// <summary>
/// One task's history as a model acting online built it, across episodes: the observation of every step (the current
/// one included, before its action), the actions, rewards and next observations of the steps taken, and which steps
/// began an episode. <see cref="Write"/> turns it into the model's input in either <see cref="ContextFormat"/>.
/// </summary>
public sealed class OnlineHistory(TokenLayout layout)
{
    private readonly List<float> _observations = [], _next = [], _rewards = [];
    private readonly List<int> _actions = [];
    private readonly List<bool> _starts = [];
    private int _episodeStart;

    /// <summary>The token features.</summary>
    public TokenLayout Layout => layout;

    /// <summary>Steps taken.</summary>
    public int Steps => _actions.Count;

    /// <summary>The observations, step k at [k·d, (k+1)·d), the current one last.</summary>
    public ReadOnlySpan<float> Observations => CollectionsMarshal.AsSpan(_observations);

    /// <summary>The action of each step taken.</summary>
    public ReadOnlySpan<int> Actions => CollectionsMarshal.AsSpan(_actions);

    /// <summary>The reward of each step taken.</summary>
    public ReadOnlySpan<float> Rewards => CollectionsMarshal.AsSpan(_rewards);

    /// <summary>Whether each step (the current one included) begins an episode.</summary>
    public ReadOnlySpan<bool> Starts => CollectionsMarshal.AsSpan(_starts);

    /// <summary>The observation after each step taken (an episode's final observation where it ended).</summary>
    public ReadOnlySpan<float> NextObservations => CollectionsMarshal.AsSpan(_next);

    /// <summary>Records the current observation, before the model acts on it.</summary>
    public void Observe(ReadOnlySpan<float> observation, bool episodeStart)
    {
        if (episodeStart) { _episodeStart = _starts.Count; }
        _observations.AddRange(observation);
        _starts.Add(episodeStart);
    }

    /// <summary>Records the step taken from the current observation.</summary>
    public void Record(int action, float reward, ReadOnlySpan<float> next)
    {
        _actions.Add(action);
        _rewards.Add(reward);
        _next.AddRange(next);
    }

    /// <summary>Tokens in the input for the current decision with a context of <paramref name="context"/>.</summary>
    public int Length(ContextFormat format, int context) =>
        format == ContextFormat.Ad ? Math.Min(Steps + 1, context) : Math.Min(Steps, context) + 1;

    /// <summary>Writes the input for the current decision (<paramref name="length"/> tokens, <see cref="Length"/>).</summary>
    public void Write(ContextFormat format, int length, Span<float> tokens)
    {
        int w = layout.Width, o = layout.ObservationSize, t = Steps;
        if (format == ContextFormat.Ad)
        {
            AdTokens.Write(layout, Observations, Actions, Rewards, Starts, t + 1 - length, length, tokens);
            return;
        }
        tokens[..(length * w)].Clear();
        layout.WriteQuery(Observations.Slice(t * o, o), tokens[..w], t - _episodeStart);
        for (int j = 1; j < length; j++)
        {
            int k = t - (length - j);
            layout.WriteTransition(Observations.Slice(k * o, o), Actions[k], Rewards[k], NextObservations.Slice(k * o, o), tokens.Slice(j * w, w));
        }
    }
}
