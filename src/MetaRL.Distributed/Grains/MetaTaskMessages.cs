namespace MetaRL.Distributed;

/// <summary>
/// One task of a meta-batch for <see cref="IMetaTaskGrain"/>: the run's resolved settings (what its <c>config.yaml</c>
/// holds, so the silo builds the same learner), θ as raw float arrays (one per parameter, in
/// <c>Module.Parameters()</c> order, carried by Orleans' binary serialiser, never as JSON), the task, the iteration
/// and the task's index in the meta-batch (they seed its randomness).
/// </summary>
[GenerateSerializer, Immutable, Alias("metarl.meta-task-request")]
public sealed class MetaTaskRequest
{
    /// <summary>A digest of <see cref="Keys"/> and <see cref="Values"/>: a grain that built its learner for it reuses it.</summary>
    [Id(0)] public required string ConfigKey { get; init; }

    [Id(1)] public required string[] Keys { get; init; }

    [Id(2)] public required string[] Values { get; init; }

    /// <summary>θ, one array per parameter.</summary>
    [Id(3)] public required float[][] Theta { get; init; }

    /// <summary>The task as <see cref="TaskJson"/> (a handful of numbers: a goal, arm means, physics constants).</summary>
    [Id(4)] public required string Task { get; init; }

    [Id(5)] public long Iteration { get; init; }

    [Id(6)] public int Index { get; init; }
}

/// <summary>What a silo sends back for a <see cref="MetaTaskRequest"/>: the learner's <see cref="MetaTaskOutcome"/>, which
/// silo ran it, how long it computed and how many tasks that silo was running when it started (its queue); or the
/// failure the task met (a non-finite value, reported as the learner reported it, or any other error's text).</summary>
[GenerateSerializer, Immutable, Alias("metarl.meta-task-reply")]
public sealed class MetaTaskReply
{
    [Id(0)] public double Pre { get; init; }

    [Id(1)] public double Post { get; init; }

    [Id(2)] public long EnvSteps { get; init; }

    [Id(3)] public float[][] Tensors { get; init; } = [];

    /// <summary>The silo's address (host:port).</summary>
    [Id(4)] public string Silo { get; init; } = "";

    /// <summary>Seconds the task computed on the silo.</summary>
    [Id(5)] public double Seconds { get; init; }

    /// <summary>Tasks in progress on the silo when this one started, itself included.</summary>
    [Id(6)] public int Queue { get; init; }

    /// <summary>Set when the task failed with an error other than a non-finite value.</summary>
    [Id(7)] public string? Failure { get; init; }

    /// <summary>Set (with <see cref="NonFiniteStep"/> and <see cref="NonFiniteUnit"/>) when the task met NaN/±Inf.</summary>
    [Id(8)] public string? NonFiniteTensor { get; init; }

    [Id(9)] public long NonFiniteStep { get; init; }

    [Id(10)] public string? NonFiniteUnit { get; init; }
}
