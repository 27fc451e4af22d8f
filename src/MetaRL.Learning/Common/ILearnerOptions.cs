namespace MetaRL.Learning;

/// <summary>What every learner's options class has, single-task (<see cref="IAlgorithmOptions"/>) or meta
/// (<see cref="Meta.GradientMetaOptions"/>, <see cref="Meta.Rl2Options"/>): a check of its own ranges.</summary>
public interface ILearnerOptions
{
    /// <summary>Throws naming the first invalid setting (<see cref="ArgumentException"/> for single-task
    /// options, <see cref="ConfigException"/> for meta-learners').</summary>
    void Validate();
}
