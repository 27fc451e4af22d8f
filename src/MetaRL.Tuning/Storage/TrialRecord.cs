namespace MetaRL.Tuning;

/// <summary>A trial's mutable fields as a storage holds them (in memory, or read from SQL rows) before it is frozen.</summary>
internal class TrialRecord
{
    public long Id, Order;
    public int Number;
    public TrialState State;
    public double? Value;
    public DateTime? Start, Complete, Heartbeat;
    public string? Worker, Error;
    public bool Retried;
    public readonly Dictionary<string, double> Params = [];
    public readonly Dictionary<string, ParamDistribution> Dists = [];
    public readonly SortedDictionary<int, double> Intermediate = [];
    public readonly Dictionary<string, string> Attrs = [];

    /// <summary>The snapshot; with <paramref name="copy"/> its collections are copies, so the record may change afterwards.</summary>
    public FrozenTrial ToFrozen(bool copy) => new()
    {
        Id = Id, Number = Number, State = State, Value = Value,
        Params = copy ? new Dictionary<string, double>(Params) : Params,
        Distributions = copy ? new Dictionary<string, ParamDistribution>(Dists) : Dists,
        IntermediateValues = copy ? new SortedDictionary<int, double>(Intermediate) : Intermediate,
        SystemAttrs = copy ? new Dictionary<string, string>(Attrs) : Attrs,
        Start = Start, Complete = Complete, Heartbeat = Heartbeat, CompleteOrder = Order, Worker = Worker, Error = Error, Retried = Retried,
    };
}
