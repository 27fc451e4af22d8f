// A user's own environment (GoalLine.cs) through the whole single-task journey, with the MetaRL packages only:
// check it, train PPO on one task of its family, evaluate the greedy policy beside random actions, save the actor
// as safetensors and load it back into a plain MLP that acts the same.
//   dotnet run -- [output folder] [total steps]
using System.Globalization;
using MetaRL.Envs;
using MetaRL.Learning;
using MetaRL.Nn;
using MetaRL.Random;
using MetaRL.Serialization;
using MetaRL.Tensors;
using MetaRL.Tracking;
using Sample.CustomEnv;

string outDir = args.Length > 0 ? args[0] : "out";
long totalSteps = args.Length > 1 ? long.Parse(args[1], CultureInfo.InvariantCulture) : 40_000;
const int Horizon = 30;
var task = new GoalLineTask(0.7);
Env Make()
{
    var env = new GoalLine();
    env.SetTask(task);
    return new TimeLimit(env, Horizon);
}

// 1. The checker: spaces, reset, step, finite rewards, seeding determinism.
var checks = EnvChecker.Check(new TimeLimit(new GoalLine(), Horizon), seed: 0);
foreach (var check in checks) { Console.WriteLine($"check {check.Name}: {(check.Passed ? "ok" : check.Detail)}"); }
if (checks.Any(c => !c.Passed)) { return 1; }

// 2. PPO through the API on the pinned task (CleanRL's defaults otherwise).
var options = new PpoOptions { TotalSteps = totalSteps, NumSteps = 128, LearningRate = 1e-3 };
var envs = new EnvBatch([.. Enumerable.Range(0, options.NumEnvs).Select(_ => Make())], seed: 1);
var ppo = new Ppo(envs, options, new Rng(1));
Directory.CreateDirectory(outDir);
using (var sink = new JsonlScalarSink(outDir))
{
    var outcome = ppo.Train(new TrainContext(sink));
    Console.WriteLine($"trained: {outcome}, {ppo.GlobalStep} steps, mean return of the last 20 episodes {ppo.Episodes.MeanOfLast(20):F2}");
}

// 3. Evaluation: greedy episodes against uniformly random actions, on fresh seeds.
double Evaluate(Action<float[], float[]> act, int episodes, long seed)
{
    var env = Make();
    var obs = env.NewObservation();
    var action = new float[1];
    double total = 0;
    for (int e = 0; e < episodes; e++)
    {
        env.Reset(obs, seed + e);
        for (bool done = false; !done;)
        {
            act(obs, action);
            var step = env.Step(action, obs);
            total += step.Reward;
            done = step.Done;
        }
    }
    return total / episodes;
}
var rng = new Rng(7);
double greedy = Evaluate((o, a) => ppo.ActGreedy(o, a), 20, seed: 1000);
double random = Evaluate((_, a) => a[0] = rng.NextInt(3), 20, seed: 1000);
Console.WriteLine(FormattableString.Invariant($"evaluation over 20 episodes: greedy PPO {greedy:F2}, random {random:F2}"));

// 4. Save the actor (safetensors: PyTorch reads it too) and load it into a plain MLP of the same shape.
var actor = ((MlpActorCritic)ppo.Model).Actor;
string path = Path.Combine(outDir, "policy.safetensors");
int[] sizes = [1, .. options.Hidden, 3];
Checkpoint.SaveModule(path, actor, new Dictionary<string, string>
{
    ["sizes"] = string.Join(',', sizes),
    ["activation"] = "tanh",
    ["env"] = "GoalLine-v0",
});
var loaded = Mlp.Create(sizes, Activation.Tanh, new Rng(99));
var metadata = Checkpoint.LoadModule(path, loaded);
int agree = 0, probes = 0;
var expected = new float[1];
for (double x = -1; x <= 1.0001; x += 0.05, probes++)
{
    float[] obs = [(float)x];
    ppo.ActGreedy(obs, expected);
    var logits = loaded.Forward(Tensor.FromArray(obs, 1, 1)).ToFloatArray();
    if (Array.IndexOf(logits, logits.Max()) == (int)expected[0]) { agree++; }
}
Console.WriteLine($"saved {path} ({metadata["env"]}, sizes {metadata["sizes"]}); the loaded MLP acts as the trained policy on {agree}/{probes} observations");
double loadedReturn = Evaluate((o, a) =>
{
    var logits = loaded.Forward(Tensor.FromArray(o, 1, 1)).ToFloatArray();
    a[0] = Array.IndexOf(logits, logits.Max());
}, 20, seed: 1000);
Console.WriteLine(FormattableString.Invariant($"loaded policy over the same 20 episodes: {loadedReturn:F2}"));
return greedy > random && agree == probes && loadedReturn == greedy ? 0 : 1;
