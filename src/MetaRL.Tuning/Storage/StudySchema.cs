namespace MetaRL.Tuning;

/// <summary>The tables of the study store, one layout for SQLite and PostgreSQL (server types there). Times are UTC ticks.</summary>
internal static class StudySchema
{
    /// <summary>The SQLite tables of a study file.</summary>
    public static readonly string Sqlite = Create("INTEGER PRIMARY KEY AUTOINCREMENT", "INTEGER PRIMARY KEY AUTOINCREMENT", "INTEGER", "REAL");

    /// <summary>The PostgreSQL tables.</summary>
    public static readonly string Postgres = Create("SERIAL PRIMARY KEY", "BIGSERIAL PRIMARY KEY", "BIGINT", "DOUBLE PRECISION");

    private static string Create(string studyKey, string trialKey, string bigint, string real) => $"""
        CREATE TABLE IF NOT EXISTS studies (
            study_id {studyKey},
            name TEXT NOT NULL UNIQUE,
            direction INTEGER NOT NULL,
            created {bigint} NOT NULL);
        CREATE TABLE IF NOT EXISTS trials (
            trial_id {trialKey},
            study_id INTEGER NOT NULL REFERENCES studies(study_id),
            number INTEGER NOT NULL,
            state INTEGER NOT NULL,
            value {real},
            start {bigint},
            complete {bigint},
            heartbeat {bigint},
            complete_order {bigint},
            worker TEXT,
            error TEXT,
            retried INTEGER NOT NULL DEFAULT 0,
            UNIQUE (study_id, number));
        CREATE INDEX IF NOT EXISTS ix_trials_order ON trials (study_id, complete_order);
        CREATE INDEX IF NOT EXISTS ix_trials_state ON trials (study_id, state);
        CREATE TABLE IF NOT EXISTS trial_params (
            trial_id {bigint} NOT NULL REFERENCES trials(trial_id),
            name TEXT NOT NULL,
            value {real} NOT NULL,
            distribution TEXT NOT NULL,
            PRIMARY KEY (trial_id, name));
        CREATE TABLE IF NOT EXISTS trial_intermediate (
            trial_id {bigint} NOT NULL REFERENCES trials(trial_id),
            step INTEGER NOT NULL,
            value {real} NOT NULL,
            PRIMARY KEY (trial_id, step));
        CREATE TABLE IF NOT EXISTS trial_attrs (
            trial_id {bigint} NOT NULL REFERENCES trials(trial_id),
            key TEXT NOT NULL,
            value TEXT NOT NULL,
            PRIMARY KEY (trial_id, key));
        CREATE TABLE IF NOT EXISTS study_sequences (
            study_id INTEGER NOT NULL REFERENCES studies(study_id),
            name TEXT NOT NULL,
            value {bigint} NOT NULL,
            PRIMARY KEY (study_id, name));
        """;
}
