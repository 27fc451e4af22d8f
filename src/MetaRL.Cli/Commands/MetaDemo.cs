namespace MetaRL.Cli.Commands;

/// <summary>
/// The default <c>metarl demo</c>: the meta-RL journey in about two minutes. MAML meta-trains a small
/// policy on 2D point navigation (goals it never sees again), then adapts to held-out goals with a few
/// policy-gradient steps, and prints the before/after table beside the pretrained, random-init, random
/// and oracle baselines.
/// </summary>
internal static class MetaDemo
{
    public static int Run(long seed, int iterations, string? outDir, TextWriter o, CancellationToken cancellation = default)
    {
        if (iterations < 1) { throw new UserInputException("--iterations must be at least 1"); }
        string dir = outDir ?? Path.Combine(Path.GetTempPath(), $"metarl-meta-demo-{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Environment.ProcessId}");
        if (new RunDirectory(dir).HasRun) { throw new UserInputException($"'{dir}' already holds a run; choose another --out"); }
        string it = iterations.ToString(CultureInfo.InvariantCulture);
        var setup = MetaSetup.Parse([
            ("algo", "maml"), ("env", "PointNav2D-v0"), ("seed", seed.ToString(CultureInfo.InvariantCulture)), ("iterations", it),
            ("meta_batch_size", "10"), ("episodes_per_task", "20"), ("hidden", "[64, 64]"),
            ("outer_learning_rate", "0.003"), ("pretrain_iterations", it), ("checkpoint_every", it)]);
        o.WriteLine("MetaRL demo: meta-reinforcement learning in three steps.");
        o.WriteLine("Task family PointNav2D-v0: a point starts at (0,0) and must reach a hidden goal in [-0.5,0.5]^2; reward = -distance.");
        o.WriteLine($"1) Meta-train MAML (one VPG inner step, step size 0.5, 10 goals x 20 trajectories per iteration, {iterations} iterations).");
        var trainer = new MetaTrainer(setup, dir);
        int every = Math.Max(1, iterations / 8);
        var trained = trainer.Run(resume: false, p =>
        {
            if ((p.Iteration + 1) % every != 0 && p.Iteration + 1 != p.Total) { return; }
            o.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"   iteration {p.Iteration + 1,3}/{p.Total}: return before adaptation {p.Pre,7:F2}, after one step {p.Post,7:F2}  ({p.WallSeconds:F0} s)"));
        }, msg => o.WriteLine("   " + msg), cancellation);
        if (trained.Summary.Status == RunSummary.Diverged)
        {
            o.WriteLine($"Stopped: {trained.Summary.Error}.");
            return 1;
        }
        long reached = trained.Iterations;
        if (reached < iterations)
        {
            o.WriteLine($"Stopped at iteration {reached}; checkpoint written (continue with: metarl meta-train --out {dir} --resume).");
            return 0;
        }
        o.WriteLine("2) Adapt to 20 goals never seen in training, with 0-3 policy-gradient steps of 20 trajectories each,");
        o.WriteLine("   beside the same adaptation from a multi-task pretrained policy and from a random init.");
        var run = MetaRun.Load(dir);
        var rows = MetaEvaluator.Evaluate(run, new MetaEvalSettings(20, [0, 1, 2, 3], 20));
        run.Run.WriteMetaEval(rows);
        o.WriteLine("3) Before/after adaptation:");
        MetaEvalCommand.WriteTable(o, run, rows);
        double maml1 = rows.First(r => r.Method == "maml" && r.Steps == 1).Mean;
        double rand1 = rows.First(r => r.Method == "random-init" && r.Steps == 1).Mean;
        o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"After one step MAML scores {maml1:F2} against {rand1:F2} from a random init."));
        o.WriteLine($"Run directory: {dir}. Next: metarl adapt --run {dir} --task-seed 7 --steps 3 --out adapted/");
        o.WriteLine("The paper-scale runs (MAML, RL², Reptile, meta-ES): bench/learning/meta-run.sh; PPO on CartPole: metarl demo --ppo.");
        return 0;
    }
}
