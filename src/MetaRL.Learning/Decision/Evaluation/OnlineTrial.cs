namespace MetaRL.Learning.Decision;

/// <summary>What <see cref="OnlineActing"/> did on each task: the actions taken, the rewards received, the return of each
/// episode and the history the model built.</summary>
public sealed class OnlineTrial
{
    private readonly ContextFormat _format;

    internal OnlineTrial(ContextFormat format, IReadOnlyList<OnlineHistory> histories, IReadOnlyList<IReadOnlyList<double>> rewards, IReadOnlyList<IReadOnlyList<double>> episodeReturns)
    {
        _format = format;
        Histories = histories;
        Rewards = rewards;
        EpisodeReturns = episodeReturns;
        Actions = [.. histories.Select(h => (IReadOnlyList<int>)h.Actions.ToArray())];
        Totals = [.. rewards.Select(r => r.Sum())];
    }

    /// <summary>Per task, the action of each step.</summary>
    public IReadOnlyList<IReadOnlyList<int>> Actions { get; }

    /// <summary>Per task, the reward of each step.</summary>
    public IReadOnlyList<IReadOnlyList<double>> Rewards { get; }

    /// <summary>Per task, the total reward over the trial (every episode).</summary>
    public IReadOnlyList<double> Totals { get; }

    /// <summary>Per task, the return of each episode in order.</summary>
    public IReadOnlyList<IReadOnlyList<double>> EpisodeReturns { get; }

    /// <summary>Per task, the history (observations, actions, rewards, episode starts).</summary>
    public IReadOnlyList<OnlineHistory> Histories { get; }

    /// <summary>Task <paramref name="task"/>'s whole history as the model's tokens [1, T, width], however long: the
    /// observation the next decision would be taken on (the start of a next episode) as the current one.</summary>
    public Tensor Context(int task)
    {
        var h = Histories[task];
        int len = h.Length(_format, int.MaxValue), w = h.Layout.Width;
        var tokens = new float[len * w];
        h.Write(_format, len, tokens);
        return Tensor.FromArray(tokens, 1, len, w);
    }
}
