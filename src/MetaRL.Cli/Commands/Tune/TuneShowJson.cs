namespace MetaRL.Cli.Commands.Tune;

/// <summary>
/// <c>metarl tune show --json</c>: every listed study as one JSON object per line, with each trial's state,
/// value, seconds, params, intermediate values (the learning curve of a study-file trial), run folder and error.
/// </summary>
internal static class TuneShowJson
{
    public static void Write(StudyInfo info, IReadOnlyList<FrozenTrial> trials, FrozenTrial? best, TextWriter output)
    {
        var inv = CultureInfo.InvariantCulture;
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteString("study", info.Name);
            w.WriteString("direction", info.Direction.ToString().ToLowerInvariant());
            w.WriteNumber("n_trials", trials.Count);
            if (best is null) { w.WriteNull("best_trial"); } else { w.WriteNumber("best_trial", best.Number); w.WriteNumber("best_value", best.Value!.Value); }
            w.WriteStartArray("trials");
            foreach (var t in trials)
            {
                w.WriteStartObject();
                w.WriteNumber("number", t.Number);
                w.WriteString("state", t.State.ToString().ToLowerInvariant());
                if (t.Value is double v) { w.WriteNumber("value", v); } else { w.WriteNull("value"); }
                if (t.Duration is TimeSpan d) { w.WriteNumber("seconds", Math.Round(d.TotalSeconds, 3)); } else { w.WriteNull("seconds"); }
                w.WriteStartObject("params");
                foreach (var (k, p) in t.ExternalParams.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                {
                    if (p is string s) { w.WriteString(k, s); } else { w.WriteNumber(k, Convert.ToDouble(p, inv)); }
                }
                w.WriteEndObject();
                w.WriteStartObject("intermediate");
                foreach (var (step, value) in t.IntermediateValues) { w.WriteNumber(step.ToString(inv), value); }
                w.WriteEndObject();
                if (t.SystemAttrs.TryGetValue(TrainObjective.RunDirAttr, out var dir)) { w.WriteString("run_dir", dir); }
                if (t.Worker is not null) { w.WriteString("worker", t.Worker); }
                if (t.Error is not null) { w.WriteString("error", t.Error); }
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        output.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }

    /// <summary>Text notes for a trial of a study file: where it was pruned and its run folder.</summary>
    public static string Notes(FrozenTrial t)
    {
        string notes = "";
        if (t.State == TrialState.Pruned && t.IntermediateValues.Count > 0) { notes += $"  pruned at step {t.IntermediateValues.Keys.Max().ToString(CultureInfo.InvariantCulture)}"; }
        if (t.SystemAttrs.TryGetValue(TrainObjective.RunDirAttr, out var dir)) { notes += $"  run: {dir}"; }
        return notes;
    }
}
