using MetaRL.Cli.Commands.Tune;

namespace MetaRL.Tests.Cli;

public sealed class TuneBenchReportTests
{
    private static TuneBench.Results Results(params TuneBench.RunResult[] runs) => new(2, runs, 1000, 500, (200, 200, 0, 2, 0, 1.5));

    [Fact]
    public void Summary_rows_hold_the_median_worst_hits_and_time_per_trial_of_each_sampler_and_objective()
    {
        var rows = TuneBenchReport.Summarise(Results(
            new("gp", "branin", 1, 60, 0.5, 12, 1.2),
            new("gp", "branin", 2, 60, 0.3, null, 0.6),
            new("tpe", "hartmann6", 1, 100, -3.0, null, 0.1),
            new("tpe", "hartmann6", 2, 100, -2.0, null, 0.3)));
        Assert.Equal(2, rows.Count);
        var gp = rows[0];
        Assert.Equal(("gp", "branin", 60, 2), ((string)gp["sampler"]!, (string)gp["objective"]!, (int)gp["trials"]!, (int)gp["seeds"]!));
        Assert.Equal(0.4, (double)gp["median_best"]!, 12);
        Assert.Equal(0.5, (double)gp["worst_best"]!);
        Assert.Equal(1, (int)gp["hits"]!);
        Assert.Equal(12.0, (double)gp["median_hit_at"]!);
        Assert.Equal(15.0, (double)gp["ms_per_trial"]!);
        Assert.Equal(0.0, (double)rows[1]["median_hit_at"]!);
    }

    [Fact]
    public void Markdown_has_one_table_row_per_summary_row_and_no_target_columns_for_hartmann6()
    {
        string md = TuneBenchReport.Markdown(Results(new("gp", "branin", 1, 60, 0.5, 12, 1.2), new("tpe", "hartmann6", 1, 100, -3.0, null, 0.1)));
        Assert.Contains("| gp | branin | 60 | 2 | 0.5 | 0.5 | 1/2 | 12 | 20 |", md, StringComparison.Ordinal);
        Assert.Contains("| tpe | hartmann6 | 100 | 2 | -3 | -3 | - | - | 1 |", md, StringComparison.Ordinal);
        Assert.Contains("200 trials: 200 distinct numbers, 0 failed, 2 workers seen, 0 worker errors, 1.5 s.", md, StringComparison.Ordinal);
    }
}
