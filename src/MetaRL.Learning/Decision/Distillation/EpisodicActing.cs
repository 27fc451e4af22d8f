using MetaRL.Learning.Meta;

namespace MetaRL.Learning.Decision;

/// <summary>What <see cref="EpisodicActing"/> did on each task: the return of each episode and the history it built.</summary>
public sealed class EpisodicTrial(ContextFormat format, IReadOnlyList<OnlineHistory> histories, IReadOnlyList<IReadOnlyList<double>> episodeReturns)
{
    /// <summary>Per task, the return of each episode in order.</summary>
    public IReadOnlyList<IReadOnlyList<double>> EpisodeReturns { get; } = episodeReturns;

    /// <summary>Per task, the history (observations, actions, rewards, episode starts).</summary>
    public IReadOnlyList<OnlineHistory> Histories { get; } = histories;

    /// <summary>Task <paramref name="task"/>'s whole history as the model's tokens [1, T, width] (the final observation as
    /// the current one), however long.</summary>
    public Tensor Context(int task)
    {
        var h = Histories[task];
        int len = h.Length(format, int.MaxValue), w = h.Layout.Width;
        var tokens = new float[len * w];
        h.Write(format, len, tokens);
        return Tensor.FromArray(tokens, 1, len, w);
    }
}

/// <summary>
/// A decision model acting online for several episodes per task with zero gradient steps (DPT's online deployment, Lee
/// et al. 2023 §4; AD's in-context evaluation, Laskin et al. 2022 §5): each task starts with an empty history, which
/// carries across the episodes of the trial; at every step the model reads the newest <c>context</c> steps of it in its
/// <see cref="ContextFormat"/> (recomputed from the history, no KV cache), samples its action (or takes the most probable
/// one) at the last position, and the step is appended. All tasks step together in one batch: every task still acting
/// has taken the same number of steps, so their inputs have one length.
/// </summary>
public static class EpisodicActing
{
    /// <summary><paramref name="episodes"/> episodes on each of <paramref name="tasks"/>; each task's environment is seeded,
    /// and its actions sampled, from its own generator split off <paramref name="rng"/> in task order (the first draw seeds
    /// the environment, as <see cref="OnlineActing"/> does).</summary>
    public static EpisodicTrial Run(DecisionTransformer model, ContextFormat format, MetaSetup setup, IReadOnlyList<EnvTask> tasks, int episodes, Rng rng, bool greedy)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(setup);
        ArgumentNullException.ThrowIfNull(tasks);
        ArgumentNullException.ThrowIfNull(rng);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(episodes);
        var layout = model.Layout;
        int n = tasks.Count, w = layout.Width, context = model.Settings.Context;
        var runs = new TaskRun[n];
        for (int i = 0; i < n; i++) { runs[i] = new TaskRun(setup, tasks[i], layout, rng.Split()); }
        var active = Enumerable.Range(0, n).ToList();
        var probabilities = new double[layout.Actions];
        using var noGrad = Autograd.Autograd.NoGrad();
        while (active.Count > 0)
        {
            int len = runs[active[0]].History.Length(format, context);
            var tokens = new float[active.Count * len * w];
            for (int b = 0; b < active.Count; b++) { runs[active[b]].History.Write(format, len, tokens.AsSpan(b * len * w, len * w)); }
            var logits = Ops.Select(model.Forward(Tensor.FromArray(tokens, active.Count, len, w)), 1, len - 1).F32;
            int kept = 0; // tasks still acting move to the front of active, in order
            for (int b = 0; b < active.Count; b++)
            {
                var run = runs[active[b]];
                int a = Sampling.Choose(logits.Slice(b * layout.Actions, layout.Actions), probabilities, run.Rng, greedy);
                if (run.Step(a) < episodes) { active[kept++] = active[b]; }
            }
            active.RemoveRange(kept, active.Count - kept);
        }
        return new EpisodicTrial(format, [.. runs.Select(r => r.History)], [.. runs.Select(r => (IReadOnlyList<double>)r.Returns)]);
    }

    /// <summary>One task's environment, generator, history and episode returns.</summary>
    private sealed class TaskRun
    {
        private readonly Env _env;
        private readonly float[] _obs, _next;
        private double _return;

        public TaskRun(MetaSetup setup, EnvTask task, TokenLayout layout, Rng rng)
        {
            Rng = rng;
            _env = setup.MakeEnv();
            setup.Distribution(_env).SetTask(task);
            (_obs, _next) = (_env.NewObservation(), _env.NewObservation());
            _env.Reset(_obs, (long)rng.NextULong());
            History = new OnlineHistory(layout);
            History.Observe(_obs, episodeStart: true);
        }

        public Rng Rng { get; }

        public OnlineHistory History { get; }

        public List<double> Returns { get; } = [];

        /// <summary>Takes <paramref name="action"/>; returns the episodes finished.</summary>
        public int Step(int action)
        {
            var r = _env.Step(action, _next);
            History.Record(action, (float)r.Reward, _next);
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
