using System.Collections.Immutable;

namespace MetaRL.Envs;

/// <summary>
/// TabularMDP-v0, RL²'s random MDPs (Duan et al. 2016): S states (10), A actions (5); per task the
/// transition rows are Dirichlet(1, …, 1) and the mean rewards N(1, 1); each reward is its mean plus
/// N(0, 1) noise; episodes start in state 0; the observation is the state one-hot (the Env API is float
/// vectors). The horizon (10) is a <see cref="TimeLimit"/> added by the registry.
/// </summary>
public sealed class TabularMdp(int states = 10, int actions = 5)
    : TaskEnv<TabularMdpTask>("TabularMDP-v0", new Box(AtLeast(states, 1), 0f, 1f), new Discrete(AtLeast(actions, 1)))
{
    private int _state;

    public int States { get; } = states;

    public int Actions { get; } = actions;

    /// <summary>The current state index.</summary>
    public int State => _state;

    /// <inheritdoc />
    protected override TabularMdpTask Sample(Rng rng)
    {
        int s = States, a = Actions;
        var p = new double[s * a * s];
        for (int row = 0; row < s * a; row++)
        {
            double sum = 0;
            for (int j = 0; j < s; j++) { sum += p[row * s + j] = rng.Gamma(1.0); }
            for (int j = 0; j < s; j++) { p[row * s + j] /= sum; }
        }
        var r = new double[s * a];
        for (int i = 0; i < r.Length; i++) { r[i] = rng.Normal(1.0, 1.0); }
        return new TabularMdpTask(s, a, ImmutableArray.Create(p), ImmutableArray.Create(r));
    }

    /// <inheritdoc />
    protected override void Validate(TabularMdpTask task)
    {
        if (task.States != States || task.Actions != Actions || task.Transitions.Length != States * Actions * States || task.RewardMeans.Length != States * Actions)
        {
            throw new ArgumentException($"TabularMDP-v0 is {States} states × {Actions} actions; the task does not match.");
        }
    }

    /// <inheritdoc />
    protected override void ResetEpisode(Span<float> observation, Rng rng)
    {
        _state = 0;
        WriteObservation(observation);
    }

    /// <inheritdoc />
    public override StepResult Step(ReadOnlySpan<float> action, Span<float> observation)
    {
        if (!ActionSpace.Contains(action)) { throw new ArgumentException($"TabularMDP-v0: action must be in [0, {Actions}), got {action[0]}."); }
        var task = CurrentTask;
        int a = (int)action[0];
        var rng = EnvRandom;
        double reward = task.R(_state, a) + task.RewardNoise * rng.Normal();
        _state = SampleNext(task, _state, a, rng.NextDouble());
        WriteObservation(observation);
        return new StepResult(reward, false, false);
    }

    /// <summary>Inverse-CDF draw of the next state from a uniform u.</summary>
    public static int SampleNext(TabularMdpTask task, int s, int a, double u)
    {
        int n = task.States, last = n - 1;
        int row = (s * task.Actions + a) * n;
        double c = 0;
        for (int j = 0; j < last; j++)
        {
            c += task.Transitions[row + j];
            if (u < c) { return j; }
        }
        return last;
    }

    private void WriteObservation(Span<float> observation)
    {
        observation[..States].Clear();
        observation[_state] = 1f;
    }
}
