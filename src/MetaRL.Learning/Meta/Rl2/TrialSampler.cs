using MetaRL.Envs;
using MetaRL.Random;
using MetaRL.Tensors;
using AG = MetaRL.Autograd.Autograd;

namespace MetaRL.Learning.Meta;

/// <summary>
/// Runs RL² trials in lockstep with any <see cref="RecurrentActorCritic"/>: one trial-wrapped environment per task,
/// the recurrent state carried from step to step across the trial's inner episodes and starting at zero for each
/// new trial. Every reset is seeded from the generator given, so a batch is a pure function of the weights, tasks and seed.
/// </summary>
public static class TrialSampler
{
    /// <summary>One trial per task in <paramref name="tasks"/> on the environments of <paramref name="envs"/>.</summary>
    public static TrialBatch Run(RecurrentActorCritic policy, IReadOnlyList<Env> envs, IReadOnlyList<EnvTask> tasks, Rng rng, int maxSteps, bool deterministic = false)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(envs);
        ArgumentNullException.ThrowIfNull(tasks);
        int n = tasks.Count, od = policy.ObservationSize, ad = policy.ActionSize;
        using var noGrad = AG.NoGrad();
        var obs = new float[n * od];
        var episodeReturn = new double[n];
        var alive = new bool[n];
        for (int b = 0; b < n; b++)
        {
            if (envs[b].ObservationSpace.Size != od)
            {
                throw new ArgumentException($"{envs[b].Id}'s trial observation has {envs[b].ObservationSpace.Size} entries; the policy reads {od} (was it trained with other time_features or family settings?).", nameof(envs));
            }
            var te = envs[b].Find<ITaskEnv>() ?? throw new InvalidOperationException($"{envs[b].Id} is not a task distribution.");
            te.SetTask(tasks[b]);
            envs[b].Reset(obs.AsSpan(b * od, od), unchecked((long)rng.NextULong()));
            alive[b] = true;
        }
        var steps = new List<(float[] Obs, float[] Act, float[] Logp, float[] Val, float[] Rew, float[] Valid)>();
        var episodes = Enumerable.Range(0, n).Select(_ => new List<double>()).ToArray();
        Tensor? h = null;
        var next = new float[od];
        for (int t = 0; t < maxSteps && alive.Any(a => a); t++)
        {
            var x = Tensor.FromArray((float[])obs.Clone(), 1, n, od);
            var (dist, values, last) = policy.Forward(x, h, null);
            h = last;
            var actionTensor = deterministic ? dist.Mode() : dist.Sample(rng);
            var act = actionTensor.ToFloatArray();
            var logp = dist.LogProb(actionTensor).ToFloatArray();
            var val = values.ToFloatArray();
            var rew = new float[n];
            var valid = new float[n];
            var stepObs = (float[])obs.Clone();
            for (int b = 0; b < n; b++)
            {
                if (!alive[b]) { continue; }
                valid[b] = 1;
                var r = envs[b].Step(act.AsSpan(b * ad, ad), next);
                rew[b] = (float)r.Reward;
                episodeReturn[b] += r.Reward;
                next.CopyTo(obs, b * od);
                bool innerEnd = r.Done || next[^1] == 1f;
                if (innerEnd) { episodes[b].Add(episodeReturn[b]); episodeReturn[b] = 0; }
                if (r.Done) { alive[b] = false; }
            }
            steps.Add((stepObs, act, logp, val, rew, valid));
        }
        var batch = new TrialBatch(steps.Count, n, od, ad);
        for (int t = 0; t < steps.Count; t++)
        {
            var s = steps[t];
            s.Obs.CopyTo(batch.Observations, t * n * od);
            s.Act.CopyTo(batch.Actions, t * n * ad);
            s.Logp.CopyTo(batch.LogProbs, t * n);
            s.Val.CopyTo(batch.Values, t * n);
            s.Rew.CopyTo(batch.Rewards, t * n);
            s.Valid.CopyTo(batch.Valid, t * n);
        }
        for (int b = 0; b < n; b++) { batch.EpisodeReturns[b].AddRange(episodes[b]); }
        return batch;
    }
}
