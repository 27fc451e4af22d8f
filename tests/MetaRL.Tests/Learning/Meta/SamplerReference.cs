using MetaRL.Envs;
using MetaRL.Learning;
using MetaRL.Learning.Meta;
using MetaRL.Random;
using MetaRL.Tensors;
using AG = MetaRL.Autograd.Autograd;

namespace MetaRL.Tests.Learning.Meta;

/// <summary>
/// The two meta samplers as they were before they moved onto <see cref="VectorEnv"/> (issue 23): raw
/// <see cref="Env"/> arrays stepped one by one, a finished copy simply skipped. Kept deliberately plain, so the
/// tests can pin that the vector environment changed no random draw and no output bit.
/// </summary>
internal static class SamplerReference
{
    public static TrajectoryBatch Trajectories(MetaPolicy policy, Env[] envs, EnvTask task, Rng rng, int maxSteps)
    {
        using var noGrad = AG.NoGrad();
        int n = envs.Length, od = policy.ObservationSize, ad = policy.ActionSize;
        var obs = new float[n][];
        var o = new List<float>[n];
        var a = new List<float>[n];
        var r = new List<float>[n];
        for (int i = 0; i < n; i++)
        {
            envs[i].Find<ITaskEnv>()!.SetTask(task);
            obs[i] = new float[od];
            envs[i].Reset(obs[i], unchecked((long)rng.NextULong()));
            (o[i], a[i], r[i]) = ([], [], []);
        }
        var active = Enumerable.Range(0, n).ToList();
        var next = new float[od];
        var envAction = new float[ad];
        for (int t = 0; t < maxSteps && active.Count > 0; t++)
        {
            var batchObs = active.SelectMany(i => obs[i]).ToArray();
            var dist = policy.Policy(Tensor.FromArray(batchObs, active.Count, od).As(policy.DType));
            float[] actions = dist.Sample(rng).ToFloatArray();
            var still = new List<int>();
            for (int j = 0; j < active.Count; j++)
            {
                int i = active[j];
                var action = actions.AsSpan(j * ad, ad);
                policy.ToEnvAction(action, envAction);
                var result = envs[i].Step(envAction, next);
                o[i].AddRange(obs[i]);
                a[i].AddRange(action.ToArray());
                r[i].Add((float)result.Reward);
                next.CopyTo(obs[i], 0);
                if (!result.Done) { still.Add(i); }
            }
            active = still;
        }
        return new TrajectoryBatch(od, ad, [.. o.SelectMany(x => x)], [.. a.SelectMany(x => x)], [.. r.SelectMany(x => x)], [.. r.Select(x => x.Count)]);
    }

    public static TrialBatch Trials(RecurrentActorCritic policy, Env[] envs, IReadOnlyList<EnvTask> tasks, Rng rng, int maxSteps)
    {
        using var noGrad = AG.NoGrad();
        int n = tasks.Count, od = policy.ObservationSize, ad = policy.ActionSize;
        var obs = new float[n * od];
        var alive = new bool[n];
        var running = new double[n];
        for (int b = 0; b < n; b++)
        {
            envs[b].Find<ITaskEnv>()!.SetTask(tasks[b]);
            envs[b].Reset(obs.AsSpan(b * od, od), unchecked((long)rng.NextULong()));
            alive[b] = true;
        }
        var steps = new List<float[][]>();
        var episodes = Enumerable.Range(0, n).Select(_ => new List<double>()).ToArray();
        Tensor? h = null;
        var next = new float[od];
        for (int t = 0; t < maxSteps && alive.Contains(true); t++)
        {
            var (dist, values, last) = policy.Forward(Tensor.FromArray((float[])obs.Clone(), 1, n, od), h, null);
            h = last;
            var actionTensor = dist.Sample(rng);
            var act = actionTensor.ToFloatArray();
            var step = new[] { (float[])obs.Clone(), act, dist.LogProb(actionTensor).ToFloatArray(), values.ToFloatArray(), new float[n], new float[n] };
            for (int b = 0; b < n; b++)
            {
                if (!alive[b]) { continue; }
                step[5][b] = 1;
                var r = envs[b].Step(act.AsSpan(b * ad, ad), next);
                step[4][b] = (float)r.Reward;
                running[b] += r.Reward;
                next.CopyTo(obs, b * od);
                if (r.Done || next[^1] == 1f) { episodes[b].Add(running[b]); running[b] = 0; }
                alive[b] = !r.Done;
            }
            steps.Add(step);
        }
        var batch = new TrialBatch(steps.Count, n, od, ad);
        for (int t = 0; t < steps.Count; t++)
        {
            steps[t][0].CopyTo(batch.Observations, t * n * od);
            steps[t][1].CopyTo(batch.Actions, t * n * ad);
            steps[t][2].CopyTo(batch.LogProbs, t * n);
            steps[t][3].CopyTo(batch.Values, t * n);
            steps[t][4].CopyTo(batch.Rewards, t * n);
            steps[t][5].CopyTo(batch.Valid, t * n);
        }
        for (int b = 0; b < n; b++) { batch.EpisodeReturns[b].AddRange(episodes[b]); }
        return batch;
    }
}
