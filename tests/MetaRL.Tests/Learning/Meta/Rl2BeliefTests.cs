using System.Collections.Immutable;
using MetaRL.Envs;
using MetaRL.Learning;
using MetaRL.Learning.Meta;
using MetaRL.Random;
using MetaRL.Tensors;

namespace MetaRL.Tests.Learning.Meta;

public sealed class Rl2BeliefTests
{
    private static MetaSetup Setup(params (string, string)[] extra) => Rl2Tests.Setup(extra);

    /// <summary>Two-armed bandits of 10 pulls, 16 trials per update, a 16-unit GRU, with <paramref name="extra"/> settings.</summary>
    private static MetaSetup BanditSetup(params (string, string)[] extra) =>
        MetaSetup.Parse([("algo", "rl2"), ("env", "Bandit-v0"), ("arms", "2"), ("pulls", "10"), ("trials_per_iteration", "16"),
            ("hidden_size", "16"), ("num_minibatches", "2"), ("learning_rate", "0.003"), .. extra]);

    [Fact]
    public void A_tabular_task_describes_itself_as_its_reward_means_then_its_transitions_times_the_root_of_the_state_count()
    {
        var task = new TabularMdpTask(2, 1, ImmutableArray.Create(0.25, 0.75, 1.0, 0.0), ImmutableArray.Create(1.5, -0.5));
        var features = new float[task.FeatureCount];
        task.WriteFeatures(features);
        Assert.Equal([1.5f, -0.5f, 0.25f * MathF.Sqrt(2), 0.75f * MathF.Sqrt(2), MathF.Sqrt(2), 0f], features);
        // The features are computed, not stored: a task's JSON is unchanged by them.
        Assert.DoesNotContain("FeatureCount", TaskJson.Serialize(task), StringComparison.Ordinal);
        var bandit = new BanditTask(ImmutableArray.Create(0.2, 0.9));
        var arms = new float[bandit.FeatureCount];
        bandit.WriteFeatures(arms);
        Assert.Equal([0.2f, 0.9f], arms);
    }

    [Fact]
    public void Belief_coef_zero_builds_no_belief_head_and_logs_no_belief_loss()
    {
        var setup = Setup();
        var learner = new Rl2(setup, (Rl2Options)setup.LearnerOptions, 1);
        Assert.Equal(0, learner.Policy.BeliefSize);
        Assert.DoesNotContain(learner.Policy.NamedParameters(), p => p.Name.StartsWith("belief.", StringComparison.Ordinal));
        var tasks = learner.Pool.Prototype.Find<ITaskEnv>()!.SampleTasks(8, new Rng(3));
        Assert.DoesNotContain(learner.Iterate(tasks, 0).Diagnostics, kv => kv.Key == "losses/belief_loss");
    }

    [Fact]
    public void The_belief_loss_is_the_mean_squared_error_to_each_rows_trial_and_trains_the_memory_not_the_heads()
    {
        var setup = Setup(("belief_coef", "0.5"));
        var learner = new Rl2(setup, (Rl2Options)setup.LearnerOptions, 1);
        var policy = learner.Policy;
        Assert.Equal(3 * 2 + 3 * 2 * 3, policy.BeliefSize);
        var tasks = learner.Pool.Prototype.Find<ITaskEnv>()!.SampleTasks(2, new Rng(3));
        var targets = Rl2Belief.TaskFeatures(tasks, policy.BeliefSize);
        // In trials of three 4-step episodes the loss reads the memory at steps 4 and 8 of each trial.
        var batch = Rl2.Collect(policy, learner.Pool, tasks, seed: 7, degree: 1, maxSteps: 1000);
        Assert.Equal([8, 9, 16, 17], Enumerable.Range(0, batch.Steps * batch.Trials).Where(i => Rl2Belief.ReadsAt(batch, i, singleEpisode: false)));
        var x = Tensor.FromArray([.. Enumerable.Range(0, 3 * 2 * policy.ObservationSize).Select(i => (float)Math.Sin(i))], 3, 2, policy.ObservationSize);
        var (features, _) = policy.Encode(x);
        int[] rowTrials = [0, 1, 0, 1, 0, 1];
        var loss = Rl2Belief.Loss(policy, features, targets, rowTrials);
        var predicted = policy.Belief(features).ToFloatArray();
        int f = policy.BeliefSize;
        double expected = Enumerable.Range(0, 6 * f).Average(i => Math.Pow(predicted[i] - targets[rowTrials[i / f] * f + i % f], 2));
        Assert.Equal(expected, loss.Item(), 5);
        policy.ZeroGrad();
        loss.Backward();
        static double Norm(Tensor? g) => g is null ? 0 : g.ToFloatArray().Sum(v => (double)v * v);
        var named = policy.NamedParameters();
        Assert.Contains(named, p => p.Name.StartsWith("gru.", StringComparison.Ordinal) && Norm(p.Value.Grad) > 0);
        Assert.All(named.Where(p => p.Name.StartsWith("actor.", StringComparison.Ordinal) || p.Name.StartsWith("critic.", StringComparison.Ordinal)),
            p => Assert.Equal(0, Norm(p.Value.Grad)));
    }

    [Fact]
    public void Training_with_the_belief_loss_predicts_held_out_arms_better_than_the_prior_mean()
    {
        var setup = BanditSetup(("belief_coef", "1"));
        var learner = new Rl2(setup, (Rl2Options)setup.LearnerOptions, 1);
        var taskEnv = learner.Pool.Prototype.Find<ITaskEnv>()!;
        var rng = new Rng(5);
        for (int i = 0; i < 150; i++) { learner.Iterate(taskEnv.SampleTasks(16, rng), i); }
        // On fresh tasks, the prediction from the memory beats the best guess without it, the prior mean (arm means
        // uniform on [0, 1], so 0.5), scored on the same steps: every pull after the first, where the loss reads it.
        var held = taskEnv.SampleTasks(256, new Rng(99));
        var batch = Rl2.Collect(learner.Policy, learner.Pool, held, seed: 7, degree: 2, maxSteps: 1000);
        using var noGrad = Autograd.Autograd.NoGrad();
        var (features, _) = learner.Policy.Encode(Tensor.FromArray(batch.Observations, batch.Steps, batch.Trials, batch.ObservationSize));
        var rows = Enumerable.Range(0, batch.Steps * batch.Trials).Where(i => batch.Valid[i] != 0 && Rl2Belief.ReadsAt(batch, i, singleEpisode: true)).ToArray();
        Assert.Equal(9 * held.Count, rows.Length);
        var trials = rows.Select(i => i % batch.Trials).ToArray();
        var targets = Rl2Belief.TaskFeatures(held, learner.Policy.BeliefSize);
        double memory = Rl2Belief.Loss(learner.Policy, Ops.IndexSelect(features, 0, rows), targets, trials).Item();
        double prior = trials.Average(j => (Math.Pow(targets[2 * j] - 0.5, 2) + Math.Pow(targets[2 * j + 1] - 0.5, 2)) / 2);
        Assert.True(memory < 0.8 * prior, $"memory {memory}, prior {prior}");
    }

    [Fact]
    public void A_privileged_critic_adds_a_task_term_to_the_value_that_trains_only_itself()
    {
        var setup = Setup(("privileged_critic", "true"));
        var learner = new Rl2(setup, (Rl2Options)setup.LearnerOptions, 1);
        var policy = learner.Policy;
        Assert.Equal(3 * 2 + 3 * 2 * 3, policy.TaskCriticInputs);
        Assert.Equal(0, policy.BeliefSize);
        var tasks = learner.Pool.Prototype.Find<ITaskEnv>()!.SampleTasks(4, new Rng(3));
        var values = policy.TaskValue(Tensor.FromArray(Rl2Belief.TaskFeatures(tasks, policy.TaskCriticInputs), 4, policy.TaskCriticInputs));
        Assert.Equal([4], values.ShapeArray());
        Assert.Equal(4, values.ToFloatArray().Distinct().Count());
        policy.ZeroGrad();
        Ops.Sum(values).Backward();
        static double Norm(Tensor? g) => g is null ? 0 : g.ToFloatArray().Sum(v => (double)v * v);
        foreach (var (name, p) in policy.NamedParameters())
        {
            Assert.True(name.StartsWith("critic_task.", StringComparison.Ordinal) == Norm(p.Grad) > 0, name);
        }
    }

    [Fact]
    public void A_privileged_critic_predicts_bandit_returns_better_than_the_memory_alone()
    {
        double ValueLoss(bool privileged)
        {
            var setup = BanditSetup(("privileged_critic", privileged ? "true" : "false"));
            var learner = new Rl2(setup, (Rl2Options)setup.LearnerOptions, 1);
            var taskEnv = learner.Pool.Prototype.Find<ITaskEnv>()!;
            var rng = new Rng(5);
            return Enumerable.Range(0, 80).Select(i => learner.Iterate(taskEnv.SampleTasks(16, rng), i).Diagnostics.Single(kv => kv.Key == "losses/value_loss").Value).TakeLast(20).Average();
        }

        double memory = ValueLoss(false), privileged = ValueLoss(true);
        Assert.True(privileged < 0.8 * memory, $"privileged {privileged}, memory alone {memory}");
    }

    [Fact]
    public void Belief_coef_on_a_family_without_task_features_or_below_zero_is_a_config_error()
    {
        var cartPole = MetaSetup.Parse([("algo", "rl2"), ("env", "CartPoleMeta-v0"), ("belief_coef", "1")]);
        var error = Assert.Throws<ConfigException>(() => new Rl2(cartPole, (Rl2Options)cartPole.LearnerOptions, 1));
        Assert.Contains("belief_coef", error.Message, StringComparison.Ordinal);
        Assert.Contains("CartPoleMeta-v0", error.Message, StringComparison.Ordinal);
        var privileged = MetaSetup.Parse([("algo", "rl2"), ("env", "CartPoleMeta-v0"), ("privileged_critic", "true")]);
        Assert.Contains("privileged_critic", Assert.Throws<ConfigException>(() => new Rl2(privileged, (Rl2Options)privileged.LearnerOptions, 1)).Message, StringComparison.Ordinal);
        Assert.Contains("belief_coef", Assert.Throws<ConfigException>(() => Setup(("belief_coef", "-1"))).Message, StringComparison.Ordinal);
    }
}
