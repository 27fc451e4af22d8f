using MetaRL.Distributions;
using MetaRL.Learning.Meta;

namespace MetaRL.Learning.Deploy;

/// <summary>
/// Policy distillation (<see cref="DistillationOptions"/>) of an RL² policy into a smaller recurrent one: whole trials are
/// gathered on training tasks, by the teacher in the first round and by the student after, and the student is fitted by
/// backpropagation through each trial to KL(π_teacher ‖ π_student) at every step, both reading the same history (the
/// teacher's state follows the student's trial, as DAgger asks), and to the teacher's values.
/// </summary>
internal static class Rl2Distillation
{
    /// <summary>Trials gathered together and fitted as one minibatch.</summary>
    private const int TrialsPerBatch = 64;

    /// <summary>Trains <paramref name="student"/> in place; returns the mean KL of each round's last epoch.</summary>
    public static double[] Train(Rl2Policy teacher, Rl2Policy student, EnvPool pool, ITaskEnv tasks, int maxTrialSteps, DistillationOptions options, Action<string>? log)
    {
        var rng = new Rng(SeedPath.Derive(options.Seed, 0));
        var adam = new Adam(student.Parameters(), new AdamOptions { LearningRate = options.LearningRate });
        var batches = new List<TrialBatch>();
        var curve = new double[options.Rounds];
        long gathered = 0;
        for (int round = 0; round < options.Rounds; round++)
        {
            var actor = round == 0 ? teacher : student;
            long target = gathered + options.StepsPerRound;
            for (int chunk = 0; gathered < target; chunk++)
            {
                var envs = pool.Rent(TrialsPerBatch);
                try
                {
                    var batch = TrialSampler.Run(actor, envs, tasks.SampleTasks(TrialsPerBatch, new Rng(SeedPath.Derive(options.Seed, 1, round, chunk))),
                        new Rng(SeedPath.Derive(options.Seed, 2, round, chunk)), maxTrialSteps);
                    batches.Add(batch);
                    gathered += batch.ValidSteps;
                }
                finally { pool.Return(envs); }
            }
            var order = Enumerable.Range(0, batches.Count).ToArray();
            for (int epoch = 0; epoch < options.Epochs; epoch++)
            {
                rng.Shuffle(order.AsSpan());
                double kl = 0;
                foreach (int b in order) { kl += Step(teacher, student, batches[b], adam, options); }
                curve[round] = kl / order.Length;
            }
            log?.Invoke($"round {round + 1}/{options.Rounds}: {batches.Count * TrialsPerBatch:N0} trials ({gathered:N0} steps), KL(teacher || student) {curve[round]:G4}");
        }
        return curve;
    }

    /// <summary>One Adam step on <see cref="DistillationLoss"/> over the valid steps of <paramref name="batch"/>; returns their mean KL.</summary>
    private static double Step(Rl2Policy teacher, Rl2Policy student, TrialBatch batch, Adam adam, DistillationOptions options)
    {
        var x = Tensor.FromArray(batch.Observations, batch.Steps, batch.Trials, batch.ObservationSize);
        Distribution target;
        Tensor targetValues;
        using (Autograd.Autograd.NoGrad())
        {
            (target, targetValues, _) = teacher.Forward(x, null, null);
        }
        var (policy, values, _) = student.Forward(x, null, null);
        var (loss, kl) = DistillationLoss.Compute(target, targetValues, policy, values, Tensor.FromArray(batch.Valid, batch.Valid.Length), options);
        adam.ZeroGrad();
        loss.Backward();
        GradClip.ClipGradNorm(student.Parameters(), options.MaxGradNorm);
        adam.Step();
        return kl;
    }
}
