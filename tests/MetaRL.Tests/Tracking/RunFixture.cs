using System.Globalization;
using System.Text;
using MetaRL.Random;
using MetaRL.Tracking;
using MetaRL.Tracking.TensorBoard;

namespace MetaRL.Tests.Tracking;

/// <summary>
/// Writes synthetic run directories in the documented layout (docs/run-directory.md) through the real sinks,
/// so reports and readers are tested on what training loops will leave behind.
/// </summary>
internal static class RunFixture
{
    public const int UpdateEvery = 2048;

    /// <summary>A run whose return rises towards <paramref name="ceiling"/> over <paramref name="totalSteps"/> steps, with seeded noise.</summary>
    public static string Write(string root, string name, string algo, string env, int seed, double learningRate, long totalSteps,
        double ceiling = 500, string status = "completed", string extraYaml = "", bool eventFile = true)
    {
        string dir = Path.Combine(root, name);
        Directory.CreateDirectory(dir);
        var c = CultureInfo.InvariantCulture;
        File.WriteAllText(Path.Combine(dir, "config.yaml"),
            $"algo: {algo}\nenv: {env}\nseed: {seed}\ntotal_steps: {totalSteps}\nlearning_rate: {learningRate.ToString(c)}\nnum_envs: 4\ngamma: 0.99\nnetwork:\n  hidden: [64, 64]\n  activation: tanh\n{extraYaml}");
        var rng = new Rng(seed);
        IScalarSink sink = eventFile
            ? new CompositeSink(new JsonlScalarSink(dir), new TensorBoardWriter(dir, 1_700_000_000 + seed, "fixture"))
            : new JsonlScalarSink(dir);
        long step = 0;
        int episodes = 0;
        double wall = 0;
        var finals = new List<double>();
        using (sink)
        {
            long nextUpdate = UpdateEvery;
            while (step < totalSteps)
            {
                double progress = 1 - Math.Exp(-4.0 * step / totalSteps);
                double ret = Math.Max(5, ceiling * progress * (1 + 0.05 * learningRate * 1e3) / 1.05 + rng.Normal(0, ceiling * 0.06));
                step += Math.Max(10, (long)(ret * 12));
                wall += 0.01;
                episodes++;
                sink.Add("episode/return", step, ret, wall);
                sink.Add("episode/length", step, ret * 12, wall);
                finals.Add(ret);
                while (step >= nextUpdate)
                {
                    sink.Add("loss/policy", nextUpdate, -0.02 * Math.Exp(-(double)nextUpdate / totalSteps) + rng.Normal(0, 0.002), wall);
                    nextUpdate += UpdateEvery;
                }
            }
        }
        double finalMean = finals.TakeLast(10).Average();
        File.WriteAllText(Path.Combine(dir, "summary.json"), string.Create(c,
            $"{{\"algo\":\"{algo}\",\"env\":\"{env}\",\"seed\":{seed},\"status\":\"{status}\",\"total_steps\":{step},\"wall_seconds\":{wall},\"episodes\":{episodes},\"final_return_mean\":{finalMean},\"steps_per_second\":{step / wall}}}"));
        return dir;
    }

    /// <summary>Adds meta_eval.json: methods improving (or not) with adaptation steps 0..<paramref name="maxSteps"/>.</summary>
    public static void WriteMetaEval(string dir, int seed, int maxSteps = 3)
    {
        var rng = new Rng(seed + 100);
        var rows = new StringBuilder("{\"rows\":[");
        var methods = new (string Name, double Start, double Gain)[] { ("maml", -40, 9), ("pretrained", -42, 3), ("random init", -60, 1.5) };
        bool first = true;
        foreach (var (name, start, gain) in methods)
        {
            for (int k = 0; k <= maxSteps; k++)
            {
                double mean = start + gain * k * (1 - 0.1 * k) + rng.Normal(0, 0.5);
                rows.Append(first ? "" : ",").Append(string.Create(CultureInfo.InvariantCulture,
                    $"{{\"method\":\"{name}\",\"steps\":{k},\"mean\":{mean},\"ci95\":{2.0 + 0.2 * k},\"n\":40}}"));
                first = false;
            }
        }
        File.WriteAllText(Path.Combine(dir, "meta_eval.json"), rows.Append("]}").ToString());
    }

    /// <summary>Two PPO configurations (learning rates) × three seeds, plus a MAML run over two seeds with meta_eval.json.</summary>
    public static string WriteStudy(string root)
    {
        foreach (int seed in new[] { 1, 2, 3 })
        {
            Write(root, $"ppo-lr3e-4-s{seed}", "ppo", "CartPole-v1", seed, 3e-4, 60_000);
            Write(root, $"ppo-lr1e-3-s{seed}", "ppo", "CartPole-v1", seed, 1e-3, 60_000, ceiling: 420);
        }
        foreach (int seed in new[] { 1, 2 })
        {
            string dir = Write(root, $"maml-s{seed}", "maml", "HalfCheetahVel-lite", seed, 1e-3, 30_000, ceiling: 60, extraYaml: "inner_lr: 0.1\nmeta_batch_size: 20\n");
            WriteMetaEval(dir, seed);
        }
        return root;
    }
}
