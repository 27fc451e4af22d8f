namespace MetaRL.Serving;

/// <summary>The serving log's tables. Decisions and feedback are keyed by (session, step), so a row is written once.</summary>
internal static class FeedbackSchema
{
    public const string Sqlite = """
        CREATE TABLE IF NOT EXISTS model_versions (
            version TEXT PRIMARY KEY, run TEXT NOT NULL, checkpoint TEXT NOT NULL, created TEXT NOT NULL, evidence TEXT);
        CREATE TABLE IF NOT EXISTS sessions (
            id TEXT PRIMARY KEY, task TEXT, model_version TEXT NOT NULL, created TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS decisions (
            session TEXT NOT NULL, step INTEGER NOT NULL, obs TEXT NOT NULL, decision TEXT NOT NULL, log_prob REAL NOT NULL,
            model_version TEXT NOT NULL, time TEXT NOT NULL, PRIMARY KEY (session, step)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS feedback (
            session TEXT NOT NULL, step INTEGER NOT NULL, reward REAL NOT NULL, terminated INTEGER NOT NULL, truncated INTEGER NOT NULL,
            time TEXT NOT NULL, PRIMARY KEY (session, step)) WITHOUT ROWID;
        """;
}
