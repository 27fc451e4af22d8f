namespace MetaRL.Learning.Decision;

/// <summary>What <see cref="OnlineActing"/> did on each task: the actions taken, the rewards received and the context
/// the model built.</summary>
public sealed class OnlineTrial
{
    private readonly TokenLayout _layout;
    private readonly float[][] _lastObservations;
    private readonly List<float[]>[] _history;

    internal OnlineTrial(TokenLayout layout, float[][] lastObservations, List<float[]>[] history, List<int>[] actions, List<double>[] rewards)
    {
        _layout = layout;
        _lastObservations = lastObservations;
        _history = history;
        Actions = actions;
        Rewards = rewards;
        Totals = [.. rewards.Select(r => r.Sum())];
    }

    /// <summary>Per task, the action of each step.</summary>
    public IReadOnlyList<IReadOnlyList<int>> Actions { get; }

    /// <summary>Per task, the reward of each step.</summary>
    public IReadOnlyList<IReadOnlyList<double>> Rewards { get; }

    /// <summary>Per task, the total reward of the episode.</summary>
    public IReadOnlyList<double> Totals { get; }

    /// <summary>Task <paramref name="task"/>'s whole history as the model's tokens [1, steps + 1, width]: the last
    /// observation as the query, then every transition.</summary>
    public Tensor Context(int task)
    {
        var history = _history[task];
        int len = history.Count + 1, w = _layout.Width;
        var tokens = new float[len * w];
        OnlineActing.WriteSequence(_layout, _lastObservations[task], history, len, tokens);
        return Tensor.FromArray(tokens, 1, len, w);
    }
}
