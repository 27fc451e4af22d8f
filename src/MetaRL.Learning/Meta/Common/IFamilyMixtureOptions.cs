namespace MetaRL.Learning.Meta;

/// <summary>
/// Options of a learner that pretrains one model on a mixture of task families (DPT's generalist): the
/// <c>families</c> key lists them, and <see cref="MetaSetup"/> gives each family a setup of its own from the shared keys
/// and the keys prefixed with the family.
/// </summary>
public interface IFamilyMixtureOptions : ILearnerOptions
{
    /// <summary>The families, in order (empty: a single-family run of <c>env</c>).</summary>
    IReadOnlyList<string> Families { get; }

    /// <summary>The families a mixture may list.</summary>
    IReadOnlyList<string> MixableFamilies { get; }

    /// <summary>Learner keys a family may set for itself (<c>DarkRoom-v0.data_settings</c>): its data.</summary>
    IReadOnlySet<string> FamilyKeys { get; }

    /// <summary>Learner keys of the mixture as a whole (<c>family_weights</c>), which the families' own setups leave out.</summary>
    IReadOnlySet<string> MixtureOnlyKeys { get; }
}
