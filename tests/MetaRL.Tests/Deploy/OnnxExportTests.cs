using MetaRL.Learning;
using MetaRL.Learning.Deploy;
using MetaRL.Random;
using MetaRL.Serialization.Onnx;
using MetaRL.Tests.TestSupport;
using Microsoft.ML.OnnxRuntime;
using Xunit.Abstractions;

namespace MetaRL.Tests.Deploy;

/// <summary>
/// Trained runs of every exported policy kind are written as ONNX by <c>metarl export</c>, loaded in ONNX Runtime and run
/// on 1,000 random inputs (observations, and recurrent state, previous action and reward where the policy takes them);
/// every output must match the engine's own modules within 1e-5 (float32).
/// </summary>
public sealed class OnnxExportTests(ITestOutputHelper log) : IDisposable
{
    private const int Rows = 1000;
    private const double Tolerance = 1e-5;
    private readonly string _root = Path.Combine(Path.GetTempPath(), "metarl-onnx-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root)) { Directory.Delete(_root, recursive: true); }
    }

    /// <summary>The runs exported: a name, the command that trains it, and the kind the exporter must see.</summary>
    public static TheoryData<string, string[], string> Runs() => new()
    {
        { "ppo-cartpole", ["train", "--algo", "ppo", "--env", "CartPole-v1", "--set", "total_steps=2048", "--set", "norm_obs=true"], "mlp_actor_critic" },
        { "ppo-pendulum", ["train", "--algo", "ppo", "--env", "Pendulum-v1", "--set", "total_steps=2048", "--set", "norm_obs=true"], "mlp_actor_critic" },
        { "a2c-cartpole", ["train", "--algo", "a2c", "--env", "CartPole-v1", "--set", "total_steps=1000"], "mlp_actor_critic" },
        { "reinforce-cartpole", ["train", "--algo", "reinforce", "--env", "CartPole-v1", "--set", "total_steps=1000"], "mlp_actor_critic" },
        { "dqn-cartpole", ["train", "--algo", "dqn", "--env", "CartPole-v1", "--set", "total_steps=1000", "--set", "learning_starts=200"], "q_network" },
        { "rppo-cartpole", ["train", "--algo", "recurrent_ppo", "--env", "CartPole-v1", "--set", "total_steps=512"], "gru_actor_critic" },
        { "rppo-pendulum", ["train", "--algo", "recurrent_ppo", "--env", "Pendulum-v1", "--set", "total_steps=512"], "gru_actor_critic" },
        { "maml-pointnav", ["meta-train", "--algo", "maml", "--env", "PointNav2D-v0", "--set", "iterations=2", "--set", "max_steps=8", "--set", "meta_batch_size=2",
            "--set", "episodes_per_task=2", "--set", "hidden=[16,16]", "--set", "pretrain_iterations=0"], "mlp_policy" },
        { "rl2-bandit", ["meta-train", "--algo", "rl2", "--env", "Bandit-v0", "--set", "arms=3", "--set", "pulls=5", "--set", "iterations=2",
            "--set", "trials_per_iteration=8", "--set", "hidden_size=16"], "rl2_gru" },
        { "rl2-bandit-separate-critic-mlp-heads", ["meta-train", "--algo", "rl2", "--env", "Bandit-v0", "--set", "arms=3", "--set", "pulls=5", "--set", "iterations=2",
            "--set", "trials_per_iteration=8", "--set", "hidden_size=16", "--set", "separate_critic=true", "--set", "head_hidden=8"], "rl2_gru" },
        { "rl2-pointnav", ["meta-train", "--algo", "rl2", "--env", "PointNav2D-v0", "--set", "iterations=1", "--set", "trials_per_iteration=4", "--set", "hidden_size=16"], "rl2_gru" },
    };

    private string Train(string name, string[] command)
    {
        string dir = Path.Combine(_root, name);
        var train = CliRun.Run([.. command, "--out", dir, "--quiet"]);
        Assert.True(train.Code == 0, train.Err);
        return dir;
    }

    [Theory]
    [MemberData(nameof(Runs))]
    public void Exported_policy_matches_the_engine_in_onnx_runtime_on_1000_random_inputs(string name, string[] command, string kind)
    {
        string dir = Train(name, command);
        string file = Path.Combine(_root, name + ".onnx");
        var export = CliRun.Run("export", "--run", dir, "--format", "onnx", "-o", file);
        Assert.True(export.Code == 0, export.Err);

        var policy = PolicyExport.Load(dir);
        Assert.Equal(kind, policy.Kind);
        var graph = policy.Graph();
        using var session = new InferenceSession(file);
        Assert.Equal(graph.Inputs.Select(i => i.Name), session.InputNames);
        Assert.Equal(graph.Outputs.Select(o => o.Name), session.OutputNames);
        Assert.All(session.InputMetadata.Values, m => Assert.Equal(-1, m.Dimensions[0])); // the symbolic batch axis

        var inputs = RandomInputs(graph, new Rng(7));
        var engine = policy.Forward(inputs, Rows);
        var runtime = RunOnnx(session, graph, inputs);
        foreach (var output in graph.Outputs)
        {
            double diff = MaxAbsDiff(engine[output.Name], runtime[output.Name]);
            log.WriteLine($"{name} {output.Name}: max |engine − onnxruntime| = {diff:E2} over {engine[output.Name].Length} values");
            Assert.True(diff <= Tolerance, $"{output.Name}: max abs diff {diff:E3} > {Tolerance}");
            if (output.Name != ExportedPolicy.LogStd) { Assert.True(engine[output.Name].Distinct().Count() > 1, $"{output.Name} does not vary with the input"); }
        }
    }

    [Theory]
    [InlineData("rppo-cartpole")]
    [InlineData("rl2-bandit")]
    public void Recurrent_state_carried_through_ten_steps_stays_within_tolerance(string name)
    {
        var (_, command, _) = Runs().Select(r => ((string)r[0], (string[])r[1], (string)r[2])).First(r => r.Item1 == name);
        string dir = Train(name, command);
        var policy = PolicyExport.Load(dir);
        var graph = policy.Graph();
        string file = Path.Combine(_root, name + ".onnx");
        PolicyExport.WriteOnnx(policy, file);
        using var session = new InferenceSession(file);
        var rng = new Rng(11);
        var inputs = RandomInputs(graph, rng);
        var engineState = new float[inputs[ExportedPolicy.StateIn].Length];
        var onnxState = new float[engineState.Length];
        double worst = 0;
        for (int step = 0; step < 10; step++)
        {
            var engine = policy.Forward(new Dictionary<string, float[]>(inputs) { [ExportedPolicy.StateIn] = engineState }, Rows);
            var runtime = RunOnnx(session, graph, new Dictionary<string, float[]>(inputs) { [ExportedPolicy.StateIn] = onnxState });
            foreach (var output in graph.Outputs) { worst = Math.Max(worst, MaxAbsDiff(engine[output.Name], runtime[output.Name])); }
            (engineState, onnxState) = (engine[ExportedPolicy.StateOut], runtime[ExportedPolicy.StateOut]);
            inputs = RandomInputs(graph, rng);
        }
        log.WriteLine($"{name}: worst max abs diff over 10 chained steps = {worst:E2}");
        Assert.True(worst <= Tolerance, $"max abs diff {worst:E3} > {Tolerance}");
        Assert.Contains(engineState, v => v != 0); // the state moved
    }

    [Theory]
    [InlineData(OnnxModel.MinOpset)]
    [InlineData(OnnxModel.MaxOpset)]
    public void Every_opset_the_exporter_offers_loads_and_matches(int opset)
    {
        string dir = Train("rppo", ["train", "--algo", "recurrent_ppo", "--env", "CartPole-v1", "--set", "total_steps=512"]);
        string file = Path.Combine(_root, $"opset{opset}.onnx");
        var export = CliRun.Run("export", "--run", dir, "-o", file, "--opset", opset.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(export.Code == 0, export.Err);
        var policy = PolicyExport.Load(dir);
        using var session = new InferenceSession(file);
        var graph = policy.Graph();
        var inputs = RandomInputs(graph, new Rng(3));
        var engine = policy.Forward(inputs, Rows);
        var runtime = RunOnnx(session, graph, inputs);
        Assert.All(graph.Outputs, o => Assert.True(MaxAbsDiff(engine[o.Name], runtime[o.Name]) <= Tolerance, o.Name));
    }

    /// <summary>Uniform inputs: observations in ±3 (beyond the usual scale, to test the clip of normalised ones), states and
    /// the rest in ±1.</summary>
    internal static Dictionary<string, float[]> RandomInputs(OnnxGraph graph, Rng rng)
    {
        var inputs = new Dictionary<string, float[]>();
        foreach (var input in graph.Inputs)
        {
            int width = (int)input.Shape.Skip(1).Aggregate(1L, (a, d) => a * d.Value);
            double scale = input.Name == ExportedPolicy.Observation ? 3 : 1;
            inputs[input.Name] = [.. Enumerable.Range(0, Rows * width).Select(_ => (float)rng.Uniform(-scale, scale))];
        }
        return inputs;
    }

    internal static Dictionary<string, float[]> RunOnnx(InferenceSession session, OnnxGraph graph, IReadOnlyDictionary<string, float[]> inputs)
    {
        var values = graph.Inputs.Select(i => OrtValue.CreateTensorValueFromMemory(inputs[i.Name], [Rows, inputs[i.Name].Length / Rows])).ToArray();
        try
        {
            using var options = new RunOptions();
            using var results = session.Run(options, [.. graph.Inputs.Select(i => i.Name)], values, [.. graph.Outputs.Select(o => o.Name)]);
            return graph.Outputs.Select((o, k) => (o.Name, results[k].GetTensorDataAsSpan<float>().ToArray())).ToDictionary(p => p.Name, p => p.Item2);
        }
        finally
        {
            foreach (var v in values) { v.Dispose(); }
        }
    }

    internal static double MaxAbsDiff(float[] a, float[] b)
    {
        Assert.Equal(a.Length, b.Length);
        double worst = 0;
        for (int i = 0; i < a.Length; i++) { worst = Math.Max(worst, Math.Abs((double)a[i] - b[i])); }
        return worst;
    }
}
