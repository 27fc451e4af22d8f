using MetaRL.Learning.Meta;

namespace MetaRL.Learning.Decision;

/// <summary>
/// A decision model acting online with zero gradient steps (DPT's online deployment, Lee et al. 2023 §4; AD's in-context
/// evaluation, Laskin et al. 2022 §5): each task starts with an empty history, which carries across the episodes of the
/// trial; at every step the model reads the newest <c>context</c> steps of it in its <see cref="ContextFormat"/> (DPT: the
/// current observation as the query, then the newest transitions; AD: the newest steps, the current one last), samples
/// its action from the logits at the last position (or takes the most probable one), and the step is appended.
/// The model runs through a KV cache (<see cref="GptKvCache.Sync"/>): the positions it read at the previous step that
/// are unchanged are not recomputed, so a growing window costs one new position per step, while a window that changed
/// at its start (a slid window, whose learned positions all moved, or a new DPT query in front) is re-encoded whole,
/// exactly as the model saw such windows in training; the logits equal a full forward's to float rounding. Tasks act
/// one after another with one cache.
/// </summary>
public static class OnlineActing
{
    /// <summary>One episode per task of <paramref name="tasks"/> in DPT's format (see
    /// <see cref="Run(DecisionTransformer, ContextFormat, MetaSetup, IReadOnlyList{EnvTask}, int, Rng, bool)"/>).</summary>
    public static OnlineTrial Run(DecisionTransformer model, MetaSetup setup, IReadOnlyList<EnvTask> tasks, Rng rng, bool greedy) =>
        Run(model, ContextFormat.Dpt, setup, tasks, 1, rng, greedy);

    /// <summary><paramref name="episodes"/> episodes on each of <paramref name="tasks"/>, the model reading its history in
    /// <paramref name="format"/>; each task's environment is seeded, and its actions sampled, from its own generator split
    /// off <paramref name="rng"/> in task order (the first draw seeds the environment).</summary>
    public static OnlineTrial Run(DecisionTransformer model, ContextFormat format, MetaSetup setup, IReadOnlyList<EnvTask> tasks, int episodes, Rng rng, bool greedy)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(setup);
        ArgumentNullException.ThrowIfNull(tasks);
        ArgumentNullException.ThrowIfNull(rng);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(episodes);
        var layout = model.Layout.For(setup.Run.Env); // a generalist reads the family's view of its tokens
        int w = layout.Width, context = model.Settings.Context;
        var cache = model.CreateCache();
        var tokens = new float[model.MaxTokens * w];
        var logits = new float[layout.ActionSlot];
        var probabilities = new double[layout.ActionSlot];
        var runs = setup.PerTask(tasks, rng, (env, _, own) =>
        {
            var run = new TaskRun(env, layout, own);
            cache.Reset();
            do
            {
                int len = run.History.Length(format, context);
                run.History.Write(format, len, tokens);
                cache.Sync(tokens.AsSpan(0, len * w), logits);
            }
            while (run.Step(Sampling.Choose(logits.AsSpan(0, layout.Actions), probabilities, run.Rng, greedy)) < episodes); // a family's own actions only
            return run;
        });
        return new OnlineTrial(format, [.. runs.Select(r => r.History)], [.. runs.Select(r => (IReadOnlyList<double>)r.Rewards)],
            [.. runs.Select(r => (IReadOnlyList<double>)r.Returns)]);
    }

    /// <summary>One task's environment, generator, history, rewards and episode returns.</summary>
    private sealed class TaskRun
    {
        private readonly Env _env;
        private readonly float[] _obs, _next;
        private double _return;

        public TaskRun(Env env, TokenLayout layout, Rng rng)
        {
            Rng = rng;
            _env = env;
            (_obs, _next) = (_env.NewObservation(), _env.NewObservation());
            _env.Reset(_obs, (long)rng.NextULong());
            History = new OnlineHistory(layout);
            History.Observe(_obs, episodeStart: true);
        }

        public Rng Rng { get; }

        public OnlineHistory History { get; }

        public List<double> Rewards { get; } = [];

        public List<double> Returns { get; } = [];

        /// <summary>Takes <paramref name="action"/>; returns the episodes finished.</summary>
        public int Step(int action)
        {
            var r = _env.Step(action, _next);
            History.Record(action, (float)r.Reward, _next);
            Rewards.Add(r.Reward);
            _return += r.Reward;
            if (r.Done)
            {
                Returns.Add(_return);
                _return = 0;
                _env.Reset(_obs);
                History.Observe(_obs, episodeStart: true);
            }
            else
            {
                _next.CopyTo(_obs, 0);
                History.Observe(_obs, episodeStart: false);
            }
            return Returns.Count;
        }
    }
}

/// <summary>Choosing an action from a model's logits.</summary>
internal static class Sampling
{
    /// <summary>The most probable action with <paramref name="greedy"/>, else one drawn from softmax(<paramref name="logits"/>)
    /// with <paramref name="rng"/> (one uniform draw; <paramref name="p"/> is scratch of the logits' length).</summary>
    public static int Choose(ReadOnlySpan<float> logits, double[] p, Rng rng, bool greedy)
    {
        int best = 0;
        for (int a = 1; a < logits.Length; a++) { if (logits[a] > logits[best]) { best = a; } }
        if (greedy) { return best; }
        double sum = 0;
        for (int a = 0; a < logits.Length; a++) { sum += p[a] = Math.Exp(logits[a] - logits[best]); }
        double u = rng.NextDouble() * sum;
        for (int a = 0; a < logits.Length - 1; a++)
        {
            u -= p[a];
            if (u < 0) { return a; }
        }
        return logits.Length - 1;
    }
}
