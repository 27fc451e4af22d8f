namespace MetaRL.Cli.Commands.Tune;

/// <summary>
/// Turns an objective argument into an <see cref="IObjective"/>: a built-in benchmark function, or a study
/// file (<c>STUDY.yaml</c> naming a <c>metarl train</c> config, a search space over its keys and the
/// <c>summary.json</c> metric to optimise), which resolves to a <see cref="TrainObjective"/> that trains
/// each trial, reports its learning curve with <see cref="Trial.Report"/> (so the pruners apply) and
/// returns the metric.
/// </summary>
internal static class ObjectiveCatalog
{
    public static IObjective Resolve(string spec)
    {
        if (StudyFileObjective.IsStudyFile(spec)) { return StudyFileObjective.Load(spec); }
        try
        {
            return BenchmarkFunction.Parse(spec);
        }
        catch (FormatException ex)
        {
            throw new UserInputException(ex.Message, ex);
        }
    }
}
