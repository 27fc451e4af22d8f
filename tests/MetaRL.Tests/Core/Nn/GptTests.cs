using MetaRL.Nn;
using MetaRL.Optim;
using MetaRL.Random;
using MetaRL.Tensors;

namespace MetaRL.Tests.Core.Nn;

/// <summary>The GPT model: sizes, the causal property end to end, the KV cache against full recompute, dropout modes, training.</summary>
public sealed class GptTests
{
    private static GptOptions Small(int context = 24, PositionalEmbedding positional = PositionalEmbedding.Learned, double dropout = 0) => new()
    {
        TokenDim = 5, OutputDim = 3, Layers = 2, Heads = 2, ModelDim = 16, MlpWidth = 32, Context = context, Positional = positional, Dropout = dropout,
    };

    [Fact]
    public void Sizes_span_fifty_thousand_to_over_ten_million_parameters_by_configuration()
    {
        var tiny = new Gpt(new GptOptions { TokenDim = 8, OutputDim = 5, Layers = 3, Heads = 2, ModelDim = 36, MlpWidth = 144, Context = 64 }, new Rng(1));
        Assert.InRange(tiny.ParameterCount, 45_000, 60_000);
        var large = new Gpt(new GptOptions { TokenDim = 8, OutputDim = 5, Layers = 6, Heads = 6, ModelDim = 384, MlpWidth = 1536, Context = 256 }, new Rng(1));
        Assert.True(large.ParameterCount >= 10_000_000, $"{large.ParameterCount}");
        // Twelve D² weights per block plus biases, norms, embeddings and the head.
        int d = 36;
        int perBlock = (4 * ((d * d) + d)) + (2 * 2 * d) + ((d * 144) + 144) + ((144 * d) + d);
        Assert.Equal((3 * perBlock) + ((8 * d) + d) + (64 * d) + (2 * d) + ((d * 5) + 5), tiny.ParameterCount);
    }

    [Fact]
    public void Parameters_have_gpt_names()
    {
        var names = new Gpt(Small(), new Rng(1)).NamedParameters().Select(p => p.Name).ToArray();
        Assert.Contains("wte.weight", names);
        Assert.Contains("wpe", names);
        Assert.Contains("h.1.attn.q_proj.weight", names);
        Assert.Contains("h.0.mlp.2.bias", names);
        Assert.Contains("ln_f.weight", names);
        Assert.Contains("head.weight", names);
        Assert.DoesNotContain("wpe", new Gpt(Small(positional: PositionalEmbedding.None), new Rng(1)).NamedParameters().Select(p => p.Name));
    }

    [Fact]
    public void Changing_a_later_token_leaves_earlier_outputs_bit_identical()
    {
        var model = new Gpt(Small(context: 64), new Rng(2));
        var x = Tensor.RandN([2, 60, 5], new Rng(3));
        var edited = x.Clone();
        for (int c = 0; c < 5; c++) { edited.F32[(50 * 5) + c] += 1f; }
        var y = model.Forward(x).ToFloatArray();
        var y2 = model.Forward(edited).ToFloatArray();
        Assert.Equal(y[..(50 * 3)], y2[..(50 * 3)]);
        Assert.NotEqual(y[(50 * 3)..(51 * 3)], y2[(50 * 3)..(51 * 3)]);
        Assert.Equal(y[(60 * 3)..], y2[(60 * 3)..]);
    }

    [Theory]
    [InlineData(PositionalEmbedding.Learned)]
    [InlineData(PositionalEmbedding.None)]
    public void Kv_cached_steps_match_a_full_recompute_at_every_position(PositionalEmbedding positional)
    {
        var model = new Gpt(Small(context: 70, positional: positional), new Rng(4));
        var tokens = Tensor.RandN([1, 70, 5], new Rng(5));
        var full = model.Forward(tokens).ToFloatArray();
        for (int episode = 0; episode < 2; episode++)
        {
            model.ResetCache();
            for (int t = 0; t < 70; t++)
            {
                var step = model.Step(tokens.F32.Slice(t * 5, 5));
                for (int o = 0; o < 3; o++) { Assert.True(Math.Abs(step[o] - full[(t * 3) + o]) < 1e-4, $"episode {episode}, t={t}, output {o}: {step[o]} vs {full[(t * 3) + o]}"); }
            }
        }
    }

    [Fact]
    public void A_full_cache_restarts_its_window_with_the_most_recent_half_of_the_tokens()
    {
        var model = new Gpt(Small(context: 8), new Rng(6));
        var tokens = Tensor.RandN([1, 11, 5], new Rng(7)).F32.ToArray();
        var cache = model.CreateCache();
        var output = new float[3];
        for (int t = 0; t < 11; t++) { model.Step(cache, tokens.AsSpan(t * 5, 5), output); }
        // Tokens 0..7 filled the window; token 8 restarted it with tokens 4..7, then 9 and 10 followed: 7 positions.
        Assert.Equal(7, cache.Length);
        var recent = Tensor.FromArray(tokens[(4 * 5)..], 1, 7, 5);
        var expected = model.Forward(recent).ToFloatArray()[(6 * 3)..];
        for (int o = 0; o < 3; o++) { Assert.True(Math.Abs(expected[o] - output[o]) < 1e-4, $"{expected[o]} vs {output[o]}"); }
    }

    [Fact]
    public void Sync_keeps_the_prefix_it_holds_and_matches_a_full_recompute_of_any_window()
    {
        var model = new Gpt(Small(context: 12), new Rng(12));
        var tokens = Tensor.RandN([1, 20, 5], new Rng(13)).F32.ToArray();
        var cache = model.CreateCache();
        var output = new float[3];
        void Check(int from, int len, int expectComputed)
        {
            var window = tokens.AsSpan(from * 5, len * 5);
            Assert.Equal(expectComputed, cache.Sync(window, output));
            var full = model.Forward(Tensor.FromArray(window.ToArray(), 1, len, 5)).ToFloatArray()[((len - 1) * 3)..];
            for (int o = 0; o < 3; o++) { Assert.True(Math.Abs(full[o] - output[o]) < 1e-5, $"window {from}+{len}, output {o}: {output[o]} vs {full[o]}"); }
        }
        Check(0, 1, 1);
        for (int len = 2; len <= 12; len++) { Check(0, len, 1); } // a growing window: one new position per step
        Check(1, 12, 12); // slid by one: every learned position moved, the whole window is re-encoded
        Check(1, 12, 1); // unchanged: the last position again
        Check(1, 8, 1); // a shorter prefix of what it holds
        tokens[(1 * 5) + 2] += 1f; // the first token changes (a new DPT query)
        Check(1, 8, 8);
        Assert.Equal(8, cache.Length);
        Assert.Throws<ArgumentException>(() => cache.Sync(new float[13 * 5], output));
    }

    [Fact]
    public void The_cache_includes_lora_adapters()
    {
        var model = new Gpt(Small(context: 10), new Rng(14));
        var adapter = model.Blocks[0].Attn.QProj.AttachAdapter(2, 4, new Rng(15));
        Init.Normal(adapter.B, 0, 0.5, new Rng(16));
        model.Head.AttachAdapter(1, 2, new Rng(17)).B.F32.Fill(0.3f);
        var tokens = Tensor.RandN([1, 10, 5], new Rng(18));
        var full = model.Forward(tokens).ToFloatArray();
        var cache = model.CreateCache();
        var output = new float[3];
        for (int t = 0; t < 10; t++)
        {
            model.Step(cache, tokens.F32.Slice(t * 5, 5), output);
            for (int o = 0; o < 3; o++) { Assert.True(Math.Abs(output[o] - full[(t * 3) + o]) < 1e-5, $"t={t}: {output[o]} vs {full[(t * 3) + o]}"); }
        }
    }

    [Fact]
    public void A_cached_step_allocates_nothing()
    {
        var model = new Gpt(Small(context: 40), new Rng(19));
        var tokens = Tensor.RandN([1, 40, 5], new Rng(20)).F32.ToArray();
        var cache = model.CreateCache();
        var output = new float[3];
        for (int t = 0; t < 20; t++) { model.Step(cache, tokens.AsSpan(t * 5, 5), output); }
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int t = 20; t < 40; t++) { model.Step(cache, tokens.AsSpan(t * 5, 5), output); }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Dropout_is_active_in_training_and_off_in_evaluation()
    {
        var model = new Gpt(Small(dropout: 0.2), new Rng(8), new Rng(9));
        var x = Tensor.RandN([2, 10, 5], new Rng(10));
        Assert.NotEqual(model.Forward(x).ToFloatArray(), model.Forward(x).ToFloatArray());
        model.Eval();
        var y = model.Forward(x).ToFloatArray();
        Assert.Equal(y, model.Forward(x).ToFloatArray());
        Assert.Throws<ArgumentException>(() => new Gpt(Small(dropout: 0.2), new Rng(8)));
    }

    [Fact]
    public void Training_with_adamw_fits_a_copy_task_that_needs_attention()
    {
        // Output at t must name the one-hot class of token t−2: only attention to an earlier position can tell.
        var rng = new Rng(11);
        var options = new GptOptions { TokenDim = 3, OutputDim = 3, Layers = 1, Heads = 2, ModelDim = 16, MlpWidth = 32, Context = 12 };
        var model = new Gpt(options, rng);
        var opt = AdamW.Create(model.Parameters(), learningRate: 1e-2, weightDecay: 0);
        const int batch = 16, steps = 12;
        var tokens = Tensor.Zeros([batch, steps, 3]);
        var targets = new int[batch * (steps - 2)];
        var classes = new int[batch * steps];
        for (int i = 0; i < classes.Length; i++) { classes[i] = rng.NextInt(3); tokens.F32[(i * 3) + classes[i]] = 1; }
        for (int b = 0; b < batch; b++)
        {
            for (int t = 2; t < steps; t++) { targets[(b * (steps - 2)) + t - 2] = classes[(b * steps) + t - 2]; }
        }
        var target = Tensor.FromArray(targets, targets.Length, 1);
        double Loss()
        {
            var logits = Ops.Reshape(Ops.Slice(model.Forward(tokens), 1, 2, steps - 2), -1, 3);
            var loss = Ops.Neg(Ops.Mean(Ops.Gather(Ops.LogSoftmax(logits, -1), 1, target)));
            opt.ZeroGrad();
            loss.Backward();
            opt.Step();
            return loss.Item();
        }
        double first = Loss();
        double last = first;
        for (int i = 0; i < 150; i++) { last = Loss(); }
        Assert.True(first > 1.0 && last < 0.1, $"loss {first} -> {last}");
    }

    [Fact]
    public void Bad_options_and_inputs_are_rejected_with_the_setting_named()
    {
        var e = Assert.Throws<ArgumentException>(() => new Gpt(new GptOptions { TokenDim = 4, OutputDim = 2, ModelDim = 30, Heads = 4 }, new Rng(1)));
        Assert.Contains("n_head", e.Message);
        Assert.Throws<ArgumentException>(() => new Gpt(new GptOptions { TokenDim = 0, OutputDim = 2 }, new Rng(1)));
        var model = new Gpt(Small(context: 8), new Rng(1));
        Assert.Throws<ArgumentException>(() => model.Forward(Tensor.Zeros([1, 9, 5])));
        Assert.Throws<ArgumentException>(() => model.Forward(Tensor.Zeros([1, 4, 6])));
        Assert.Throws<ArgumentException>(() => model.Step(new float[4]));
    }
}
