using MetaRL.Memory;

namespace MetaRL.Learning;

/// <summary>What every learner's options class has, single-task (<see cref="IAlgorithmOptions"/>) or meta
/// (<see cref="Meta.GradientMetaOptions"/>, <see cref="Meta.Rl2Options"/>): a check of its own ranges, and what its sizes
/// make the learner hold in memory.</summary>
public interface ILearnerOptions
{
    /// <summary>Throws naming the first invalid setting (<see cref="ArgumentException"/> for single-task
    /// options, <see cref="ConfigException"/> for meta-learners').</summary>
    void Validate();

    /// <summary>What a learner of these (valid) options holds at the least for an environment of <paramref name="shape"/>:
    /// its networks' parameters with their gradients and optimiser state, and its buffers, each item under the key that
    /// sizes it. <see cref="MemoryLimit"/> checks it before anything is built.</summary>
    MemoryEstimate EstimateMemory(ModelShape shape);
}
