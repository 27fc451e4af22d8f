using MetaRL.Tuning;

namespace MetaRL.Cli.Commands.Tune;

/// <summary>
/// Turns an <c>--objective</c> value into an <see cref="IObjective"/>. Today: the built-in benchmark
/// functions. The training objective plugs in here: a study file (<c>STUDY.yaml</c> naming a
/// <c>metarl train</c> / <c>meta-train</c> config, a search space over its keys and the <c>summary.json</c>
/// metric to optimise) resolves to an <see cref="IObjective"/> that runs the training for each trial,
/// reports its learning curve with <see cref="Trial.Report"/> (so the pruners apply) and returns the metric.
/// </summary>
internal static class ObjectiveCatalog
{
    public static IObjective Resolve(string spec)
    {
        if (spec.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || spec.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
        {
            throw new UserInputException($"Study files ('{spec}') need the training commands, which this build does not have yet; use a built-in objective (sphere:D, rosenbrock:D, rastrigin:D, branin, hartmann6).");
        }
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
