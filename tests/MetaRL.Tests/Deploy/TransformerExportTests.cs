using MetaRL.Tensors;
using MetaRL.Learning;
using MetaRL.Nn;
using MetaRL.Learning.Deploy;
using MetaRL.Random;
using MetaRL.Serialization.Onnx;
using MetaRL.Tests.Cli.UserErrors;
using MetaRL.Tests.TestSupport;
using Microsoft.ML.OnnxRuntime;

namespace MetaRL.Tests.Deploy;

/// <summary>A pretrained decision transformer exported to ONNX matches the engine in ONNX Runtime within 1e-5 at every
/// context length; the GELU the transformer blocks may use matches <see cref="Ops.Gelu"/>.</summary>
public sealed class TransformerExportTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "metarl-onnx-transformer-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root)) { Directory.Delete(_root, recursive: true); }
    }

    private static readonly string[] TinyDpt =
    [
        "pretrain", "--algo", "dpt", "--set", "env=Bandit-v0", "--set", "arms=3", "--set", "pulls=8", "--set", "context=8", "--set", "n_layer=2",
        "--set", "n_head=2", "--set", "d_model=16", "--set", "d_ff=32", "--set", "data_tasks=80", "--set", "val_tasks=16", "--set", "batch_size=8",
        "--set", "warmup_steps=2", "--set", "iterations=20",
    ];

    [Fact]
    public void A_decision_transformer_matches_onnx_runtime_within_1e_5_at_every_context_length()
    {
        string dir = Path.Combine(_root, "dpt");
        var pre = CliRun.Run([.. TinyDpt, "--out", dir, "--quiet"]);
        Assert.True(pre.Code == 0, pre.Err);
        var policy = Assert.IsType<DecisionTransformerExport>(PolicyExport.Load(dir));
        string file = Path.Combine(_root, "dpt.onnx");
        PolicyExport.WriteOnnx(policy, file);
        using var session = new InferenceSession(file);
        var rng = new Rng(3);
        int features = policy.ObservationSpace.Size, batch = 200;
        foreach (int steps in new[] { 1, 5, 9 }) // 9: the query and a full context of 8
        {
            var tokens = Enumerable.Range(0, batch * steps * features).Select(_ => (float)rng.Uniform(-1, 1)).ToArray();
            var engine = policy.Forward(new Dictionary<string, float[]> { [DecisionTransformerExport.Tokens] = tokens }, batch)[ExportedPolicy.Logits];
            using var input = OrtValue.CreateTensorValueFromMemory(tokens, [batch, steps, features]);
            using var options = new RunOptions();
            using var results = session.Run(options, [DecisionTransformerExport.Tokens], [input], [ExportedPolicy.Logits]);
            var runtime = results[0].GetTensorDataAsSpan<float>().ToArray();
            Assert.Equal(batch * steps * 3, runtime.Length);
            Assert.True(OnnxExportTests.MaxAbsDiff(engine, runtime) <= 1e-5, $"steps {steps}: max abs diff {OnnxExportTests.MaxAbsDiff(engine, runtime):E3}");
        }
        CliCall.Run("export", "--run", dir, "--format", "onnx", "-o", Path.Combine(_root, "old.onnx"), "--opset", "16").IsUserError("opset 17");
        Assert.Equal(0, CliRun.Run("export", "--run", dir, "--format", "onnx", "-o", Path.Combine(_root, "cli.onnx")).Code);
    }

    [Fact]
    public void The_exported_gelu_matches_the_engines_exact_gelu()
    {
        var g = new OnnxGraph("gelu");
        string x = g.Input("x", [OnnxDim.Batch, 4]);
        g.Node("Identity", [PolicyGraph.Activate(g, x, Activation.Gelu)], ["y"]);
        g.Output("y", [OnnxDim.Batch, 4]);
        string file = Path.Combine(_root, "gelu.onnx");
        Directory.CreateDirectory(_root);
        File.WriteAllBytes(file, new OnnxModel(g, OnnxModel.DefaultOpset, "test", "0", "", new Dictionary<string, string>()).ToBytes());
        var rng = new Rng(1);
        var data = Enumerable.Range(0, 400).Select(_ => (float)rng.Uniform(-5, 5)).ToArray();
        using var session = new InferenceSession(file);
        using var input = OrtValue.CreateTensorValueFromMemory(data, [100, 4]);
        using var options = new RunOptions();
        using var results = session.Run(options, ["x"], [input], ["y"]);
        var engine = Ops.Gelu(Tensor.FromArray(data, 100, 4)).F32.ToArray();
        Assert.True(OnnxExportTests.MaxAbsDiff(engine, results[0].GetTensorDataAsSpan<float>().ToArray()) <= 1e-6);
    }
}
