namespace MetaRL.Nn;

/// <summary>
/// LoRA over a whole model (Hu et al. 2021): adapters attached to the <see cref="Linear"/> layers a path predicate
/// chooses, the rest frozen; the adapters' own state; and merging them back into plain weights, after which the model
/// has its original structure and parameter names.
/// </summary>
public static class LowRank
{
    /// <summary>The name part that marks an adapter's parameters (<c>….q_proj.lora.a</c>).</summary>
    public const string Marker = ".lora.";

    /// <summary>Freezes every parameter of <paramref name="model"/>, then attaches a rank-<paramref name="rank"/>
    /// adapter to each <see cref="Linear"/> whose dotted path <paramref name="select"/> accepts, in the order of
    /// <see cref="Module.NamedModules"/> (A drawn from <paramref name="rng"/> in that order). Returns the adapted paths.</summary>
    public static IReadOnlyList<string> Attach(Module model, Func<string, bool> select, int rank, double alpha, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(select);
        model.RequiresGrad(false);
        var chosen = model.NamedModules().Where(m => m.Value is Linear && select(m.Path)).ToArray();
        foreach (var (_, layer) in chosen) { ((Linear)layer).AttachAdapter(rank, alpha, rng); }
        return [.. chosen.Select(m => m.Path)];
    }

    /// <summary>The parameters that train: the adapters' (every parameter that requires a gradient).</summary>
    public static IReadOnlyList<Tensor> Trainable(Module model) =>
        [.. model.NamedParameters().Where(p => p.Value.RequiresGrad).Select(p => p.Value)];

    /// <summary>The adapters' parameters by dotted name, for a file of their own.</summary>
    public static Dictionary<string, Tensor> AdapterState(Module model) =>
        model.NamedParameters().Where(p => p.Name.Contains(Marker, StringComparison.Ordinal)).ToDictionary(p => p.Name, p => p.Value.Detach());

    /// <summary>Merges every adapter into its layer's weight (<see cref="Linear.MergeAdapter"/>); returns how many.</summary>
    public static int Merge(Module model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var adapted = model.NamedModules().Select(m => m.Value).OfType<Linear>().Where(l => l.Adapter is not null).ToArray();
        foreach (var layer in adapted) { layer.MergeAdapter(); }
        return adapted.Length;
    }
}
