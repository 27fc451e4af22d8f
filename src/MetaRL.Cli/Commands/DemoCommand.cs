namespace MetaRL.Cli.Commands;

/// <summary>
/// <c>metarl demo</c>: the README's main job. Trains PPO with CleanRL's defaults on CartPole-v1 (500k steps)
/// into a run directory with a progress display, then evaluates the greedy policy and prints a short table.
/// </summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var seed = new Option<long>("--seed") { Description = "Random seed.", DefaultValueFactory = _ => 1 };
        var steps = new Option<long>("--steps") { Description = "Training steps (PPO's total_steps, CleanRL's budget).", DefaultValueFactory = _ => new PpoOptions().TotalSteps };
        var outDir = new Option<string?>("--out") { Description = "Run directory (default: a fresh folder under the system temp folder)." };
        var ppo = new Option<bool>("--ppo") { Description = "Run the PPO-on-CartPole demo instead of the meta-RL journey." };
        var iterations = new Option<int>("--iterations") { Description = "Meta-training iterations of the meta-RL demo.", DefaultValueFactory = _ => 100 };
        var command = new Command("demo", "Run the main job on embedded defaults: the meta-RL journey (meta-train MAML on 2D navigation, adapt to unseen goals, before/after table against baselines; about two minutes). --ppo: train PPO on CartPole-v1 instead.")
        {
            seed, steps, outDir, ppo, iterations,
        };
        command.SetAction(parse => CtrlC.Run(token => parse.GetValue(ppo)
            ? Run(parse.GetValue(seed), parse.GetValue(steps), parse.GetValue(outDir), parse.InvocationConfiguration.Output, token)
            : MetaDemo.Run(parse.GetValue(seed), parse.GetValue(iterations), parse.GetValue(outDir), parse.InvocationConfiguration.Output, token),
            parse.InvocationConfiguration.Error));
        return command;
    }

    internal static int Run(long seed, long steps, string? outDir, TextWriter output, CancellationToken cancellation = default)
    {
        if (steps < 512) { throw new UserInputException("--steps must be at least 512 (one PPO rollout of 4 envs × 128 steps)"); }
        var cfg = TrainConfig.Resolve([("algo", "ppo"), ("env", "CartPole-v1"), ("seed", seed.ToString(CultureInfo.InvariantCulture)), ("total_steps", steps.ToString(CultureInfo.InvariantCulture))]);
        var run = new RunDirectory(outDir ?? Path.Combine(Path.GetTempPath(), $"metarl-demo-{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Environment.ProcessId}"));
        if (run.HasRun) { throw new UserInputException($"'{run.Root}' already holds a run; choose another --out"); }
        output.WriteLine("MetaRL demo: PPO (CleanRL ppo.py defaults: 4 envs × 128 steps, 4 epochs × 4 minibatches, lr 2.5e-4 annealed,");
        output.WriteLine($"separate 64-64 tanh actor and critic) on CartPole-v1 for {steps:N0} steps, seed {seed}, on MetaRL's own tensor engine.");
        var result = TrainProgress.Run(output, cfg.Options.Budget.Amount, p => TrainingRun.Execute(cfg, run, resume: false, p, cancellation, log: output.WriteLine));
        var s = result.Summary;
        if (s.Status == RunSummary.Interrupted)
        {
            output.WriteLine($"Interrupted at step {s.TotalSteps:N0}; continue with: metarl train --out {run.Root} --resume");
            return 0;
        }
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Trained {s.TotalSteps:N0} steps in {s.WallSeconds:F1} s ({s.StepsPerSecond:N0} steps/s), {s.Episodes:N0} episodes; mean of the last 20 training returns {s.FinalReturnMean:F1}."));
        var eval = cfg.Algorithm.Evaluate(cfg, result.Algorithm, CheckpointEvaluation.DefaultEpisodes, seed + CheckpointEvaluation.DefaultSeed);
        output.WriteLine("Greedy evaluation, 10 episodes (500 is the maximum):");
        EvaluateCommand.WriteTable(output, "ppo", cfg.Run.Env, (s.TotalSteps ?? 0).ToString(CultureInfo.InvariantCulture), eval);
        output.WriteLine($"Run directory: {run.Root} (config.yaml, metrics.jsonl, checkpoints/, summary.json); try: metarl evaluate --run {run.Root}");
        return s.Status == RunSummary.Completed ? 0 : 1;
    }
}
