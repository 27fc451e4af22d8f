namespace MetaRL.Tuning;

/// <summary>The PostgreSQL tables of the study store: the SQLite layout with server types. Times are UTC ticks.</summary>
internal static class PostgresSchema
{
    public const string Create = """
        CREATE TABLE IF NOT EXISTS studies (
            study_id SERIAL PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            direction INTEGER NOT NULL,
            created BIGINT NOT NULL);
        CREATE TABLE IF NOT EXISTS trials (
            trial_id BIGSERIAL PRIMARY KEY,
            study_id INTEGER NOT NULL REFERENCES studies(study_id),
            number INTEGER NOT NULL,
            state INTEGER NOT NULL,
            value DOUBLE PRECISION,
            start BIGINT,
            complete BIGINT,
            heartbeat BIGINT,
            complete_order BIGINT,
            worker TEXT,
            error TEXT,
            retried INTEGER NOT NULL DEFAULT 0,
            UNIQUE (study_id, number));
        CREATE INDEX IF NOT EXISTS ix_trials_order ON trials (study_id, complete_order);
        CREATE INDEX IF NOT EXISTS ix_trials_state ON trials (study_id, state);
        CREATE TABLE IF NOT EXISTS trial_params (
            trial_id BIGINT NOT NULL REFERENCES trials(trial_id),
            name TEXT NOT NULL,
            value DOUBLE PRECISION NOT NULL,
            distribution TEXT NOT NULL,
            PRIMARY KEY (trial_id, name));
        CREATE TABLE IF NOT EXISTS trial_intermediate (
            trial_id BIGINT NOT NULL REFERENCES trials(trial_id),
            step INTEGER NOT NULL,
            value DOUBLE PRECISION NOT NULL,
            PRIMARY KEY (trial_id, step));
        CREATE TABLE IF NOT EXISTS trial_attrs (
            trial_id BIGINT NOT NULL REFERENCES trials(trial_id),
            key TEXT NOT NULL,
            value TEXT NOT NULL,
            PRIMARY KEY (trial_id, key));
        """;
}
