using MetaRL.Learning;

namespace MetaRL.Tests.Learning;

/// <summary>The run keys of <c>metarl train</c> live in <see cref="TrainOptions"/>; <see cref="TrainConfig"/> reads them
/// with the same defaults and the same strict integers as before.</summary>
public sealed class TrainOptionsTests
{
    [Fact]
    public void Given_no_run_keys_then_the_documented_defaults_apply()
    {
        var run = TrainConfig.Resolve([]).Run;
        Assert.Equal("ppo", run.Algo);
        Assert.Equal("CartPole-v1", run.Env);
        Assert.Equal(1, run.Seed);
        Assert.Equal(0, run.CheckpointEvery);
        Assert.Equal(-1, run.TaskSeed);
    }

    [Fact]
    public void Given_run_keys_then_the_last_value_of_each_wins()
    {
        var run = TrainConfig.Resolve([("seed", "3"), ("env", "GridNav-v0"), ("algo", "q_learning"), ("seed", "-8"), ("task_seed", "7"), ("checkpoint_every", "+500")]).Run;
        Assert.Equal(("q_learning", "GridNav-v0", -8L, 500L, 7L), (run.Algo, run.Env, run.Seed, run.CheckpointEvery, run.TaskSeed));
    }

    [Theory]
    [InlineData("seed", "1e3")]
    [InlineData("seed", "2.0")]
    [InlineData("task_seed", "1e1")]
    [InlineData("checkpoint_every", "5e5")]
    [InlineData("seed", "x")]
    public void Given_a_run_integer_not_written_as_an_integer_then_it_is_refused_naming_the_key(string key, string value)
    {
        var ex = Assert.Throws<ConfigException>(() => TrainConfig.Resolve([(key, value)]));
        Assert.Equal($"key '{key}' must be an integer, got '{value}'", ex.Message);
    }

    [Fact]
    public void Given_a_negative_checkpoint_cadence_then_it_is_refused()
    {
        var ex = Assert.Throws<ConfigException>(() => TrainConfig.Resolve([("checkpoint_every", "-1")]));
        Assert.Equal("key 'checkpoint_every' must be ≥ 0", ex.Message);
    }

    [Fact]
    public void Every_run_key_is_settable_and_config_yaml_lists_them_first_in_order()
    {
        Assert.Equal(["algo", "env", "seed", "checkpoint_every", "task_seed"], TrainOptions.Keys);
        var options = new TrainOptions();
        foreach (string key in TrainOptions.Keys) { Assert.True(options.TrySet(key, key is "algo" or "env" ? "x" : "5"), key); }
        Assert.False(options.TrySet("learning_rate", "0.1"));
        var yaml = TrainConfig.Resolve([("seed", "4"), ("checkpoint_every", "64")]).ToYaml().Split('\n');
        Assert.Equal(["algo: ppo", "env: CartPole-v1", "seed: 4", "checkpoint_every: 64", "task_seed: -1"], yaml[..5]);
    }
}
