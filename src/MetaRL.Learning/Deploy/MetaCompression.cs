using MetaRL.Learning.Decision;
using MetaRL.Learning.Meta;

namespace MetaRL.Learning.Deploy;

/// <summary>
/// <c>metarl compress</c> on a meta-training run (MAML, Reptile, meta-ES, RL²): int8 weights for every learner whose
/// model is a policy, and distillation of an RL² policy into a smaller one (<see cref="Rl2Distillation"/>). The
/// compressed run is an ordinary meta run that <c>meta-eval</c>, <c>adapt</c> and <c>export</c> take. The two are
/// compared on the same held-out tasks and seeds as <c>meta-eval</c> draws them: the method's own numbers (the mean
/// return after one adaptation step for a gradient learner, the trial's total for RL²), the agreement of the greedy
/// actions on the states the original visits, and the latency per action.
/// </summary>
public static class MetaCompression
{
    /// <summary>Held-out tasks compared unless told otherwise.</summary>
    public const int DefaultTasks = 100;

    /// <summary>Tasks whose pre-adaptation episodes give a gradient learner's action agreement.</summary>
    private const int AgreementTasks = 20;

    /// <summary>Writes the int8 copy of meta run <paramref name="source"/> into <paramref name="outPath"/> and returns its report.</summary>
    /// <exception cref="ConfigException">The folder is taken, or the run's learner has no policy to quantise.</exception>
    public static CompressionReport Int8(RunDirectory source, string outPath, int tasks = DefaultTasks, long seed = 0, Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(tasks);
        var target = CompressedRun.Target(outPath);
        var original = Load(source, "compress");
        string checkpoint = source.Checkpoints.Newest()!;
        var weights = CheckpointStore.Read(checkpoint, CheckpointStore.Model);
        if (Int8Weights.IsQuantized(weights)) { throw new ConfigException($"'{source.Root}' already holds int8 weights"); }
        if (weights.FirstOrDefault(w => !w.Value.ToFloatArray().All(float.IsFinite)) is { Key: { } bad })
        {
            throw new RunFormatException($"'{checkpoint}': parameter '{bad}' holds a value that is not finite (a diverged run cannot be quantised)");
        }
        var quantized = Int8Weights.Quantize(weights);
        if (!Int8Weights.IsQuantized(quantized)) { throw new ConfigException($"'{source.Root}' has no weight matrix to quantise"); }
        return CompressedRun.Write(target, staged =>
        {
            File.Copy(source.ConfigPath, staged.ConfigPath);
            if (File.Exists(source.PretrainedPath)) { File.Copy(source.PretrainedPath, staged.PretrainedPath); }
            string saved = Save(staged, source.Root, checkpoint, quantized, "int8");
            long parameters = CompressedRun.Parameters(weights);
            return new CompressionReport("int8", source.Root, parameters, parameters, CompressedRun.Bytes(weights), CompressedRun.Bytes(quantized),
                CompressedRun.ModelFileBytes(checkpoint), CompressedRun.ModelFileBytes(saved), Compare(original, MetaRun.Load(staged.Root), tasks, seed, log), Unit: "tasks");
        });
    }

    /// <summary>Distils RL² or in-context transformer (DPT, AD) run <paramref name="source"/> into a recurrent RL² student
    /// (<see cref="Rl2Distillation"/>) written as a new meta run at <paramref name="outPath"/>; returns its report. A
    /// transformer's student plays the trial the teacher's <c>meta-eval</c> plays (its episodes per trial).</summary>
    /// <exception cref="ConfigException">The folder is taken, the run is of another learner, or the student is invalid.</exception>
    public static CompressionReport Distill(RunDirectory source, string outPath, DistillationOptions options, int tasks = DefaultTasks, long seed = 0, Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(tasks);
        options.Validate();
        var target = CompressedRun.Target(outPath);
        var original = Load(source, "distil");
        var teacherSetup = original.Setup;
        var (studentSetup, expectedSettings) = teacherSetup.Algorithm switch
        {
            Rl2Algorithm => (MetaSetup.Parse([.. ConfigLayers.OfRun(source, meta: true).Pairs, .. options.Student]), teacherSetup.EnvSettings),
            PretrainedAlgorithm p => TransformerStudent(original, p, options, seed),
            _ => throw new ConfigException($"'{source.Root}' is a {original.Method} run; distill takes a stateless actor-critic's run (ppo, a2c, reinforce), an RL² run or an in-context transformer's (dpt, ad)"),
        };
        if (studentSetup.Algorithm is not Rl2Algorithm || studentSetup.Run.Env != teacherSetup.Run.Env
            || !studentSetup.EnvSettings.OrderBy(kv => kv.Key).SequenceEqual(expectedSettings.OrderBy(kv => kv.Key)))
        {
            throw new ConfigException("the student must be an RL² policy of the teacher's task family and settings");
        }
        var studentOptions = (Rl2Options)studentSetup.LearnerOptions;
        var (student, pool) = Rl2Algorithm.CreatePolicy(studentSetup, studentSetup.Run.Seed);
        if (student.BeliefSize > 0 || student.TaskCriticInputs > 0)
        {
            throw new ConfigException("distillation trains the student's policy and value; a belief head or privileged critic would stay untrained (leave belief_coef and privileged_critic off)");
        }
        TrialGatherer gather;
        if (teacherSetup.Algorithm is PretrainedAlgorithm pretrained)
        {
            gather = TransformerTrials.Gatherer(pretrained.TrainedModel(original), pretrained.Format, teacherSetup.Run.Env, student, studentOptions.MaxTrialSteps, studentOptions.Gamma);
        }
        else
        {
            var (teacher, teacherPool) = Rl2Algorithm.LoadPolicy(original);
            int teacherSteps = ((Rl2Options)teacherSetup.LearnerOptions).MaxTrialSteps;
            if (student.ObservationSize != teacher.ObservationSize || studentOptions.MaxTrialSteps != teacherSteps)
            {
                throw new ConfigException("the student must read the teacher's trials (leave time_features and max_trial_steps as they are)");
            }
            (gather, pool) = (Rl2Distillation.Rl2Teacher(teacher, student, teacherSteps), teacherPool);
        }
        var curve = Rl2Distillation.Train(gather, student, pool, teacherSetup.Distribution(teacherSetup.MakeEnv()), options, log);
        string checkpoint = source.Checkpoints.Newest()!;
        var weights = CheckpointStore.Read(checkpoint, CheckpointStore.Model);
        var studentWeights = student.StateDict();
        return CompressedRun.Write(target, staged =>
        {
            staged.WriteConfig(studentSetup.ToYaml());
            string saved = Save(staged, source.Root, checkpoint, studentWeights, "distill", keepState: teacherSetup.Algorithm is Rl2Algorithm);
            var details = options.Report(curve);
            return new CompressionReport("distill", source.Root, CompressedRun.Parameters(weights), CompressedRun.Parameters(studentWeights),
                CompressedRun.Bytes(weights), CompressedRun.Bytes(studentWeights), CompressedRun.ModelFileBytes(checkpoint), CompressedRun.ModelFileBytes(saved),
                Compare(original, MetaRun.Load(staged.Root), tasks, seed, log), details, "tasks");
        });
    }

    /// <summary>The RL² student of a transformer teacher: the teacher's family and settings with as many episodes per
    /// trial as the teacher's <c>meta-eval</c> plays, the student's assignments over RL²'s defaults.</summary>
    private static (MetaSetup Student, IReadOnlyDictionary<string, string> Settings) TransformerStudent(MetaRun teacher, PretrainedAlgorithm algorithm, DistillationOptions options, long seed)
    {
        var setup = teacher.Setup;
        var settings = new Dictionary<string, string>(setup.EnvSettings)
        {
            ["episodes"] = algorithm.TrialEpisodes(setup, teacher.HeldOutTasks(1, seed)).ToString(CultureInfo.InvariantCulture),
        };
        var pairs = new List<(string, string)> { ("algo", "rl2"), ("env", setup.Run.Env), ("seed", setup.Run.Seed.ToString(CultureInfo.InvariantCulture)) };
        pairs.AddRange(settings.Select(kv => ("env." + kv.Key, kv.Value)));
        return (MetaSetup.Parse([.. pairs, .. options.Student]), settings);
    }

    /// <summary>The meta run, refused when its learner's model is not one policy (a generalist; a decision model, except to distil).</summary>
    private static MetaRun Load(RunDirectory source, string purpose)
    {
        if (source.Checkpoints.Newest() is null)
        {
            throw MetaCheckpoint.Newest(source) is null
                ? new RunFormatException($"'{source.Root}' has no checkpoint to {purpose}")
                : new ConfigException($"'{source.Root}' keeps the legacy checkpoint layout (checkpoints/model.safetensors with state.json); continue it for one iteration with 'metarl meta-train --resume' to save it in the current layout, then {purpose} it");
        }
        var run = MetaRun.Load(source.Root);
        bool transformer = purpose == "distil" && run.Setup.Algorithm is PretrainedAlgorithm;
        if (run.Setup.IsMixture || (!transformer && run.Setup.Algorithm.TrainedPolicy(run) is null))
        {
            throw new ConfigException($"'{source.Root}' is a {run.Method}{(run.Setup.IsMixture ? " generalist" : "")} run; compress takes single-task runs and meta runs of maml, reptile, es and rl2 (and distils dpt and ad runs)");
        }
        return run;
    }

    /// <summary>Saves <paramref name="model"/> as the staged run's checkpoint, at the source checkpoint's step and with its
    /// state (none where the learner changed: a transformer's student).</summary>
    private static string Save(RunDirectory staged, string source, string checkpoint, Dictionary<string, Tensor> model, string method, bool keepState = true)
    {
        var files = new Dictionary<string, Dictionary<string, Tensor>>
        {
            [CheckpointStore.Model] = model, [CheckpointStore.State] = keepState ? CheckpointStore.Read(checkpoint, CheckpointStore.State) : [],
        };
        return staged.Checkpoints.Save(long.Parse(Path.GetFileName(checkpoint), CultureInfo.InvariantCulture), files,
            new Dictionary<string, string> { ["compressed_from"] = source, ["method"] = method });
    }

    /// <summary>Both runs on the same held-out tasks (<c>meta-eval --seed <paramref name="seed"/></c>'s), with the agreement
    /// of their greedy actions and their latency.</summary>
    private static PolicyComparison Compare(MetaRun original, MetaRun compressed, int tasks, long seed, Action<string>? log)
    {
        var settings = MetaEvalSettings.Default with { Tasks = tasks, Steps = [MetaAlgorithm.DefaultAdaptSteps], Seed = seed };
        var heldOut = original.HeldOutTasks(tasks, seed);
        long evalSeed = original.EvalSeed(seed);
        int degree = MetaParallel.Degree(0);
        var before = Evaluation.Summarize(original.Setup.Algorithm.MethodReturns(original, heldOut, settings, evalSeed, degree, log)!);
        var after = Evaluation.Summarize(compressed.Setup.Algorithm.MethodReturns(compressed, heldOut, settings, evalSeed, degree, log)!);
        var (agreement, maxDiff, decisions, usBefore, usAfter) = original.Setup.Algorithm switch
        {
            Rl2Algorithm => TrialAgreement(original, compressed, heldOut, evalSeed, degree),
            PretrainedAlgorithm p => TransformerAgreement(original, p, compressed, heldOut, evalSeed),
            _ => EpisodeAgreement(original, compressed, heldOut, evalSeed),
        };
        return new PolicyComparison(before, after, agreement, maxDiff, decisions, usBefore, usAfter);
    }

    /// <summary>RL²: the original's greedy trials on the tasks, and the other policy's greedy action at each of their steps
    /// given the same history.</summary>
    private static (double, double, long, double, double) TrialAgreement(MetaRun original, MetaRun other, IReadOnlyList<EnvTask> tasks, long seed, int degree)
    {
        var (teacher, pool) = Rl2Algorithm.LoadPolicy(original);
        var (student, _) = Rl2Algorithm.LoadPolicy(other);
        var batch = Rl2.Collect(teacher, pool, tasks, seed, degree, ((Rl2Options)original.Setup.LearnerOptions).MaxTrialSteps, deterministic: true);
        float[] mode;
        using (Autograd.Autograd.NoGrad())
        {
            mode = student.Forward(Tensor.FromArray(batch.Observations, batch.Steps, batch.Trials, batch.ObservationSize), null, null).Policy.Mode().ToFloatArray();
        }
        var tolerance = PolicyComparison.Tolerances(pool.Prototype.ActionSpace);
        var (agreement, maxDiff, decisions) = PolicyComparison.Agree(batch.Actions, mode, batch.Valid, tolerance);
        return (agreement, maxDiff, decisions, TrialLatency(teacher), TrialLatency(student));
    }

    /// <summary>A transformer and its RL² student: the teacher's greedy trials on the tasks (those of its greedy
    /// <c>meta-eval</c>), the student's greedy action at each of their steps given the same history, and the median µs of
    /// the teacher's KV-cached decisions in them.</summary>
    private static (double, double, long, double, double) TransformerAgreement(MetaRun original, PretrainedAlgorithm algorithm, MetaRun other, IReadOnlyList<EnvTask> tasks, long seed)
    {
        var (student, pool) = Rl2Algorithm.LoadPolicy(other);
        var envs = pool.Rent(tasks.Count);
        try
        {
            var r = TransformerTrials.Run(algorithm.TrainedModel(original), algorithm.Format, original.Setup.Run.Env, student, teacherActs: true, greedy: true,
                envs, tasks, EpisodeEvaluation.Stream(seed), ((Rl2Options)other.Setup.LearnerOptions).MaxTrialSteps);
            var (agreement, maxDiff, decisions) = PolicyComparison.Agree(r.Batch.Actions, r.StudentModes, r.Batch.Valid, PolicyComparison.Tolerances(pool.Prototype.ActionSpace));
            return (agreement, maxDiff, decisions, r.TeacherMicroseconds, TrialLatency(student));
        }
        finally { pool.Return(envs); }
    }

    /// <summary>A gradient learner: the original's greedy episodes before adaptation on the first tasks, and the other
    /// policy's greedy action on each state visited.</summary>
    private static (double, double, long, double, double) EpisodeAgreement(MetaRun original, MetaRun other, IReadOnlyList<EnvTask> tasks, long seed)
    {
        var teacher = (MetaPolicy)original.Setup.Algorithm.TrainedPolicy(original)!.Value.Policy;
        var student = (MetaPolicy)other.Setup.Algorithm.TrainedPolicy(other)!.Value.Policy;
        var pool = new EnvPool(original.Setup.MakeEnv);
        var tolerance = PolicyComparison.Tolerances(pool.Prototype.ActionSpace);
        double agreed = 0, maxDiff = 0;
        long decisions = 0;
        for (int i = 0; i < Math.Min(AgreementTasks, tasks.Count); i++)
        {
            var batch = TrajectorySampler.Sample(teacher, null, pool, tasks[i], 1, new Rng(SeedPath.Derive(seed, i, 17)), deterministic: true);
            var obs = Tensor.FromArray(batch.Observations, batch.Steps, batch.ObservationSize);
            var (a, b) = (EnvActions(teacher, obs, batch.Steps), EnvActions(student, obs, batch.Steps));
            var (share, diff, n) = PolicyComparison.Agree(a, b, null, tolerance);
            agreed += share * n;
            decisions += n;
            maxDiff = Math.Max(maxDiff, diff);
        }
        var probe = new float[teacher.ObservationSize];
        return (decisions == 0 ? 1 : agreed / decisions, maxDiff, decisions, Latency(() => EnvActions(teacher, Tensor.FromArray(probe, 1, probe.Length), 1)),
            Latency(() => EnvActions(student, Tensor.FromArray(probe, 1, probe.Length), 1)));
    }

    /// <summary>The greedy actions of <paramref name="policy"/> at <paramref name="observations"/>, as the environment gets them.</summary>
    private static float[] EnvActions(MetaPolicy policy, Tensor observations, int rows)
    {
        float[] mode;
        using (Autograd.Autograd.NoGrad()) { mode = policy.Policy(observations).Mode().ToFloatArray(); }
        int width = mode.Length / rows;
        var actions = new float[mode.Length];
        for (int r = 0; r < rows; r++) { policy.ToEnvAction(mode.AsSpan(r * width, width), actions.AsSpan(r * width, width)); }
        return actions;
    }

    /// <summary>Median µs of one recurrent step (state carried, greedy action).</summary>
    private static double TrialLatency(Rl2Policy policy)
    {
        var x = Tensor.Zeros([1, 1, policy.ObservationSize]);
        Tensor? state = null;
        return Latency(() =>
        {
            var (dist, _, last) = policy.Forward(x, state, null);
            state = last;
            return dist.Mode().ToFloatArray();
        });
    }

    private static double Latency(Func<float[]> act)
    {
        using var _ = Autograd.Autograd.NoGrad();
        return PolicyComparison.MedianMicroseconds(() => act());
    }
}
