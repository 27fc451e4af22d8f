using MetaRL.Cli;

namespace MetaRL.Tests.Cli;

public sealed class DemoCommandTests
{
    [Fact]
    public void Demo_trains_ppo_on_cartpole_and_prints_an_evaluation_table()
    {
        var dir = Path.Combine(Path.GetTempPath(), "metarl-demo-test-" + Guid.NewGuid().ToString("N"));
        try
        {
            var output = new StringWriter();
            int code = CliApp.Run(["demo", "--ppo", "--steps", "2048", "--out", dir], output, new StringWriter());
            Assert.Equal(0, code);
            string text = output.ToString();
            Assert.Contains("CartPole-v1", text, StringComparison.Ordinal);
            Assert.Contains("95% CI", text, StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(dir, "summary.json")));
        }
        finally
        {
            if (Directory.Exists(dir)) { Directory.Delete(dir, recursive: true); }
        }
    }

    [Fact]
    public void Default_demo_meta_trains_adapts_and_prints_the_before_after_table()
    {
        var dir = Path.Combine(Path.GetTempPath(), "metarl-meta-demo-test-" + Guid.NewGuid().ToString("N"));
        try
        {
            var output = new StringWriter();
            var error = new StringWriter();
            int code = CliApp.Run(["demo", "--iterations", "2", "--out", dir], output, error);
            Assert.True(code == 0, error.ToString());
            string text = output.ToString();
            Assert.Contains("PointNav2D-v0", text, StringComparison.Ordinal);
            foreach (var method in new[] { "maml", "pretrained", "random-init", "oracle" }) { Assert.Contains(method, text, StringComparison.Ordinal); }
            Assert.True(File.Exists(Path.Combine(dir, "meta_eval.json")));
        }
        finally
        {
            if (Directory.Exists(dir)) { Directory.Delete(dir, recursive: true); }
        }
    }

    [Fact]
    public void Unknown_option_exits_with_code_2_and_no_stack_trace()
    {
        var error = new StringWriter();
        int code = CliApp.Run(["demo", "--nonsense"], new StringWriter(), error);
        Assert.Equal(2, code);
        Assert.DoesNotContain("   at ", error.ToString(), StringComparison.Ordinal);
    }
}
