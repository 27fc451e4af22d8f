using MetaRL.Cli;
using MetaRL.Tracking.TensorBoard;

namespace MetaRL.Tests.Tracking;

public sealed class RunsCommandTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("metarl-runs-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        int code = CliApp.Run(args, o, e);
        return (code, o.ToString(), e.ToString());
    }

    [Fact]
    public void List_shows_every_run_with_algo_env_seed_and_status()
    {
        RunFixture.WriteStudy(_root);
        var (code, output, _) = Run("runs", "list", _root);
        Assert.Equal(0, code);
        var lines = output.Trim().Split('\n');
        Assert.Equal(2 + 8, lines.Length);
        Assert.StartsWith("RUN", lines[0], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.StartsWith("maml-s2", StringComparison.Ordinal) && l.Contains("HalfCheetahVel-lite", StringComparison.Ordinal) && l.TrimEnd().EndsWith("completed", StringComparison.Ordinal));
    }

    [Fact]
    public void List_warns_about_an_unreadable_run_and_still_lists_the_rest()
    {
        RunFixture.Write(_root, "good", "ppo", "CartPole-v1", 1, 1e-3, 5_000);
        string bad = RunFixture.Write(_root, "bad", "ppo", "CartPole-v1", 2, 1e-3, 5_000);
        File.WriteAllText(Path.Combine(bad, "config.yaml"), "algo: [unclosed\n");
        var (code, output, error) = Run("runs", "list", _root);
        Assert.Equal(0, code);
        Assert.Contains("unreadable", output, StringComparison.Ordinal);
        Assert.Contains("config.yaml", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Scalars_csv_reads_the_event_file_and_matches_metrics_jsonl()
    {
        string dir = RunFixture.Write(_root, "r", "ppo", "CartPole-v1", 1, 1e-3, 20_000);
        var (code, csv, error) = Run("runs", "scalars", dir, "--tag", "episode/return", "--csv");
        Assert.Equal(0, code);
        Assert.Equal("", error);
        var rows = csv.Trim().Split('\n');
        Assert.Equal("step,value,wall_time", rows[0]);
        var jsonl = File.ReadAllLines(Path.Combine(dir, "metrics.jsonl")).Where(l => l.Contains("episode/return", StringComparison.Ordinal)).ToList();
        Assert.Equal(jsonl.Count, rows.Length - 1);
    }

    [Fact]
    public void Scalars_fall_back_to_metrics_jsonl_without_an_event_file()
    {
        string dir = RunFixture.Write(_root, "r", "ppo", "CartPole-v1", 1, 1e-3, 5_000, eventFile: false);
        Assert.Empty(Directory.GetFiles(dir, "events.out.tfevents.*"));
        var (code, output, _) = Run("runs", "scalars", dir, "--tag", "loss/policy", "--csv");
        Assert.Equal(0, code);
        Assert.True(output.Trim().Split('\n').Length > 1);
    }

    [Fact]
    public void Scalars_report_a_corrupted_record_with_its_offset_and_print_the_rest()
    {
        string dir = RunFixture.Write(_root, "r", "ppo", "CartPole-v1", 1, 1e-3, 5_000);
        string file = Directory.GetFiles(dir, "events.out.tfevents.*").Single();
        var offsets = EventFileReader.Read(file).Events.Select(e => e.Offset).ToArray();
        var bytes = File.ReadAllBytes(file);
        bytes[offsets[1] + 20] ^= 0xFF;
        File.WriteAllBytes(file, bytes);
        var (code, output, error) = Run("runs", "scalars", dir, "--tag", "episode/length", "--csv");
        Assert.Equal(0, code);
        Assert.Contains($"byte {offsets[1]}: corrupted record: data CRC mismatch", error, StringComparison.Ordinal);
        Assert.True(output.Split('\n').Length > 2);
    }

    [Fact]
    public void Unknown_tag_is_a_one_line_error_with_exit_code_2_naming_the_tags_present()
    {
        string dir = RunFixture.Write(_root, "r", "ppo", "CartPole-v1", 1, 1e-3, 5_000);
        var (code, _, error) = Run("runs", "scalars", dir, "--tag", "nope");
        Assert.Equal(2, code);
        Assert.Single(error.Trim().Split('\n'));
        Assert.Contains("episode/return", error, StringComparison.Ordinal);
    }
}
