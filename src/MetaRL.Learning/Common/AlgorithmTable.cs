namespace MetaRL.Learning;

/// <summary>What a registry row says about itself: the name <c>--algo</c> takes and a one-line description.</summary>
public interface IAlgorithmDescriptor
{
    /// <summary>The config name (<c>ppo</c>, <c>maml</c>, …).</summary>
    string Name { get; }

    /// <summary>One line for help texts.</summary>
    string Description { get; }
}

/// <summary>
/// The one registry mechanism for <c>--algo</c>: a fixed table of learners looked up by name, used by
/// <see cref="AlgorithmRegistry"/> (single-task) and <see cref="Meta.MetaAlgorithms"/> (meta-learners).
/// </summary>
public sealed class AlgorithmTable<T>(IReadOnlyList<T> rows)
    where T : class, IAlgorithmDescriptor
{
    /// <summary>Every row, in table order.</summary>
    public IReadOnlyList<T> All { get; } = rows;

    /// <summary>Every name, in table order.</summary>
    public IReadOnlyList<string> Names { get; } = [.. rows.Select(r => r.Name)];

    /// <summary>The row of a name; unknown names raise <see cref="ConfigException"/> with the nearest name.</summary>
    public T Describe(string name) =>
        All.FirstOrDefault(s => s.Name == name)
        ?? throw new ConfigException($"unknown algorithm '{name}'" + (KeySuggester.Nearest(name, Names) is { } near ? $"; did you mean '{near}'?" : $"; known: {string.Join(", ", Names)}"));
}
