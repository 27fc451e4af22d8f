using MetaRL.Autograd;
using MetaRL.Tensors;
using MetaRL.Tests.TestSupport;
using AD = MetaRL.Autograd.Autograd;

namespace MetaRL.Tests.Core.Graph;

/// <summary>Grad modes, detach, accumulation, error cases and anomaly detection.</summary>
public sealed class AutogradBehaviourTests
{
    private static Tensor Leaf(params double[] values) => Tensor.FromArray(values, values.Length).RequireGrad();

    [Fact]
    public void NoGrad_scope_records_nothing_and_restores_the_previous_mode()
    {
        var x = Leaf(1, 2, 3);
        Assert.True(AD.IsGradEnabled);
        using (AD.NoGrad())
        {
            Assert.False(AD.IsGradEnabled);
            var y = Ops.Tanh(x * x).Sum();
            Assert.False(y.RequiresGrad);
            Assert.Null(y.GradFnName);
            using (AD.EnableGrad())
            {
                Assert.True(Ops.Exp(x).RequiresGrad);
                using (AD.NoGrad()) { Assert.False(Ops.Exp(x).RequiresGrad); }
                Assert.True(AD.IsGradEnabled);
            }
            Assert.False(AD.IsGradEnabled);
        }
        Assert.True(AD.IsGradEnabled);
        Assert.Equal("tanh", Ops.Tanh(x).GradFnName);
    }

    [Fact]
    public void NoGrad_is_per_thread()
    {
        bool other = false;
        using (AD.NoGrad())
        {
            var thread = new Thread(() => other = AD.IsGradEnabled);
            thread.Start();
            thread.Join();
        }
        Assert.True(other);
    }

    [Fact]
    public void Detach_cuts_the_graph_but_shares_storage()
    {
        var x = Leaf(1, 2, 3);
        var d = (x * 2.0).Detach();
        Assert.False(d.RequiresGrad);
        Assert.True(d.IsLeaf);
        var xd = x.Detach();
        xd.F64[0] = 10;
        Assert.Equal(10, x[0]);
        xd.F64[0] = 1;
        Ops.Sum(x * x.Detach()).Backward();
        Assert.Equal(new[] { 1.0, 2.0, 3.0 }, x.Grad!.ToDoubleArray());
    }

    [Fact]
    public void Two_backward_calls_accumulate_their_gradients()
    {
        var x = Leaf(0.5, -1, 2);
        Ops.Sum(x * x).Backward();
        Assert.Equal(new[] { 1.0, -2.0, 4.0 }, x.Grad!.ToDoubleArray());
        Ops.Sum(x * 3.0).Backward();
        Assert.Equal(new[] { 4.0, 1.0, 7.0 }, x.Grad!.ToDoubleArray());
        Assert.False(x.Grad!.RequiresGrad);
        x.Grad = null;
        Ops.Sum(x).Backward();
        Assert.Equal(new[] { 1.0, 1.0, 1.0 }, x.Grad!.ToDoubleArray());
    }

    [Fact]
    public void Backward_from_a_non_scalar_needs_an_explicit_gradient()
    {
        var x = Leaf(1, 2);
        var y = Ops.Reshape(x * x, 1, 2);
        var ex = Assert.Throws<InvalidOperationException>(() => y.Backward());
        Assert.Contains("non-scalar", ex.Message, StringComparison.Ordinal);
        Assert.Contains("[1, 2]", ex.Message, StringComparison.Ordinal);
        y.Backward(Tensor.FromArray(new[] { 1.0, 10.0 }, 1, 2));
        Assert.Equal(new[] { 2.0, 40.0 }, x.Grad!.ToDoubleArray());
        Assert.Throws<ArgumentException>(() => y.Backward(Tensor.FromArray(new[] { 1.0, 10.0 }, 2)));
    }

    [Fact]
    public void Backward_from_a_constant_is_an_error()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => Ops.Sum(Tensor.Ones([2], DType.Float64)).Backward());
        Assert.Contains("does not require gradients", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Grad_reports_unused_inputs_unless_allowUnused()
    {
        var x = Leaf(1, 2);
        var unused = Leaf(5, 6, 7);
        unused.Name = "stray";
        var ex = Assert.Throws<InvalidOperationException>(() => AD.Grad(Ops.Sum(x * x), [x, unused]));
        Assert.Contains("stray", ex.Message, StringComparison.Ordinal);
        Assert.Contains("allowUnused", ex.Message, StringComparison.Ordinal);
        var g = AD.Grad(Ops.Sum(x * x), [x, unused], allowUnused: true);
        Assert.Equal(new[] { 2.0, 4.0 }, g[0].ToDoubleArray());
        Assert.Equal(new[] { 3 }, g[1].ShapeArray());
        Assert.All(g[1].ToDoubleArray(), v => Assert.Equal(0.0, v));
        Assert.Null(x.Grad);
    }

    [Fact]
    public void Grad_of_a_non_leaf_input_is_returned()
    {
        var x = Leaf(1, 2);
        var h = x * 3.0;
        var g = AD.Grad(Ops.Sum(h * h), [h, x]);
        Assert.Equal(new[] { 6.0, 12.0 }, g[0].ToDoubleArray());
        Assert.Equal(new[] { 18.0, 36.0 }, g[1].ToDoubleArray());
    }

    [Fact]
    public void DetectAnomaly_names_the_op_that_made_a_non_finite_value()
    {
        var x = Leaf(1, -1);
        try
        {
            AD.DetectAnomaly = true;
            var ex = Assert.Throws<NonFiniteException>(() => Ops.Log(x));
            Assert.Equal("log", ex.Op);
            Assert.Contains("'log'", ex.Message, StringComparison.Ordinal);
            using (AD.NoGrad()) { Assert.Equal("log", Assert.Throws<NonFiniteException>(() => Ops.Log(x)).Op); }
        }
        finally { AD.DetectAnomaly = false; }
        Assert.True(double.IsNaN(Ops.Log(x)[1]));
    }

    [Fact]
    public void DetectAnomaly_names_the_op_whose_backward_made_a_non_finite_gradient()
    {
        var x = Leaf(0, 4);
        var y = Ops.Sum(Ops.Sqrt(x));
        try
        {
            AD.DetectAnomaly = true;
            var ex = Assert.Throws<NonFiniteException>(() => y.Backward());
            Assert.Contains("sqrt", ex.Op, StringComparison.Ordinal);
            Assert.Contains("backward", ex.Op, StringComparison.Ordinal);
        }
        finally { AD.DetectAnomaly = false; }
    }

    [Fact]
    public void Gradients_on_float32_agree_with_float64()
    {
        var x64 = GradCheck.Rand(3, -1, 1, 4, 3);
        var x32 = x64.To(DType.Float32).RequireGrad();
        x64.RequireGrad();
        Ops.Sum(Ops.Softmax(Ops.Tanh(x64)) * x64).Backward();
        Ops.Sum(Ops.Softmax(Ops.Tanh(x32)) * x32).Backward();
        for (int i = 0; i < 12; i++) { Assert.Equal(x64.Grad![i], x32.Grad![i], 1e-5); }
    }
}
