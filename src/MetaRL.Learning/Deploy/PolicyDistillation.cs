using MetaRL.Distributions;

namespace MetaRL.Learning.Deploy;

/// <summary>
/// <c>metarl compress --method distill</c>: a stateless actor-critic run (PPO, A2C, REINFORCE) distilled into a student
/// built from the same config with the student's assignments (<see cref="DistillationOptions"/>), written as a new run
/// directory that <c>evaluate</c>, <c>explain</c>, <c>export</c> and <c>compress --method int8</c> take like any other.
/// The student sees observations exactly as the teacher does (its observation statistics are the teacher's).
/// </summary>
public static class PolicyDistillation
{
    /// <summary>Distils <paramref name="source"/> into a new run at <paramref name="outPath"/> and returns its report;
    /// <paramref name="log"/> hears one line per round.</summary>
    /// <exception cref="ConfigException">The output folder is taken, the run is not a stateless actor-critic's, or the
    /// student's config is invalid or changes the environment.</exception>
    /// <exception cref="RunFormatException">The source run has no readable checkpoint.</exception>
    public static CompressionReport Distill(RunDirectory source, string outPath, DistillationOptions options,
        int episodes = Int8Compression.DefaultEpisodes, long seed = CheckpointEvaluation.DefaultSeed, Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(episodes);
        options.Validate();
        var target = CompressedRun.Target(outPath);
        var teacher = TrainedRun.Load(source, "distil");
        if (teacher.Algorithm.Model is not ActorCritic teacherNet)
        {
            throw new ConfigException($"'{source.Root}' is a {teacher.Config.Algorithm.Name} run; distill takes a stateless actor-critic's run (ppo, a2c, reinforce)");
        }
        var studentConfig = TrainConfig.Resolve([.. ConfigLayers.OfRun(source, meta: false).Pairs, .. options.Student]);
        var student = TrainingRun.Build(studentConfig);
        var normalizer = (teacher.Algorithm as OnPolicyAlgorithm)?.ObservationNormalizer;
        if (studentConfig.CreateEnv().Id != teacher.Config.CreateEnv().Id || !studentConfig.EnvSettings.OrderBy(kv => kv.Key).SequenceEqual(teacher.Config.EnvSettings.OrderBy(kv => kv.Key)))
        {
            throw new ConfigException("the student must play the teacher's environment");
        }
        if (student.Model is not ActorCritic studentNet || studentNet.IsDiscrete != teacherNet.IsDiscrete || studentNet.ActionSize != teacherNet.ActionSize)
        {
            throw new ConfigException($"the student ({studentConfig.Algorithm.Name}) must be a stateless actor-critic with the teacher's action head");
        }
        if (((student as OnPolicyAlgorithm)?.ObservationNormalizer is null) != (normalizer is null))
        {
            throw new ConfigException("the student must normalise observations as the teacher does (leave norm_obs as it is)");
        }
        string checkpoint = source.Checkpoints.Newest()!;
        var state = CheckpointStore.Read(checkpoint, CheckpointStore.State);
        student.LoadEvaluationState(state);
        var curve = Train(teacherNet, studentNet, normalizer, studentConfig.CreateEnv(), options, log);

        var weights = CheckpointStore.Read(checkpoint, CheckpointStore.Model);
        var studentWeights = student.Model.StateDict();
        return CompressedRun.Write(target, staged =>
        {
            staged.WriteConfig(studentConfig.ToYaml());
            var files = new Dictionary<string, Dictionary<string, Tensor>> { [CheckpointStore.Model] = studentWeights, [CheckpointStore.State] = state };
            string saved = staged.Checkpoints.Save(long.Parse(teacher.Step, CultureInfo.InvariantCulture), files,
                new Dictionary<string, string> { ["compressed_from"] = source.Root, ["method"] = "distill" });
            var details = options.Report(curve);
            return new CompressionReport("distill", source.Root, CompressedRun.Parameters(weights), CompressedRun.Parameters(studentWeights),
                CompressedRun.Bytes(weights), CompressedRun.Bytes(studentWeights), CompressedRun.ModelFileBytes(checkpoint), CompressedRun.ModelFileBytes(saved),
                PolicyComparison.Measure(teacher.Config, teacher.Algorithm, student, episodes, seed), details);
        });
    }

    /// <summary>The DAgger loop; returns the mean KL of each round's last epoch.</summary>
    private static double[] Train(ActorCritic teacher, ActorCritic student, ObservationNormalizer? normalizer, Env env, DistillationOptions options, Action<string>? log)
    {
        int d = env.ObservationSpace.Size;
        var rng = new Rng(Meta.SeedPath.Derive(options.Seed, 0));
        var states = new float[(long)options.Rounds * options.StepsPerRound * d];
        var adam = new Adam(student.Parameters(), new AdamOptions { LearningRate = options.LearningRate });
        var curve = new double[options.Rounds];
        int gathered = 0;
        for (int round = 0; round < options.Rounds; round++)
        {
            Gather(round == 0 ? teacher : student, normalizer, env, Meta.SeedPath.Derive(options.Seed, 1, round), rng,
                states.AsSpan(gathered * d, options.StepsPerRound * d));
            gathered += options.StepsPerRound;
            var order = new int[gathered];
            var batch = new float[Math.Min(options.MinibatchSize, gathered) * d];
            for (int epoch = 0; epoch < options.Epochs; epoch++)
            {
                for (int i = 0; i < gathered; i++) { order[i] = i; }
                rng.Shuffle(order);
                double klSum = 0;
                int batches = 0;
                for (int start = 0; start < gathered; start += options.MinibatchSize)
                {
                    int n = Math.Min(options.MinibatchSize, gathered - start);
                    for (int r = 0; r < n; r++) { states.AsSpan(order[start + r] * d, d).CopyTo(batch.AsSpan(r * d, d)); }
                    var x = Tensor.FromArray(batch[..(n * d)], n, d);
                    klSum += Step(teacher, student, x, adam, options);
                    batches++;
                }
                curve[round] = klSum / batches;
            }
            log?.Invoke($"round {round + 1}/{options.Rounds}: {gathered:N0} states, KL(teacher || student) {curve[round]:G4}");
        }
        return curve;
    }

    /// <summary>One Adam step on <see cref="DistillationLoss"/> over the states <paramref name="x"/>; returns the mean KL.</summary>
    private static double Step(ActorCritic teacher, ActorCritic student, Tensor x, Adam adam, DistillationOptions options)
    {
        Distribution target;
        Tensor targetValue;
        using (Autograd.Autograd.NoGrad())
        {
            target = teacher.Policy(x);
            targetValue = teacher.Value(x);
        }
        var (loss, kl) = DistillationLoss.Compute(target, targetValue, student.Policy(x), student.Value(x), null, options);
        adam.ZeroGrad();
        loss.Backward();
        GradClip.ClipGradNorm(student.Parameters(), options.MaxGradNorm);
        adam.Step();
        return kl;
    }

    /// <summary>Plays <paramref name="actor"/>, drawing its actions, for as many steps as <paramref name="states"/> holds
    /// observations, and writes each observation as the policy sees it.</summary>
    private static void Gather(ActorCritic actor, ObservationNormalizer? normalizer, Env env, long seed, Rng rng, Span<float> states)
    {
        int d = env.ObservationSpace.Size;
        var obs = env.NewObservation();
        var seen = new float[d];
        var action = new float[env.ActionSpace.Size];
        env.Reset(obs, seed);
        using var _ = Autograd.Autograd.NoGrad();
        for (int t = 0; t * d < states.Length; t++)
        {
            obs.AsSpan().CopyTo(seen);
            normalizer?.Apply(seen, seen);
            seen.CopyTo(states.Slice(t * d, d));
            var drawn = actor.Policy(Tensor.FromArray(seen, 1, d)).Sample(rng);
            for (int i = 0; i < action.Length; i++) { action[i] = (float)drawn[i]; }
            (env.ActionSpace as Box)?.Clip(action);
            if (env.Step(action, obs).Done) { env.Reset(obs, null); }
        }
    }
}
