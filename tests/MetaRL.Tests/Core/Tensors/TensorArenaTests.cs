using MetaRL.Autograd;
using MetaRL.Cli.Commands.Bench;
using MetaRL.Random;
using MetaRL.Tensors;

namespace MetaRL.Tests.Core.Tensors;

/// <summary>The step arena: steady-state updates allocate (almost) nothing, and pooling changes no value — a buffer
/// is never handed out while a tensor of the step still uses it, and nothing that outlives the step is pooled.</summary>
public sealed class TensorArenaTests
{
    /// <summary>Issue 26's bound for one steady-state PPO minibatch update.</summary>
    private const long PpoUpdateBytes = 16 * 1024;

    [Fact]
    public void A_steady_state_ppo_update_allocates_at_most_16_KB()
    {
        var bench = new PpoUpdateBench(seed: 5);
        long bytes = bench.MeasureAllocatedBytes(warmup: 20, updates: 200);
        Assert.True(bytes <= PpoUpdateBytes, $"{bytes} bytes allocated per update (bound {PpoUpdateBytes})");
        Assert.True(double.IsFinite(bench.LastLoss));
    }

    [Fact]
    public void The_same_update_without_the_arena_allocates_far_more()
    {
        // The bound above is met by the pool, not by a change of workload: unpooled, the same update allocates its
        // activations and gradients afresh (over 0.5 MB).
        var bench = new PpoUpdateBench(seed: 5, pooled: false);
        Assert.True(bench.MeasureAllocatedBytes(warmup: 5, updates: 20) > 256 * 1024);
    }

    [Fact]
    public void Ppo_updates_give_bit_identical_losses_and_weights_with_and_without_the_pool()
    {
        // Buffers given back are filled with NaN, so any value read after its step (a buffer handed out while still
        // in use, a pooled gradient left on a parameter) would show as NaN or as a difference.
        TensorArena.PoisonOnReturn = true;
        try
        {
            var pooled = new PpoUpdateBench(seed: 9);
            var plain = new PpoUpdateBench(seed: 9, pooled: false);
            for (int i = 0; i < 40; i++)
            {
                pooled.Update();
                plain.Update();
                Assert.Equal(BitConverter.DoubleToInt64Bits(plain.LastLoss), BitConverter.DoubleToInt64Bits(pooled.LastLoss));
            }
            for (int p = 0; p < plain.Parameters.Count; p++)
            {
                Assert.Equal(plain.Parameters[p].ToFloatArray(), pooled.Parameters[p].ToFloatArray());
                Assert.Equal(plain.Parameters[p].Grad!.ToFloatArray(), pooled.Parameters[p].Grad!.ToFloatArray());
            }
        }
        finally
        {
            TensorArena.PoisonOnReturn = false;
        }
    }

    [Fact]
    public void Within_a_step_every_result_has_its_own_buffer_and_the_next_step_reuses_them()
    {
        var x = Tensor.RandN([8, 16], new Rng(1));
        var first = new List<Array>();
        using (TensorArena.Step())
        {
            for (int i = 0; i < 10; i++) { first.Add(Ops.Tanh(x).Storage); }
            Assert.Equal(first.Count, first.Distinct(ReferenceEqualityComparer.Instance).Count());
        }
        using (TensorArena.Step())
        {
            var again = Ops.Tanh(x).Storage;
            Assert.Contains(first, a => ReferenceEquals(a, again));
        }
    }

    [Fact]
    public void Public_factories_and_clones_inside_a_step_are_not_pooled()
    {
        TensorArena.PoisonOnReturn = true;
        try
        {
            Tensor zeros, clone, full;
            using (TensorArena.Step())
            {
                zeros = Tensor.Zeros([4, 4]);
                full = Tensor.Full([3], 2.5);
                clone = Ops.MulScalar(Tensor.Ones([5]), 2).Clone();
            }
            using (TensorArena.Step()) { for (int i = 0; i < 8; i++) { _ = Ops.MulScalar(Tensor.Ones([4, 4]), 3); _ = Ops.Exp(Tensor.Zeros([5])); } }
            Assert.All(zeros.ToFloatArray(), v => Assert.Equal(0f, v));
            Assert.All(full.ToFloatArray(), v => Assert.Equal(2.5f, v));
            Assert.All(clone.ToFloatArray(), v => Assert.Equal(2f, v));
        }
        finally
        {
            TensorArena.PoisonOnReturn = false;
        }
    }

    [Fact]
    public void Leaf_gradients_outlive_the_step_and_accumulate_as_without_it()
    {
        var rng = new Rng(4);
        var w = Tensor.RandN([3, 5], rng).RequireGrad();
        var x = Tensor.RandN([7, 5], rng);
        var plain = w.Detach().Clone().RequireGrad();
        TensorArena.PoisonOnReturn = true;
        try
        {
            for (int k = 0; k < 2; k++)
            {
                using (TensorArena.Step()) { Ops.Sum(Ops.Tanh(Ops.Linear(x, w))).Backward(); }
                Ops.Sum(Ops.Tanh(Ops.Linear(x, plain))).Backward();
            }
        }
        finally
        {
            TensorArena.PoisonOnReturn = false;
        }
        Assert.Equal(plain.Grad!.ToFloatArray(), w.Grad!.ToFloatArray());
    }

    [Fact]
    public void A_nested_step_gives_back_only_its_own_buffers()
    {
        var x = Tensor.RandN([6], new Rng(2));
        TensorArena.PoisonOnReturn = true;
        try
        {
            using (TensorArena.Step())
            {
                var outer = Ops.Exp(x);
                var expected = outer.ToFloatArray();
                using (TensorArena.Step()) { _ = Ops.Exp(x); }
                for (int i = 0; i < 4; i++) { _ = Ops.Tanh(x); }
                Assert.Equal(expected, outer.ToFloatArray());
            }
        }
        finally
        {
            TensorArena.PoisonOnReturn = false;
        }
    }

    [Fact]
    public void A_module_built_inside_a_step_keeps_its_parameters_after_it()
    {
        // A parameter made by ops (here a scaled random init) inside a step is copied out of the pool when registered.
        TensorArena.PoisonOnReturn = true;
        try
        {
            ScaledInit module;
            float[] expected;
            using (TensorArena.Step())
            {
                module = new ScaledInit(new Rng(6));
                Assert.False(TensorArena.IsPooled(module.W));
                expected = module.W.ToFloatArray();
            }
            using (TensorArena.Step()) { for (int i = 0; i < 4; i++) { _ = Ops.MulScalar(Tensor.Ones([4, 3]), 7); } }
            Assert.Equal(expected, module.W.ToFloatArray());
        }
        finally
        {
            TensorArena.PoisonOnReturn = false;
        }
    }

    private sealed class ScaledInit : MetaRL.Nn.Module
    {
        public ScaledInit(Rng rng) => W = RegisterParameter("w", Ops.MulScalar(Tensor.RandN([4, 3], rng), 0.02).Detach());

        public Tensor W { get; }
    }

    [Fact]
    public void Backward_with_create_graph_inside_a_step_is_refused()
    {
        var w = Tensor.RandN([4], new Rng(3)).RequireGrad();
        using var step = TensorArena.Step();
        var loss = Ops.Sum(Ops.Mul(w, w));
        var error = Assert.Throws<InvalidOperationException>(() => loss.Backward(createGraph: true));
        Assert.Contains("TensorArena", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Scopes_closed_out_of_order_are_refused()
    {
        var outer = TensorArena.Step();
        var inner = TensorArena.Step();
        Assert.Throws<InvalidOperationException>(() => outer.Dispose());
        inner.Dispose();
        outer.Dispose();
        Assert.False(TensorArena.IsActive);
    }
}
