namespace MetaRL.Tuning;

/// <summary>Thread-safe storage in this process's memory (lost when it exits).</summary>
public sealed class InMemoryStorage : TrialStorage
{
    private readonly Lock _lock = new();
    private readonly TimeProvider _time;
    private readonly List<StudyInfo> _studies = [];
    private readonly List<Rec> _trials = [];
    private readonly Dictionary<int, List<Rec>> _byStudy = [];
    private readonly Dictionary<int, List<Rec>> _finished = [];
    private readonly Dictionary<(int Study, string Name), long> _sequences = [];
    private long _order;

    public InMemoryStorage(TimeProvider? time = null) => _time = time ?? TimeProvider.System;

    private DateTime Now => _time.GetUtcNow().UtcDateTime;

    public override StudyInfo CreateOrLoadStudy(string name, StudyDirection direction)
    {
        lock (_lock)
        {
            var found = _studies.Find(s => s.Name == name);
            if (found is not null)
            {
                if (found.Direction != direction) { throw new InvalidOperationException($"Study '{name}' exists with direction {found.Direction}."); }
                return found;
            }
            var info = new StudyInfo(_studies.Count + 1, name, direction);
            _studies.Add(info);
            _byStudy[info.Id] = [];
            _finished[info.Id] = [];
            return info;
        }
    }

    public override StudyInfo? FindStudy(string name)
    {
        lock (_lock) { return _studies.Find(s => s.Name == name); }
    }

    public override IReadOnlyList<StudyInfo> ListStudies()
    {
        lock (_lock) { return [.. _studies]; }
    }

    public override FrozenTrial? ClaimTrial(int studyId, string worker, int? maxTrials = null)
    {
        lock (_lock)
        {
            var list = _byStudy[studyId];
            var waiting = list.Find(t => t.State == TrialState.Waiting);
            if (waiting is null)
            {
                if (maxTrials is int max && list.Count(t => !t.Retried) >= max) { return null; }
                waiting = Add(studyId);
            }
            waiting.State = TrialState.Running;
            waiting.Worker = worker;
            waiting.Start = waiting.Heartbeat = Now;
            return waiting.Freeze();
        }
    }

    private Rec Add(int studyId)
    {
        var list = _byStudy[studyId];
        var rec = new Rec { Id = _trials.Count + 1, StudyId = studyId, Number = list.Count, State = TrialState.Waiting };
        _trials.Add(rec);
        list.Add(rec);
        return rec;
    }

    public override long EnqueueTrial(int studyId, IReadOnlyDictionary<string, double> parameters,
        IReadOnlyDictionary<string, ParamDistribution> distributions, IReadOnlyDictionary<string, string>? systemAttrs = null)
    {
        lock (_lock)
        {
            var rec = Add(studyId);
            foreach (var (k, v) in parameters) { rec.Params[k] = v; rec.Dists[k] = distributions[k]; }
            foreach (var (k, v) in systemAttrs ?? new Dictionary<string, string>()) { rec.Attrs[k] = v; }
            return rec.Id;
        }
    }

    public override void SetParam(long trialId, string name, double internalValue, ParamDistribution distribution)
    {
        lock (_lock) { var r = Get(trialId); r.Params[name] = internalValue; r.Dists[name] = distribution; }
    }

    public override void SetSystemAttr(long trialId, string key, string value)
    {
        lock (_lock) { Get(trialId).Attrs[key] = value; }
    }

    public override void SetIntermediate(long trialId, int step, double value)
    {
        lock (_lock) { Get(trialId).Intermediate[step] = value; }
    }

    public override bool FinishTrial(long trialId, TrialState state, double? value, string? error = null)
    {
        lock (_lock)
        {
            var r = Get(trialId);
            if (r.State != TrialState.Running) { return false; }
            Finish(r, state, value, error);
            return true;
        }
    }

    private void Finish(Rec r, TrialState state, double? value, string? error)
    {
        r.State = state;
        r.Value = value;
        r.Error = error;
        r.Complete = Now;
        r.Order = ++_order;
        _finished[r.StudyId].Add(r);
    }

    public override void Heartbeat(long trialId)
    {
        lock (_lock) { Get(trialId).Heartbeat = Now; }
    }

    public override IReadOnlyList<FrozenTrial> FailStaleTrials(int studyId, TimeSpan grace, bool retry)
    {
        lock (_lock)
        {
            var failed = new List<FrozenTrial>();
            var now = Now;
            foreach (var r in _byStudy[studyId].ToList())
            {
                if (r.State != TrialState.Running || now - r.Heartbeat <= grace) { continue; }
                Finish(r, TrialState.Failed, null, $"Worker '{r.Worker}' lost its heartbeat (none for {(now - r.Heartbeat!.Value).TotalSeconds:F1} s).");
                if (retry)
                {
                    r.Retried = true;
                    var copy = Add(studyId);
                    foreach (var (k, v) in r.Params) { copy.Params[k] = v; copy.Dists[k] = r.Dists[k]; }
                    foreach (var (k, v) in r.Attrs) { copy.Attrs[k] = v; }
                    copy.Attrs["retry_of"] = r.Number.ToString(System.Globalization.CultureInfo.InvariantCulture);
                }
                failed.Add(r.Freeze());
            }
            return failed;
        }
    }

    public override IReadOnlyList<FrozenTrial> FailWorkerTrials(int studyId, string worker, string error)
    {
        lock (_lock)
        {
            var failed = new List<FrozenTrial>();
            foreach (var r in _byStudy[studyId].Where(r => r.State == TrialState.Running && r.Worker == worker).ToList())
            {
                Finish(r, TrialState.Failed, null, error);
                failed.Add(r.Freeze());
            }
            return failed;
        }
    }

    public override long NextInSequence(int studyId, string sequence)
    {
        lock (_lock)
        {
            long next = _sequences.GetValueOrDefault((studyId, sequence));
            _sequences[(studyId, sequence)] = next + 1;
            return next;
        }
    }

    public override IReadOnlyList<FrozenTrial> GetTrials(int studyId, TrialState state)
    {
        lock (_lock) { return [.. _byStudy[studyId].Where(r => r.State == state).Select(r => r.Freeze())]; }
    }

    public override IReadOnlyList<FrozenTrial> GetFinishedTrials(int studyId, long afterOrder)
    {
        lock (_lock)
        {
            var list = _finished[studyId];
            int lo = 0, hi = list.Count;
            while (lo < hi) { int mid = (lo + hi) / 2; if (list[mid].Order <= afterOrder) { lo = mid + 1; } else { hi = mid; } }
            var result = new List<FrozenTrial>(list.Count - lo);
            for (int i = lo; i < list.Count; i++) { result.Add(list[i].Freeze()); }
            return result;
        }
    }

    public override IReadOnlyList<FrozenTrial> GetAllTrials(int studyId)
    {
        lock (_lock) { return [.. _byStudy[studyId].Select(r => r.Freeze())]; }
    }

    public override FrozenTrial GetTrial(long trialId)
    {
        lock (_lock) { return Get(trialId).Freeze(); }
    }

    public override IReadOnlyDictionary<TrialState, int> CountByState(int studyId)
    {
        lock (_lock) { return _byStudy[studyId].GroupBy(r => r.State).ToDictionary(g => g.Key, g => g.Count()); }
    }

    private Rec Get(long id) => id >= 1 && id <= _trials.Count ? _trials[(int)id - 1] : throw new KeyNotFoundException($"No trial with id {id}.");

    private sealed class Rec : TrialRecord
    {
        public int StudyId;

        // Finished trials never change, so their snapshot is cached.
        private FrozenTrial? _frozen;

        public FrozenTrial Freeze()
        {
            if (_frozen is not null && _frozen.State == State && State is TrialState.Complete or TrialState.Pruned or TrialState.Failed && _frozen.Retried == Retried)
            {
                return _frozen;
            }
            _frozen = ToFrozen(copy: true);
            return _frozen;
        }
    }
}
