using System.Text.Json;
using MetaRL.Cli;

namespace MetaRL.Tests.Cli;

public sealed class BenchEnvsCommandTests
{
    [Fact]
    public void Bench_envs_json_reports_the_stepping_rates_and_the_trig_floor_per_cartpole_step()
    {
        var output = new StringWriter();
        int code = CliApp.Run(["bench", "envs", "--json", "--seconds", "0.02"], output, new StringWriter());
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(output.ToString());
        var root = doc.RootElement;
        foreach (var key in new[] { "cartpole_single_steps_per_s", "cartpole_vec64_steps_per_s_1thread", "cartpole_vec64_steps_per_s_all", "trig_floor_steps_per_s", "trig_floor_steps_per_cpu_s" })
        {
            Assert.True(root.GetProperty(key).GetDouble() > 0, key);
        }
        // Sin and cos alone cannot be slower than a whole step that computes them (with a wide margin for a loaded machine).
        Assert.True(root.GetProperty("ratio_trig_floor_vs_single").GetDouble() > 0.2);
    }
}
