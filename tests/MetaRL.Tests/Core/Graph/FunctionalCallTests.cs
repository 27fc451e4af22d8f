using MetaRL.Nn;
using MetaRL.Random;
using MetaRL.Tensors;

namespace MetaRL.Tests.Core.Graph;

/// <summary>Fast weights: Functional.Call substitutes parameters, restores them, nests, and is per thread.</summary>
public sealed class FunctionalCallTests
{
    private static readonly Tensor X = Tensor.FromArray(new[] { 0.5, -1.0, 2.0, 0.25 }, 2, 2);

    private static Linear MakeLinear() => new(2, 1, new Rng(3), dtype: DType.Float64);

    private static Tensor[] Values(double w0, double w1, double b) =>
        [Tensor.FromArray(new[] { w0, w1 }, 1, 2), Tensor.FromArray(new[] { b }, 1)];

    private static double[] Expected(double w0, double w1, double b) =>
        [0.5 * w0 - 1.0 * w1 + b, 2.0 * w0 + 0.25 * w1 + b];

    [Fact]
    public void Call_substitutes_the_parameters_and_restores_them()
    {
        var lin = MakeLinear();
        var before = lin.Forward(X).ToDoubleArray();
        var inside = Functional.Call(lin, Values(1, 2, 3), () => lin.Forward(X));
        Assert.Equal(Expected(1, 2, 3), inside.ToDoubleArray());
        Assert.Equal(before, lin.Forward(X).ToDoubleArray());
    }

    [Fact]
    public void Call_restores_the_parameters_when_the_body_throws()
    {
        var lin = MakeLinear();
        var before = lin.Forward(X).ToDoubleArray();
        Assert.Throws<InvalidOperationException>(() => Functional.Call<Tensor>(lin, Values(1, 2, 3), () => throw new InvalidOperationException("boom")));
        Assert.Equal(before, lin.Forward(X).ToDoubleArray());
    }

    [Fact]
    public void Nested_scopes_override_and_unwind_in_order()
    {
        var a = MakeLinear();
        var b = MakeLinear();
        var bOriginal = b.Forward(X).ToDoubleArray();
        using (Functional.Substitute(a, Values(1, 0, 0)))
        {
            Assert.Equal(Expected(1, 0, 0), a.Forward(X).ToDoubleArray());
            using (Functional.Substitute(a, Values(0, 1, 0)))
            using (Functional.Substitute(b, Values(0, 0, 5)))
            {
                Assert.Equal(Expected(0, 1, 0), a.Forward(X).ToDoubleArray());
                Assert.Equal(Expected(0, 0, 5), b.Forward(X).ToDoubleArray());
            }
            Assert.Equal(Expected(1, 0, 0), a.Forward(X).ToDoubleArray());
            Assert.Equal(bOriginal, b.Forward(X).ToDoubleArray());
        }
    }

    [Fact]
    public void Gradients_flow_to_the_substituted_tensors_not_the_parameters()
    {
        var lin = MakeLinear();
        var values = Values(1, 2, 3);
        foreach (var v in values) { v.RequireGrad(); }
        var loss = Ops.Sum(Functional.Call(lin, values, () => lin.Forward(X)));
        var g = MetaRL.Autograd.Autograd.Grad(loss, [.. values, .. lin.Parameters()], allowUnused: true);
        Assert.Equal(new[] { 2.5, -0.75 }, g[0].ToDoubleArray());
        Assert.Equal(new[] { 2.0 }, g[1].ToDoubleArray());
        Assert.All(g[2].ToDoubleArray(), v => Assert.Equal(0.0, v));
    }

    [Fact]
    public void Bad_substitutions_are_rejected_with_messages()
    {
        var lin = MakeLinear();
        var count = Assert.Throws<ArgumentException>(() => Functional.Substitute(lin, [Tensor.Zeros([1, 2], DType.Float64)]));
        Assert.Contains("2 parameters", count.Message, StringComparison.Ordinal);
        var shape = Assert.Throws<ArgumentException>(() => Functional.Substitute(lin, [Tensor.Zeros([2, 1], DType.Float64), Tensor.Zeros([1], DType.Float64)]));
        Assert.Contains("weight", shape.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_threads_with_different_fast_weights_on_one_module_each_get_their_own_result()
    {
        var lin = MakeLinear();
        var original = lin.Forward(X).ToDoubleArray();
        const int rounds = 300;
        using var barrier = new Barrier(2);
        var failures = new string?[2];
        void Worker(int id)
        {
            double w = id == 0 ? 1 : -3;
            var expected = Expected(w, 2 * w, w);
            for (int r = 0; r < rounds && failures[id] is null; r++)
            {
                barrier.SignalAndWait();
                var y = Functional.Call(lin, Values(w, 2 * w, w), () =>
                {
                    var h = lin.Forward(X);
                    Thread.Yield();
                    return h + lin.Forward(X) * 0.0;
                });
                if (!y.ToDoubleArray().SequenceEqual(expected)) { failures[id] = $"thread {id} round {r}: [{string.Join(", ", y.ToDoubleArray())}]"; }
            }
            barrier.RemoveParticipant();
        }
        var threads = new[] { new Thread(() => Worker(0)), new Thread(() => Worker(1)) };
        foreach (var t in threads) { t.Start(); }
        foreach (var t in threads) { t.Join(); }
        Assert.Null(failures[0]);
        Assert.Null(failures[1]);
        Assert.Equal(original, lin.Forward(X).ToDoubleArray());
    }
}
