namespace MetaRL.Learning.Explain;

/// <summary>
/// <c>metarl explain</c>'s library call: a trained single-task run's newest checkpoint explained at one observation, the
/// feature names coming from the run's environment (<see cref="Env.ObservationNames"/>).
/// </summary>
public static class RunExplainer
{
    /// <summary>The baselines <see cref="Explain"/> knows: the zero observation, or the mean observation.</summary>
    public static IReadOnlyList<string> Baselines { get; } = ["zeros", "mean"];

    /// <summary>The baseline unless told otherwise: the zero observation, integrated gradients' usual reference.</summary>
    public const string DefaultBaseline = "zeros";

    /// <summary>Episodes whose visited observations make the mean baseline of a run without observation statistics.</summary>
    public const int MeanEpisodes = 10;

    /// <summary>
    /// Explains the decision of <paramref name="run"/>'s policy at <paramref name="observation"/> against
    /// <paramref name="baseline"/>: <c>zeros</c>, or <c>mean</c>, the training observations' running mean where the run
    /// normalises observations, else the mean observation over <see cref="MeanEpisodes"/> greedy episodes of the trained
    /// policy from <see cref="CheckpointEvaluation.DefaultSeed"/>.
    /// </summary>
    /// <exception cref="ConfigException">The run's policy cannot be explained, or the observation or baseline is malformed.</exception>
    /// <exception cref="RunFormatException">The run has no readable checkpoint.</exception>
    public static PolicyExplanation Explain(RunDirectory run, IReadOnlyList<float> observation, string baseline, IntegratedGradientsOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(observation);
        if (!Baselines.Contains(baseline)) { throw new ConfigException($"unknown baseline '{baseline}'; known: {string.Join(", ", Baselines)}"); }
        var trained = TrainedRun.Load(run, "explain");
        if (trained.Algorithm is not FeedForwardOnPolicyAlgorithm policy)
        {
            throw new ConfigException($"'{run.Root}' is a {trained.Config.Algorithm.Name} run; explain takes a stateless actor-critic's run (ppo, a2c, reinforce, trpo)");
        }
        var env = trained.Config.CreateEnv();
        int d = env.ObservationSpace.Size;
        if (observation.Count != d) { throw new ConfigException($"the observation has {observation.Count} values; {env.Id} observations have {d} ({string.Join(", ", env.ObservationNames)})"); }
        for (int i = 0; i < d; i++)
        {
            if (!float.IsFinite(observation[i])) { throw new ConfigException($"observation value {i + 1} ({env.ObservationNames[i]}) is {observation[i]}; every value must be a finite number"); }
        }
        float[] reference = baseline == "zeros" ? new float[d] : MeanObservation(policy, env);
        return PolicyExplainer.Explain(policy, [.. observation], reference, env.ObservationNames, options);
    }

    private static float[] MeanObservation(FeedForwardOnPolicyAlgorithm policy, Env env)
    {
        if (policy.ObservationNormalizer is { } normalizer) { return [.. normalizer.Mean.Select(m => (float)m)]; }
        int d = env.ObservationSpace.Size;
        var sum = new double[d];
        long count = 0;
        var obs = env.NewObservation();
        var action = new float[policy.Policy.ActionSize];
        for (int e = 0; e < MeanEpisodes; e++)
        {
            env.Reset(obs, e == 0 ? CheckpointEvaluation.DefaultSeed : null);
            StepResult r = default;
            while (!r.Done)
            {
                for (int i = 0; i < d; i++) { sum[i] += obs[i]; }
                count++;
                policy.ActGreedy(obs, action);
                r = env.Step(action, obs);
            }
        }
        return [.. sum.Select(s => (float)(s / count))];
    }
}
