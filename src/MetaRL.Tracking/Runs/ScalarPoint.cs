namespace MetaRL.Tracking;

/// <summary>One logged value of a tag. <see cref="Wall"/> is seconds: absolute Unix time when read from an event file, seconds since the run began when read from metrics.jsonl.</summary>
public readonly record struct ScalarPoint(long Step, double Value, double Wall);
