using System.Globalization;
using MetaRL.Learning;
using MetaRL.Learning.Decision;
using MetaRL.Learning.Meta;
using MetaRL.Random;
using MetaRL.Tensors;
using MetaRL.Tracking;

namespace MetaRL.Tests.Learning.Decision;

/// <summary>The generalist DPT (issue 25, item 7): one model over several families with a family one-hot, padded
/// observations and actions, masked outputs, per-family validation and evaluation.</summary>
public sealed class GeneralistTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "metarl-generalist-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root)) { Directory.Delete(_root, recursive: true); }
    }

    private static readonly FamilyShape[] Three = [new("Bandit-v0", 1, 3, 0), new("DarkRoom-v0", 2, 5, 0), new("TabularMDP-v0", 10, 5, 10)];

    /// <summary>A 3-arm bandit and Dark Room (3 episodes of 12 steps), a one-layer model, a few hundred rows each.</summary>
    private static (string Key, string Value)[] Tiny(int iterations, params (string, string)[] more) =>
    [
        ("algo", "dpt"), ("families", "[Bandit-v0, DarkRoom-v0]"), ("seed", "3"),
        ("Bandit-v0.arms", "3"), ("Bandit-v0.pulls", "12"),
        ("DarkRoom-v0.size", "4"), ("DarkRoom-v0.max_steps", "12"), ("DarkRoom-v0.episodes", "3"), ("DarkRoom-v0.goals", "test"),
        ("DarkRoom-v0.data_settings", "goals=train,rollin=uniform_states"),
        ("context", "12"), ("n_layer", "1"), ("n_head", "2"), ("d_model", "16"), ("d_ff", "32"),
        ("iterations", iterations.ToString(CultureInfo.InvariantCulture)), ("warmup_steps", "2"), ("batch_size", "8"),
        ("data_tasks", "120"), ("val_tasks", "16"), ("val_every", "4"), ("log_every", "2"), ("checkpoint_every", "5"), .. more,
    ];

    [Fact]
    public void The_mixture_layout_pads_observations_and_actions_and_marks_the_family_on_every_token()
    {
        var mixture = TokenLayout.Mixture(Three);
        Assert.Equal((10, 5), (mixture.ObservationSlot, mixture.ActionSlot));
        Assert.Equal(2 + 2 * 10 + 5 + 3 + 1, mixture.Width); // flag, obs, actions, reward, next obs, family one-hot, query step
        var bandit = mixture.For("Bandit-v0");
        Assert.Equal((1, 3, mixture.Width, 0), (bandit.ObservationSize, bandit.Actions, bandit.Width, bandit.Family));

        var token = new float[mixture.Width];
        bandit.WriteTransition([0.5f], 2, 1f, [0.25f], token);
        var expected = new float[mixture.Width];
        expected[1] = 0.5f;            // the observation, padded with zeros to 10
        expected[1 + 10 + 2] = 1;      // action 2 of the 5-slot one-hot
        expected[1 + 10 + 5] = 1f;     // the reward
        expected[2 + 10 + 5] = 0.25f;  // the next observation
        expected[27] = 1;              // family 0's one-hot
        Assert.Equal(expected, token);

        var room = mixture.For("DarkRoom-v0");
        token.AsSpan().Clear();
        room.WriteQuery([3f, 4f], token, step: 7);
        Assert.Equal([1f, 3f, 4f], token[..3]);
        Assert.Equal(1, token[28]);
        Assert.Equal(0, token[^1]); // Dark Room's labels do not depend on the step: no step feature
        Assert.Equal(4, token.Count(x => x != 0)); // the flag, (3, 4) and the family: nothing else

        var mdp = mixture.For("TabularMDP-v0");
        token.AsSpan().Clear();
        mdp.WriteQuery([0, 0, 1, 0, 0, 0, 0, 0, 0, 0], token, step: 7);
        Assert.Equal(1, token[29]);
        Assert.Equal(0.7f, token[^1]);

        // A single family's layout is unchanged: no one-hot, no step, the same width as every earlier run.
        var single = new TokenLayout(2, 5);
        Assert.Same(single, single.For("anything"));
        Assert.Equal(2 + 2 * 2 + 5, single.Width);
        var plain = new float[single.Width];
        single.WriteQuery([3f, 4f], plain, step: 7);
        Assert.Equal([1f, 3f, 4f, 0, 0, 0, 0, 0, 0, 0, 0], plain);
        Assert.Throws<ConfigException>(() => mixture.For("GridNav-v0"));
    }

    [Fact]
    public void Online_the_query_token_carries_the_step_within_the_current_episode()
    {
        var mdp = TokenLayout.Mixture(Three).For("TabularMDP-v0");
        var history = new OnlineHistory(mdp);
        var obs = new float[10];
        var token = new float[mdp.Width * 20];
        history.Observe(obs, episodeStart: true);
        for (int t = 0; t < 13; t++)
        {
            int len = history.Length(ContextFormat.Dpt, 20);
            history.Write(ContextFormat.Dpt, len, token);
            Assert.Equal((t % 10) / 10f, token[mdp.Width - 1]);
            history.Record(0, 0f, obs);
            history.Observe(obs, episodeStart: (t + 1) % 10 == 0);
        }
    }

    [Fact]
    public void A_masked_action_has_no_probability_no_share_of_the_loss_and_no_gradient()
    {
        var rng = new Rng(5);
        var values = new float[2 * 3 * 5];
        for (int i = 0; i < values.Length; i++) { values[i] = (float)(rng.NextDouble() * 4 - 2); }
        var logits = Tensor.FromArray(values, 2, 3, 5);
        logits.RequiresGrad = true;
        int[] labels = [0, 1, 2, 2, 1, 0];
        var mask = new float[6 * 5];
        for (int r = 0; r < 6; r++) { mask[r * 5 + 3] = mask[r * 5 + 4] = float.NegativeInfinity; }
        var loss = DptLoss.Of(logits, Tensor.FromArray(labels, 6, 1), Tensor.FromArray(mask, 6, 5));
        double expected = 0;
        for (int r = 0; r < 6; r++)
        {
            var row = values.AsSpan(r * 5, 3).ToArray().Select(v => (double)v).ToArray();
            double max = row.Max(), lse = max + Math.Log(row.Sum(v => Math.Exp(v - max)));
            expected += lse - row[labels[r]];
        }
        Assert.Equal(expected / 6, loss.Item(), 5);
        loss.Backward();
        var grad = logits.Grad!.ToFloatArray();
        Assert.All(grad, g => Assert.True(float.IsFinite(g)));
        for (int r = 0; r < 6; r++) { Assert.Equal([0f, 0f], grad[(r * 5 + 3)..(r * 5 + 5)]); }
        Assert.Contains(grad, g => g != 0);
    }

    [Fact]
    public void A_tiny_generalist_trains_logs_each_familys_validation_loss_and_is_evaluated_per_family()
    {
        var (setup, run, result) = DptTestRuns.Pretrain(_root, "mix", Tiny(10));
        Assert.Equal(RunSummary.Completed, result.Summary.Status);
        Assert.True(setup.IsMixture);
        Assert.Equal(["Bandit-v0", "DarkRoom-v0"], setup.Families.Select(f => f.Run.Env));
        var metrics = File.ReadAllText(run.MetricsPath);
        Assert.Contains("\"losses/val/Bandit-v0\"", metrics, StringComparison.Ordinal);
        Assert.Contains("\"losses/val/DarkRoom-v0\"", metrics, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(run.Root, "data", "DarkRoom-v0", "dataset.json")));

        // Every minibatch row of the 3-arm bandit masks actions 3 and 4 (Dark Room has 5), and no label is masked.
        var recipe = new DptRecipe(setup);
        recipe.PrepareData(null);
        var data = recipe.LoadData(run.Root, null);
        var batch = data.Draw(32, new Rng(1));
        Assert.NotNull(batch.Mask);
        var mask = batch.Mask!.ToFloatArray();
        var labels = batch.Labels.Data<int>().ToArray();
        var tokens = batch.Tokens.ToFloatArray();
        int n = 13, w = batch.Tokens.Dim(2), bandits = 0;
        for (int b = 0; b < 32; b++)
        {
            bool isBandit = tokens[(b * n) * w + w - 2] == 1; // family one-hot: Bandit-v0 first of two (no step feature)
            bandits += isBandit ? 1 : 0;
            for (int j = 0; j < n; j++)
            {
                int r = b * n + j;
                Assert.Equal(isBandit ? [0f, 0f, 0f, float.NegativeInfinity, float.NegativeInfinity] : new float[5], mask[(r * 5)..(r * 5 + 5)]);
                Assert.True(!float.IsNegativeInfinity(mask[r * 5 + labels[r]]));
            }
        }
        Assert.InRange(bandits, 4, 28); // uniform over two families

        var loaded = MetaRun.Load(run.Root);
        var rows = MetaEvaluator.Evaluate(loaded, new MetaEvalSettings(4, [0]));
        Assert.Equal(["Bandit-v0", "DarkRoom-v0"], rows.Select(r => r.Family!).Distinct());
        Assert.Contains(rows, r => r.Family == "Bandit-v0" && r.Method == "thompson" && r.Kind == MetaEvalRow.TrialTotal);
        Assert.Contains(rows, r => r.Family == "Bandit-v0" && r.Method == "dpt" && r.Kind == MetaEvalRow.RegretStep && r.Steps == 12);
        Assert.Contains(rows, r => r.Family == "DarkRoom-v0" && r.Method == "dpt" && r.Kind == MetaEvalRow.EpisodeReturn && r.Steps == 3);
        Assert.Contains(rows, r => r.Family == "DarkRoom-v0" && r.Method == "oracle");
        var json = MetaEvalRow.ToJson(rows);
        Assert.Contains("\"family\":\"DarkRoom-v0\"", json, StringComparison.Ordinal);
        string path = Path.Combine(_root, "rows.json");
        MetaEvalRow.Save(path, rows);
        Assert.Equal(json, MetaEvalRow.ToJson(MetaEvalRow.Load(path)));

        // Each family's baselines are those of a specialist run of the family with the same seed, on the same tasks.
        var specialist = MetaSetup.Parse([("algo", "dpt"), ("env", "Bandit-v0"), ("seed", "3"), ("arms", "3"), ("pulls", "12"), ("context", "12")]);
        var familyRun = loaded.ForFamily(0);
        Assert.Equal(familyRun.EvalSeed(0), SeedPath.Derive(specialist.Run.Seed, 424_242, 0));
        Assert.Equal(rows.Where(r => r.Family == "Bandit-v0" && r.Method == "oracle").Select(r => r.Mean),
            MetaEvaluator.Evaluate(familyRun, new MetaEvalSettings(4, [0])).Where(r => r.Method == "oracle").Select(r => r.Mean));
    }

    [Fact]
    public void Sampling_never_takes_an_action_the_family_does_not_have()
    {
        var setup = MetaSetup.Parse(Tiny(10));
        var model = DptAlgorithm.CreateModel(setup);
        var bias = model.Head.Bias!.F32;
        bias[3] = bias[4] = 50f; // unmasked, actions 3 and 4 would be drawn nearly always
        var bandit = setup.Families[0];
        var tasks = bandit.Distribution(bandit.MakeEnv()).SampleTasks(6, new Rng(2));
        var trial = OnlineActing.Run(model, bandit, tasks, new Rng(4), greedy: false);
        var actions = trial.Actions.SelectMany(a => a).ToArray();
        Assert.Equal(6 * 12, actions.Length);
        Assert.All(actions, a => Assert.InRange(a, 0, 2));
        var greedy = OnlineActing.Run(model, bandit, tasks, new Rng(4), greedy: true);
        Assert.All(greedy.Actions.SelectMany(a => a), a => Assert.InRange(a, 0, 2));
        // Dark Room has all five: there the biased actions dominate.
        var room = setup.Families[1];
        var roomTrial = OnlineActing.Run(model, ContextFormat.Dpt, room, room.Distribution(room.MakeEnv()).SampleTasks(2, new Rng(2)), 1, new Rng(4), greedy: false);
        Assert.Contains(roomTrial.Actions.SelectMany(a => a), a => a >= 3);
    }

    [Fact]
    public void A_generalist_stopped_and_resumed_ends_bit_identical_to_one_never_stopped()
    {
        var (_, whole, _) = DptTestRuns.Pretrain(_root, "whole", Tiny(10));
        var (_, parts, first) = DptTestRuns.Pretrain(_root, "parts", Tiny(10), stopAfter: 5);
        Assert.Equal(RunSummary.Interrupted, first.Summary.Status);
        var (_, _, rest) = DptTestRuns.Pretrain(_root, "parts", Tiny(10), resume: true);
        Assert.Equal(RunSummary.Completed, rest.Summary.Status);
        foreach (var file in new[] { CheckpointStore.Model, CheckpointStore.Optimizer })
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(whole.CheckpointsPath, "10", file)), File.ReadAllBytes(Path.Combine(parts.CheckpointsPath, "10", file)));
        }
        Assert.Equal(whole.Scalars.Series["losses/val/DarkRoom-v0"].Select(p => p.Value), parts.Scalars.Series["losses/val/DarkRoom-v0"].Select(p => p.Value));
    }

    [Fact]
    public void The_config_round_trips_and_a_single_family_config_has_no_mixture_keys()
    {
        var setup = MetaSetup.Parse(Tiny(10, ("family_weights", "[2, 1]"), ("Bandit-v0.data_tasks", "150")));
        string yaml = setup.ToYaml();
        Assert.Contains("Bandit-v0.arms: 3", yaml, StringComparison.Ordinal);
        Assert.Contains("Bandit-v0.data_tasks: 150", yaml, StringComparison.Ordinal);
        Assert.Contains("family_weights: [2, 1]", yaml, StringComparison.Ordinal);
        Assert.DoesNotContain("\nenv:", yaml, StringComparison.Ordinal);
        var again = MetaSetup.Parse(YamlConfigReader.Read(yaml, "config.yaml"));
        Assert.Equal(yaml, again.ToYaml());
        Assert.Equal(150, ((DptOptions)again.Families[0].LearnerOptions).DataTasks);
        Assert.Equal(120, ((DptOptions)again.Families[1].LearnerOptions).DataTasks);
        Assert.Equal([2.0 / 3, 1.0 / 3], ((DptOptions)again.LearnerOptions).FamilyShares());

        string single = MetaSetup.Parse(DptTestRuns.TwoArms(10)).ToYaml();
        Assert.DoesNotContain("famil", single, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("families=[Bandit-v0, Foo-v0]", "unknown family 'Foo-v0'")]
    [InlineData("families=[Bandit-v, DarkRoom-v0]", "did you mean Bandit-v0?")]
    [InlineData("families=[]", "the list is empty")]
    [InlineData("families=[Bandit-v0, Bandit-v0]", "listed twice")]
    [InlineData("families=[PointNav2D-v0]", "dpt mixes Bandit-v0")]
    public void A_bad_families_list_is_a_one_line_error_with_exit_2(string set, string message)
    {
        var (code, _, err) = TestSupport.CliRun.Run("pretrain", "--algo", "dpt", "--set", set, "--out", Path.Combine(_root, "bad"));
        Assert.Equal(2, code);
        Assert.Contains(message, err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", err, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_root, "bad")));
    }

    [Theory]
    [InlineData("arms", "3", "set it per family (Bandit-v0.arms)")]
    [InlineData("GridNav-v0.size", "5", "GridNav-v0 is not one of the families")]
    [InlineData("Bandit-v0.n_layer", "2", "a family sets only its own settings")]
    [InlineData("Bandit-v0.armz", "2", "a family sets only its own settings")]
    [InlineData("env", "Bandit-v0", "takes no env")]
    [InlineData("family_weights", "[1, 2, 3]", "family_weights has 3 entries")]
    [InlineData("data", "/tmp", "one dataset per family")]
    public void Keys_that_do_not_fit_a_mixture_are_refused(string key, string value, string message)
    {
        var pairs = Tiny(10, (key, value));
        var ex = Assert.Throws<ConfigException>(() => MetaSetup.Parse(pairs));
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_family_key_without_families_names_the_missing_list()
    {
        var ex = Assert.Throws<ConfigException>(() => MetaSetup.Parse(DptTestRuns.TwoArms(10, ("Bandit-v0.arms", "3"))));
        Assert.Contains("list the families first", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ConfigException>(() => MetaSetup.Parse([("algo", "maml"), ("families", "[Bandit-v0]")]));
    }
}
