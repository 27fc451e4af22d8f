using MetaRL.Learning.Meta;

namespace MetaRL.Learning.Decision;

/// <summary>
/// A decision model acting online (DPT's online deployment, Lee et al. 2023 §4): on each task it starts from an empty
/// context, and at every step reads its own history so far (the newest <see cref="DecisionModelSettings.Context"/>
/// transitions) with the current observation as the query, samples an action from its predicted distribution (or takes
/// the most probable one), and appends the transition. No gradient step is taken. All tasks step together, so the model
/// runs once per step on a batch of every task still in its episode.
/// </summary>
public static class OnlineActing
{
    /// <summary>One episode per task of <paramref name="tasks"/>; each task's environment is seeded, and its actions sampled,
    /// from its own generator split off <paramref name="rng"/> in task order.</summary>
    public static OnlineTrial Run(DecisionTransformer model, MetaSetup setup, IReadOnlyList<EnvTask> tasks, Rng rng, bool greedy)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(setup);
        ArgumentNullException.ThrowIfNull(tasks);
        ArgumentNullException.ThrowIfNull(rng);
        var layout = model.Layout;
        int n = tasks.Count, w = layout.Width, window = model.Settings.Context;
        var envs = new Env[n];
        var obs = new float[n][];
        var rngs = new Rng[n];
        var history = new List<float[]>[n];
        var actions = new List<int>[n];
        var rewards = new List<double>[n];
        var active = new List<int>(n);
        for (int i = 0; i < n; i++)
        {
            rngs[i] = rng.Split();
            envs[i] = setup.MakeEnv();
            setup.Distribution(envs[i]).SetTask(tasks[i]);
            obs[i] = envs[i].NewObservation();
            envs[i].Reset(obs[i], (long)rngs[i].NextULong());
            (history[i], actions[i], rewards[i]) = ([], [], []);
            active.Add(i);
        }
        var next = new float[layout.ObservationSize];
        var probabilities = new double[layout.Actions];
        using var noGrad = Autograd.Autograd.NoGrad();
        while (active.Count > 0)
        {
            int len = Math.Min(history[active[0]].Count, window) + 1;
            var tokens = new float[active.Count * len * w];
            for (int b = 0; b < active.Count; b++) { WriteSequence(layout, obs[active[b]], history[active[b]], len, tokens.AsSpan(b * len * w, len * w)); }
            var logits = Ops.Select(model.Forward(Tensor.FromArray(tokens, active.Count, len, w)), 1, len - 1).F32;
            int kept = 0; // tasks still in their episode move to the front of active, in order
            for (int b = 0; b < active.Count; b++)
            {
                int i = active[b];
                int a = Sampling.Choose(logits.Slice(b * layout.Actions, layout.Actions), probabilities, rngs[i], greedy);
                var step = envs[i].Step(a, next);
                var token = new float[w];
                layout.WriteTransition(obs[i], a, (float)step.Reward, next, token);
                history[i].Add(token);
                actions[i].Add(a);
                rewards[i].Add(step.Reward);
                next.CopyTo(obs[i], 0);
                if (!step.Done) { active[kept++] = i; }
            }
            active.RemoveRange(kept, active.Count - kept);
        }
        return new OnlineTrial(layout, obs, history, actions, rewards);
    }

    /// <summary>The query token for <paramref name="query"/> then the newest <c>len − 1</c> transitions of <paramref name="history"/>.</summary>
    internal static void WriteSequence(TokenLayout layout, ReadOnlySpan<float> query, List<float[]> history, int len, Span<float> tokens)
    {
        int w = layout.Width;
        tokens.Clear();
        layout.WriteQuery(query, tokens[..w]);
        for (int j = 1; j < len; j++) { history[history.Count - (len - j)].CopyTo(tokens.Slice(j * w, w)); }
    }
}
