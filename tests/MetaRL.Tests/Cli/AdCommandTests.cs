using System.Text.Json;
using static MetaRL.Tests.TestSupport.CliRun;

namespace MetaRL.Tests.Cli;

public sealed class AdCommandTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "metarl-adcli-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root)) { Directory.Delete(_root, recursive: true); }
    }

    private static readonly string[] Room = ["--set", "size=3", "--set", "max_steps=6"];

    private static readonly string[] Tiny =
    [
        "--set", "iterations=4", "--set", "context=6", "--set", "n_layer=1", "--set", "n_head=1", "--set", "d_model=8", "--set", "d_ff=16",
        "--set", "val_tasks=4", "--set", "batch_size=4", "--set", "warmup_steps=1",
    ];

    private string Dataset(string source, params string[] set)
    {
        string dir = Path.Combine(_root, "data-" + source);
        var made = Run(["pretrain-data", "--env", "DarkRoom-v0", "--tasks", "12", "--source", source, "--out", dir, .. Room, .. set]);
        Assert.True(made.Code == 0, made.Err + made.Out);
        return dir;
    }

    [Fact]
    public void Ad_pretrains_on_an_ad_dataset_taking_its_family_and_meta_eval_prints_per_episode_rows()
    {
        string data = Dataset("ad", "--set", "episodes=3");
        string dir = Path.Combine(_root, "ad");
        var train = Run(["pretrain", "--algo", "ad", "--data", data, "--out", dir, .. Tiny]);
        Assert.True(train.Code == 0, train.Err + train.Out);
        Assert.Contains("pretrain ad on DarkRoom-v0", train.Out, StringComparison.Ordinal);
        var eval = Run(["meta-eval", "--run", dir, "--tasks", "4", "--json", "--set", "episodes=2"]);
        Assert.True(eval.Code == 0, eval.Err + eval.Out);
        using var doc = JsonDocument.Parse(eval.Out);
        var episodes = doc.RootElement.GetProperty("rows").EnumerateArray()
            .Where(r => r.TryGetProperty("kind", out var k) && k.GetString() == "episode").ToList();
        Assert.Equal(["ad", "random", "oracle", "q_learning", "ppo"], episodes.Select(r => r.GetProperty("method").GetString()!).Distinct());
        Assert.All(episodes, r => Assert.InRange(r.GetProperty("steps").GetInt32(), 1, 2));
    }

    [Theory]
    [InlineData("ad", "dpt", "is a dpt dataset; ad pretrains on ad datasets")]
    [InlineData("dpt", "ad", "is an ad dataset; dpt pretrains on dpt datasets")]
    public void A_run_given_the_other_sources_dataset_is_one_line_and_exit_code_2(string algo, string source, string message)
    {
        string data = Dataset(source);
        string dir = Path.Combine(_root, "bad");
        var result = Run(["pretrain", "--algo", algo, "--data", data, "--out", dir, .. Tiny]);
        Assert.True(result.Code == 2, $"exit {result.Code}, {result.Err}{result.Out}");
        Assert.Contains(message, result.Err, StringComparison.Ordinal);
        Assert.Single(result.Err.Trim().Split('\n'));
        Assert.False(Directory.Exists(dir), "nothing is written for a run that cannot start");
    }

    [Fact]
    public void An_ad_window_longer_than_the_histories_is_exit_code_2()
    {
        string data = Dataset("ad", "--set", "episodes=1");
        var result = Run(["pretrain", "--algo", "ad", "--data", data, "--out", Path.Combine(_root, "long"), .. Tiny, "--set", "context=50"]);
        Assert.True(result.Code == 2, $"exit {result.Code}, {result.Err}{result.Out}");
        Assert.Contains("a window of context 50 does not fit", result.Err, StringComparison.Ordinal);
    }
}
