using MetaRL.Learning.Deploy;
using MetaRL.Random;
using MetaRL.Tests.TestSupport;
using Microsoft.ML.OnnxRuntime;
using Xunit.Abstractions;

namespace MetaRL.Tests.Deploy;

/// <summary>
/// The same check as <see cref="OnnxExportTests"/> on policies trained well past their initial weights (the sample
/// configs, shortened): larger weights and values (CartPole's critic reaches tens) must still match ONNX Runtime within 1e-5
/// on 1,000 random inputs. The figures go to the test log (bench figures for docs/deploy.md).
/// </summary>
[Trait("Category", "Slow")]
public sealed class TrainedExportTests(ITestOutputHelper log) : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "metarl-onnx-trained-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root)) { Directory.Delete(_root, recursive: true); }
    }

    public static TheoryData<string, string[]> Runs() => new()
    {
        { "ppo-cartpole", ["train", RepoPaths.Of("samples", "configs", "ppo-cartpole.yaml"), "--set", "total_steps=100000"] },
        { "ppo-pendulum", ["train", RepoPaths.Of("samples", "configs", "ppo-pendulum.yaml"), "--set", "total_steps=100000", "--set", "norm_obs=true"] },
        { "dqn-cartpole", ["train", RepoPaths.Of("samples", "configs", "dqn-cartpole.yaml"), "--set", "total_steps=50000"] },
        { "rppo-cartpole", ["train", "--algo", "recurrent_ppo", "--env", "CartPole-v1", "--set", "total_steps=50000"] },
        { "maml-pointnav", ["meta-train", RepoPaths.Of("samples", "configs", "meta-maml-pointnav.yaml"), "--set", "iterations=20", "--set", "pretrain_iterations=0"] },
        { "rl2-bandit", ["meta-train", RepoPaths.Of("samples", "configs", "meta-rl2-bandit.yaml"), "--set", "iterations=40"] },
    };

    [Theory]
    [MemberData(nameof(Runs))]
    public void Trained_policy_matches_onnx_runtime_within_1e_5(string name, string[] command)
    {
        string dir = Path.Combine(_root, name);
        var train = CliRun.Run([.. command, "--out", dir, "--quiet"]);
        Assert.True(train.Code == 0, train.Err);
        var policy = PolicyExport.Load(dir);
        string file = Path.Combine(_root, name + ".onnx");
        PolicyExport.WriteOnnx(policy, file);
        var graph = policy.Graph();
        using var session = new InferenceSession(file);
        var inputs = OnnxExportTests.RandomInputs(graph, new Rng(5));
        var engine = policy.Forward(inputs, 1000);
        var runtime = OnnxExportTests.RunOnnx(session, graph, inputs);
        foreach (var output in graph.Outputs)
        {
            double diff = OnnxExportTests.MaxAbsDiff(engine[output.Name], runtime[output.Name]);
            double scale = engine[output.Name].Max(v => Math.Abs(v));
            log.WriteLine($"{name} {output.Name}: max |engine − onnxruntime| = {diff:E2} (largest |output| {scale:F2})");
            Assert.True(diff <= 1e-5, $"{output.Name}: max abs diff {diff:E3} > 1e-5");
        }
    }
}
