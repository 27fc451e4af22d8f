// MAML (Finn et al. 2017) on a user's own task family, GoalLine-v0 (Sample.CustomEnv/GoalLine.cs), whose goal is
// hidden: the meta-trained initial policy adapts to a held-out goal from a few episodes and one or two
// policy-gradient steps, beside the same adaptation from a randomly initialised policy.
//   dotnet run -- [meta-iterations]
using System.Globalization;
using MetaRL.Envs;
using MetaRL.Learning.Meta;
using MetaRL.Random;
using Sample.CustomEnv;

int iterations = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 40;
const int Horizon = 20;
var pool = new EnvPool(() => new TimeLimit(new GoalLine(), Horizon));
var family = pool.Prototype.Find<ITaskEnv>()!;

var options = new MamlOptions
{
    MetaBatchSize = 10,
    EpisodesPerTask = 10,
    InnerSteps = 1,
    InnerLearningRate = 0.5,
    OuterLearningRate = 1e-2,
    Hidden = [32, 32],
    MaxEpisodeSteps = Horizon,
};
var policy = options.CreatePolicy(pool.Prototype, seed: 1);
var maml = new Maml(policy, pool, options, seed: 1);

// Meta-training: each iteration draws a meta-batch of goals from the family with the training generator.
var trainTasks = new Rng(1);
for (int it = 0; it < iterations; it++)
{
    var result = maml.Iterate(family.SampleTasks(options.MetaBatchSize, trainTasks), it);
    if (it % 10 == 0 || it == iterations - 1)
    {
        Console.WriteLine(FormattableString.Invariant($"meta-iteration {it,3}: return before adaptation {result.MeanPre,7:F2}, after one step {result.MeanPost,7:F2}"));
    }
}

// Held-out goals (another generator), adapted with 2 steps of 20 episodes from the meta-learned weights and from a
// random initialisation.
var heldOut = family.SampleTasks(10, new Rng(12345));
double[] Curve(MlpPolicy start)
{
    var budget = options.Budget(steps: 2, episodes: 20);
    var sum = new double[budget.Steps + 1];
    for (int t = 0; t < heldOut.Count; t++)
    {
        var adapted = GradientAdaptation.Run(start, start.Parameters(), pool, heldOut[t], budget, new Rng(100 + t));
        for (int s = 0; s < sum.Length; s++) { sum[s] += adapted.Curve[s] / heldOut.Count; }
    }
    return sum;
}
var meta = Curve(policy);
var scratch = Curve(options.CreatePolicy(pool.Prototype, seed: 2));
Console.WriteLine($"held-out goals: {string.Join(", ", heldOut.Cast<GoalLineTask>().Select(t => t.Goal.ToString("F2", CultureInfo.InvariantCulture)))}");
Console.WriteLine("adaptation steps | MAML init | random init");
for (int s = 0; s < meta.Length; s++)
{
    Console.WriteLine(FormattableString.Invariant($"{s,16} | {meta[s],9:F2} | {scratch[s],11:F2}"));
}
Console.WriteLine(FormattableString.Invariant($"gain from adaptation: MAML {meta[^1] - meta[0]:+0.00;-0.00}, random init {scratch[^1] - scratch[0]:+0.00;-0.00}"));
return double.IsFinite(meta[^1]) && meta[^1] > meta[0] ? 0 : 1;
