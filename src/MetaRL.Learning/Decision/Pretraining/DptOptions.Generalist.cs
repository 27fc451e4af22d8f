using MetaRL.Learning.Meta;

namespace MetaRL.Learning.Decision;

/// <summary>The generalist keys of <see cref="DptOptions"/>: one model pretrained on several families at once (issue 25,
/// item 7), each with its own data and a family one-hot on every token (<see cref="TokenLayout.Mixture"/>).</summary>
public sealed partial class DptOptions : IFamilyMixtureOptions
{
    /// <summary>The families of a generalist (<c>[Bandit-v0, DarkRoom-v0, TabularMDP-v0]</c>), in place of <c>env</c>;
    /// each family's settings and data keys are prefixed with it (<c>Bandit-v0.arms: 5</c>).</summary>
    /// <value>The default value is empty: a single-family run of <c>env</c>.</value>
    public string[] Families { get; set; } = [];

    /// <summary>How often each family's rows are drawn into a minibatch, in the order of <see cref="Families"/> (drawn
    /// per row with probability weight / sum).</summary>
    /// <value>The default value is empty: every family equally often.</value>
    public double[] FamilyWeights { get; set; } = [];

    IReadOnlyList<string> IFamilyMixtureOptions.Families => Families;

    /// <inheritdoc />
    public IReadOnlyList<string> MixableFamilies => DecisionFamilies.Dpt;

    /// <inheritdoc />
    public IReadOnlySet<string> FamilyKeys { get; } = new HashSet<string>(
        ["data", "data_tasks", "data_settings", "behaviour", "dirichlet_alpha", "rollin", "shuffle_context", "val_tasks"], StringComparer.Ordinal);

    /// <inheritdoc />
    public IReadOnlySet<string> MixtureOnlyKeys { get; } = new HashSet<string>(["family_weights"], StringComparer.Ordinal);

    /// <summary>The share of minibatch rows each family gets.</summary>
    public double[] FamilyShares()
    {
        var w = FamilyWeights.Length == 0 ? [.. Families.Select(_ => 1.0)] : FamilyWeights;
        double sum = w.Sum();
        return [.. w.Select(x => x / sum)];
    }

    private void ValidateGeneralist()
    {
        if (Families.Length == 0)
        {
            if (FamilyWeights.Length > 0) { throw new ConfigException("family_weights apply to a run with families"); }
            return;
        }
        if (Data.Length > 0) { throw new ConfigException("data: a generalist reads one dataset per family (Bandit-v0.data: DIR)"); }
        if (LoraRank > 0) { throw new ConfigException("lora_rank: fine-tuning a generalist is not supported"); }
        if (FamilyWeights.Length > 0 && FamilyWeights.Length != Families.Length)
        {
            throw new ConfigException($"family_weights has {FamilyWeights.Length} entries; families has {Families.Length}");
        }
        if (FamilyWeights.Any(w => !(w >= 0)) || (FamilyWeights.Length > 0 && !(FamilyWeights.Sum() > 0)))
        {
            throw new ConfigException("family_weights must be at least 0 and not all 0");
        }
    }
}
