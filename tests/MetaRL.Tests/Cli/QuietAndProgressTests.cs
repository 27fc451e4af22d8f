using MetaRL.Cli;
using MetaRL.Learning;

namespace MetaRL.Tests.Cli;

/// <summary>--quiet prints one line; long silent phases report progress (<see cref="ThrottledLog"/>).</summary>
public sealed class QuietAndProgressTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("metarl-quiet-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static (int Code, string[] Out, string Err) Run(params string[] args)
    {
        var (o, e) = (new StringWriter(), new StringWriter());
        int code = CliApp.Run(args, o, e);
        return (code, o.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries), e.ToString());
    }

    [Fact]
    public void Train_quiet_prints_only_the_final_line()
    {
        var r = Run("train", "--algo", "ppo", "--env", "CartPole-v1", "--set", "total_steps=1024", "--set", "num_steps=128", "--out", Path.Combine(_root, "t"), "--quiet");
        Assert.Equal(0, r.Code);
        Assert.StartsWith("Done:", Assert.Single(r.Out), StringComparison.Ordinal);
    }

    [Fact]
    public void Meta_train_quiet_prints_only_the_final_line_and_its_phase_notices_go_to_stderr()
    {
        string dir = Path.Combine(_root, "m");
        var r = Run("meta-train", "--algo", "maml", "--env", "PointNav2D-v0", "--set", "iterations=1", "--set", "meta_batch_size=2",
            "--set", "episodes_per_task=2", "--set", "pretrain_iterations=2", "--out", dir, "--quiet");
        Assert.True(r.Code == 0, r.Err);
        Assert.Equal($"done: {dir}", Assert.Single(r.Out));
        Assert.Contains("pretrained baseline", r.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Meta_train_reports_the_pretrained_baseline_phase_as_it_goes()
    {
        string dir = Path.Combine(_root, "p");
        var r = Run("meta-train", "--algo", "maml", "--env", "PointNav2D-v0", "--set", "iterations=1", "--set", "meta_batch_size=2",
            "--set", "episodes_per_task=2", "--set", "pretrain_iterations=3", "--out", dir);
        Assert.True(r.Code == 0, r.Err);
        Assert.Contains(r.Out, l => l.Contains("pretrained baseline: iteration 3/3", StringComparison.Ordinal));
    }

    [Fact]
    public void Throttled_log_writes_at_most_one_line_per_interval_and_always_the_last()
    {
        var lines = new List<string>();
        var slow = new ThrottledLog(lines.Add, TimeSpan.FromHours(1));
        for (int i = 0; i < 100; i++) { slow.Report(() => $"step {i}", last: i == 99); }
        Assert.Equal(["step 99"], lines);
        lines.Clear();
        var fast = new ThrottledLog(lines.Add, TimeSpan.Zero);
        for (int i = 0; i < 5; i++) { fast.Report(() => $"step {i}"); }
        Assert.Equal(5, lines.Count);
        new ThrottledLog(null).Report(() => throw new InvalidOperationException("not built without a log"), last: true);
    }
}
