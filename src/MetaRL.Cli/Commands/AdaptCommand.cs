namespace MetaRL.Cli.Commands;

/// <summary>
/// <c>metarl adapt --run DIR --task-seed N [--steps K | --episodes K] --out DIR2</c>: adapts the run's
/// meta-learned policy to one held-out task and saves the adapted policy (for RL², the policy and its
/// memory after a trial of K episodes).
/// </summary>
internal static class AdaptCommand
{
    public static Command Create()
    {
        var run = new Option<string>("--run") { Description = "A meta-training run directory.", Required = true };
        var taskSeed = new Option<long>("--task-seed") { Description = "Seed of the held-out task.", Required = true };
        var steps = new Option<int?>("--steps") { Description = $"Gradient steps (MAML, Reptile, ES; default {MetaAlgorithm.DefaultAdaptSteps})." };
        var episodes = new Option<int?>("--episodes") { Description = "Trajectories per step (gradient learners) or episodes in the trial (RL²)." };
        var output = new Option<string>("--out") { Description = "Directory for the adapted policy.", Required = true };
        var command = new Command("adapt", "Adapt a meta-trained policy to one held-out task and save the adapted policy.")
        {
            run, taskSeed, steps, episodes, output,
        };
        command.SetAction(parse =>
        {
            var o = parse.InvocationConfiguration.Output;
            if (parse.GetValue(steps) is int s && s is < 0 or > 100) { throw new UserInputException("--steps must be in [0, 100]."); }
            if (parse.GetValue(episodes) is int e && e < 1) { throw new UserInputException("--episodes must be at least 1."); }
            var loaded = MetaRun.Load(parse.GetValue(run)!);
            if (!loaded.Setup.Algorithm.AdaptsByGradient && parse.GetValue(steps) is not null)
            {
                throw new UserInputException("rl2 adapts in context, not by gradient steps: use --episodes K (episodes in the trial).");
            }
            var outcome = MetaAdapter.Adapt(loaded, parse.GetValue(taskSeed), parse.GetValue(steps), parse.GetValue(episodes), parse.GetValue(output)!);
            o.WriteLine($"task: {MetaRL.Envs.TaskJson.Serialize(outcome.Task)}");
            string label = loaded.Setup.Algorithm.AdaptsByGradient ? "return after step" : "return of episode";
            for (int i = 0; i < outcome.Returns.Count; i++)
            {
                o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {label} {(loaded.Setup.Algorithm.AdaptsByGradient ? i : i + 1)}: {outcome.Returns[i]:F3}"));
            }
            foreach (var f in outcome.Files) { o.WriteLine($"wrote {f}"); }
            return 0;
        });
        return command;
    }
}
