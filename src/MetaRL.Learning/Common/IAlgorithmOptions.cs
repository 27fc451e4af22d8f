namespace MetaRL.Learning;

/// <summary>What every algorithm's options class has: a step budget, a number of environments, validation.</summary>
public interface IAlgorithmOptions
{
    /// <summary>Environment steps to train for, summed over environments (the config key <c>total_steps</c>).</summary>
    long TotalSteps { get; set; }

    /// <summary>Environments stepped in lockstep.</summary>
    int NumEnvs { get; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    void Validate();
}
