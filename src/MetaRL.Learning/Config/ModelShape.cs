using MetaRL.Envs;

namespace MetaRL.Learning;

/// <summary>The sizes a learner's networks take from its environment: numbers in an observation, and outputs of the
/// policy head (a <see cref="Discrete"/> space's actions, a <see cref="Box"/>'s dimensions).</summary>
public readonly record struct ModelShape(int Observations, int Actions)
{
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
