using MetaRL.Tensors;

namespace MetaRL.Tests.Core.Graph;

/// <summary>Regression: a + b handed the same gradient buffer to both leaves, so scaling one leaf's Grad in
/// place (as gradient clipping and optimizers do) silently scaled the other's too.</summary>
public sealed class GradientBufferOwnershipTests
{
    [Fact]
    public void Leaves_fed_by_one_add_get_gradients_that_do_not_share_storage()
    {
        var a = Tensor.FromArray(new float[] { 1, 2, 3 }, 3).RequireGrad();
        var b = Tensor.FromArray(new float[] { 4, 5, 6 }, 3).RequireGrad();
        (a + b).Sum().Backward();

        a.Grad!.F32[0] = 100f;

        Assert.Equal(1f, b.Grad!.F32[0]);
    }

    [Fact]
    public void A_leaf_gradient_does_not_alias_the_seed_gradient_the_caller_passed()
    {
        var a = Tensor.FromArray(new float[] { 1, 2 }, 2).RequireGrad();
        var seed = Tensor.FromArray(new float[] { 1, 1 }, 2);
        (a + 0.0).Backward(seed);

        a.Grad!.F32[0] = 7f;

        Assert.Equal(1f, seed.F32[0]);
    }
}
