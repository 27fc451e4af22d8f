using MetaRL.Envs;
using MetaRL.Random;

namespace MetaRL.Tests.Envs;

/// <summary>An environment's id and spaces are constructor arguments of <see cref="Env"/>; wrappers take their inner
/// environment's, and task families read the base's current task.</summary>
public sealed class EnvConstructionTests
{
    private sealed class Blank(string id, Box observations, Space actions) : Env(id, observations, actions)
    {
        public override void Reset(Span<float> observation, long? seed = null) => observation.Clear();

        public override StepResult Step(ReadOnlySpan<float> action, Span<float> observation) => new(0, true, false);
    }

    [Fact]
    public void Given_id_and_spaces_when_built_then_the_env_reports_exactly_them()
    {
        var obs = new Box(3, -1f, 1f);
        var act = new Discrete(4);
        var env = new Blank("Blank-v0", obs, act);
        Assert.Equal("Blank-v0", env.Id);
        Assert.Same(obs, env.ObservationSpace);
        Assert.Same(act, env.ActionSpace);
        Assert.Equal(3, env.NewObservation().Length);
    }

    [Fact]
    public void Given_a_missing_id_or_space_when_built_then_it_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new Blank("", new Box(1, 0f, 1f), new Discrete(2)));
        Assert.Throws<ArgumentNullException>(() => new Blank("X-v0", null!, new Discrete(2)));
        Assert.Throws<ArgumentNullException>(() => new Blank("X-v0", new Box(1, 0f, 1f), null!));
    }

    [Fact]
    public void Given_wrappers_then_id_and_spaces_are_the_inner_ones_and_a_trial_has_its_own_observation_space()
    {
        var inner = new TimeLimit(new TabularMdp(4, 3), 10);
        var stats = new EpisodeStatistics(inner);
        Assert.Equal("TabularMDP-v0", stats.Id);
        Assert.Same(inner.Unwrapped.ObservationSpace, stats.ObservationSpace);
        Assert.Same(inner.Unwrapped.ActionSpace, stats.ActionSpace);

        var trial = new TrialWrapper(inner, episodes: 2, timeFeatures: true);
        Assert.Equal("TabularMDP-v0", trial.Id);
        Assert.Same(inner.ActionSpace, trial.ActionSpace);
        // 4 one-hot states, 2 time features, 3 one-hot previous actions, the reward and the done flag.
        Assert.Equal(4 + 2 + 3 + 2, trial.ObservationSpace.Size);
        Assert.Equal(float.NegativeInfinity, trial.ObservationSpace.Low[^2]);
        Assert.Equal(1f, trial.ObservationSpace.High[^1]);
        Assert.Throws<ArgumentNullException>(() => new TimeLimit(null!, 5));
    }

    [Fact]
    public void Given_a_trial_with_time_features_but_no_time_limit_then_it_is_refused_before_anything_else()
    {
        var ex = Assert.Throws<EnvConfigurationException>(() => new TrialWrapper(new TabularMdp(), episodes: 2, timeFeatures: true));
        Assert.Contains("TimeLimit", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => new TrialWrapper(new TabularMdp(), episodes: 0, timeFeatures: true));
    }

    [Fact]
    public void Given_a_family_when_stepped_before_any_reset_then_it_says_to_reset_first()
    {
        var obs = new float[8];
        var mdp = Assert.Throws<InvalidOperationException>(() => new TabularMdp().Step(0, obs));
        Assert.Contains("TabularMDP-v0: no task yet", mdp.Message, StringComparison.Ordinal);
        var grid = Assert.Throws<InvalidOperationException>(() => new GridNav().Step(0, obs));
        Assert.Contains("GridNav-v0: no task yet", grid.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Given_a_pinned_grid_task_when_reset_then_the_robot_starts_on_the_current_tasks_start()
    {
        var grid = new GridNav(size: 5);
        var task = (GridNavTask)grid.SampleTask(new Rng(7));
        grid.SetTask(task);
        var obs = grid.NewObservation();
        grid.Reset(obs, 3);
        Assert.Same(task, grid.CurrentTask);
        Assert.Equal(task.Start, grid.Cell);
    }

    [Fact]
    public void Given_invalid_sizes_then_the_families_name_the_argument()
    {
        Assert.Equal("states", Assert.Throws<ArgumentOutOfRangeException>(() => new TabularMdp(states: 0)).ParamName);
        Assert.Equal("actions", Assert.Throws<ArgumentOutOfRangeException>(() => new TabularMdp(actions: 0)).ParamName);
        Assert.Equal("arms", Assert.Throws<ArgumentOutOfRangeException>(() => new BernoulliBandit(0)).ParamName);
        Assert.Equal("size", Assert.Throws<ArgumentOutOfRangeException>(() => new GridNav(size: 1)).ParamName);
        Assert.Equal("obstacleDensity", Assert.Throws<ArgumentOutOfRangeException>(() => new GridNav(obstacleDensity: double.NaN)).ParamName);
    }
}
