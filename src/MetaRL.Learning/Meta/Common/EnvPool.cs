using System.Collections.Concurrent;

namespace MetaRL.Learning.Meta;

/// <summary>
/// Reusable environment instances for parallel workers: a worker rents the environments it needs and
/// returns them, so each instance is used by one thread at a time. Environments carry no state across
/// rentals that matters, because the sampler pins the task and re-seeds every reset.
/// </summary>
public sealed class EnvPool
{
    private readonly Func<Env> _factory;
    private readonly ConcurrentBag<Env> _free = [];

    public EnvPool(Func<Env> factory)
    {
        _factory = factory ?? throw new ArgumentNullException(nameof(factory));
        Prototype = factory();
        _free.Add(Prototype);
    }

    /// <summary>One instance (for spaces and task sampling; not for stepping while others rent).</summary>
    public Env Prototype { get; }

    /// <summary>Takes <paramref name="count"/> environments.</summary>
    public Env[] Rent(int count)
    {
        var envs = new Env[count];
        for (int i = 0; i < count; i++) { envs[i] = _free.TryTake(out var e) ? e : _factory(); }
        return envs;
    }

    /// <summary>Gives environments back.</summary>
    public void Return(Env[] envs)
    {
        ArgumentNullException.ThrowIfNull(envs);
        foreach (var e in envs) { _free.Add(e); }
    }
}
