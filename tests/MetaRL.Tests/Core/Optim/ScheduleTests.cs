using MetaRL.Optim;
using MetaRL.Tensors;

namespace MetaRL.Tests.Core.Optim;

public sealed class ScheduleTests
{
    [Fact]
    public void Linear_schedule_reproduces_cleanrls_anneal()
    {
        const double lr = 2.5e-4;
        const int numUpdates = 7;
        var schedule = new LinearSchedule(lr, numUpdates);
        for (int update = 1; update <= numUpdates; update++)
        {
            double frac = 1.0 - (update - 1.0) / numUpdates;
            Assert.Equal(frac * lr, schedule.At(update - 1), 15);
        }
        Assert.Equal(0.0, schedule.At(numUpdates));
        Assert.Equal(0.0, schedule.At(numUpdates + 10));
    }

    [Fact]
    public void Linear_schedule_reaches_its_final_rate_and_stays_there()
    {
        var schedule = new LinearSchedule(1.0, 4, final: 0.2);
        Assert.Equal(1.0, schedule.At(0));
        Assert.Equal(0.6, schedule.At(2), 15);
        Assert.Equal(0.2, schedule.At(4), 15);
        Assert.Equal(0.2, schedule.At(100), 15);
    }

    /// <summary>The learners annealed inline before the schedule had this form (PPO, A2C, recurrent PPO wrote
    /// <c>(1 − i/N)·lr</c>, Reptile <c>ε·max(0, 1 − i/N)</c>); their golden runs pin it bit for bit.</summary>
    [Fact]
    public void Remaining_form_is_cleanrls_frac_times_lr_bit_for_bit_and_clamps_at_zero()
    {
        foreach (double lr in new[] { 2.5e-4, 7e-4, 1e-3, 0.3, 1.0 })
        {
            foreach (long n in new long[] { 1, 3, 7, 39, 150, 976 })
            {
                var schedule = new LinearSchedule(lr, n, form: LinearForm.Remaining);
                for (long i = 0; i < n; i++) { Assert.Equal((1.0 - (double)i / n) * lr, schedule.At(i)); }
                for (long i = n; i < n + 3; i++) { Assert.Equal(lr * Math.Max(0, 1 - (double)i / n), schedule.At(i)); }
            }
        }
    }

    [Fact]
    public void Progress_form_keeps_the_sum_rl2_recorded_and_the_two_forms_differ_in_the_last_bit()
    {
        const double lr = 2.5e-4;
        var progress = new LinearSchedule(lr, 7);
        var remaining = new LinearSchedule(lr, 7, form: LinearForm.Remaining);
        Assert.Equal(LinearForm.Progress, progress.Form);
        for (long i = 0; i <= 7; i++) { Assert.Equal(lr + (0 - lr) * (i / 7.0), progress.At(i)); }
        Assert.Equal(0.0001785714285714286, progress.At(2));
        Assert.Equal(0.00017857142857142857, remaining.At(2));
        Assert.Equal(progress.At(2), remaining.At(2), 15);
    }

    [Fact]
    public void Remaining_form_reaches_a_nonzero_final_rate_and_stays_there()
    {
        var schedule = new LinearSchedule(1.0, 4, final: 0.2, form: LinearForm.Remaining);
        Assert.Equal(1.0, schedule.At(0), 15);
        Assert.Equal(0.6, schedule.At(2), 15);
        Assert.Equal(0.2, schedule.At(4));
        Assert.Equal(0.2, schedule.At(100));
    }

    [Fact]
    public void Cosine_schedule_falls_from_maximum_to_minimum_along_half_a_cosine()
    {
        var schedule = new CosineSchedule(1.0, 100, minimum: 0.1);
        Assert.Equal(1.0, schedule.At(0), 15);
        Assert.Equal(0.55, schedule.At(50), 15);
        Assert.Equal(0.1 + 0.45 * (1 + Math.Cos(Math.PI * 0.25)), schedule.At(25), 15);
        Assert.Equal(0.1, schedule.At(100), 15);
        Assert.Equal(0.1, schedule.At(1000), 15);
        for (int t = 1; t <= 100; t++) { Assert.True(schedule.At(t) <= schedule.At(t - 1)); }
    }

    [Fact]
    public void Cosine_warm_up_rises_linearly_from_zero_then_anneals()
    {
        var schedule = new CosineSchedule(2.0, 110, warmupSteps: 10);
        Assert.Equal(0.0, schedule.At(0));
        Assert.Equal(1.0, schedule.At(5), 15);
        Assert.Equal(2.0, schedule.At(10), 15);
        Assert.Equal(1.0, schedule.At(60), 15);
        Assert.Equal(0.0, schedule.At(110), 15);
    }

    [Fact]
    public void Constant_schedule_never_changes()
    {
        var schedule = new ConstantSchedule(3e-4);
        Assert.Equal(3e-4, schedule.At(0));
        Assert.Equal(3e-4, schedule.At(long.MaxValue));
    }

    [Fact]
    public void Apply_sets_the_optimizers_learning_rate_for_the_step()
    {
        var p = Tensor.Zeros([1]);
        var adam = new Adam([p], new AdamOptions { LearningRate = 1.0 });
        double lr = new LinearSchedule(1.0, 10).Apply(adam, 3);
        Assert.Equal(0.7, lr, 15);
        Assert.Equal(0.7, adam.LearningRate, 15);
    }

    [Fact]
    public void Invalid_schedules_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new CosineSchedule(1.0, 10, warmupSteps: 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CosineSchedule(1.0, 10, minimum: 2.0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LinearSchedule(1.0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LinearSchedule(1.0, 10, form: (LinearForm)2));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ConstantSchedule(double.NaN));
    }
}
