namespace MetaRL.Optim;

/// <summary>
/// A learning rate as a function of the step. Steps count from 0 (the first update is step 0, i.e. CleanRL's
/// <c>update − 1</c>). Call <see cref="Apply"/> before each optimizer step.
/// </summary>
public abstract class LearningRateSchedule
{
    /// <summary>The learning rate at <paramref name="step"/> (≥ 0).</summary>
    public abstract double At(long step);

    /// <summary>Sets the optimizer's learning rate for <paramref name="step"/> and returns it.</summary>
    public double Apply(Optimizer optimizer, long step)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        double lr = At(step);
        optimizer.LearningRate = lr;
        return lr;
    }

    /// <summary>Throws unless <paramref name="value"/> is a finite, non-negative learning rate.</summary>
    protected static double CheckRate(double value, string name)
    {
        if (!(value >= 0) || double.IsInfinity(value)) { throw new ArgumentOutOfRangeException(name, $"{name} must be finite and ≥ 0, got {value}"); }
        return value;
    }

    /// <summary>Throws unless <paramref name="value"/> is a positive number of steps.</summary>
    protected static long CheckSteps(long value, string name)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(value, name);
        return value;
    }
}

/// <summary>A fixed learning rate.</summary>
public sealed class ConstantSchedule(double learningRate) : LearningRateSchedule
{
    /// <summary>The rate returned at every step.</summary>
    public double LearningRate { get; } = CheckRate(learningRate, nameof(learningRate));

    /// <inheritdoc />
    public override double At(long step) => LearningRate;
}
