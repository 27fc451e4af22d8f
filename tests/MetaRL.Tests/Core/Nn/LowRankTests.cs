using MetaRL.Nn;
using MetaRL.Random;
using MetaRL.Tensors;

namespace MetaRL.Tests.Core.Nn;

public sealed class LowRankTests
{
    private static Sequential TwoLayers(int seed) =>
        new(new Linear(6, 5, new Rng(seed)), new ActivationLayer(Activation.Tanh), new Linear(5, 3, new Rng(seed + 1)));

    private static Tensor Input(int seed) => Tensor.RandU([4, 6], new Rng(seed), -1, 1);

    /// <summary>Gives every adapter a non-zero B so that it changes the output.</summary>
    private static void Perturb(Module model, int seed)
    {
        var rng = new Rng(seed);
        foreach (var (name, p) in model.NamedParameters().Where(p => p.Name.EndsWith(".lora.b", StringComparison.Ordinal)))
        {
            for (int i = 0; i < p.Numel; i++) { p.F32[i] = (float)rng.Uniform(-0.5, 0.5); }
        }
    }

    [Fact]
    public void A_fresh_adapter_leaves_the_output_unchanged_and_its_term_matches_the_naive_formula()
    {
        var model = TwoLayers(1);
        var before = model.Forward(Input(2)).Detach();
        LowRank.Attach(model, _ => true, rank: 2, alpha: 4, new Rng(3));
        Assert.Equal(0, NnTestUtil.MaxAbsDiff(before, model.Forward(Input(2))));

        var layer = (Linear)model.Layers[0];
        Perturb(model, 4);
        var x = Input(2);
        var delta = layer.Adapter!.Delta(x);
        var (a, b) = (layer.Adapter.A, layer.Adapter.B);
        for (int n = 0; n < 4; n++)
        {
            for (int o = 0; o < 5; o++)
            {
                double sum = 0;
                for (int r = 0; r < 2; r++)
                {
                    double ax = 0;
                    for (int i = 0; i < 6; i++) { ax += a[r * 6 + i] * x[n * 6 + i]; }
                    sum += b[o * 2 + r] * ax;
                }
                Assert.Equal(2.0 * sum, delta[n * 5 + o], 5);
            }
        }
    }

    [Fact]
    public void Only_the_adapters_receive_gradients()
    {
        var model = TwoLayers(1);
        var adapted = LowRank.Attach(model, path => path == "0", rank: 2, alpha: 2, new Rng(3));
        Assert.Equal(["0"], adapted);
        Perturb(model, 4);
        Ops.Sum(model.Forward(Input(2))).Backward();
        foreach (var (name, p) in model.NamedParameters())
        {
            bool adapter = name.Contains(LowRank.Marker, StringComparison.Ordinal);
            Assert.Equal(adapter, p.RequiresGrad);
            Assert.Equal(adapter, p.Grad is not null);
        }
        Assert.Equal(["0.lora.a", "0.lora.b"], LowRank.AdapterState(model).Keys.Order(StringComparer.Ordinal));
        Assert.Equal(2 * 6 + 5 * 2, LowRank.Trainable(model).Sum(p => p.Numel));
    }

    [Fact]
    public void Merged_and_unmerged_give_the_same_outputs_and_merging_restores_the_base_structure()
    {
        var model = TwoLayers(1);
        var names = model.NamedParameters().Select(p => p.Name).ToArray();
        LowRank.Attach(model, _ => true, rank: 3, alpha: 8, new Rng(3));
        Perturb(model, 4);
        var unmerged = model.Forward(Input(2)).Detach();
        Assert.True(NnTestUtil.MaxAbsDiff(unmerged, TwoLayersOutput(1)) > 1e-3, "the adapters must change the output for the test to mean anything");
        Assert.Equal(2, LowRank.Merge(model));
        Assert.Equal(names, model.NamedParameters().Select(p => p.Name));
        Assert.True(NnTestUtil.MaxAbsDiff(unmerged, model.Forward(Input(2))) < 1e-5);
        var plain = TwoLayers(9);
        plain.LoadStateDict(model.StateDict());
        Assert.True(NnTestUtil.MaxAbsDiff(unmerged, plain.Forward(Input(2))) < 1e-5);
    }

    private static Tensor TwoLayersOutput(int seed) => TwoLayers(seed).Forward(Input(2));

    [Fact]
    public void Bad_adapter_settings_are_refused()
    {
        var layer = new Linear(3, 2, new Rng(1));
        Assert.Throws<ArgumentOutOfRangeException>(() => layer.AttachAdapter(0, 1, new Rng(2)));
        Assert.Throws<ArgumentOutOfRangeException>(() => layer.AttachAdapter(1, double.NaN, new Rng(2)));
        layer.AttachAdapter(1, 1, new Rng(2));
        Assert.Throws<InvalidOperationException>(() => layer.AttachAdapter(1, 1, new Rng(2)));
        Assert.Throws<InvalidOperationException>(() => new Linear(3, 2, new Rng(1)).MergeAdapter());
    }
}
