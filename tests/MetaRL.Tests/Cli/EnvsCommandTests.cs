using System.Text.Json;
using MetaRL.Cli;

namespace MetaRL.Tests.Cli;

public sealed class EnvsCommandTests
{
    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var o = new StringWriter(); var e = new StringWriter();
        int code = CliApp.Run(args, o, e);
        return (code, o.ToString(), e.ToString());
    }

    [Fact]
    public void Envs_list_names_every_family()
    {
        var (code, output, _) = Run("envs", "list");
        Assert.Equal(0, code);
        foreach (var id in new[] { "CartPole-v1", "CartPoleMeta-v0", "Pendulum-v1", "PendulumMeta-v0", "PointNav2D-v0", "Bandit-v0", "TabularMDP-v0", "GridNav-v0", "DarkRoom-v0" })
        {
            Assert.Contains(id, output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Envs_check_passes_on_a_registered_id()
    {
        var (code, output, _) = Run("envs", "check", "TabularMDP-v0");
        Assert.Equal(0, code);
        Assert.Contains("all 4 checks passed", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Replay_prints_one_json_line_per_step_from_the_given_state()
    {
        var (code, output, _) = Run("envs", "replay", "CartPole-v1", "--state", "0.01,-0.02,0.03,0.04", "--actions", "1,0");
        Assert.Equal(0, code);
        var lines = output.Trim().Split('\n');
        Assert.Equal(2, lines.Length);
        using var doc = JsonDocument.Parse(lines[0]);
        Assert.Equal(0.0096f, doc.RootElement.GetProperty("obs")[0].GetSingle());
        Assert.Equal(1.0, doc.RootElement.GetProperty("reward").GetDouble());
        Assert.False(doc.RootElement.GetProperty("terminated").GetBoolean());
    }

    [Theory]
    [InlineData("envs", "replay", "CartPole-v9", "--state", "0,0,0,0", "--actions", "1")]
    [InlineData("envs", "replay", "CartPole-v1", "--state", "0,0,0", "--actions", "1")]
    [InlineData("envs", "replay", "CartPole-v1", "--state", "0,0,0,0", "--actions", "2")]
    [InlineData("envs", "replay", "Pendulum-v1", "--state", "0,0", "--actions", "2.5")]
    [InlineData("envs", "replay", "Bandit-v0", "--state", "0", "--actions", "1")]
    [InlineData("envs", "check", "Nope-v0")]
    [InlineData("baselines", "Bandit-v0", "--set", "arms=5", "--set", "colour=red")]
    [InlineData("baselines", "Bandit-v0", "--set", "arms")]
    [InlineData("baselines", "Bandit-v0", "--trials", "0")]
    public void Bad_input_exits_2_with_a_one_line_error(params string[] args)
    {
        var (code, _, err) = Run(args);
        Assert.Equal(2, code);
        Assert.StartsWith("error: ", err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", err, StringComparison.Ordinal);
    }

    [Fact]
    public void Baselines_json_has_the_rows_shape_and_method_names_of_the_issue()
    {
        var (code, output, _) = Run("baselines", "Bandit-v0", "--set", "arms=3", "--set", "pulls=10", "--trials", "40", "--json");
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(output);
        var rows = doc.RootElement.GetProperty("rows").EnumerateArray().ToList();
        var names = rows.Select(r => r.GetProperty("method").GetString()).ToList();
        Assert.Equal(["random", "greedy", "epsilon-greedy", "ucb1", "thompson", "gittins", "oracle"], names);
        Assert.All(rows, r => Assert.Equal(40, r.GetProperty("n").GetInt32()));
        var mean = rows.ToDictionary(r => r.GetProperty("method").GetString()!, r => r.GetProperty("mean").GetDouble());
        Assert.True(mean["oracle"] > mean["random"]);
        Assert.True(rows.All(r => r.GetProperty("ci95").GetDouble() > 0));
    }

    [Fact]
    public void Bench_envs_json_has_the_required_keys()
    {
        var (code, output, _) = Run("bench", "envs", "--seconds", "0.02", "--json");
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(output);
        foreach (var key in new[] { "cartpole_single_steps_per_s", "cartpole_vec64_steps_per_s_1thread", "cartpole_vec64_steps_per_s_all" })
        {
            Assert.True(doc.RootElement.GetProperty(key).GetDouble() > 0, key);
        }
    }
}
