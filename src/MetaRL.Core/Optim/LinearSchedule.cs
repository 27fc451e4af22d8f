namespace MetaRL.Optim;

/// <summary>
/// Linear annealing from <see cref="Initial"/> to <see cref="Final"/> over <see cref="TotalSteps"/> steps, then
/// constant: <c>η(t) = η₀ + (η₁ − η₀)·min(t, T)/T</c>. With the default final rate 0 this is the PPO
/// learning-rate anneal of Schulman et al. (2017) as CleanRL writes it: <c>lr·(1 − (update − 1)/num_updates)</c>
/// with <c>t = update − 1</c>.
/// </summary>
public sealed class LinearSchedule : LearningRateSchedule
{
    public LinearSchedule(double initial, long totalSteps, double final = 0)
    {
        Initial = CheckRate(initial, nameof(initial));
        Final = CheckRate(final, nameof(final));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(totalSteps);
        TotalSteps = totalSteps;
    }

    /// <summary>The rate at step 0.</summary>
    public double Initial { get; }

    /// <summary>The rate reached at <see cref="TotalSteps"/> and kept afterwards. <value>The default value is 0.</value></summary>
    public double Final { get; }

    /// <summary>Length T of the anneal in steps.</summary>
    public long TotalSteps { get; }

    /// <inheritdoc />
    public override double At(long step)
    {
        double frac = Math.Min(Math.Max(step, 0), TotalSteps) / (double)TotalSteps;
        return Initial + (Final - Initial) * frac;
    }
}
