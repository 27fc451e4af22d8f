namespace MetaRL.Tuning;

/// <summary>The parameters a sampler models jointly, in a fixed (sorted) order.</summary>
public sealed class SearchSpace
{
    public SearchSpace(IEnumerable<KeyValuePair<string, ParamDistribution>> items)
    {
        var sorted = items.OrderBy(kv => kv.Key, StringComparer.Ordinal).ToArray();
        Names = [.. sorted.Select(kv => kv.Key)];
        Distributions = [.. sorted.Select(kv => kv.Value)];
    }

    public static SearchSpace Empty { get; } = new([]);

    public IReadOnlyList<string> Names { get; }

    public IReadOnlyList<ParamDistribution> Distributions { get; }

    public int Count => Names.Count;

    public ParamDistribution this[string name] => Distributions[IndexOf(name)];

    public int IndexOf(string name)
    {
        for (int i = 0; i < Names.Count; i++) { if (Names[i] == name) { return i; } }
        return -1;
    }

    /// <summary>The subset without categorical parameters (for CMA-ES and OpenAI-ES).</summary>
    public SearchSpace NumericOnly() => new(Names.Select((n, i) => KeyValuePair.Create(n, Distributions[i])).Where(kv => kv.Value is not CategoricalDistribution));

    /// <summary>True when the trial has every parameter of this space, each with the same distribution.</summary>
    public bool Covers(FrozenTrial t)
    {
        for (int i = 0; i < Names.Count; i++)
        {
            if (!t.Distributions.TryGetValue(Names[i], out var d) || !d.Equals(Distributions[i])) { return false; }
        }
        return true;
    }

    /// <summary>Parameters that every given trial has with one and the same distribution.</summary>
    public static SearchSpace Intersection(IEnumerable<FrozenTrial> trials)
    {
        Dictionary<string, ParamDistribution>? common = null;
        foreach (var t in trials)
        {
            if (common is null) { common = new(t.Distributions); continue; }
            foreach (var key in common.Keys.ToList())
            {
                if (!t.Distributions.TryGetValue(key, out var d) || !d.Equals(common[key])) { common.Remove(key); }
            }
        }
        return common is null ? Empty : new SearchSpace(common);
    }
}
