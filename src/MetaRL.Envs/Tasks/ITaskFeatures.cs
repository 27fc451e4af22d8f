namespace MetaRL.Envs;

/// <summary>
/// An optional capability of a task: its parameters as a fixed-length vector of numbers. Learners use it during
/// training only, for example as the target of a task-inference (belief) auxiliary loss; a policy never sees it
/// when it acts.
/// </summary>
public interface ITaskFeatures
{
    /// <summary>Length of the vector <see cref="WriteFeatures"/> writes.</summary>
    int FeatureCount { get; }

    /// <summary>Writes the task's parameters into the first <see cref="FeatureCount"/> entries of <paramref name="destination"/>.</summary>
    void WriteFeatures(Span<float> destination);
}
