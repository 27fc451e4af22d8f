using System.Text.Json;
using MetaRL.Learning.Deploy;
using MetaRL.Serialization;
using MetaRL.Tests.TestSupport;

namespace MetaRL.Tests.Deploy;

/// <summary><c>metarl export</c>'s safetensors output, and its bad input: one clear line, exit code 2, nothing written.</summary>
public sealed class ExportCommandTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "metarl-export-" + Guid.NewGuid().ToString("N"));

    public ExportCommandTests() => Directory.CreateDirectory(_root);

    public void Dispose()
    {
        if (Directory.Exists(_root)) { Directory.Delete(_root, recursive: true); }
    }

    private string TrainPpo(params string[] extra)
    {
        string dir = Path.Combine(_root, "ppo");
        var train = CliRun.Run(["train", "--algo", "ppo", "--env", "Pendulum-v1", "--set", "total_steps=2048", "--set", "norm_obs=true", "--out", dir, "--quiet", .. extra]);
        Assert.True(train.Code == 0, train.Err);
        return dir;
    }

    [Fact]
    public void Safetensors_export_holds_the_checkpoint_weights_and_a_config_that_describes_them()
    {
        string run = TrainPpo();
        string folder = Path.Combine(_root, "out");
        var export = CliRun.Run("export", "--run", run, "--format", "safetensors", "-o", folder);
        Assert.True(export.Code == 0, export.Err);

        var policy = PolicyExport.Load(run);
        var weights = SafeTensors.Load(Path.Combine(folder, PolicyExport.WeightsFile)).Tensors;
        foreach (var (name, value) in policy.Module.StateDict())
        {
            Assert.True(weights.ContainsKey(name), name);
            Assert.Equal(value.F32.ToArray(), weights[name].F32.ToArray());
        }
        Assert.True(weights.ContainsKey("obs_norm.mean") && weights.ContainsKey("obs_norm.var"));

        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, PolicyExport.ConfigFile)));
        var root = config.RootElement;
        Assert.Equal("mlp_actor_critic", root.GetProperty("kind").GetString());
        Assert.Equal("ppo", root.GetProperty("algo").GetString());
        Assert.Equal("box", root.GetProperty("action_space").GetProperty("type").GetString());
        var actor = root.GetProperty("architecture").GetProperty("actor");
        Assert.Equal([3, 64, 64, 1], actor.GetProperty("sizes").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal("tanh", actor.GetProperty("activation").GetString());
        Assert.Equal("gaussian", root.GetProperty("architecture").GetProperty("head").GetProperty("type").GetString());
        Assert.Equal(10.0, root.GetProperty("architecture").GetProperty("observation_normalization").GetProperty("clip").GetDouble());
        Assert.Equal(["mean", "log_std", "value"], root.GetProperty("onnx_outputs").EnumerateArray().Select(o => o.GetProperty("name").GetString()));
    }

    [Fact]
    public void A_folder_without_a_run_is_refused()
    {
        string file = Path.Combine(_root, "p.onnx");
        var r = CliRun.Run("export", "--run", Path.Combine(_root, "nothing"), "-o", file);
        Assert.Equal(2, r.Code);
        Assert.StartsWith("error: ", r.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", r.Err, StringComparison.Ordinal);
        Assert.False(File.Exists(file));
    }

    [Fact]
    public void A_run_whose_model_is_not_a_policy_network_is_refused()
    {
        string dir = Path.Combine(_root, "q");
        Assert.Equal(0, CliRun.Run("train", "--algo", "q_learning", "--env", "GridNav-v0", "--set", "total_steps=200", "--out", dir, "--quiet").Code);
        string file = Path.Combine(_root, "q.onnx");
        var r = CliRun.Run("export", "--run", dir, "-o", file);
        Assert.Equal(2, r.Code);
        Assert.Contains("not a policy network the exporter takes", r.Err, StringComparison.Ordinal);
        Assert.False(File.Exists(file));
        Assert.Empty(Directory.GetFiles(_root, "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public void An_unknown_format_and_an_opset_out_of_range_are_refused()
    {
        string run = TrainPpo();
        string file = Path.Combine(_root, "p.onnx");
        var format = CliRun.Run("export", "--run", run, "--format", "tflite", "-o", file);
        Assert.Equal(2, format.Code);
        Assert.Contains("unknown export format 'tflite'; known: onnx, safetensors", format.Err, StringComparison.Ordinal);
        var opset = CliRun.Run("export", "--run", run, "-o", file, "--opset", "9");
        Assert.Equal(2, opset.Code);
        Assert.Contains("--opset 9", opset.Err, StringComparison.Ordinal);
        Assert.False(File.Exists(file));
    }

    [Fact]
    public void An_output_that_cannot_be_written_is_refused_and_nothing_is_left_behind()
    {
        string run = TrainPpo();
        string blocker = Path.Combine(_root, "a-file");
        File.WriteAllText(blocker, "x");
        // A file where a folder must be, a folder where the model file must be, and a device.
        foreach (var (format, output) in new[] { ("onnx", Path.Combine(blocker, "p.onnx")), ("onnx", _root), ("safetensors", blocker), ("onnx", "/dev/null") })
        {
            var r = CliRun.Run("export", "--run", run, "--format", format, "-o", output);
            Assert.True(r.Code == 2, $"{format} -o {output}: {r.Err}");
            Assert.StartsWith("error: --output", r.Err, StringComparison.Ordinal);
        }
        Assert.Equal("x", File.ReadAllText(blocker));
        Assert.Empty(Directory.GetFiles(_root, "*.tmp", SearchOption.AllDirectories));
        Assert.Empty(Directory.GetFiles(_root, "*.onnx", SearchOption.AllDirectories));
    }

    [Fact]
    public void The_onnx_export_prints_the_inputs_and_outputs_and_overwrites_atomically()
    {
        string run = TrainPpo();
        string file = Path.Combine(_root, "p.onnx");
        File.WriteAllText(file, "old");
        var r = CliRun.Run("export", "--run", run, "-o", file);
        Assert.True(r.Code == 0, r.Err);
        Assert.Contains("inputs:  observation [batch, 3]", r.Out, StringComparison.Ordinal);
        Assert.Contains("outputs: mean [batch, 1], log_std [batch, 1], value [batch]", r.Out, StringComparison.Ordinal);
        Assert.NotEqual("old", File.ReadAllText(file));
        Assert.Single(Directory.GetFiles(_root, "p.onnx*"));
    }
}
