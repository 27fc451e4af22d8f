namespace MetaRL.Optim;

/// <summary>
/// Linear annealing from <see cref="Initial"/> to <see cref="Final"/> over <see cref="TotalSteps"/> steps, then
/// constant: <c>η(t) = η₀ + (η₁ − η₀)·f</c> with <c>f = min(t, T)/T</c>. With the default final rate 0 this is the PPO
/// learning-rate anneal of Schulman et al. (2017) as CleanRL writes it: <c>lr·(1 − (update − 1)/num_updates)</c>
/// with <c>t = update − 1</c>.
/// </summary>
/// <param name="initial">η₀, the rate at step 0.</param>
/// <param name="totalSteps">T, the step at which the rate reaches <paramref name="final"/>.</param>
/// <param name="final">η₁. The default value is 0.</param>
/// <param name="form">How the line is evaluated. The default value is <see cref="LinearForm.Progress"/>.</param>
public sealed class LinearSchedule(double initial, long totalSteps, double final = 0, LinearForm form = LinearForm.Progress) : LearningRateSchedule
{
    /// <summary>The rate at step 0.</summary>
    public double Initial { get; } = CheckRate(initial, nameof(initial));

    /// <summary>The rate reached at <see cref="TotalSteps"/> and kept afterwards. <value>The default value is 0.</value></summary>
    public double Final { get; } = CheckRate(final, nameof(final));

    /// <summary>Length T of the anneal in steps.</summary>
    public long TotalSteps { get; } = CheckSteps(totalSteps, nameof(totalSteps));

    /// <summary>How <see cref="At"/> rounds. <value>The default value is <see cref="LinearForm.Progress"/>.</value></summary>
    public LinearForm Form { get; } = Enum.IsDefined(form) ? form : throw new ArgumentOutOfRangeException(nameof(form));

    /// <inheritdoc />
    public override double At(long step)
    {
        double frac = Math.Min(Math.Max(step, 0), TotalSteps) / (double)TotalSteps;
        return Form == LinearForm.Progress ? Initial + (Final - Initial) * frac : Final + (Initial - Final) * (1 - frac);
    }
}

/// <summary>
/// Two evaluations of <see cref="LinearSchedule"/>'s line that are equal in exact arithmetic but round differently in
/// the last bit, which a trained run's numbers then depend on; each learner keeps the one its recorded runs used.
/// </summary>
public enum LinearForm
{
    /// <summary><c>η₀ + (η₁ − η₀)·f</c>: from the start by the fraction done (RL²'s learning rate and entropy bonus).</summary>
    Progress,

    /// <summary><c>η₁ + (η₀ − η₁)·(1 − f)</c>: from the end by the fraction left; with η₁ = 0 exactly CleanRL's
    /// <c>frac · lr</c> (PPO, A2C and recurrent PPO's learning rate, Reptile's outer step).</summary>
    Remaining,
}
