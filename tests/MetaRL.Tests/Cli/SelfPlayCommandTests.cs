using System.Text.Json;
using MetaRL.Tests.TestSupport;

namespace MetaRL.Tests.Cli;

/// <summary><c>metarl solve</c> and <c>metarl selfplay</c>: the JSON, positions and settings checked with exit code 2,
/// a run written, refused twice, and resumed from its checkpoint.</summary>
public sealed class SelfPlayCommandTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "metarl-selfplay-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root)) { Directory.Delete(_root, recursive: true); }
    }

    [Fact]
    public void Solve_prints_value_distance_and_optimal_columns_numbered_from_one()
    {
        var (code, output, err) = CliRun.Run("solve", "--game", "connect4", "--moves", "112233", "--json");
        Assert.True(code == 0, err);
        var r = JsonDocument.Parse(output).RootElement;
        Assert.Equal(1, r.GetProperty("value").GetInt32());
        Assert.Equal(1, r.GetProperty("plies_to_end").GetInt32());
        Assert.Equal([4], r.GetProperty("best_moves").EnumerateArray().Select(e => e.GetInt32()));
    }

    [Theory]
    [InlineData("112233", 1)] // X completes the bottom row
    [InlineData("22334", -1)] // O faces an open three on both ends
    [InlineData("445362", 1)] // X wins in one in column 7
    public void Solve_weak_prints_only_the_value_for_the_side_to_move(string moves, int value)
    {
        var (code, output, err) = CliRun.Run("solve", "--moves", moves, "--weak", "--table-mb", "4", "--json");
        Assert.True(code == 0, err);
        var r = JsonDocument.Parse(output).RootElement;
        Assert.Equal(value, r.GetProperty("value").GetInt32());
        Assert.False(r.TryGetProperty("plies_to_end", out _));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("70000")]
    public void Solve_refuses_a_table_size_out_of_range_with_exit_code_2(string mb)
    {
        var (code, _, err) = CliRun.Run("solve", "--weak", "--table-mb", mb);
        Assert.Equal(2, code);
        Assert.Contains("--table-mb", err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("4453x", "not a column number")]
    [InlineData("48", "column 8 is not on the board")]
    [InlineData("1111111", "column 1 is full")]
    [InlineData("12121214", "after the game ended")]
    public void Solve_refuses_a_malformed_or_illegal_sequence_with_exit_code_2(string moves, string reason)
    {
        var (code, _, err) = CliRun.Run("solve", "--moves", moves);
        Assert.Equal(2, code);
        Assert.Contains(reason, err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", err, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_game_or_rule_is_exit_code_2()
    {
        Assert.Equal(2, CliRun.Run("solve", "--game", "chess").Code);
        Assert.Equal(2, CliRun.Run("solve", "--rule", "columns=12", "--rule", "rows=6").Code);
        Assert.Equal(2, CliRun.Run("selfplay", "--out", Path.Combine(_root, "x"), "--set", "simulation=3").Code);
    }

    [Fact]
    public void Selfplay_writes_a_run_refuses_to_overwrite_it_silently_and_resumes_from_its_checkpoint()
    {
        string dir = Path.Combine(_root, "run");
        string[] tiny = ["--set", "rows=4", "--set", "columns=4", "--set", "connect=3", "--set", "iterations=1", "--set", "games_per_iteration=2",
            "--set", "simulations=8", "--set", "train_steps=2", "--set", "batch_size=8", "--set", "hidden=8", "--set", "blocks=1", "--set", "gate_games=2"];
        var (code, output, err) = CliRun.Run(["selfplay", "--out", dir, .. tiny]);
        Assert.True(code == 0, err);
        Assert.Contains("iteration 1:", output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(dir, "checkpoints", "1", "best.safetensors")));
        Assert.Equal(2, CliRun.Run(["selfplay", "--out", dir, .. tiny]).Code);

        File.WriteAllText(Path.Combine(dir, "config.yaml"), File.ReadAllText(Path.Combine(dir, "config.yaml")).Replace("iterations: 1", "iterations: 2", StringComparison.Ordinal));
        (code, output, err) = CliRun.Run("selfplay", "--out", dir, "--resume");
        Assert.True(code == 0, err);
        Assert.DoesNotContain("iteration 1:", output, StringComparison.Ordinal);
        Assert.Contains("iteration 2: 4 games", output, StringComparison.Ordinal);
        Assert.True(Directory.Exists(Path.Combine(dir, "checkpoints", "2")));
    }

    private string TinyRun()
    {
        string dir = Path.Combine(_root, "tiny");
        var (code, _, err) = CliRun.Run("selfplay", "--out", dir, "--set", "rows=4", "--set", "columns=5", "--set", "iterations=1", "--set", "games_per_iteration=2",
            "--set", "simulations=8", "--set", "train_steps=2", "--set", "batch_size=8", "--set", "hidden=8", "--set", "blocks=1", "--set", "gate_games=0");
        Assert.True(code == 0, err);
        return dir;
    }

    [Fact]
    public void Play_against_a_human_refuses_illegal_columns_and_asks_again()
    {
        string dir = TinyRun();
        var output = new StringWriter();
        // the network moves first; the human's answers include junk and a column off the 5-wide board before legal moves
        var input = new StringReader(string.Join('\n', ["x", "9", "1", "1", "1", "1", "2", "2", "2", "2", "3", "3", "3", "3", "4", "4", "4", "4", "5", "5", "5", "5"]));
        Assert.Equal(0, MetaRL.Cli.Commands.PlayCommand.Run(dir, "human", 1, 1, input, output));
        string text = output.ToString();
        Assert.Contains("'x' is not a legal move", text, StringComparison.Ordinal);
        Assert.Contains("'9' is not a legal move", text, StringComparison.Ordinal);
        Assert.Contains("game 1: network X (first)", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Play_and_selfplay_eval_score_a_run_and_refuse_an_unknown_opponent()
    {
        string dir = TinyRun();
        var (code, output, err) = CliRun.Run("play", "--run", dir, "--against", "random", "--games", "2");
        Assert.True(code == 0, err);
        Assert.Contains("network score against random", output, StringComparison.Ordinal);
        Assert.Equal(2, CliRun.Run("play", "--run", dir, "--against", "mcts:x").Code);
        Assert.Equal(2, CliRun.Run("play", "--run", dir, "--against", "alphago").Code);
        (code, output, err) = CliRun.Run("selfplay-eval", "--run", dir, "--games", "2", "--rollouts", "20", "--positions", "3", "--min-depth", "10", "--max-depth", "14", "--json");
        Assert.True(code == 0, err);
        var r = JsonDocument.Parse(output).RootElement;
        Assert.InRange(r.GetProperty("vs_random").GetDouble(), 0, 1);
        Assert.InRange(r.GetProperty("optimal_with_search").GetDouble(), 0, 1);
        Assert.Equal(3, r.GetProperty("positions").GetInt32());
    }
}
