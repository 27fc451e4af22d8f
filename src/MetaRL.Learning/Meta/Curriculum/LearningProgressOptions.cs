namespace MetaRL.Learning.Meta;

/// <summary>
/// Settings of the learning-progress curriculum (after Matiisen et al. 2017, "Teacher–Student Curriculum
/// Learning", and Portelas et al. 2019, ALP-GMM): a task's progress is the absolute difference between a
/// fast and a slow moving average of its post-adaptation return.
/// </summary>
public sealed class LearningProgressOptions
{
    /// <summary>Weight of a new return in the fast average.</summary>
    /// <value>The default value is 0.5.</value>
    public double FastRate { get; set; } = 0.5;

    /// <summary>Weight of a new return in the slow average.</summary>
    /// <value>The default value is 0.1.</value>
    public double SlowRate { get; set; } = 0.1;

    /// <summary>Share of each batch drawn uniformly (exploration).</summary>
    /// <value>The default value is 0.2.</value>
    public double UniformShare { get; set; } = 0.2;
}
