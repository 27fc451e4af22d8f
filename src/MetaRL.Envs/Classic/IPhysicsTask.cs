namespace MetaRL.Envs;

/// <summary>
/// The physical parameters of a classic-control task as a vector, in the record's declaration order, so that
/// <see cref="ScaledPhysicsFamily{TTask, TEnv}"/> can scale and check every parameter the same way.
/// </summary>
/// <typeparam name="TSelf">The task record itself.</typeparam>
public interface IPhysicsTask<TSelf>
    where TSelf : EnvTask, IPhysicsTask<TSelf>
{
    /// <summary>Gymnasium's nominal parameters.</summary>
    static abstract TSelf Default { get; }

    /// <summary>The task whose parameters are <paramref name="values"/>, in the order <see cref="ToValues"/> gives them.</summary>
    static abstract TSelf FromValues(ReadOnlySpan<double> values);

    /// <summary>The parameters, in declaration order (a method, so task JSON does not carry them twice).</summary>
    double[] ToValues();
}
