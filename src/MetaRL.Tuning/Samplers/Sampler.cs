namespace MetaRL.Tuning;

/// <summary>
/// Chooses the parameters of each trial. A sampler may model a "relative" search space jointly (chosen
/// at the start of the trial, e.g. CMA-ES over every numeric parameter seen so far) and draws anything
/// else independently, one parameter at a time, when the objective first asks for it.
/// </summary>
public abstract class Sampler
{
    /// <summary>The space sampled jointly at the start of a trial; by default none.</summary>
    public virtual SearchSpace InferRelativeSearchSpace(Study study) => SearchSpace.Empty;

    /// <summary>Joint sample over <paramref name="space"/> (internal values by name); by default none.</summary>
    public virtual IReadOnlyDictionary<string, double> SampleRelative(Study study, Trial trial, SearchSpace space) =>
        new Dictionary<string, double>();

    /// <summary>One parameter outside the relative space, as an internal value inside <paramref name="distribution"/>.</summary>
    public abstract double SampleIndependent(Study study, Trial trial, string name, ParamDistribution distribution);

    /// <summary>
    /// The value a sampler should minimise for a finished trial: the value itself when minimising, its
    /// negation when maximising.
    /// </summary>
    protected static double Loss(Study study, FrozenTrial t) => study.Direction == StudyDirection.Minimize ? t.Value!.Value : -t.Value!.Value;
}
