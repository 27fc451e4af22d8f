using System.Xml.Linq;
using MetaRL.Cli;
using MetaRL.Tracking;
using MetaRL.Tracking.Reports;

namespace MetaRL.Tests.Tracking;

public sealed class ReportTests : IDisposable
{
    private static readonly XNamespace H = "http://www.w3.org/1999/xhtml";
    private static readonly XNamespace S = "http://www.w3.org/2000/svg";
    private readonly string _root = Directory.CreateTempSubdirectory("metarl-report-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private ReportModel Study()
    {
        RunFixture.WriteStudy(_root);
        return ReportModel.Build(RunDirectory.Find(_root).Select(RunDirectory.Load).ToList(), "Fixture <study> & co");
    }

    [Fact]
    public void Runs_are_grouped_by_config_ignoring_the_seed()
    {
        var model = Study();
        Assert.Equal(8, model.Runs.Count);
        Assert.Equal([3, 3, 2], model.Groups.Select(g => g.Runs.Count).OrderDescending());
        Assert.Equal(["maml · HalfCheetahVel-lite", "ppo · CartPole-v1 · learning_rate=0.0003", "ppo · CartPole-v1 · learning_rate=0.001"],
            model.Groups.Select(g => g.Label).Order(StringComparer.Ordinal));
        Assert.All(model.Groups, g => Assert.Equal(g.Runs.Count, g.Seeds.Distinct().Count()));
    }

    [Fact]
    public void Html_report_is_well_formed_with_one_svg_per_plot_and_one_series_per_configuration()
    {
        var model = Study();
        var doc = XDocument.Parse(HtmlReport.Render(model));
        var svgs = doc.Descendants(S + "svg").ToList();
        // 3 tags for the PPO env + 3 tags for the MAML env, then one adaptation chart.
        Assert.Equal(6 + 1, svgs.Count);
        Assert.All(svgs, svg => Assert.Equal("plot", (string?)svg.Attribute("class")));
        var ppoReturn = svgs.Single(s => s.Element(S + "title")!.Value == "episode/return · CartPole-v1");
        Assert.Equal("2", (string?)ppoReturn.Attribute("data-series"));
        Assert.Equal(2, ppoReturn.Descendants(S + "path").Count(p => (string?)p.Attribute("class") == "series"));
        Assert.Equal(2, ppoReturn.Descendants(S + "path").Count(p => (string?)p.Attribute("class") == "band"));
        Assert.Equal(2, ppoReturn.Descendants(S + "g").Single(g => (string?)g.Attribute("class") == "legend").Elements(S + "text").Count());
        var adaptation = svgs.Single(s => s.Element(S + "title")!.Value.StartsWith("Adaptation", StringComparison.Ordinal));
        Assert.Equal(3, adaptation.Descendants(S + "path").Count(p => (string?)p.Attribute("class") == "series"));
        Assert.Equal(0, doc.Descendants().Count(e => e.Name.LocalName is "script" or "img" or "link"));
    }

    [Fact]
    public void Html_report_highlights_config_differences_and_has_the_before_after_table()
    {
        var doc = XDocument.Parse(HtmlReport.Render(Study()));
        var config = doc.Descendants(H + "table").Single(t => (string?)t.Attribute("class") == "config");
        var diffKeys = config.Descendants(H + "tr").Where(r => (string?)r.Attribute("class") == "diff")
            .Select(r => r.Elements(H + "td").First().Value).ToList();
        Assert.Equal(["algo", "env", "total_steps", "learning_rate", "inner_lr", "meta_batch_size"], diffKeys);
        var table = doc.Descendants(H + "table").Single(t => (string?)t.Attribute("class") == "before-after");
        var rows = table.Element(H + "tbody")!.Elements(H + "tr").ToList();
        Assert.Equal(["maml", "pretrained", "random init"], rows.Select(r => r.Elements(H + "td").First().Value));
        // Two seeds of 40 tasks pooled.
        Assert.All(rows, r => Assert.Equal("80", r.Elements(H + "td").Last().Value));
        Assert.Contains("0 steps (before)", table.Element(H + "thead")!.Value, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_from_runs_is_escaped_in_html_and_markdown()
    {
        RunFixture.Write(_root, "evil", "ppo", "Env<script>alert(1)</script>|x", 1, 1e-3, 5_000, extraYaml: "note: \"a & b < c | d\"\n");
        var model = ReportModel.Build([RunDirectory.Load(Path.Combine(_root, "evil"))], "T");
        string html = HtmlReport.Render(model);
        var doc = XDocument.Parse(html);
        Assert.Empty(doc.Descendants(H + "script"));
        Assert.Contains("Env&lt;script&gt;", html, StringComparison.Ordinal);
        Assert.True(doc.Descendants(H + "td").Any(td => td.Value == "a & b < c | d"), string.Join(" / ", doc.Descendants(H + "td").Select(t => t.Value).Where(v => v.Contains('&'))));
        string md = MarkdownReport.Render(model);
        Assert.Contains(@"Env\<script\>alert(1)\</script\>\|x", md, StringComparison.Ordinal);
    }

    [Fact]
    public void Markdown_report_has_tables_for_summary_curves_adaptation_config_and_runs()
    {
        string md = MarkdownReport.Render(Study());
        foreach (var heading in new[] { "## Summary", "## Learning curves", "## Adaptation: maml", "## Configuration", "## Runs" })
        {
            Assert.Contains(heading, md, StringComparison.Ordinal);
        }
        Assert.Contains("| Method | 0 steps | 1 step | 2 steps | 3 steps | Change | n tasks |", md, StringComparison.Ordinal);
        Assert.DoesNotContain("<svg", md, StringComparison.Ordinal);
        Assert.Equal(8, md.Split('\n').Count(l => l.Contains("completed |", StringComparison.Ordinal) && l.StartsWith("| /", StringComparison.Ordinal)));
    }

    [Fact]
    public void Report_command_writes_the_file_and_rejects_a_missing_folder_with_exit_code_2()
    {
        RunFixture.WriteStudy(_root);
        string outFile = Path.Combine(_root, "r.html");
        var stdout = new StringWriter();
        Assert.Equal(0, CliApp.Run(["report", _root, "-o", outFile], stdout, new StringWriter()));
        Assert.StartsWith("<!DOCTYPE html>", File.ReadAllText(outFile), StringComparison.Ordinal);
        Assert.Contains("8 runs, 3 configurations", stdout.ToString(), StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_root, "*.tmp-*"));

        string md = Path.Combine(_root, "r.md");
        Assert.Equal(0, CliApp.Run(["report", _root, "--format", "md", "-o", md], new StringWriter(), new StringWriter()));
        Assert.StartsWith("# MetaRL report", File.ReadAllText(md), StringComparison.Ordinal);

        var error = new StringWriter();
        Assert.Equal(2, CliApp.Run(["report", Path.Combine(_root, "nope")], new StringWriter(), error));
        Assert.Single(error.ToString().Trim().Split('\n'));
    }

    [Fact]
    public void Report_command_names_a_malformed_summary_and_exits_with_code_2()
    {
        string dir = RunFixture.Write(_root, "bad", "ppo", "CartPole-v1", 1, 1e-3, 5_000);
        File.WriteAllText(Path.Combine(dir, "summary.json"), "{\"algo\": \"ppo\", \"seed\": \"one\"");
        var error = new StringWriter();
        Assert.Equal(2, CliApp.Run(["report", dir, "-o", Path.Combine(_root, "x.html")], new StringWriter(), error));
        Assert.Contains("summary.json", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error.ToString(), StringComparison.Ordinal);
    }

    /// <summary>An RL² run's meta_eval.json: totals over the first k episodes, each episode's return, and baselines' totals.</summary>
    private string Rl2Run(int episodes)
    {
        string dir = RunFixture.Write(_root, $"rl2-{episodes}", "rl2", "TabularMDP-v0", 1, 1e-3, 5_000);
        var rows = new List<MetaEvalRow>();
        double total = 0;
        for (int k = 1; k <= episodes; k++)
        {
            double episode = 5 + k;
            total += episode;
            rows.Add(new MetaEvalRow("rl2", k, total, 0.5, 50, MetaEvalRow.TrialTotal));
            rows.Add(new MetaEvalRow("rl2", k, episode, 0.3, 50, MetaEvalRow.EpisodeReturn));
        }
        rows.Add(new MetaEvalRow("random", episodes, 3.0 * episodes, 0.4, 50, MetaEvalRow.TrialTotal));
        MetaEvalRow.Save(Path.Combine(dir, "meta_eval.json"), rows);
        return dir;
    }

    [Fact]
    public void Rl2_adaptation_is_drawn_and_tabulated_per_trial_episode_with_the_trial_totals_beside_the_baselines()
    {
        var model = ReportModel.Build([RunDirectory.Load(Rl2Run(episodes: 3))]);
        var a = Assert.Single(model.Adaptation);
        Assert.True(a.WithinTrial);
        Assert.Equal([1L, 2, 3], a.Steps);
        Assert.Equal(["rl2"], a.Methods);
        var doc = XDocument.Parse(HtmlReport.Render(model));
        var chart = doc.Descendants(S + "svg").Single(s => s.Element(S + "title")!.Value.StartsWith("Adaptation", StringComparison.Ordinal));
        Assert.Contains("episode of the trial", chart.Value, StringComparison.Ordinal);
        var table = doc.Descendants(H + "table").Single(t => (string?)t.Attribute("class") == "before-after");
        Assert.Contains("episode 1 (before)", table.Element(H + "thead")!.Value, StringComparison.Ordinal);
        var cells = table.Element(H + "tbody")!.Element(H + "tr")!.Elements(H + "td").Select(td => td.Value).ToList();
        Assert.Matches(@"^\+2(\.0+)?$", cells[^2]); // episode 3 (8) − episode 1 (6)
        var totals = doc.Descendants(H + "table").Single(t => (string?)t.Attribute("class") == "trial-totals");
        Assert.Equal(["rl2", "random"], totals.Element(H + "tbody")!.Elements(H + "tr").Select(r => r.Elements(H + "td").First().Value));
        Assert.Contains("| Method | episode 1 | episode 2 | episode 3 | Change | n tasks |", MarkdownReport.Render(model), StringComparison.Ordinal);
    }

    [Fact]
    public void A_one_episode_trial_shows_a_marker_and_no_change_instead_of_an_empty_chart_and_plus_zero()
    {
        var model = ReportModel.Build([RunDirectory.Load(Rl2Run(episodes: 1))]);
        var doc = XDocument.Parse(HtmlReport.Render(model));
        var chart = doc.Descendants(S + "svg").Single(s => s.Element(S + "title")!.Value.StartsWith("Adaptation", StringComparison.Ordinal));
        Assert.Single(chart.Descendants(S + "circle"));
        var cells = doc.Descendants(H + "table").Single(t => (string?)t.Attribute("class") == "before-after")
            .Element(H + "tbody")!.Element(H + "tr")!.Elements(H + "td").Select(td => td.Value).ToList();
        Assert.Equal("–", cells[^2]);
    }

    [Fact]
    public void Meta_training_curves_are_labelled_by_meta_iteration_and_kept_apart_from_step_curves()
    {
        string meta = Path.Combine(_root, "meta");
        Directory.CreateDirectory(meta);
        File.WriteAllText(Path.Combine(meta, "config.yaml"), "algo: maml\nenv: CartPole-v1\nseed: 1\n");
        using (var sink = new JsonlScalarSink(meta))
        {
            for (int i = 0; i < 5; i++) { sink.Add("meta/return_post", i, -10 + i, i); sink.Add("losses/policy_loss", i, 0.1, i); }
        }
        RunFixture.Write(_root, "ppo", "ppo", "CartPole-v1", 1, 1e-3, 5_000);
        var model = ReportModel.Build(RunDirectory.Find(_root).Select(RunDirectory.Load).ToList());
        Assert.Equal(CurveChart.MetaIterations, model.Charts.Single(c => c.Tag == "meta/return_post").XLabel);
        Assert.Equal(CurveChart.EnvironmentSteps, model.Charts.Single(c => c.Tag == "episode/return").XLabel);
        var doc = XDocument.Parse(HtmlReport.Render(model));
        Assert.Contains("meta-iterations", doc.Descendants(S + "svg").Single(s => s.Element(S + "title")!.Value == "meta/return_post").Value, StringComparison.Ordinal);
    }

    [Fact]
    public void A_run_whose_summary_says_running_but_whose_writer_is_gone_reads_dead_in_the_report()
    {
        RunFixture.Write(_root, "killed", "ppo", "CartPole-v1", 1, 1e-3, 5_000, status: "running");
        var model = ReportModel.Build([RunDirectory.Load(Path.Combine(_root, "killed"))]);
        Assert.Equal("1 dead", Assert.Single(model.Summaries).Statuses);
        Assert.Contains("| dead |", MarkdownReport.Render(model), StringComparison.Ordinal);
    }
}
