namespace MetaRL.Serving;

/// <summary>
/// <c>metarl serve</c>'s settings, secure by default: loopback only, a bearer token on every route but <c>/healthz</c>,
/// bodies of at most 64 KiB, a per-token rate limit, a bounded number of live sessions that expire when idle.
/// </summary>
public sealed class ServeOptions
{
    /// <summary>The run directory whose policy is served.</summary>
    public required string Run { get; init; }

    /// <summary>Address to listen on.</summary>
    /// <value>The default value is <c>127.0.0.1</c> (loopback: nothing off the machine reaches the server).</value>
    public string Bind { get; init; } = "127.0.0.1";

    /// <summary>TCP port; 0 picks a free one (printed at start).</summary>
    /// <value>The default value is 8080.</value>
    public int Port { get; init; } = 8080;

    /// <summary>The feedback log: <c>sqlite:PATH</c>.</summary>
    /// <value>The default value is null: <c>sqlite:RUN/serve.db</c>, beside the run.</value>
    public string? Store { get; init; }

    /// <summary>The bearer token clients present.</summary>
    /// <value>The default value is null: <c>METARL_SERVE_TOKEN</c>, else a random token printed once at start.</value>
    public string? Token { get; init; }

    /// <summary>Largest request body accepted, in bytes (413 above).</summary>
    /// <value>The default value is 65,536 (64 KiB).</value>
    public long MaxBodyBytes { get; init; } = 64 * 1024;

    /// <summary>Requests per second one token may make (a token bucket of this size, refilled every second; 429 above).</summary>
    /// <value>The default value is 100,000: far above one client's need, low enough to stop a runaway loop.</value>
    public int RateLimit { get; init; } = 100_000;

    /// <summary>Live sessions held at most (503 for a new one when all are in use).</summary>
    /// <value>The default value is 100,000.</value>
    public int MaxSessions { get; init; } = 100_000;

    /// <summary>How long an unused session stays in memory (its rows stay in the log).</summary>
    /// <value>The default value is 30 minutes.</value>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>Seed of the sessions' action generators.</summary>
    /// <value>The default value is 0.</value>
    public long Seed { get; init; }

    /// <summary>Refuses settings out of range with a <see cref="ConfigException"/>.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Run)) { throw new ConfigException("--run is required"); }
        if (Port is < 0 or > 65535) { throw new ConfigException($"--port {Port}: a TCP port is 0 to 65535"); }
        if (!System.Net.IPAddress.TryParse(Bind, out _) && Bind != "localhost") { throw new ConfigException($"--bind '{Bind}' is not an IP address (127.0.0.1, ::1, 0.0.0.0)"); }
        if (MaxBodyBytes is < 1024 or > 64L * 1024 * 1024) { throw new ConfigException($"--max-body {MaxBodyBytes}: 1024 bytes to 64 MiB"); }
        if (RateLimit < 1) { throw new ConfigException($"--rate-limit {RateLimit}: at least 1 request per second"); }
        if (MaxSessions < 1) { throw new ConfigException($"--max-sessions {MaxSessions}: at least 1"); }
        if (IdleTimeout <= TimeSpan.Zero) { throw new ConfigException("--idle-timeout must be positive"); }
        if (Token is { Length: < 16 }) { throw new ConfigException("the token must have at least 16 characters"); }
    }
}
