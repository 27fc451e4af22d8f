using AG = MetaRL.Autograd.Autograd;

namespace MetaRL.Learning.Meta;

/// <summary>
/// Runs RL² trials in lockstep with any <see cref="RecurrentActorCritic"/>: one trial-wrapped environment per task,
/// held together in a <see cref="SyncVectorEnv"/> with <see cref="AutoresetMode.Disabled"/> (a finished trial waits
/// while the others run on), the recurrent state carried from step to step across the trial's inner episodes and
/// starting at zero for each new trial. Every step forwards all trials, finished ones included, so the batch stays
/// rectangular; their rows are marked invalid. Trial i's reset is seeded with the i-th draw from the generator
/// given, so a batch is a pure function of the weights, tasks and seed.
/// </summary>
public static class TrialSampler
{
    /// <summary>One trial per task in <paramref name="tasks"/> on the first <c>tasks.Count</c> environments of <paramref name="envs"/>.</summary>
    public static TrialBatch Run(RecurrentActorCritic policy, IReadOnlyList<Env> envs, IReadOnlyList<EnvTask> tasks, Rng rng, int maxSteps, bool deterministic = false)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(envs);
        ArgumentNullException.ThrowIfNull(tasks);
        int n = tasks.Count, od = policy.ObservationSize, ad = policy.ActionSize;
        if (n == 0) { return new TrialBatch(0, 0, od, ad); }
        if (envs.Count < n) { throw new ArgumentException($"{n} tasks need {n} environments; {envs.Count} were given.", nameof(envs)); }
        using var noGrad = AG.NoGrad();
        var seeds = new long[n];
        for (int b = 0; b < n; b++)
        {
            if (envs[b].ObservationSpace.Size != od)
            {
                throw new ArgumentException($"{envs[b].Id}'s trial observation has {envs[b].ObservationSpace.Size} entries; the policy reads {od} (was it trained with other time_features or family settings?).", nameof(envs));
            }
            var te = envs[b].Find<ITaskEnv>() ?? throw new InvalidOperationException($"{envs[b].Id} is not a task distribution.");
            te.SetTask(tasks[b]);
            seeds[b] = unchecked((long)rng.NextULong());
        }
        using var vector = new SyncVectorEnv(envs.Count == n ? envs : [.. envs.Take(n)], AutoresetMode.Disabled);
        if (vector.ActionSize != ad)
        {
            throw new ArgumentException($"{envs[0].Id} takes {vector.ActionSize} action entries; the policy gives {ad}.", nameof(envs));
        }
        vector.Reset(seeds);
        var steps = new List<(float[] Obs, float[] Act, float[] Logp, float[] Val, float[] Rew, float[] Valid)>();
        var episodes = Enumerable.Range(0, n).Select(_ => new List<double>()).ToArray();
        var episodeReturn = new double[n];
        Tensor? h = null;
        for (int t = 0; t < maxSteps && AnyRunning(vector); t++)
        {
            var x = Tensor.FromArray(vector.Observations.ToArray(), 1, n, od);
            var (dist, values, last) = policy.Forward(x, h, null);
            h = last;
            var actionTensor = deterministic ? dist.Mode() : dist.Sample(rng);
            var act = actionTensor.ToFloatArray();
            if (!float.IsFinite(System.Numerics.Tensors.TensorPrimitives.Sum<float>(act))) { throw new NonFiniteTrainingException(t, "action", "trial step"); }
            var logp = dist.LogProb(actionTensor).ToFloatArray();
            var val = values.ToFloatArray();
            var stepObs = vector.Observations.ToArray();
            var valid = new float[n];
            for (int b = 0; b < n; b++) { valid[b] = vector.Done(b) ? 0 : 1; }
            vector.Step(act); // finished trials are held: not stepped, reward 0
            var rew = vector.Rewards.ToArray();
            for (int b = 0; b < n; b++)
            {
                if (valid[b] == 0) { continue; }
                episodeReturn[b] += vector.ExactRewards[b];
                bool innerEnd = vector.Done(b) || vector.Observation(b)[^1] == 1f;
                if (innerEnd) { episodes[b].Add(episodeReturn[b]); episodeReturn[b] = 0; }
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

    private static bool AnyRunning(VectorEnv vector)
    {
        for (int b = 0; b < vector.NumEnvs; b++)
        {
            if (!vector.Done(b)) { return true; }
        }
        return false;
    }
}
