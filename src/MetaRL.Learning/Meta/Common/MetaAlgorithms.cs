namespace MetaRL.Learning.Meta;

/// <summary>The meta-learners <c>metarl meta-train --algo</c> knows, and the pretrained decision models of
/// <c>metarl pretrain --algo</c> (rows that are <see cref="Decision.IPretrainable"/>): one <see cref="MetaAlgorithm"/> per name.</summary>
public static class MetaAlgorithms
{
    private static readonly AlgorithmTable<MetaAlgorithm> Table = new(
    [
        new GradientMetaAlgorithm<MamlOptions>("maml", "MAML for RL: meta-learned initial weights, differentiated through the inner VPG steps (Finn et al. 2017)",
            (policy, pool, options, seed) => new Maml(policy, pool, options, seed)),
        new GradientMetaAlgorithm<ReptileOptions>("reptile", "Reptile: initial weights moved towards the weights adapted to each task (Nichol et al. 2018)",
            (policy, pool, options, seed) => new Reptile(policy, pool, options, seed)),
        new Rl2Algorithm(),
        new GradientMetaAlgorithm<MetaEsOptions>("es", "Meta-ES: evolution strategies over initial weights, fitness after adaptation (Salimans et al. 2017; Song et al. 2020)",
            (policy, pool, options, seed) => new MetaEs(policy, pool, options, seed)),
        new Decision.DptAlgorithm(),
        new Decision.AdAlgorithm(),
    ]);

    /// <summary>Names accepted by <c>--algo</c>.</summary>
    public static IReadOnlyList<string> Names => Table.Names;

    /// <summary>Every meta-learner, in table order.</summary>
    public static IReadOnlyList<MetaAlgorithm> All => Table.All;

    /// <summary>The meta-learner of a name; unknown names raise <see cref="ConfigException"/> with the nearest name.</summary>
    public static MetaAlgorithm Describe(string algo) => Table.Describe(algo);

    /// <summary>The meta-learner that wrote <paramref name="run"/>, or null for a single-task run (or a folder that names
    /// no algo).</summary>
    public static MetaAlgorithm? OfRun(RunDirectory run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return (run.ConfigValue("algo") ?? run.Algo) is { } algo && Names.Contains(algo) ? Describe(algo) : null;
    }
}
