using MetaRL.Learning.Meta;

namespace MetaRL.Tests.Learning.Meta;

public sealed class ReptileTests
{
    /// <summary>Reptile's outer step now comes from <see cref="MetaRL.Optim.LinearSchedule"/>; it must be the expression
    /// it was computed with inline (<c>ε·max(0, 1 − i/N)</c>), bit for bit, including the iterations past N.</summary>
    [Fact]
    public void Outer_step_is_the_inline_anneal_bit_for_bit_and_zero_past_anneal_iterations()
    {
        foreach (double eps in new[] { 1.0, 0.7, 0.1 })
        {
            foreach (int n in new[] { 1, 3, 60, 150 })
            {
                var options = new ReptileOptions { OuterStepSize = eps, AnnealIterations = n };
                for (long i = 0; i < n + 5; i++) { Assert.Equal(eps * Math.Max(0, 1 - (double)i / n), Reptile.OuterStepSize(options, i)); }
                Assert.Equal(0.0, Reptile.OuterStepSize(options, n + 1));
            }
        }
    }

    [Fact]
    public void Outer_step_is_constant_without_anneal_iterations()
    {
        var options = new ReptileOptions { OuterStepSize = 0.4 };
        Assert.Equal(0.4, Reptile.OuterStepSize(options, 0));
        Assert.Equal(0.4, Reptile.OuterStepSize(options, 10_000));
    }
}
