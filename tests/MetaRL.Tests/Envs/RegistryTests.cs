using MetaRL.Envs;

namespace MetaRL.Tests.Envs;

public sealed class RegistryTests
{
    [Fact]
    public void Unknown_id_names_the_registered_ids()
    {
        var ex = Assert.Throws<EnvConfigurationException>(() => EnvRegistry.Make("CartPole-v0"));
        Assert.Contains("CartPole-v1", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Pendulum-v1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_setting_names_the_valid_keys()
    {
        var ex = Assert.Throws<EnvConfigurationException>(() => EnvRegistry.Make("CartPole-v1", new Dictionary<string, string> { ["arms"] = "5" }));
        Assert.Contains("max_steps", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'arms'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_setting_value_is_rejected_in_one_line()
    {
        var ex = Assert.Throws<EnvConfigurationException>(() => EnvRegistry.Make("CartPole-v1", new Dictionary<string, string> { ["max_steps"] = "ten" }));
        Assert.DoesNotContain('\n', ex.Message);
        Assert.Contains("integer", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Settings_change_the_built_environment()
    {
        var env = EnvRegistry.Make("CartPole-v1", new Dictionary<string, string> { ["max_steps"] = "9" });
        Assert.Equal(9, env.Find<TimeLimit>()!.MaxEpisodeSteps);
    }
}
