namespace MetaRL.Cli.Commands.Tune;

/// <summary>The end-of-run summary, as text or as one JSON object.</summary>
internal static class TuneReport
{
    public static void Write(Study study, TuneSettings s, int workers, TimeSpan elapsed, bool json, TextWriter output)
    {
        var trials = study.Trials;
        var best = study.BestTrial;
        int Count(TrialState st) => trials.Count(t => t.State == st);
        var inv = CultureInfo.InvariantCulture;
        if (json)
        {
            using var stream = new MemoryStream();
            using (var w = new Utf8JsonWriter(stream))
            {
                w.WriteStartObject();
                w.WriteString("study", s.StudyName);
                w.WriteString("objective", s.Objective.Name);
                w.WriteString("sampler", s.SamplerName);
                w.WriteNumber("seed", s.Seed);
                w.WriteNumber("workers", workers);
                w.WriteNumber("n_trials", trials.Count);
                w.WriteNumber("n_complete", Count(TrialState.Complete));
                w.WriteNumber("n_failed", Count(TrialState.Failed));
                w.WriteNumber("n_pruned", Count(TrialState.Pruned));
                if (best is null) { w.WriteNull("best_value"); } else { w.WriteNumber("best_value", best.Value!.Value); }
                if (best is not null) { w.WriteNumber("best_trial", best.Number); }
                if (best?.SystemAttrs.GetValueOrDefault(TrainObjective.RunDirAttr) is { } bestRun) { w.WriteString("best_run_dir", bestRun); }
                if (s.Objective is IHasKnownMinimum known) { w.WriteNumber("known_minimum", known.KnownMinimum); }
                w.WriteStartObject("best_params");
                foreach (var (k, v) in best?.ExternalParams ?? new Dictionary<string, object>())
                {
                    if (v is string str) { w.WriteString(k, str); } else { w.WriteNumber(k, Convert.ToDouble(v, inv)); }
                }
                w.WriteEndObject();
                w.WriteNumber("seconds", Math.Round(elapsed.TotalSeconds, 4));
                w.WriteEndObject();
            }
            output.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
            return;
        }
        output.WriteLine($"Study '{s.StudyName}' ({s.Objective.Name}, {s.SamplerName}, seed {s.Seed}, {workers} worker(s)): " +
            $"{trials.Count} trials ({Count(TrialState.Complete)} complete, {Count(TrialState.Pruned)} pruned, {Count(TrialState.Failed)} failed) " +
            $"in {elapsed.TotalSeconds.ToString("F2", inv)} s.");
        if (best is null) { output.WriteLine("No trial completed."); return; }
        string gap = s.Objective is IHasKnownMinimum m ? $" (known minimum {m.KnownMinimum.ToString("G10", inv)})" : "";
        output.WriteLine($"Best value {best.Value!.Value.ToString("G10", inv)} at trial {best.Number}{gap}.");
        output.WriteLine("Best params: " + string.Join(", ", best.ExternalParams.Select(kv => $"{kv.Key}={TrialProgress.Format(kv.Value)}")));
        if (best.SystemAttrs.GetValueOrDefault(TrainObjective.RunDirAttr) is { } run) { output.WriteLine($"Best run: {run}"); }
    }
}
