using MetaRL.Distributions;
using MetaRL.Learning.Meta;

namespace MetaRL.Learning.Deploy;

/// <summary>Trials gathered for distillation with the teacher's targets at every step: its action distribution (rows
/// [T·B] in the batch's time-major order) and the value the student's critic regresses on: the teacher's own value, or,
/// for a teacher without a critic, the discounted return (<paramref name="ReturnTargets"/>). Returns are large beside a
/// KL, so the critic then fits them on the memory's features held fixed and its gradient is clipped apart from the
/// policy's: the regression cannot drown the imitation (with one shared clip a DPT bandit student stayed at random).</summary>
internal sealed record DistillationTrials(TrialBatch Batch, Distribution Target, Tensor TargetValues, bool ReturnTargets = false);

/// <summary>Plays one trial per task on the environments given, acted by the teacher (<c>teacherActs</c>) or by the student,
/// each trial's reset seeded from the generator, and returns them with the teacher's targets.</summary>
internal delegate DistillationTrials TrialGatherer(bool teacherActs, IReadOnlyList<Env> envs, IReadOnlyList<EnvTask> tasks, Rng rng);

/// <summary>
/// Policy distillation (<see cref="DistillationOptions"/>) into a recurrent RL² student: whole trials are gathered on
/// training tasks, by the teacher in the first round and by the student after, and the student is fitted by
/// backpropagation through each trial to KL(π_teacher ‖ π_student) at every step, both reading the same history (the
/// teacher's state follows the student's trial, as DAgger asks), and to the teacher's value targets. The teacher is an
/// RL² policy (<see cref="Rl2Teacher"/>) or an in-context transformer (<see cref="TransformerTrials"/>).
/// </summary>
internal static class Rl2Distillation
{
    /// <summary>Trials gathered together and fitted as one minibatch.</summary>
    private const int TrialsPerBatch = 64;

    /// <summary>Trains <paramref name="student"/> in place; returns the mean KL of each round's last epoch.</summary>
    public static double[] Train(TrialGatherer gather, Rl2Policy student, EnvPool pool, ITaskEnv tasks, DistillationOptions options, Action<string>? log)
    {
        var rng = new Rng(SeedPath.Derive(options.Seed, 0));
        var adam = new Adam(student.Parameters(), new AdamOptions { LearningRate = options.LearningRate });
        var critic = student.ValueParameters();
        var clipGroups = new[] { student.Parameters().Except(critic).ToArray(), critic }; // clipped apart where the targets are returns
        var batches = new List<DistillationTrials>();
        var curve = new double[options.Rounds];
        long gathered = 0;
        for (int round = 0; round < options.Rounds; round++)
        {
            long target = gathered + options.StepsPerRound;
            for (int chunk = 0; gathered < target; chunk++)
            {
                var envs = pool.Rent(TrialsPerBatch);
                try
                {
                    var trials = gather(round == 0, envs, tasks.SampleTasks(TrialsPerBatch, new Rng(SeedPath.Derive(options.Seed, 1, round, chunk))),
                        new Rng(SeedPath.Derive(options.Seed, 2, round, chunk)));
                    batches.Add(trials);
                    gathered += trials.Batch.ValidSteps;
                }
                finally { pool.Return(envs); }
            }
            var order = Enumerable.Range(0, batches.Count).ToArray();
            for (int epoch = 0; epoch < options.Epochs; epoch++)
            {
                rng.Shuffle(order.AsSpan());
                double kl = 0;
                foreach (int b in order) { kl += Step(student, batches[b], adam, clipGroups, options); }
                curve[round] = kl / order.Length;
            }
            log?.Invoke($"round {round + 1}/{options.Rounds}: {batches.Count * TrialsPerBatch:N0} trials ({gathered:N0} steps), KL(teacher || student) {curve[round]:G4}");
        }
        return curve;
    }

    /// <summary>The gatherer of an RL² teacher: trials by <see cref="TrialSampler"/>, then the teacher's distribution and
    /// values over each whole trial.</summary>
    public static TrialGatherer Rl2Teacher(Rl2Policy teacher, Rl2Policy student, int maxTrialSteps) => (teacherActs, envs, tasks, rng) =>
    {
        var batch = TrialSampler.Run(teacherActs ? teacher : student, envs, tasks, rng, maxTrialSteps);
        using var _ = Autograd.Autograd.NoGrad();
        var (target, values, _) = teacher.Forward(Observations(batch), null, null);
        return new DistillationTrials(batch, target, values);
    };

    private static Tensor Observations(TrialBatch batch) => Tensor.FromArray(batch.Observations, batch.Steps, batch.Trials, batch.ObservationSize);

    /// <summary>One Adam step on <see cref="DistillationLoss"/> over the valid steps of <paramref name="trials"/>; returns their mean KL.</summary>
    private static double Step(Rl2Policy student, DistillationTrials trials, Adam adam, IReadOnlyList<Tensor>[] clipGroups, DistillationOptions options)
    {
        var batch = trials.Batch;
        var (features, _) = student.Encode(Observations(batch));
        bool apart = trials.ReturnTargets;
        var values = student.Value(apart && !student.SeparateCritic ? features.Detach() : features);
        var (loss, kl) = DistillationLoss.Compute(trials.Target, trials.TargetValues, student.Policy(features), values, Tensor.FromArray(batch.Valid, batch.Valid.Length), options);
        adam.ZeroGrad();
        loss.Backward();
        if (apart)
        {
            foreach (var group in clipGroups) { GradClip.ClipGradNorm(group, options.MaxGradNorm); }
        }
        else { GradClip.ClipGradNorm(student.Parameters(), options.MaxGradNorm); }
        adam.Step();
        return kl;
    }
}
