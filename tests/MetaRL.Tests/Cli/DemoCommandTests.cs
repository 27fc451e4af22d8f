using MetaRL.Cli;

namespace MetaRL.Tests.Cli;

public sealed class DemoCommandTests
{
    [Fact]
    public void Demo_reduces_the_loss_and_says_what_it_did()
    {
        var output = new StringWriter();
        int code = CliApp.Run(["demo", "--steps", "200"], output, new StringWriter());
        Assert.Equal(0, code);
        Assert.Contains("sin(3x)", output.ToString(), StringComparison.Ordinal);
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
