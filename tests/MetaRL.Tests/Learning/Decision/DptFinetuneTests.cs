using MetaRL.Learning;
using MetaRL.Learning.Decision;
using MetaRL.Learning.Meta;
using MetaRL.Nn;
using MetaRL.Random;
using MetaRL.Tensors;
using MetaRL.Tracking;

namespace MetaRL.Tests.Learning.Decision;

public sealed class DptFinetuneTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "metarl-dpt-finetune-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root)) { Directory.Delete(_root, recursive: true); }
    }

    private RunDirectory Base() => DptTestRuns.Pretrain(_root, "base", DptTestRuns.TwoArms(20)).Run;

    private static (string, string)[] Lora(RunDirectory from, int rank, params (string, string)[] more) =>
        DptTestRuns.TwoArms(10, [("init_from", from.Root), ("lora_rank", rank.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("warmup_steps", "2"), .. more]);

    [Fact]
    public void Lora_trains_only_the_adapters_and_merged_and_unmerged_models_act_alike()
    {
        var from = Base();
        var (setup, run, result) = DptTestRuns.Pretrain(_root, "lora", Lora(from, 2, ("lora_merge", "true"), ("learning_rate", "0.03")));
        Assert.Equal(RunSummary.Completed, result.Summary.Status);

        var baseWeights = CheckpointStore.ReadFile(MetaRun.Load(from.Root).ModelPath);
        var tuned = CheckpointStore.ReadFile(MetaRun.Load(run.Root).ModelPath);
        foreach (var (name, value) in baseWeights)
        {
            Assert.Equal(value.ToFloatArray(), tuned[name].ToFloatArray()); // frozen: bit for bit
        }
        var adapters = CheckpointStore.ReadFile(run.File(DptFinetune.AdaptersFile));
        Assert.NotEmpty(adapters);
        Assert.All(adapters.Keys, k => Assert.Contains(LowRank.Marker, k, StringComparison.Ordinal));
        Assert.Equal(adapters.Keys.Order(StringComparer.Ordinal), tuned.Keys.Where(k => !baseWeights.ContainsKey(k)).Order(StringComparer.Ordinal));
        Assert.Contains(adapters, kv => kv.Key.EndsWith(".lora.b", StringComparison.Ordinal) && kv.Value.ToFloatArray().Any(v => v != 0));

        var unmerged = DptAlgorithm.LoadModel(MetaRun.Load(run.Root));
        var plain = DptAlgorithm.CreateModel(MetaSetup.Parse(DptTestRuns.TwoArms(20)));
        plain.LoadStateDict(CheckpointStore.ReadFile(run.File(DptFinetune.MergedFile)));
        var original = DptAlgorithm.LoadModel(MetaRun.Load(from.Root));
        var tokens = Tensor.RandU([16, 11, unmerged.Layout.Width], new Rng(5));
        using var _ = MetaRL.Autograd.Autograd.NoGrad();
        var (a, b, c) = (unmerged.Forward(tokens), plain.Forward(tokens), original.Forward(tokens));
        Assert.True(MaxAbsDiff(a, b) < 1e-4, $"merged and unmerged logits differ by {MaxAbsDiff(a, b)}");
        Assert.Equal(ArgMax(a), ArgMax(b));
        Assert.True(MaxAbsDiff(a, c) > 1e-3, "the adapters must have changed the model");
    }

    [Fact]
    public void Full_fine_tuning_starts_from_the_base_weights_and_trains_every_weight()
    {
        var from = Base();
        var (_, run, result) = DptTestRuns.Pretrain(_root, "full", Lora(from, 0, ("iterations", "1"), ("warmup_steps", "0"), ("learning_rate", "1e-5"), ("min_learning_rate", "1e-6")));
        Assert.Equal(RunSummary.Completed, result.Summary.Status);
        Assert.False(File.Exists(run.File(DptFinetune.AdaptersFile)));
        var baseWeights = CheckpointStore.ReadFile(MetaRun.Load(from.Root).ModelPath);
        var tuned = CheckpointStore.ReadFile(MetaRun.Load(run.Root).ModelPath);
        Assert.Equal(baseWeights.Keys.Order(StringComparer.Ordinal), tuned.Keys.Order(StringComparer.Ordinal));
        double moved = baseWeights.Max(kv => MaxAbsDiff(kv.Value, tuned[kv.Key]));
        Assert.InRange(moved, 1e-9, 1e-3); // one tiny step away from the base, not a fresh draw
    }

    [Fact]
    public void A_base_of_another_shape_or_bad_lora_settings_are_clear_errors()
    {
        var from = Base();
        var wider = Assert.Throws<ConfigException>(() => DptTestRuns.Pretrain(_root, "wider", Lora(from, 2, ("d_model", "32"))));
        Assert.Contains("init_from", wider.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_root, "wider")), "nothing may be written for a refused base");
        Assert.Contains("init_from", Assert.Throws<ConfigException>(() => DptAlgorithm.CreateModel(MetaSetup.Parse(DptTestRuns.TwoArms(5, ("lora_rank", "2"))))).Message, StringComparison.Ordinal);
        Assert.Contains("unknown layer 'ffn'", Assert.Throws<ConfigException>(() => MetaSetup.Parse(Lora(from, 2, ("lora_targets", "attn,ffn")))).Message, StringComparison.Ordinal);
        Assert.Contains("lora_rank", Assert.Throws<ConfigException>(() => MetaSetup.Parse(Lora(from, -1))).Message, StringComparison.Ordinal);
    }

    private static double MaxAbsDiff(Tensor a, Tensor b)
    {
        double m = 0;
        for (int i = 0; i < a.Numel; i++) { m = Math.Max(m, Math.Abs(a[i] - b[i])); }
        return m;
    }

    private static int[] ArgMax(Tensor logits)
    {
        int actions = logits.Dim(-1), rows = logits.Numel / actions;
        var result = new int[rows];
        for (int r = 0; r < rows; r++)
        {
            for (int k = 1; k < actions; k++) { if (logits[r * actions + k] > logits[r * actions + result[r]]) { result[r] = k; } }
        }
        return result;
    }
}
