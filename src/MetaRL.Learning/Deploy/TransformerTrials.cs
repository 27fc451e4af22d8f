using System.Diagnostics;
using MetaRL.Distributions;
using MetaRL.Learning.Decision;
using MetaRL.Learning.Meta;

namespace MetaRL.Learning.Deploy;

/// <summary>
/// RL² trials of an in-context transformer (DPT or AD) and a recurrent student side by side, in lockstep: every trial
/// runs in the student's trial-wrapped environment, the student reads the trial's observations with its state carried,
/// and the teacher reads the same steps as its own history (<see cref="OnlineHistory"/>, through a KV cache per trial,
/// exactly as <see cref="OnlineActing"/> acts), so at every step both give their distribution over the family's actions
/// and one of them acts. Each task's generator is split off the one given in task order, its first draw seeds the
/// trial's reset and the rest choose the actions, as in <see cref="OnlineActing"/>: a greedy teacher plays the very
/// trials it plays there.
/// </summary>
internal static class TransformerTrials
{
    /// <summary>What one lockstep run gathered: the trials, the teacher's logits [T·B, actions], the student's most
    /// probable action at every step, and the median µs of the teacher's decisions (one KV-cache sync each).</summary>
    public sealed record Result(TrialBatch Batch, float[] TeacherLogits, int Actions, float[] StudentModes, double TeacherMicroseconds);

    /// <summary>One trial per task of <paramref name="tasks"/> on the first environments of <paramref name="envs"/>
    /// (trial-wrapped, the student's); the teacher acts when <paramref name="teacherActs"/>, else the student, sampling
    /// from its distribution or, with <paramref name="greedy"/>, taking the most probable action.</summary>
    public static Result Run(DecisionTransformer teacher, ContextFormat format, string env, Rl2Policy student, bool teacherActs, bool greedy,
        IReadOnlyList<Env> envs, IReadOnlyList<EnvTask> tasks, Rng rng, int maxSteps)
    {
        var layout = teacher.Layout.For(env);
        int n = tasks.Count, od = student.ObservationSize, actions = layout.Actions, w = layout.Width, context = teacher.Settings.Context;
        var trials = new Trial[n];
        for (int b = 0; b < n; b++) { trials[b] = new Trial((TrialWrapper)envs[b], tasks[b], layout, teacher.CreateCache(), rng.Split()); }
        var tokens = new float[teacher.MaxTokens * w];
        var logits = new float[layout.ActionSlot];
        var p = new double[actions];
        var syncTicks = new List<long>();
        var steps = new List<(float[] Obs, float[] Act, float[] Rew, float[] Valid, float[] Teacher, float[] Mode)>();
        using var noGrad = Autograd.Autograd.NoGrad();
        Tensor? h = null;
        for (int t = 0, running = n; t < maxSteps && running > 0; t++)
        {
            var observations = new float[n * od]; // kept: the batch's observations of this step
            for (int b = 0; b < n; b++) { trials[b].Observation.CopyTo(observations, b * od); }
            var (dist, _, last) = student.Forward(Tensor.FromArray(observations, 1, n, od), h, null);
            h = last;
            var studentLogits = ((Categorical)dist).Logits.ToFloatArray();
            var step = (Obs: observations, Act: new float[n], Rew: new float[n], Valid: new float[n], Teacher: new float[n * actions], Mode: new float[n]);
            for (int b = 0; b < n; b++)
            {
                var trial = trials[b];
                var own = studentLogits.AsSpan(b * actions, actions);
                step.Mode[b] = Sampling.Choose(own, p, trial.Rng, greedy: true);
                if (trial.Done) { continue; }
                int len = trial.History.Length(format, context);
                trial.History.Write(format, len, tokens);
                long start = Stopwatch.GetTimestamp();
                trial.Cache.Sync(tokens.AsSpan(0, len * w), logits);
                syncTicks.Add(Stopwatch.GetTimestamp() - start);
                logits.AsSpan(0, actions).CopyTo(step.Teacher.AsSpan(b * actions, actions));
                int action = Sampling.Choose(teacherActs ? logits.AsSpan(0, actions) : own, p, trial.Rng, greedy);
                step.Act[b] = action;
                step.Rew[b] = (float)trial.Step(action);
                step.Valid[b] = 1;
                if (trial.Done) { running--; }
            }
            steps.Add(step);
        }
        var batch = new TrialBatch(steps.Count, n, od, 1);
        var teacherLogits = new float[steps.Count * n * actions];
        var modes = new float[steps.Count * n];
        for (int t = 0; t < steps.Count; t++)
        {
            var s = steps[t];
            s.Obs.CopyTo(batch.Observations, t * n * od);
            s.Act.CopyTo(batch.Actions, t * n);
            s.Rew.CopyTo(batch.Rewards, t * n);
            s.Valid.CopyTo(batch.Valid, t * n);
            s.Teacher.CopyTo(teacherLogits, t * n * actions);
            s.Mode.CopyTo(modes, t * n);
        }
        for (int b = 0; b < n; b++) { batch.EpisodeReturns[b].AddRange(trials[b].Returns); }
        syncTicks.Sort();
        double median = syncTicks.Count == 0 ? 0 : syncTicks[syncTicks.Count / 2] * 1e6 / Stopwatch.Frequency;
        return new Result(batch, teacherLogits, actions, modes, median);
    }

    /// <summary>The gatherer for distilling <paramref name="teacher"/> into <paramref name="student"/>: sampled trials, the
    /// teacher's logits as the target, and each step's discounted return to the trial's end (γ = <paramref name="gamma"/>)
    /// as the value target, since the transformer has no critic.</summary>
    public static TrialGatherer Gatherer(DecisionTransformer teacher, ContextFormat format, string env, Rl2Policy student, int maxSteps, double gamma) =>
        (teacherActs, envs, tasks, rng) =>
        {
            var r = Run(teacher, format, env, student, teacherActs, greedy: false, envs, tasks, rng, maxSteps);
            var batch = r.Batch;
            return new DistillationTrials(batch, new Categorical(Tensor.FromArray(r.TeacherLogits, batch.Steps * batch.Trials, r.Actions)),
                Tensor.FromArray(ReturnsToGo(batch, gamma), batch.Steps * batch.Trials), ReturnTargets: true);
        };

    /// <summary>Per step [T·B], the discounted sum of the trial's rewards from that step on (0 on padding).</summary>
    internal static float[] ReturnsToGo(TrialBatch batch, double gamma)
    {
        int n = batch.Trials;
        var g = new float[batch.Steps * n];
        for (int b = 0; b < n; b++)
        {
            double sum = 0;
            for (int t = batch.Steps - 1; t >= 0; t--)
            {
                int i = t * n + b;
                if (batch.Valid[i] == 0) { continue; }
                g[i] = (float)(sum = batch.Rewards[i] + gamma * sum);
            }
        }
        return g;
    }

    /// <summary>One task's trial: its environment, generator, the teacher's history and cache, and its episode returns.</summary>
    private sealed class Trial
    {
        private readonly TrialWrapper _env;
        private readonly int _inner;
        private double _return;

        public Trial(TrialWrapper env, EnvTask task, TokenLayout layout, GptKvCache cache, Rng rng)
        {
            (_env, Cache, Rng) = (env, cache, rng);
            _inner = env.Inner.ObservationSpace.Size;
            (env.Find<ITaskEnv>() ?? throw new InvalidOperationException($"{env.Id} is not a task distribution.")).SetTask(task);
            Observation = env.NewObservation();
            env.Reset(Observation, (long)rng.NextULong());
            History = new OnlineHistory(layout);
            History.Observe(Observation.AsSpan(0, _inner), episodeStart: true);
        }

        public GptKvCache Cache { get; }

        public Rng Rng { get; }

        public OnlineHistory History { get; }

        /// <summary>The trial's current observation, as the student reads it.</summary>
        public float[] Observation { get; }

        public List<double> Returns { get; } = [];

        public bool Done { get; private set; }

        /// <summary>Takes <paramref name="action"/>; returns the reward.</summary>
        public double Step(int action)
        {
            var r = _env.Step([action], Observation);
            _return += r.Reward;
            bool episodeEnd = r.Done || Observation[^1] == 1f;
            var inner = Observation.AsSpan(0, _inner);
            History.Record(action, (float)r.Reward, r.Done || !episodeEnd ? inner : _env.FinalObservation);
            if (episodeEnd) { Returns.Add(_return); _return = 0; }
            if (r.Done) { Done = true; }
            else { History.Observe(inner, episodeStart: episodeEnd); }
            return r.Reward;
        }
    }
}
