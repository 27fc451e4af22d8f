namespace MetaRL.Serving;

/// <summary>A row the feedback log writes; the writer acknowledges it only once its transaction has committed.</summary>
public abstract record LogRow;

/// <summary>A new session (a user, or a task).</summary>
/// <param name="Id">The session id.</param>
/// <param name="Task">The task description the client gave (JSON), or null.</param>
/// <param name="ModelVersion">The model version serving the session.</param>
/// <param name="Time">When it was created.</param>
public sealed record SessionRow(string Id, string? Task, string ModelVersion, DateTimeOffset Time) : LogRow;

/// <summary>One decision: what the policy saw and did.</summary>
/// <param name="Session">The session id.</param>
/// <param name="Step">The decision's index in its session (0, 1, …).</param>
/// <param name="Observation">The observation as given.</param>
/// <param name="Decision">What the policy did and knew.</param>
/// <param name="ModelVersion">The version that decided.</param>
/// <param name="Time">When.</param>
public sealed record DecisionRow(string Session, long Step, float[] Observation, ServedDecision Decision, string ModelVersion, DateTimeOffset Time) : LogRow;

/// <summary>The outcome of one decision.</summary>
/// <param name="Session">The session id.</param>
/// <param name="Step">The decision it answers.</param>
/// <param name="Reward">The reward.</param>
/// <param name="Terminated">The episode ended in a terminal state.</param>
/// <param name="Truncated">The episode was cut off.</param>
/// <param name="Time">When.</param>
public sealed record FeedbackRow(string Session, long Step, double Reward, bool Terminated, bool Truncated, DateTimeOffset Time) : LogRow;

/// <summary>A session as the log counts it.</summary>
/// <param name="Id">The session id.</param>
/// <param name="Steps">Decisions logged.</param>
/// <param name="Feedback">Feedback rows logged.</param>
/// <param name="ModelVersion">The version serving it.</param>
/// <param name="LastStep">The newest decision's step, or -1.</param>
/// <param name="LastStepAnswered">Whether the newest decision has its feedback.</param>
public sealed record SessionCounts(string Id, long Steps, long Feedback, string ModelVersion, long LastStep, bool LastStepAnswered);

/// <summary>A logged decision with its feedback, if any (what <c>/explain</c> and the refine loop read).</summary>
public sealed record LoggedDecision(string Session, long Step, float[] Observation, string DecisionJson, string ModelVersion, double? Reward);
