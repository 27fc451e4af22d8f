using MetaRL.Optim;

namespace MetaRL.Tests.Core.Optim;

/// <summary>The schedules check their arguments in declaration order and name the first bad one.</summary>
public sealed class ScheduleValidationTests
{
    [Theory]
    [InlineData(-1.0, 0L, 5.0, -1L, "maximum")]
    [InlineData(1.0, 0L, 5.0, -1L, "minimum")]
    [InlineData(1.0, 0L, 0.5, -1L, "totalSteps")]
    [InlineData(1.0, 10L, 0.5, -1L, "warmupSteps")]
    [InlineData(1.0, 10L, 0.5, 10L, "warmupSteps")]
    public void Given_several_bad_cosine_arguments_then_the_first_is_named(double maximum, long total, double minimum, long warmup, string name)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new CosineSchedule(maximum, total, minimum, warmup));
        Assert.Equal(name, ex.ParamName);
    }

    [Theory]
    [InlineData(double.NaN, 0L, 2, "initial")]
    [InlineData(1.0, 0L, 2, "totalSteps")]
    [InlineData(1.0, 5L, 2, "form")]
    public void Given_several_bad_linear_arguments_then_the_first_is_named(double initial, long total, int form, string name)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new LinearSchedule(initial, total, 0, (LinearForm)form));
        Assert.Equal(name, ex.ParamName);
    }

    [Fact]
    public void Given_valid_arguments_then_the_properties_hold_them()
    {
        var cosine = new CosineSchedule(0.5, 100, 0.1, 10);
        Assert.Equal((0.5, 0.1, 100L, 10L), (cosine.Maximum, cosine.Minimum, cosine.TotalSteps, cosine.WarmupSteps));
        var linear = new LinearSchedule(0.5, 100, 0.2, LinearForm.Remaining);
        Assert.Equal((0.5, 0.2, 100L, LinearForm.Remaining), (linear.Initial, linear.Final, linear.TotalSteps, linear.Form));
    }
}
