using MetaRL.Tracking.Plots;

namespace MetaRL.Cli.Commands;

/// <summary>
/// <c>metarl runs list DIR</c>: the runs under a folder, their status checked against the run's lock
/// (<see cref="RunDirectory.Status"/>); <c>metarl runs scalars DIR --tag T [--csv]</c>: one
/// tag of a run read back from its event files (verifying their CRCs) or, without them, from metrics.jsonl.
/// </summary>
internal static class RunsCommand
{
    public static Command Create() =>
        CommandGroup.Create("runs", "Inspect run directories: list them, or read a run's scalars back.", CreateList(), CreateScalars());

    private static Command CreateList()
    {
        var dir = new Argument<string>("DIR") { Description = "A run directory or a folder with runs beneath it." };
        var command = new Command("list", "Table of the runs under a folder: algo, env, seed, steps, final return, wall time, status (running only while the process writing it is alive: a run killed before it could finish reads dead).") { dir };
        command.SetAction(parse => List(parse.GetValue(dir)!, parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error));
        return command;
    }

    internal static int List(string dir, TextWriter output, TextWriter error)
    {
        if (!Directory.Exists(dir)) { throw new UserInputException($"'{dir}' is not a directory."); }
        var paths = RunDirectory.Find(dir);
        if (paths.Count == 0)
        {
            output.WriteLine($"No runs under '{dir}' (a run directory holds config.yaml, summary.json, metrics.jsonl or an event file).");
            return 0;
        }
        var rows = new List<string[]>();
        foreach (var path in paths)
        {
            string name = Path.GetRelativePath(dir, path);
            try
            {
                var run = RunDirectory.Load(path);
                var s = run.Summary;
                rows.Add([name == "." ? run.Name : name, run.Algo ?? "–", run.Env ?? "–", run.Seed ?? "–",
                    s?.TotalSteps is { } st ? NumberFormat.Count(st) : "–",
                    s?.FinalReturnMean is { } f ? NumberFormat.Value(f) : "–",
                    s?.WallSeconds is { } w ? NumberFormat.Duration(w) : "–", run.Status]);
            }
            catch (RunFormatException ex)
            {
                error.WriteLine($"warning: {ex.Message}");
                rows.Add([name, "–", "–", "–", "–", "–", "–", "unreadable"]);
            }
        }
        TextTable.Write(output, ["RUN", "ALGO", "ENV", "SEED", "STEPS", "FINAL RETURN", "WALL TIME", "STATUS"], rows, new HashSet<int> { 3, 4, 5, 6 });
        return 0;
    }

    private static Command CreateScalars()
    {
        var dir = new Argument<string>("DIR") { Description = "A run directory." };
        var tag = new Option<string?>("--tag") { Description = "The tag to print (for example episode/return); without it, the tags are listed." };
        var csv = new Option<bool>("--csv") { Description = "Write CSV (step,value,wall_time) instead of a table." };
        var command = new Command("scalars", "Print one tag of a run from its TensorBoard event files (CRCs verified), or from metrics.jsonl when it has none.") { dir, tag, csv };
        command.SetAction(parse => Scalars(parse.GetValue(dir)!, parse.GetValue(tag), parse.GetValue(csv),
            parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error));
        return command;
    }

    internal static int Scalars(string dir, string? tag, bool csv, TextWriter output, TextWriter error)
    {
        if (!Directory.Exists(dir)) { throw new UserInputException($"'{dir}' is not a directory."); }
        var scalars = RunScalars.Load(dir);
        if (scalars.Source.Length == 0) { throw new UserInputException($"'{dir}' has no event file (events.out.tfevents.*) and no metrics.jsonl."); }
        foreach (var p in scalars.Problems) { error.WriteLine($"warning: {p}"); }
        if (tag is null)
        {
            TextTable.Write(output, ["TAG", "POINTS"], scalars.Series.OrderBy(kv => kv.Key, StringComparer.Ordinal)
                .Select(kv => new[] { kv.Key, kv.Value.Count.ToString(CultureInfo.InvariantCulture) }).ToList(), new HashSet<int> { 1 });
            return 0;
        }
        if (!scalars.Series.TryGetValue(tag, out var points))
        {
            string known = scalars.Series.Count == 0 ? "none" : string.Join(", ", scalars.Series.Keys.Order(StringComparer.Ordinal));
            throw new UserInputException($"tag '{tag}' not found in {scalars.Source}; tags present: {known}.");
        }
        string V(double v) => scalars.Float32 ? ((float)v).ToString(CultureInfo.InvariantCulture) : v.ToString(CultureInfo.InvariantCulture);
        string W(double w) => w.ToString("0.###", CultureInfo.InvariantCulture);
        var rows = points.Select(p => new[] { p.Step.ToString(CultureInfo.InvariantCulture), V(p.Value), W(p.Wall) }).ToList();
        if (csv)
        {
            output.WriteLine("step,value,wall_time");
            foreach (var r in rows) { output.WriteLine(string.Join(',', r)); }
        }
        else
        {
            TextTable.Write(output, ["STEP", "VALUE", "WALL TIME"], rows, new HashSet<int> { 0, 1, 2 });
        }
        return 0;
    }
}
