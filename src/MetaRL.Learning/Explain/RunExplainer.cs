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
        if (Meta.MetaAlgorithms.OfRun(run) is Meta.Rl2Algorithm) { return ExplainRl2(run, observation, baseline, options); }
        var trained = TrainedRun.Load(run, "explain");
        var model = trained.Algorithm.Model;
        if (model is not (ActorCritic or RecurrentActorCritic) && trained.Algorithm is not Dqn)
        {
            throw new ConfigException($"'{run.Root}' is a {trained.Config.Algorithm.Name} run; explain takes an actor-critic's run (ppo, a2c, reinforce, recurrent_ppo) or a Q-network's (dqn)");
        }
        var normalizer = (trained.Algorithm as OnPolicyAlgorithm)?.ObservationNormalizer;
        var env = trained.Config.CreateEnv();
        int d = Check(observation, env);
        float[] reference = baseline == "zeros" ? new float[d] : MeanObservation(trained.Algorithm, normalizer, env);
        return model switch
        {
            ActorCritic policy => PolicyExplainer.Explain(policy, normalizer, [.. observation], reference, env.ObservationNames, options),
            RecurrentActorCritic policy => PolicyExplainer.ExplainFirstStep(policy, normalizer, [.. observation], reference, env.ObservationNames, options),
            _ => PolicyExplainer.ExplainQ((Sequential)model, [.. observation], reference, env.ObservationNames, options),
        };
    }

    /// <summary>An RL² run's first decision of a trial (its state zero), the trial's observation given: the inner
    /// observation, the previous action, reward and done flag (all zero at a trial's start), against the zero observation.</summary>
    private static PolicyExplanation ExplainRl2(RunDirectory run, IReadOnlyList<float> observation, string baseline, IntegratedGradientsOptions? options)
    {
        if (baseline != DefaultBaseline) { throw new ConfigException($"an RL² run is explained against the zero observation (--baseline {DefaultBaseline}); it keeps no observation statistics"); }
        var (policy, pool) = Meta.Rl2Algorithm.LoadPolicy(Meta.MetaRun.Load(run.Root));
        var env = pool.Prototype;
        int d = Check(observation, env);
        return PolicyExplainer.ExplainFirstStep(policy, null, [.. observation], new float[d], env.ObservationNames, options);
    }

    /// <summary>The observation's length, once it has <paramref name="env"/>'s length and only finite values.</summary>
    private static int Check(IReadOnlyList<float> observation, Env env)
    {
        int d = env.ObservationSpace.Size;
        if (observation.Count != d) { throw new ConfigException($"the observation has {observation.Count} values; {env.Id} observations have {d} ({string.Join(", ", env.ObservationNames)})"); }
        for (int i = 0; i < d; i++)
        {
            if (!float.IsFinite(observation[i])) { throw new ConfigException($"observation value {i + 1} ({env.ObservationNames[i]}) is {observation[i]}; every value must be a finite number"); }
        }
        return d;
    }

    private static float[] MeanObservation(Algorithm algorithm, ObservationNormalizer? normalizer, Env env)
    {
        if (normalizer is not null) { return [.. normalizer.Mean.Select(m => (float)m)]; }
        var sum = new double[env.ObservationSpace.Size];
        long count = 0;
        Evaluation.Run(algorithm, env, MeanEpisodes, CheckpointEvaluation.DefaultSeed, onStep: (_, obs, _) =>
        {
            for (int i = 0; i < sum.Length; i++) { sum[i] += obs[i]; }
            count++;
        });
        return [.. sum.Select(s => (float)(s / count))];
    }
}
