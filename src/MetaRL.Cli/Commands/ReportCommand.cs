using System.Text;
using MetaRL.Tracking.Reports;

namespace MetaRL.Cli.Commands;

/// <summary>
/// <c>metarl report RUN… [-o FILE] [--format html|md]</c>: one self-contained HTML page (inline SVG plots) or a
/// Markdown summary of tables, from run directories or folders holding runs.
/// </summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var runs = new Argument<string[]>("RUN") { Description = "Run directories, or folders with runs beneath them.", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string?>("--output", "-o") { Description = "Output file (default: report.html, or report.md with --format md)." };
        var format = new Option<string>("--format") { Description = "html (a self-contained page with plots) or md (Markdown tables).", DefaultValueFactory = _ => "html" };
        format.AcceptOnlyFromAmong("html", "md");
        var title = new Option<string>("--title") { Description = "Title of the report.", DefaultValueFactory = _ => "MetaRL report" };
        var command = new Command("report", "Write a report comparing runs: summary, learning curves (mean and min–max across seeds), adaptation curves and before/after tables, configs side by side.")
        {
            runs, output, format, title,
        };
        command.SetAction(parse => Run(parse.GetValue(runs)!, parse.GetValue(output), parse.GetValue(format)!, parse.GetValue(title)!,
            parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error));
        return command;
    }

    internal static int Run(IReadOnlyList<string> paths, string? output, string format, string title, TextWriter stdout, TextWriter stderr)
    {
        string file = output ?? (format == "md" ? "report.md" : "report.html");
        PathGuard.WritableFile(file, "--output"); // before the runs are read
        var runs = new List<RunDirectory>();
        foreach (var path in paths)
        {
            if (!Directory.Exists(path)) { throw new UserInputException($"'{path}' is not a directory."); }
            var found = RunDirectory.Find(path);
            if (found.Count == 0)
            {
                throw new UserInputException(FolderKind.IsDataset(path) ? FolderKind.NoRun(path)
                    : $"no runs in '{path}' (a run directory holds config.yaml, summary.json, metrics.jsonl or an event file).");
            }
            foreach (var dir in found.Where(d => runs.All(r => Path.GetFullPath(r.Path) != Path.GetFullPath(d))))
            {
                runs.Add(RunDirectory.Load(dir));
            }
        }
        var model = ReportModel.Build(runs, title, DateTimeOffset.UtcNow);
        foreach (var p in model.Problems) { stderr.WriteLine($"warning: {p}"); }
        string text = format == "md" ? MarkdownReport.Render(model) : HtmlReport.Render(model);
        WriteAtomically(file, text);
        stdout.WriteLine($"wrote {file}: {runs.Count} runs, {model.Groups.Count} configurations, {model.Charts.Count} learning-curve plots, {model.Adaptation.Count} adaptation tables.");
        return 0;
    }

    private static void WriteAtomically(string file, string text)
    {
        string full = Path.GetFullPath(file);
        string? folder = Path.GetDirectoryName(full);
        if (folder is not null && !Directory.Exists(folder)) { throw new UserInputException($"the folder of '{file}' does not exist."); }
        MetaRL.Serialization.AtomicFile.WriteText(full, text);
    }
}
