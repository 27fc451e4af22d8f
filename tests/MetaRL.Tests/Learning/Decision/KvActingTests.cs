using MetaRL.Learning.Decision;
using MetaRL.Learning.Meta;
using MetaRL.Nn;
using MetaRL.Random;
using MetaRL.Tensors;

namespace MetaRL.Tests.Learning.Decision;

/// <summary>The decision model on the engine's GPT: the names and draws of earlier runs, and KV-cached acting against a
/// full recompute of every window the acting loop reads.</summary>
public sealed class KvActingTests
{
    /// <summary>A 3×3 Dark Room with 6-step episodes and a tiny model of context 4 (so the windows slide).</summary>
    private static MetaSetup TinyRoom(string positional) => MetaSetup.Parse(
    [
        ("algo", "ad"), ("env", "DarkRoom-v0"), ("seed", "5"), ("size", "3"), ("max_steps", "6"), ("episodes", "3"), ("goals", "all"),
        ("context", "4"), ("n_layer", "2"), ("n_head", "2"), ("d_model", "16"), ("d_ff", "32"), ("positional", positional),
    ]);

    [Fact]
    public void The_model_keeps_the_parameter_names_order_and_initial_draws_of_earlier_runs()
    {
        var settings = new DecisionModelSettings { NLayer = 2, NHead = 2, DModel = 8, DFf = 16, Context = 6 };
        var layout = new TokenLayout(1, 3);
        var model = new DecisionTransformer(settings, layout, new Rng(5));
        // The stack decision models were built of before they moved onto Gpt, drawn in the same order.
        var rng = new Rng(5);
        var embed = new Linear(layout.Width, 8, rng);
        var wpe = Ops.MulScalar(Tensor.RandN([7, 8], rng), 0.02).Detach();
        var blocks = Enumerable.Range(0, 2).Select(_ => new TransformerBlock(8, 2, 16, rng)).ToArray();
        var lnF = new LayerNorm(8);
        var head = new Linear(8, 3, rng);
        var expected = new List<(string, Tensor)> { ("embed.weight", embed.Weight), ("embed.bias", embed.Bias!), ("backbone.wpe", wpe) };
        for (int i = 0; i < 2; i++) { expected.AddRange(blocks[i].NamedParameters().Select(p => ($"backbone.h.{i}.{p.Name}", p.Value))); }
        expected.AddRange([("backbone.ln_f.weight", lnF.Weight!), ("backbone.ln_f.bias", lnF.Bias!), ("head.weight", head.Weight), ("head.bias", head.Bias!)]);
        var actual = model.NamedParameters();
        Assert.Equal(expected.Select(p => p.Item1), actual.Select(p => p.Name));
        for (int i = 0; i < expected.Count; i++) { Assert.Equal(expected[i].Item2.ToFloatArray(), actual[i].Value.ToFloatArray()); }
        // The old forward: embed, positions, ReLU blocks, ln_f, head.
        var tokens = Tensor.RandN([2, 7, layout.Width], new Rng(9));
        using var noGrad = MetaRL.Autograd.Autograd.NoGrad();
        var x = Ops.Add(embed.Forward(tokens), wpe);
        foreach (var block in blocks) { x = block.Forward(x); }
        Assert.Equal(head.Forward(lnF.Forward(x)).ToFloatArray(), model.Forward(tokens).ToFloatArray());
    }

    [Theory]
    [InlineData(ContextFormat.Ad, "learned")]
    [InlineData(ContextFormat.Dpt, "learned")]
    [InlineData(ContextFormat.Ad, "none")]
    public void Cached_action_probabilities_equal_a_full_recompute_of_every_window_read(ContextFormat format, string positional)
    {
        var setup = TinyRoom(positional);
        var model = DptAlgorithm.CreatePlainModel(setup);
        var layout = model.Layout;
        var tasks = setup.Distribution(setup.MakeEnv()).SampleTasks(3, new Rng(2));
        var trial = OnlineActing.Run(model, format, setup, tasks, 3, new Rng(6), greedy: false);
        int o = layout.ObservationSize, w = layout.Width, a = layout.Actions;
        var cache = model.CreateCache();
        var cached = new float[a];
        var tokens = new float[model.MaxTokens * w];
        int appended = 0, recomputed = 0;
        using var noGrad = MetaRL.Autograd.Autograd.NoGrad();
        foreach (var h in trial.Histories)
        {
            // Replays the history step by step, reading each window as the acting loop did.
            var replay = new OnlineHistory(layout);
            cache.Reset();
            for (int t = 0; t < h.Steps; t++)
            {
                replay.Observe(h.Observations.Slice(t * o, o), h.Starts[t]);
                int len = replay.Length(format, model.Settings.Context);
                replay.Write(format, len, tokens);
                int computed = cache.Sync(tokens.AsSpan(0, len * w), cached);
                if (computed == 1) { appended++; } else { recomputed++; }
                var full = model.Forward(Tensor.FromArray(tokens[..(len * w)], 1, len, w)).F32.Slice((len - 1) * a, a).ToArray();
                var p = Ops.Softmax(Tensor.FromArray(cached, a), -1).ToFloatArray();
                var q = Ops.Softmax(Tensor.FromArray(full, a), -1).ToFloatArray();
                for (int k = 0; k < a; k++) { Assert.True(Math.Abs(p[k] - q[k]) <= 1e-5, $"step {t}, action {k}: {p[k]} cached vs {q[k]} recomputed"); }
                replay.Record(h.Actions[t], h.Rewards[t], h.NextObservations.Slice(t * o, o));
            }
        }
        // Both paths ran: appended steps while the window grew, whole windows once it slid (or the DPT query moved).
        Assert.True(appended > 0 && recomputed > 0, $"{appended} appended, {recomputed} recomputed");
    }

    [Fact]
    public void A_bandit_window_that_only_grows_is_computed_one_position_per_step()
    {
        var setup = MetaSetup.Parse([("algo", "dpt"), ("env", "Bandit-v0"), ("seed", "1"), ("arms", "3"), ("pulls", "12"), ("context", "12"),
            ("n_layer", "1"), ("n_head", "2"), ("d_model", "8"), ("d_ff", "16")]);
        var model = DptAlgorithm.CreatePlainModel(setup);
        var tasks = setup.Distribution(setup.MakeEnv()).SampleTasks(2, new Rng(3));
        var trial = OnlineActing.Run(model, setup, tasks, new Rng(4), greedy: false);
        var cache = model.CreateCache();
        var logits = new float[3];
        var tokens = trial.Context(0).F32.ToArray();
        int w = model.Layout.Width;
        // The query never changes on a bandit: every decision after the first appends one transition.
        Assert.Equal(1, cache.Sync(tokens.AsSpan(0, w), logits));
        for (int len = 2; len <= 13; len++) { Assert.Equal(1, cache.Sync(tokens.AsSpan(0, len * w), logits)); }
        Assert.Equal(13, cache.Length);
    }
}
