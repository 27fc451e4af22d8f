namespace MetaRL.Envs;

/// <summary>
/// A meta-training / meta-test split of a task distribution fixed by one seed: the train tasks come from
/// the first generator split off <c>new Rng(seed)</c> and the test tasks from the second, so the two sets
/// are independent draws, each reproducible, and adding test tasks never changes the train tasks.
/// </summary>
public sealed record TaskSplit(IReadOnlyList<EnvTask> Train, IReadOnlyList<EnvTask> Test, long Seed)
{
    /// <summary>Draws <paramref name="trainCount"/> train and <paramref name="testCount"/> test tasks.</summary>
    public static TaskSplit Create(ITaskEnv distribution, int trainCount, int testCount, long seed)
    {
        ArgumentNullException.ThrowIfNull(distribution);
        var root = new Rng(seed);
        var trainRng = root.Split();
        var testRng = root.Split();
        return new TaskSplit(distribution.SampleTasks(trainCount, trainRng), distribution.SampleTasks(testCount, testRng), seed);
    }
}
