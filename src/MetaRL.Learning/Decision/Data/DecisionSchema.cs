using Apache.Arrow;
using Apache.Arrow.Types;

namespace MetaRL.Learning.Decision;

/// <summary>
/// The Arrow schema of a dataset: one row per task. Per-step columns are lists with one entry per transition;
/// observations are fixed-size lists of the family's observation size, so pandas, polars and Hugging Face datasets
/// see a list of vectors. Column names are the constants below (see docs/decision-model.md).
/// </summary>
public static class DecisionSchema
{
    public const string TaskId = "task_id";
    public const string Task = "task";
    public const string Observations = "observations";
    public const string Actions = "actions";
    public const string Rewards = "rewards";
    public const string NextObservations = "next_observations";
    public const string Terminated = "terminated";
    public const string Truncated = "truncated";
    public const string Behaviour = "behaviour";
    public const string QueryObservation = "query_observation";
    public const string QueryStep = "query_step";
    public const string OptimalAction = "optimal_action";
    public const string EpisodeReturns = "episode_returns";

    /// <summary>The columns of a source, in file order.</summary>
    public static IReadOnlyList<string> Columns(DecisionSource source) => source == DecisionSource.Dpt
        ? [TaskId, Task, Observations, Actions, Rewards, NextObservations, Terminated, Truncated, Behaviour, QueryObservation, QueryStep, OptimalAction]
        : [TaskId, Task, Observations, Actions, Rewards, NextObservations, Terminated, Truncated, EpisodeReturns];

    /// <summary>The schema of a source's files, with the family, source and sizes in its metadata.</summary>
    public static Schema For(DecisionSource source, string family, int observationSize, int actions)
    {
        var fields = Columns(source).Select(c => new Field(c, TypeOf(c, observationSize, actions), nullable: false)).ToList();
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["metarl.format"] = DecisionManifest.FormatName,
            ["metarl.version"] = DecisionManifest.CurrentVersion.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["metarl.family"] = family,
            ["metarl.source"] = DecisionDataRequest.SourceName(source),
        };
        return new Schema(fields, metadata);
    }

    /// <summary>The Arrow type of a column.</summary>
    public static IArrowType TypeOf(string column, int observationSize, int actions) => column switch
    {
        TaskId => Int64Type.Default,
        Task => StringType.Default,
        Observations or NextObservations => new ListType(Vector(observationSize)),
        Actions => new ListType(Int32Type.Default),
        Rewards or EpisodeReturns => new ListType(FloatType.Default),
        Terminated or Truncated => new ListType(BooleanType.Default),
        Behaviour => Vector(actions),
        QueryObservation => Vector(observationSize),
        QueryStep or OptimalAction => Int32Type.Default,
        _ => throw new ArgumentException($"no column '{column}'", nameof(column)),
    };

    /// <summary>A type written the way error messages and the docs show it: <c>list&lt;fixed_size_list&lt;float&gt;[2]&gt;</c>.</summary>
    public static string Describe(IArrowType type) => type switch
    {
        ListType l => $"list<{Describe(l.ValueDataType)}>",
        FixedSizeListType f => $"fixed_size_list<{Describe(f.ValueDataType)}>[{f.ListSize}]",
        _ => type.Name,
    };

    private static FixedSizeListType Vector(int size) => new(FloatType.Default, size);
}
