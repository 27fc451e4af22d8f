using MetaRL.Learning;
using MetaRL.Learning.Meta;
using MetaRL.Serialization;

namespace MetaRL.Tests.Learning.Meta;

public sealed class MetaWarmStartTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "metarl-warm-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root)) { Directory.Delete(_root, true); }
    }

    private string Train(string name, params (string, string)[] extra)
    {
        string dir = Path.Combine(_root, name);
        new MetaTrainer(Rl2Tests.Setup([("iterations", "2"), .. extra]), dir).Run(resume: false);
        return dir;
    }

    private static Dictionary<string, float[]> Weights(string run) =>
        SafeTensors.Load(MetaCheckpoint.ModelPath(new MetaRL.Tracking.RunDirectory(run))!).Tensors.ToDictionary(kv => kv.Key, kv => kv.Value.ToFloatArray());

    [Fact]
    public void Init_from_a_run_loads_every_shared_parameter_and_keeps_a_new_head_as_initialised()
    {
        string source = Train("source");
        var logs = new List<string>();
        string grown = Path.Combine(_root, "grown");
        new MetaTrainer(Rl2Tests.Setup(("iterations", "0"), ("head_hidden", "4"), ("init_from", source)), grown).Run(resume: false, log: logs.Add);
        var before = Weights(source);
        var after = Weights(grown);
        foreach (var (name, values) in before) { Assert.Equal(values, after[name]); }
        Assert.All(after.Where(kv => kv.Key.EndsWith("_mlp.2.weight", StringComparison.Ordinal)), kv => Assert.All(kv.Value, v => Assert.Equal(0f, v)));
        string line = Assert.Single(logs, l => l.StartsWith("initialised from", StringComparison.Ordinal));
        Assert.Contains($"{before.Count} of {after.Count} parameters loaded", line, StringComparison.Ordinal);
        Assert.Contains("kept fresh: actor_mlp.0.weight", line, StringComparison.Ordinal);
        // Without init_from the same settings start elsewhere: the loaded values are not the initialisation.
        string fresh = Path.Combine(_root, "fresh");
        new MetaTrainer(Rl2Tests.Setup(("iterations", "0"), ("head_hidden", "4")), fresh).Run(resume: false);
        Assert.NotEqual(before["gru.weight_hh"], Weights(fresh)["gru.weight_hh"]);
    }

    [Fact]
    public void Resuming_a_warm_started_run_does_not_read_its_source_again()
    {
        string source = Train("source");
        string run = Path.Combine(_root, "run");
        new MetaTrainer(Rl2Tests.Setup(("iterations", "1"), ("init_from", source)), run).Run(resume: false);
        var trained = Weights(run);
        Directory.Delete(source, true);
        Assert.Equal(2, new MetaTrainer(Rl2Tests.Setup(("iterations", "2"), ("init_from", source)), run).Run(resume: true).Iterations);
        Assert.NotEqual(trained["gru.weight_hh"], Weights(run)["gru.weight_hh"]);
    }

    [Fact]
    public void Init_from_errors_name_the_option_and_the_problem()
    {
        string missing = Path.Combine(_root, "nowhere");
        var ex = Assert.Throws<ConfigException>(() => Train("a", ("init_from", missing)));
        Assert.Contains("init_from", ex.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", ex.Message, StringComparison.Ordinal);

        string narrow = Train("narrow", ("hidden_size", "4"));
        ex = Assert.Throws<ConfigException>(() => Train("b", ("init_from", narrow)));
        Assert.Contains("init_from", ex.Message, StringComparison.Ordinal);
        Assert.Contains("shape", ex.Message, StringComparison.Ordinal);

        string junk = Path.Combine(_root, "junk.safetensors");
        File.WriteAllBytes(junk, [1, 2, 3]);
        ex = Assert.Throws<ConfigException>(() => Train("c", ("init_from", junk)));
        Assert.Contains("cannot read", ex.Message, StringComparison.Ordinal);

        string maml = Path.Combine(_root, "maml");
        new MetaTrainer(MetaSetup.Parse([("algo", "maml"), ("env", "PointNav2D-v0"), ("iterations", "0"), ("pretrain_iterations", "0")]), maml).Run(resume: false);
        ex = Assert.Throws<ConfigException>(() => Train("d", ("init_from", maml)));
        Assert.Contains("none of this rl2 learner's parameters", ex.Message, StringComparison.Ordinal);
    }
}
