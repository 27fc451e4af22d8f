namespace MetaRL.Learning;

/// <summary>The sizes a learner's networks take from its environment: numbers in an observation, and outputs of the
/// policy head (a <see cref="Discrete"/> space's actions, a <see cref="Box"/>'s dimensions); and for a learner that keeps
/// whole RL² trials, the steps of one trial and the settings that give them (<see cref="WithTrial"/>; 1 and none
/// otherwise).</summary>
public readonly record struct ModelShape(int Observations, int Actions, double TrialSteps = 1, string TrialKey = "")
{
    /// <summary>This shape with the trial length of <paramref name="footprint"/> (episodes × steps per episode).</summary>
    public ModelShape WithTrial(EnvFootprint footprint)
    {
        ArgumentNullException.ThrowIfNull(footprint);
        return this with { TrialSteps = footprint.TrialSteps, TrialKey = footprint.TrialStepsKey };
    }

    /// <summary>The shape of <paramref name="env"/>'s spaces.</summary>
    public static ModelShape Of(Env env)
    {
        ArgumentNullException.ThrowIfNull(env);
        return new ModelShape(env.ObservationSpace.Size, env.ActionSpace switch
        {
            Discrete d => d.N,
            _ => env.ActionSpace.Size,
        });
    }
}
