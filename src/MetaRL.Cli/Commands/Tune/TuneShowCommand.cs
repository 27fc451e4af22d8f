namespace MetaRL.Cli.Commands.Tune;

/// <summary><c>metarl tune show --storage sqlite:PATH|postgres:CONN [--study NAME]</c>: every trial of a stored study and the best.</summary>
internal static class TuneShowCommand
{
    public static Command Create()
    {
        var storage = new Option<string>("--storage") { Description = "Study storage, sqlite:PATH or postgres:CONNECTION-STRING (or env:NAME to read it from an environment variable).", Required = true };
        var studyName = new Option<string?>("--study") { Description = "Study name (all studies in the file when omitted)." };
        var json = new Option<bool>("--json") { Description = "One JSON object per study (trials with params, values, learning curves, run folders)." };
        var command = new Command("show", "Print the trials of a stored study (state, value, duration, params, error) and the best.") { storage, studyName, json };
        command.SetAction(parse => TuneRunner.ReportingStorageErrors(() =>
            Show(TuneOptionSet.FromEnvironment(parse.GetValue(storage))!, parse.GetValue(studyName), parse.InvocationConfiguration.Output, parse.GetValue(json))));
        return command;
    }

    internal static int Show(string url, string? name, TextWriter output, bool json = false)
    {
        if (!TuneOptionSet.IsStorageUrl(url)) { throw new UserInputException($"Unsupported --storage '{url}': use sqlite:PATH or postgres:CONNECTION-STRING."); }
        bool file = url.StartsWith("sqlite:", StringComparison.Ordinal);
        string path = file ? url["sqlite:".Length..] : "the Postgres database";
        if (file && !File.Exists(path)) { throw new UserInputException($"No study file at '{path}'."); }
        var studies = StoredStudy.Load(url, name);
        if (studies.Count == 0) { throw new UserInputException(name is null ? $"'{path}' holds no study." : $"No study named '{name}' in '{path}'."); }
        var inv = CultureInfo.InvariantCulture;
        foreach (var (info, trials, best) in studies)
        {
            if (json) { TuneShowJson.Write(info, trials, best, output); continue; }
            output.WriteLine($"Study '{info.Name}' ({info.Direction.ToString().ToLowerInvariant()}), {trials.Count} trials:");
            output.WriteLine($"{"#",5}  {"state",-8}  {"value",-14}  {"seconds",8}  {"worker",-22}  params / error");
            foreach (var t in trials)
            {
                string ps = string.Join(" ", t.ExternalParams.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}={TrialProgress.Format(kv.Value)}"));
                string extra = t.Error is null ? ps : $"{ps}  error: {t.Error}";
                if (t.Retried) { extra += "  (retried)"; }
                extra += TuneShowJson.Notes(t);
                output.WriteLine($"{t.Number,5}  {t.State.ToString().ToLowerInvariant(),-8}  {t.Value?.ToString("G8", inv) ?? "-",-14}  " +
                    $"{t.Duration?.TotalSeconds.ToString("F3", inv) ?? "-",8}  {t.Worker ?? "-",-22}  {extra}");
            }
            if (best is null) { output.WriteLine("No complete trial."); continue; }
            output.WriteLine($"Best: trial {best!.Number}, value {best.Value!.Value.ToString("G10", inv)}, params " +
                string.Join(", ", best.ExternalParams.Select(kv => $"{kv.Key}={TrialProgress.Format(kv.Value)}")));
        }
        return 0;
    }
}
