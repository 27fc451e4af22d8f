namespace MetaRL.Optim;

/// <summary>
/// Cosine annealing (Loshchilov and Hutter, 2017, "SGDR: Stochastic Gradient Descent with Warm Restarts",
/// without restarts) after an optional linear warm-up (Goyal et al., 2017):
/// <code>
/// t &lt; W:      η(t) = η_max · t / W
/// W ≤ t ≤ T:  η(t) = η_min + ½(η_max − η_min)(1 + cos(π·(t − W)/(T − W)))
/// t &gt; T:      η(t) = η_min
/// </code>
/// The warm-up starts from 0 at step 0, as Hugging Face's <c>get_cosine_schedule_with_warmup</c> does.
/// </summary>
/// <param name="maximum">η_max, the rate at the end of the warm-up.</param>
/// <param name="totalSteps">T, the step at which the rate reaches <paramref name="minimum"/> (warm-up included).</param>
/// <param name="minimum">η_min. The default value is 0.</param>
/// <param name="warmupSteps">W. The default value is 0 (no warm-up).</param>
public sealed class CosineSchedule(double maximum, long totalSteps, double minimum = 0, long warmupSteps = 0) : LearningRateSchedule
{
    /// <summary>η_max.</summary>
    public double Maximum { get; } = CheckRate(maximum, nameof(maximum));

    /// <summary>η_min (checked after <see cref="Maximum"/>, which it must not exceed). <value>The default value is 0.</value></summary>
    public double Minimum { get; } = CheckRate(minimum, nameof(minimum)) <= maximum ? minimum : throw new ArgumentOutOfRangeException(nameof(minimum), "minimum must not exceed maximum");

    /// <summary>T: steps until the rate reaches <see cref="Minimum"/>, warm-up included.</summary>
    public long TotalSteps { get; } = CheckSteps(totalSteps, nameof(totalSteps));

    /// <summary>W: steps of linear warm-up from 0. <value>The default value is 0.</value></summary>
    public long WarmupSteps { get; } = CheckWarmup(warmupSteps, totalSteps);

    private static long CheckWarmup(long warmupSteps, long totalSteps)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(warmupSteps);
        if (warmupSteps >= totalSteps) { throw new ArgumentOutOfRangeException(nameof(warmupSteps), "warm-up must be shorter than the schedule"); }
        return warmupSteps;
    }

    /// <inheritdoc />
    public override double At(long step)
    {
        if (step < WarmupSteps) { return Maximum * Math.Max(step, 0) / WarmupSteps; }
        if (step >= TotalSteps) { return Minimum; }
        double progress = (step - WarmupSteps) / (double)(TotalSteps - WarmupSteps);
        return Minimum + 0.5 * (Maximum - Minimum) * (1 + Math.Cos(Math.PI * progress));
    }
}
