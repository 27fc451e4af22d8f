namespace MetaRL.Cli.Commands.Tune;

/// <summary>A study read back from storage for <c>metarl tune show</c>: its trials as the storage returns them and
/// the best complete trial in the study's direction (null when none completed).</summary>
internal sealed record StoredStudy(StudyInfo Info, IReadOnlyList<FrozenTrial> Trials, FrozenTrial? Best)
{
    /// <summary>Every study in the storage at <paramref name="url"/>, or only the one named <paramref name="name"/>;
    /// empty when none match.</summary>
    public static List<StoredStudy> Load(string url, string? name)
    {
        using var store = TuneRunner.OpenStorage(url);
        return [.. store.ListStudies().Where(s => name is null || s.Name == name).Select(info =>
        {
            var trials = store.GetAllTrials(info.Id);
            var complete = trials.Where(t => t.State == TrialState.Complete).ToList();
            var best = complete.Count == 0 ? null : info.Direction == StudyDirection.Minimize ? complete.MinBy(t => t.Value) : complete.MaxBy(t => t.Value);
            return new StoredStudy(info, trials, best);
        })];
    }
}
