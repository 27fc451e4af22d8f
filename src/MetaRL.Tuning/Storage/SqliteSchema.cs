namespace MetaRL.Tuning;

/// <summary>The SQLite tables of a study file. Times are UTC ticks.</summary>
internal static class SqliteSchema
{
    public const string Create = """
        CREATE TABLE IF NOT EXISTS studies (
            study_id INTEGER PRIMARY KEY AUTOINCREMENT,
            name TEXT NOT NULL UNIQUE,
            direction INTEGER NOT NULL,
            created INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS trials (
            trial_id INTEGER PRIMARY KEY AUTOINCREMENT,
            study_id INTEGER NOT NULL REFERENCES studies(study_id),
            number INTEGER NOT NULL,
            state INTEGER NOT NULL,
            value REAL,
            start INTEGER,
            complete INTEGER,
            heartbeat INTEGER,
            complete_order INTEGER,
            worker TEXT,
            error TEXT,
            retried INTEGER NOT NULL DEFAULT 0,
            UNIQUE (study_id, number));
        CREATE INDEX IF NOT EXISTS ix_trials_order ON trials (study_id, complete_order);
        CREATE INDEX IF NOT EXISTS ix_trials_state ON trials (study_id, state);
        CREATE TABLE IF NOT EXISTS trial_params (
            trial_id INTEGER NOT NULL REFERENCES trials(trial_id),
            name TEXT NOT NULL,
            value REAL NOT NULL,
            distribution TEXT NOT NULL,
            PRIMARY KEY (trial_id, name));
        CREATE TABLE IF NOT EXISTS trial_intermediate (
            trial_id INTEGER NOT NULL REFERENCES trials(trial_id),
            step INTEGER NOT NULL,
            value REAL NOT NULL,
            PRIMARY KEY (trial_id, step));
        CREATE TABLE IF NOT EXISTS trial_attrs (
            trial_id INTEGER NOT NULL REFERENCES trials(trial_id),
            key TEXT NOT NULL,
            value TEXT NOT NULL,
            PRIMARY KEY (trial_id, key));
        """;
}
