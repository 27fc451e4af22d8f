namespace MetaRL.Serving;

/// <summary>
/// The serving log's tables (schema 2). Decisions are appended in commit order (<c>seq</c>), so a commit writes the
/// pages at the table's end rather than one page per session: keyed by (session, step), every decision landed on its own
/// session's page, and a commit of n rows wrote about n pages. Each step is written once because a decision is logged only
/// when it advances its session's <c>session_steps.last_step</c> by one (a narrow table: many sessions share a page).
/// <c>decision_keys</c> indexes (session, step) → seq in sorted bulk, a few thousand rows at a time
/// (<see cref="FeedbackLog"/>); lookups read it, then the unindexed tail after <c>log_state.indexed_seq</c>. Feedback
/// stays keyed by (session, step): it may answer any earlier step, and the key refuses a second answer.
/// </summary>
internal static class FeedbackSchema
{
    /// <summary>The layout version, kept in <c>PRAGMA user_version</c>.</summary>
    public const int Version = 2;

    public const string Sqlite = """
        CREATE TABLE IF NOT EXISTS model_versions (
            version TEXT PRIMARY KEY, run TEXT NOT NULL, checkpoint TEXT NOT NULL, created TEXT NOT NULL, evidence TEXT);
        CREATE TABLE IF NOT EXISTS sessions (
            id TEXT PRIMARY KEY, task TEXT, model_version TEXT NOT NULL, created TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS session_steps (session TEXT PRIMARY KEY, last_step INTEGER NOT NULL) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS decisions (
            seq INTEGER PRIMARY KEY, session TEXT NOT NULL, step INTEGER NOT NULL, obs TEXT NOT NULL, decision TEXT NOT NULL,
            log_prob REAL NOT NULL, model_version TEXT NOT NULL, time TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS decision_keys (
            session TEXT NOT NULL, step INTEGER NOT NULL, seq INTEGER NOT NULL, PRIMARY KEY (session, step)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS feedback (
            session TEXT NOT NULL, step INTEGER NOT NULL, reward REAL NOT NULL, terminated INTEGER NOT NULL, truncated INTEGER NOT NULL,
            time TEXT NOT NULL, PRIMARY KEY (session, step)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS log_state (name TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
        INSERT OR IGNORE INTO log_state (name, value) VALUES ('indexed_seq', 0);
        """;

    /// <summary>The tables a serving log may hold (anything else is another program's database).</summary>
    public static readonly string[] Tables = ["model_versions", "sessions", "session_steps", "decisions", "decision_keys", "feedback", "log_state"];

    /// <summary>Schema 1 (decisions keyed by (session, step)) to schema 2, in the caller's transaction.</summary>
    public const string FromVersion1 = """
        ALTER TABLE decisions RENAME TO decisions_v1;
        """ + Sqlite + """

        INSERT INTO decisions (session, step, obs, decision, log_prob, model_version, time)
            SELECT session, step, obs, decision, log_prob, model_version, time FROM decisions_v1 ORDER BY time, session, step;
        INSERT INTO session_steps (session, last_step)
            SELECT s.id, COALESCE((SELECT MAX(step) FROM decisions_v1 d WHERE d.session = s.id), -1) FROM sessions s;
        DROP TABLE decisions_v1;
        """;

    /// <summary>Indexes the decisions after the watermark, sorted by key, and moves the watermark (one transaction).</summary>
    public const string IndexTail = """
        INSERT OR IGNORE INTO decision_keys (session, step, seq)
            SELECT session, step, seq FROM decisions WHERE seq > (SELECT value FROM log_state WHERE name = 'indexed_seq') ORDER BY session, step;
        UPDATE log_state SET value = (SELECT COALESCE(MAX(seq), 0) FROM decisions) WHERE name = 'indexed_seq';
        """;

    /// <summary>The seq of decision ($s, $t): from the index, else from the unindexed tail.</summary>
    public const string DecisionSeq = """
        COALESCE((SELECT seq FROM decision_keys WHERE session = $s AND step = $t),
                 (SELECT seq FROM decisions WHERE seq > (SELECT value FROM log_state WHERE name = 'indexed_seq') AND session = $s AND step = $t))
        """;
}
