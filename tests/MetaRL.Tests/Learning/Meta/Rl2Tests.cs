using MetaRL.Envs;
using MetaRL.Learning;
using MetaRL.Learning.Meta;
using MetaRL.Random;
using MetaRL.Tensors;

namespace MetaRL.Tests.Learning.Meta;

public sealed class Rl2Tests
{
    /// <summary>A tiny tabular RL² setup (3 states, 2 actions, trials of three 4-step episodes) with <paramref name="extra"/> settings.</summary>
    internal static MetaSetup Setup(params (string, string)[] extra) =>
        MetaSetup.Parse([("algo", "rl2"), ("env", "TabularMDP-v0"), ("episodes", "3"), ("horizon", "4"), ("states", "3"), ("actions", "2"),
            ("trials_per_iteration", "8"), ("hidden_size", "8"), ("num_minibatches", "2"), .. extra]);

    [Fact]
    public void Hidden_state_is_kept_across_a_trials_episodes_and_starts_at_zero_for_each_trial()
    {
        var setup = Setup();
        var learner = new Rl2(setup, (Rl2Options)setup.LearnerOptions, 1);
        var tasks = learner.Pool.Prototype.Find<ITaskEnv>()!.SampleTasks(5, new Rng(3));
        var batch = Rl2.Collect(learner.Policy, learner.Pool, tasks, seed: 7, degree: 2, maxSteps: 1000);
        Assert.Equal(12, batch.Steps);
        Assert.All(batch.EpisodeReturns, e => Assert.Equal(3, e.Count));
        // Re-running the GRU from a zero state over each whole trial (no reset at inner episode boundaries)
        // reproduces the log-probabilities recorded step by step during collection.
        using var noGrad = Autograd.Autograd.NoGrad();
        var x = Tensor.FromArray(batch.Observations, batch.Steps, batch.Trials, batch.ObservationSize);
        var (features, _) = learner.Policy.Encode(x);
        var logp = learner.Policy.Policy(features).LogProb(Tensor.FromArray(batch.Actions, batch.Steps * batch.Trials)).ToFloatArray();
        Assert.Equal(batch.LogProbs, logp, (a, b) => Math.Abs(a - b) < 1e-5);
        // The done flag of the observation after each inner episode's last step is set inside the trial.
        int od = batch.ObservationSize;
        Assert.Equal(1f, batch.Observations[(4 * batch.Trials) * od + od - 1]);
        Assert.Equal(0f, batch.Observations[(3 * batch.Trials) * od + od - 1]);
    }

    [Fact]
    public void Greedy_collection_takes_the_most_probable_action_at_every_step()
    {
        var setup = Setup();
        var learner = new Rl2(setup, (Rl2Options)setup.LearnerOptions, 1);
        var tasks = learner.Pool.Prototype.Find<ITaskEnv>()!.SampleTasks(6, new Rng(3));
        var batch = Rl2.Collect(learner.Policy, learner.Pool, tasks, seed: 7, degree: 2, maxSteps: 1000, deterministic: true);
        using var noGrad = Autograd.Autograd.NoGrad();
        var x = Tensor.FromArray(batch.Observations, batch.Steps, batch.Trials, batch.ObservationSize);
        var (features, _) = learner.Policy.Encode(x);
        var mode = learner.Policy.Policy(features).Mode().ToFloatArray();
        Assert.Equal(mode, batch.Actions);
        var sampled = Rl2.Collect(learner.Policy, learner.Pool, tasks, seed: 7, degree: 2, maxSteps: 1000);
        Assert.NotEqual(batch.Actions, sampled.Actions);
    }

    [Fact]
    public void A_separate_critic_carries_both_states_and_keeps_the_value_gradient_out_of_the_policy_gru()
    {
        var setup = Setup(("separate_critic", "true"));
        var learner = new Rl2(setup, (Rl2Options)setup.LearnerOptions, 1);
        Assert.Equal(16, learner.Policy.StateSize);
        var tasks = learner.Pool.Prototype.Find<ITaskEnv>()!.SampleTasks(5, new Rng(3));
        var batch = Rl2.Collect(learner.Policy, learner.Pool, tasks, seed: 7, degree: 2, maxSteps: 1000);
        // Re-running both GRUs over each whole trial from a zero state reproduces the recorded log-probabilities and values.
        var x = Tensor.FromArray(batch.Observations, batch.Steps, batch.Trials, batch.ObservationSize);
        var (features, last) = learner.Policy.Encode(x);
        Assert.Equal([batch.Trials, 16], last.ShapeArray());
        var logp = learner.Policy.Policy(features).LogProb(Tensor.FromArray(batch.Actions, batch.Steps * batch.Trials)).ToFloatArray();
        Assert.Equal(batch.LogProbs, logp, (a, b) => Math.Abs(a - b) < 1e-5);
        var value = learner.Policy.Value(features);
        Assert.Equal(batch.Values, value.ToFloatArray(), (a, b) => Math.Abs(a - b) < 1e-5);
        learner.Policy.ZeroGrad();
        Ops.Sum(value).Backward();
        static double Norm(Tensor? g) => g is null ? 0 : g.ToFloatArray().Sum(v => (double)v * v);
        var named = learner.Policy.NamedParameters();
        Assert.All(named.Where(p => p.Name.StartsWith("gru.", StringComparison.Ordinal)), p => Assert.Equal(0, Norm(p.Value.Grad)));
        Assert.Contains(named, p => p.Name.StartsWith("critic_gru.", StringComparison.Ordinal) && Norm(p.Value.Grad) > 0);
    }

    [Theory]
    [InlineData("lstm", false, 16)]
    [InlineData("lstm", true, 32)]
    [InlineData("counting_lstm", false, 16)]
    [InlineData("counting_lstm", true, 32)]
    public void An_lstm_policy_carries_h_and_c_and_re_encoding_reproduces_the_recorded_steps(string cell, bool separateCritic, int stateSize)
    {
        var setup = Setup(("cell", cell), ("separate_critic", separateCritic ? "true" : "false"));
        var learner = new Rl2(setup, (Rl2Options)setup.LearnerOptions, 1);
        Assert.Equal(cell == "lstm" ? RecurrentCell.Lstm : RecurrentCell.CountingLstm, learner.Policy.Cell);
        Assert.Equal(stateSize, learner.Policy.StateSize);
        var names = learner.Policy.NamedParameters().Select(p => p.Name).ToArray();
        Assert.Contains("lstm.weight_hh", names);
        Assert.Equal(cell == "counting_lstm", names.Contains("lstm.ln_hh_weight"));
        Assert.Equal(separateCritic, names.Contains("critic_lstm.weight_hh"));
        Assert.DoesNotContain(names, n => n.Contains("gru", StringComparison.Ordinal));
        var tasks = learner.Pool.Prototype.Find<ITaskEnv>()!.SampleTasks(5, new Rng(3));
        var batch = Rl2.Collect(learner.Policy, learner.Pool, tasks, seed: 7, degree: 2, maxSteps: 1000);
        // Collection carried [h | c] step by step; one pass over each whole trial from a zero state gives the same
        // log-probabilities and values, and ends in a state of the full width.
        using var noGrad = Autograd.Autograd.NoGrad();
        var x = Tensor.FromArray(batch.Observations, batch.Steps, batch.Trials, batch.ObservationSize);
        var (features, last) = learner.Policy.Encode(x);
        Assert.Equal([batch.Trials, stateSize], last.ShapeArray());
        var logp = learner.Policy.Policy(features).LogProb(Tensor.FromArray(batch.Actions, batch.Steps * batch.Trials)).ToFloatArray();
        Assert.Equal(batch.LogProbs, logp, (a, b) => Math.Abs(a - b) < 1e-5);
        Assert.Equal(batch.Values, learner.Policy.Value(features).ToFloatArray(), (a, b) => Math.Abs(a - b) < 1e-5);
        Assert.Contains("cell", Assert.Throws<ConfigException>(() => Setup(("cell", "rnn"))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Anneal_lr_decays_the_step_size_linearly_to_zero_over_the_run()
    {
        var setup = Setup(("iterations", "4"), ("learning_rate", "0.002"), ("anneal_lr", "true"));
        var options = (Rl2Options)setup.LearnerOptions;
        Assert.Equal([0.002, 0.0015, 0.001, 0.0005], [.. Enumerable.Range(0, 4).Select(i => Math.Round(Rl2.LearningRateAt(options, i, 4), 12))]);
        var learner = new Rl2(setup, options, 1);
        var tasks = learner.Pool.Prototype.Find<ITaskEnv>()!.SampleTasks(8, new Rng(3));
        learner.Iterate(tasks, 2);
        Assert.Equal(0.001, learner.Optimizer!.LearningRate, 12);
        var constant = (Rl2Options)Setup(("iterations", "4"), ("learning_rate", "0.002")).LearnerOptions;
        Assert.Equal(0.002, Rl2.LearningRateAt(constant, 3, 4));
    }

    [Fact]
    public void Anneal_ent_coef_decays_the_entropy_bonus_linearly_to_zero_and_the_update_uses_it()
    {
        (string, string)[] common = [("iterations", "4")];
        var setup = Setup([.. common, ("ent_coef", "0.4"), ("anneal_ent_coef", "true")]);
        var options = (Rl2Options)setup.LearnerOptions;
        Assert.Equal([0.4, 0.3, 0.2, 0.1], [.. Enumerable.Range(0, 4).Select(i => Math.Round(Rl2.EntCoefAt(options, i, 4), 12))]);
        Assert.Equal(0.4, Rl2.EntCoefAt((Rl2Options)Setup([.. common, ("ent_coef", "0.4")]).LearnerOptions, 3, 4));
        (float[] Weights, double Logged) Train(MetaSetup s)
        {
            var learner = new Rl2(s, (Rl2Options)s.LearnerOptions, 1);
            var tasks = learner.Pool.Prototype.Find<ITaskEnv>()!.SampleTasks(8, new Rng(3));
            var logged = learner.Iterate(tasks, 2).Diagnostics.Single(kv => kv.Key == "charts/ent_coef").Value;
            return ([.. learner.Policy.Parameters().SelectMany(p => p.ToFloatArray())], logged);
        }
        var annealed = Train(setup);
        Assert.Equal(0.2, annealed.Logged, 12);
        // Iteration 2 of 4 with the anneal is the same update as a constant bonus of 0.2, and differs from 0.4.
        Assert.Equal(Train(Setup([.. common, ("ent_coef", "0.2")])).Weights, annealed.Weights);
        Assert.NotEqual(Train(Setup([.. common, ("ent_coef", "0.4")])).Weights, annealed.Weights);
        Assert.Contains("ent_coef", Assert.Throws<ConfigException>(() => new Rl2(Setup(("ent_coef", "-0.1")), (Rl2Options)Setup(("ent_coef", "-0.1")).LearnerOptions, 1)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Each_iteration_reports_its_ppo_diagnostics_and_the_trainer_logs_them_under_cleanrl_tags()
    {
        var setup = Setup(("iterations", "2"), ("learning_rate", "0.002"), ("anneal_lr", "true"), ("checkpoint_every", "10"));
        var learner = new Rl2(setup, (Rl2Options)setup.LearnerOptions, 1);
        var tasks = learner.Pool.Prototype.Find<ITaskEnv>()!.SampleTasks(8, new Rng(3));
        var d = learner.Iterate(tasks, 1).Diagnostics.ToDictionary(kv => kv.Key, kv => kv.Value);
        Assert.Equal(0.001, d["charts/learning_rate"], 12);
        Assert.InRange(d["losses/entropy"], 1e-6, Math.Log(2) + 1e-6); // two actions
        Assert.InRange(d["losses/approx_kl"], 0, 1); // k3 = (r − 1) − log r ≥ 0 per sample
        Assert.InRange(d["losses/clipfrac"], 0, 1);
        Assert.True(double.IsFinite(d["losses/policy_loss"]) && d["losses/value_loss"] >= 0, string.Join(", ", d));

        string dir = Path.Combine(Path.GetTempPath(), "metarl-rl2diag-" + Guid.NewGuid().ToString("N"));
        try
        {
            new MetaTrainer(setup, dir).Run(resume: false);
            var tags = File.ReadAllLines(new MetaRL.Tracking.RunDirectory(dir).MetricsPath)
                .Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement.GetProperty("tag").GetString()).ToList();
            foreach (var tag in d.Keys) { Assert.Equal(2, tags.Count(t => t == tag)); }
        }
        finally { if (Directory.Exists(dir)) { Directory.Delete(dir, true); } }
    }

    [Fact]
    public void Rl2_gives_identical_parameters_in_parallel_and_sequentially()
    {
        float[] Train(int parallelism)
        {
            var setup = Setup(("trials_per_iteration", "40"), ("parallelism", parallelism.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            var learner = new Rl2(setup, (Rl2Options)setup.LearnerOptions, 1);
            var tasks = learner.Pool.Prototype.Find<ITaskEnv>()!.SampleTasks(40, new Rng(3));
            learner.Iterate(tasks, 0);
            return [.. learner.Policy.Parameters().SelectMany(p => p.ToFloatArray())];
        }
        Assert.Equal(Train(1), Train(3));
    }

    [Theory]
    [InlineData("gru")]
    [InlineData("lstm")]
    [InlineData("counting_lstm")]
    public void Rl2_learns_to_exploit_a_two_armed_bandit_within_the_trial(string cell)
    {
        var setup = MetaSetup.Parse([("algo", "rl2"), ("env", "Bandit-v0"), ("arms", "2"), ("pulls", "10"), ("trials_per_iteration", "64"),
            ("hidden_size", "16"), ("learning_rate", "0.01"), ("ent_coef", "0.0"), ("cell", cell)]);
        var learner = new Rl2(setup, (Rl2Options)setup.LearnerOptions, 1);
        var dist = learner.Pool.Prototype.Find<ITaskEnv>()!;
        var test = dist.SampleTasks(400, new Rng(99));
        double Score() => Rl2.Collect(learner.Policy, learner.Pool, test, 5, 2, 1000).TrialReturns().Average();
        double before = Score();
        for (int it = 0; it < 40; it++) { learner.Iterate(dist.SampleTasks(64, new Rng(it)), it); }
        double after = Score();
        // Random play scores 5 in expectation; always pulling the better arm scores 10·E[max] ≈ 6.67.
        Assert.True(after > before + 0.4 && after > 5.6, $"before {before:F2}, after {after:F2}");
    }

    [Fact]
    public void Gae_runs_along_each_trial_on_scaled_rewards_and_stops_at_its_end()
    {
        // Two trials over three steps, time-major; trial 1 ends after two steps (padding at step 2).
        var b = new TrialBatch(3, 2, 1, 1);
        float[] rewards = [1, 0, 0, 1, 1, 5];
        float[] values = [0.5f, 0.2f, 0.4f, 0.3f, 0.1f, 9];
        float[] valid = [1, 1, 1, 1, 1, 0];
        rewards.CopyTo(b.Rewards, 0);
        values.CopyTo(b.Values, 0);
        valid.CopyTo(b.Valid, 0);
        const double g = 0.9, l = 0.5, s = 0.1;
        var (adv, ret) = Rl2.Advantages(b, g, l, s);
        // Trial 0: δ2 = 0.1·1 − 0.1; δ1 = 0 + 0.9·0.1 − 0.4; δ0 = 0.1 + 0.9·0.4 − 0.5.
        double d2 = s * 1 - 0.1, d1 = 0 + g * 0.1 - 0.4, d0 = s * 1 + g * 0.4 - 0.5;
        double a2 = d2, a1 = d1 + g * l * a2, a0 = d0 + g * l * a1;
        // Trial 1: its last valid step (1) bootstraps from 0, never from the padded value 9.
        double e1 = s * 1 - 0.3, e0 = 0 + g * 0.3 - 0.2 + g * l * e1;
        double[] expected = [a0, e0, a1, e1, a2, 0];
        for (int i = 0; i < 6; i++) { Assert.Equal(expected[i], adv[i], 5); }
        Assert.Equal(a0 + 0.5, ret[0], 5);
        Assert.Equal(0f, ret[5]);
    }

    [Fact]
    public void Reward_scale_must_be_positive() =>
        Assert.Throws<ConfigException>(() => new Rl2Options { RewardScale = 0 }.Validate());

    [Fact]
    public void Time_features_widen_the_policy_input_and_re_encoding_reproduces_the_recorded_log_probabilities()
    {
        var plain = Setup();
        var setup = Setup(("time_features", "true"));
        var learner = new Rl2(setup, (Rl2Options)setup.LearnerOptions, 1);
        Assert.Equal(new Rl2(plain, (Rl2Options)plain.LearnerOptions, 1).Policy.ObservationSize + 2, learner.Policy.ObservationSize);
        var tasks = learner.Pool.Prototype.Find<ITaskEnv>()!.SampleTasks(4, new Rng(3));
        var batch = Rl2.Collect(learner.Policy, learner.Pool, tasks, seed: 7, degree: 2, maxSteps: 1000);
        int od = batch.ObservationSize, n = batch.Trials;
        // Step 5 of a 3-episode trial of horizon 4 is the second step of episode 2: 1/4 of it used, 1/3 of the trial's episodes done.
        Assert.Equal(0.25f, batch.Observations[(5 * n) * od + 3]);
        Assert.Equal(1f / 3, batch.Observations[(5 * n) * od + 4], 1e-6f);
        using var noGrad = Autograd.Autograd.NoGrad();
        var x = Tensor.FromArray(batch.Observations, batch.Steps, n, od);
        var logp = learner.Policy.Policy(learner.Policy.Encode(x).Features).LogProb(Tensor.FromArray(batch.Actions, batch.Steps * n)).ToFloatArray();
        Assert.Equal(batch.LogProbs, logp, (a, b) => Math.Abs(a - b) < 1e-5);
    }
}
