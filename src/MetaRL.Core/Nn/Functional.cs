namespace MetaRL.Nn;

/// <summary>
/// Evaluates modules with explicit parameter tensors in place of their own, as MAML's inner loop needs
/// ("fast weights": θ′ = θ − α∇L stays connected to θ, so the outer gradient flows through it).
/// Substitutions are per thread, so tasks of a meta-batch can run in parallel on one shared module.
/// </summary>
public static class Functional
{
    [ThreadStatic] private static Dictionary<Tensor, Tensor>? t_overrides;

    /// <summary>The substitute for a parameter on this thread, or the parameter itself.</summary>
    public static Tensor Resolve(Tensor parameter) =>
        t_overrides is { } map && map.TryGetValue(parameter, out var value) ? value : parameter;

    /// <summary>Within the returned scope, <paramref name="module"/>'s parameters (in
    /// <see cref="Module.Parameters"/> order) read as <paramref name="values"/>.</summary>
    public static Scope Substitute(Module module, IReadOnlyList<Tensor> values)
    {
        var parameters = module.Parameters();
        if (parameters.Count != values.Count)
        {
            throw new ArgumentException($"{module.GetType().Name} has {parameters.Count} parameters but {values.Count} values were given.");
        }
        var saved = t_overrides;
        var map = saved is null
            ? new Dictionary<Tensor, Tensor>(ReferenceEqualityComparer.Instance)
            : new Dictionary<Tensor, Tensor>(saved, ReferenceEqualityComparer.Instance);
        for (int i = 0; i < values.Count; i++)
        {
            if (!ShapeUtil.Equal(parameters[i].Shape, values[i].Shape))
            {
                throw new ArgumentException($"Value {i} has shape {ShapeUtil.Format(values[i].Shape)}, parameter '{parameters[i].Name}' has {ShapeUtil.Format(parameters[i].Shape)}.");
            }
            map[parameters[i]] = values[i];
        }
        t_overrides = map;
        return new Scope(saved);
    }

    /// <summary>Runs <paramref name="body"/> with the module's parameters replaced by <paramref name="values"/>.</summary>
    public static T Call<T>(Module module, IReadOnlyList<Tensor> values, Func<T> body)
    {
        using var scope = Substitute(module, values);
        return body();
    }

    /// <summary>Restores the previous substitutions when disposed.</summary>
    public readonly struct Scope : IDisposable
    {
        private readonly Dictionary<Tensor, Tensor>? _saved;

        internal Scope(Dictionary<Tensor, Tensor>? saved) => _saved = saved;

        public void Dispose() => t_overrides = _saved;
    }
}
