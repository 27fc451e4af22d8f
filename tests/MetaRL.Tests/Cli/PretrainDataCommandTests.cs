using System.Diagnostics;
using System.Globalization;
using MetaRL.Cli;
using MetaRL.Cli.Commands.Tune;
using MetaRL.Learning.Decision;
using MetaRL.Tracking;

namespace MetaRL.Tests.Cli;

public sealed class PretrainDataCommandTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("metarl-pretrain-data-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        int code = CliApp.Run(args, o, e);
        return (code, o.ToString(), e.ToString());
    }

    [Fact]
    public void Pretrain_data_writes_a_dataset_that_check_and_the_reader_accept()
    {
        string dir = Path.Combine(_root, "bandit");
        var (code, output, err) = Run("pretrain-data", "--env", "Bandit-v0", "--set", "arms=3", "--set", "context=12", "--tasks", "40", "--source", "dpt", "--seed", "5", "--out", dir);
        Assert.True(code == 0, err);
        Assert.Contains("Wrote 40 rows, 480 transitions in 1 file(s)", output, StringComparison.Ordinal);
        var m = DecisionDataset.Open(dir).Manifest;
        Assert.Equal(("Bandit-v0", "3", 5L, 40), (m.Family, m.Settings["arms"], m.Seed, m.Tasks));
        var check = Run("pretrain-data", "--check", dir);
        Assert.Equal(0, check.Code);
        Assert.Contains("dpt dataset of Bandit-v0", check.Out, StringComparison.Ordinal);
        Assert.Contains("40 rows, 480 transitions", check.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--env", "Nope-v0", "--tasks", "5", "--source", "dpt")]
    [InlineData("--env", "CartPole-v1", "--tasks", "5", "--source", "dpt")]
    [InlineData("--env", "Bandit-v0", "--tasks", "0", "--source", "dpt")]
    [InlineData("--env", "Bandit-v0", "--tasks", "-3", "--source", "dpt")]
    [InlineData("--env", "Bandit-v0", "--tasks", "5", "--source", "bc")]
    [InlineData("--env", "PointNav2D-v0", "--tasks", "5", "--source", "dpt")]
    [InlineData("--env", "PointNav2D-v0", "--tasks", "5", "--source", "ad")]
    [InlineData("--env", "Bandit-v0", "--tasks", "5", "--source", "ad", "--set", "learner=q_learning")]
    [InlineData("--env", "GridNav-v0", "--tasks", "5", "--source", "dpt", "--set", "rollin=uniform_states")]
    [InlineData("--env", "Bandit-v0", "--tasks", "5", "--source", "dpt", "--set", "contxt=5")]
    [InlineData("--env", "Bandit-v0", "--tasks", "5", "--source", "dpt", "--set", "context=0")]
    [InlineData("--env", "DarkRoom-v0", "--tasks", "5", "--source", "dpt", "--set", "goals=heldout")]
    [InlineData("--env", "TabularMDP-v0", "--tasks", "5", "--source", "dpt", "--set", "states=10000", "--set", "context=100000")]
    [InlineData("--env", "Bandit-v0", "--source", "dpt")]
    [InlineData("--tasks", "5", "--source", "dpt")]
    public void Bad_input_exits_2_with_one_line_and_writes_nothing(params string[] args)
    {
        string dir = Path.Combine(_root, "out");
        var (code, _, err) = Run(["pretrain-data", .. args, "--out", dir]);
        Assert.Equal(2, code);
        Assert.StartsWith("error: ", err, StringComparison.Ordinal);
        Assert.Single(err.Trim().Split('\n'));
        Assert.DoesNotContain("   at ", err, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_root));
    }

    [Fact]
    public void A_malformed_dataset_is_exit_2_naming_the_file_and_an_existing_out_is_refused()
    {
        string dir = Path.Combine(_root, "room");
        Assert.Equal(0, Run("pretrain-data", "--env", "DarkRoom-v0", "--tasks", "20", "--source", "ad", "--set", "episodes=2", "--out", dir).Code);
        var again = Run("pretrain-data", "--env", "DarkRoom-v0", "--tasks", "20", "--source", "ad", "--out", dir);
        Assert.Equal(2, again.Code);
        Assert.Contains("--overwrite", again.Err, StringComparison.Ordinal);

        string file = Path.Combine(dir, "data-00000.arrow");
        File.WriteAllBytes(file, File.ReadAllBytes(file)[..1000]);
        var (code, _, err) = Run("pretrain-data", "--check", dir);
        Assert.Equal(2, code);
        Assert.Contains("data-00000.arrow: not a valid ad dataset file", err, StringComparison.Ordinal);
        Assert.Equal(2, Run("pretrain-data", "--check", Path.Combine(_root, "nowhere")).Code);
    }

    [Theory]
    [InlineData("TERM", 143)]
    [InlineData("KILL", 137)]
    public void A_write_stopped_by_a_signal_leaves_no_dataset_that_loads(string signal, int expected)
    {
        if (!(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS())) { return; }
        string dir = Path.Combine(_root, "big");
        using var child = Process.Start(WorkerLauncher.StartInfo(["pretrain-data", "--env", "Bandit-v0", "--tasks", "50000000", "--source", "dpt", "--set", "rows_per_file=2000", "--out", dir]))!;
        try
        {
            var wait = Stopwatch.StartNew();
            while (wait.Elapsed < TimeSpan.FromSeconds(60) && !child.HasExited && !Directory.EnumerateFiles(_root, "*.arrow", SearchOption.AllDirectories).Any()) { Thread.Sleep(50); }
            Assert.False(child.HasExited, child.HasExited ? child.StandardError.ReadToEnd() : "");
            Assert.NotEmpty(Directory.EnumerateFiles(_root, "*.arrow", SearchOption.AllDirectories)); // files are being written
            using (var kill = Process.Start("kill", ["-" + signal, child.Id.ToString(CultureInfo.InvariantCulture)])!) { kill.WaitForExit(); }
            Assert.True(child.WaitForExit(60_000));
            Assert.Equal(expected, child.ExitCode);
        }
        finally
        {
            if (!child.HasExited) { child.Kill(); child.WaitForExit(); }
        }
        Assert.False(Directory.Exists(dir));
        Assert.Throws<RunFormatException>(() => DecisionDataset.Open(dir));
        foreach (var partial in Directory.GetDirectories(_root))
        {
            Assert.StartsWith(".big.partial-", Path.GetFileName(partial), StringComparison.Ordinal); // only after KILL: no cleanup ran
            Assert.Throws<RunFormatException>(() => DecisionDataset.Open(partial));
        }
        if (signal == "TERM") { Assert.Empty(Directory.EnumerateFileSystemEntries(_root)); }
    }
}
