
namespace MetaRL.Tests.Cli;

public sealed class FinetuneCommandTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "metarl-finetune-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root)) { Directory.Delete(_root, recursive: true); }
    }

    private static (int Code, string Out, string Err) Run(params string[] args) => TestSupport.CliRun.Run(args);

    private static readonly string[] Tiny =
    [
        "--set", "env=Bandit-v0", "--set", "arms=3", "--set", "pulls=8", "--set", "context=8", "--set", "n_layer=1", "--set", "n_head=1",
        "--set", "d_model=8", "--set", "d_ff=16", "--set", "data_tasks=80", "--set", "val_tasks=16", "--set", "batch_size=8",
        "--set", "warmup_steps=2", "--set", "checkpoint_every=5", "--set", "iterations=6",
    ];

    [Fact]
    public void Finetune_with_lora_writes_the_adapters_and_the_merged_model_and_meta_eval_reads_it()
    {
        string baseRun = Path.Combine(_root, "base"), tuned = Path.Combine(_root, "lora");
        var pre = Run(["pretrain", "--algo", "dpt", "--out", baseRun, .. Tiny]);
        Assert.True(pre.Code == 0, pre.Err + pre.Out);
        var fine = Run("finetune", "--run", baseRun, "--out", tuned, "--lora-rank", "2", "--merge", "--set", "iterations=4", "--set", "pulls=12");
        Assert.True(fine.Code == 0, fine.Err + fine.Out);
        Assert.Matches(@"training [0-9,]+ of [0-9,]+ parameters \([0-9.]+%\)", fine.Out);
        Assert.Contains("Done: 4 iterations", fine.Out, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(tuned, "adapters.safetensors")));
        Assert.True(File.Exists(Path.Combine(tuned, "merged.safetensors")));
        string config = File.ReadAllText(Path.Combine(tuned, "config.yaml"));
        Assert.Contains("lora_rank: 2", config, StringComparison.Ordinal);
        Assert.Contains("pulls: 12", config, StringComparison.Ordinal);
        var eval = Run("meta-eval", "--run", tuned, "--tasks", "4");
        Assert.True(eval.Code == 0, eval.Err);
        Assert.Matches("(?m)^dpt +[0-9]", eval.Out);
    }

    [Fact]
    public void A_missing_base_run_or_unknown_lora_layer_exits_2_and_writes_nothing()
    {
        var missing = Run("finetune", "--run", Path.Combine(_root, "nothing"), "--out", Path.Combine(_root, "out"));
        Assert.Equal(2, missing.Code);
        Assert.Contains("holds no run", missing.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", missing.Err, StringComparison.Ordinal);

        string baseRun = Path.Combine(_root, "base");
        Assert.Equal(0, Run(["pretrain", "--algo", "dpt", "--out", baseRun, .. Tiny]).Code);
        var bad = Run("finetune", "--run", baseRun, "--out", Path.Combine(_root, "out"), "--lora-targets", "attn,ffn");
        Assert.Equal(2, bad.Code);
        Assert.Contains("unknown layer 'ffn'", bad.Err, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_root, "out")));
    }

    [Fact]
    public void Meta_eval_on_a_shifted_family_takes_family_keys_only_and_leaves_meta_eval_json_alone()
    {
        string baseRun = Path.Combine(_root, "base");
        Assert.Equal(0, Run(["pretrain", "--algo", "dpt", "--out", baseRun, .. Tiny]).Code);
        var shifted = Run("meta-eval", "--run", baseRun, "--tasks", "4", "--set", "mean_high=0.2", "--json");
        Assert.True(shifted.Code == 0, shifted.Err);
        Assert.Contains("left as it was", shifted.Err, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(baseRun, "meta_eval.json")));
        var plain = Run("meta-eval", "--run", baseRun, "--tasks", "4", "--json");
        Assert.NotEqual(shifted.Out, plain.Out);
        Assert.True(File.Exists(Path.Combine(baseRun, "meta_eval.json")));
        var wrong = Run("meta-eval", "--run", baseRun, "--tasks", "4", "--set", "d_model=16");
        Assert.Equal(2, wrong.Code);
        Assert.Contains("family keys", wrong.Err, StringComparison.Ordinal);
    }
}
