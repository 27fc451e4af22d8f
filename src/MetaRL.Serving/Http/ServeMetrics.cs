using System.Collections.Concurrent;
using System.Text;

namespace MetaRL.Serving;

/// <summary>
/// The counters <c>GET /metrics</c> shows in Prometheus' text format: requests by route and status, a latency histogram,
/// live sessions, the model version served and the feedback rows logged.
/// </summary>
public sealed class ServeMetrics
{
    /// <summary>Upper bounds of the latency histogram's buckets, in seconds.</summary>
    public static IReadOnlyList<double> Buckets { get; } = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1];

    private readonly ConcurrentDictionary<(string Route, int Status), long> _requests = new();
    private readonly long[] _bucketCounts = new long[Buckets.Count + 1];
    private long _latencyCount;
    private long _latencyMicros;

    /// <summary>Counts one request of <paramref name="route"/> answered with <paramref name="status"/> after <paramref name="elapsed"/>.</summary>
    public void Observe(string route, int status, TimeSpan elapsed)
    {
        _requests.AddOrUpdate((route, status), 1, (_, n) => n + 1);
        double s = elapsed.TotalSeconds;
        int b = 0;
        while (b < Buckets.Count && s > Buckets[b]) { b++; }
        Interlocked.Increment(ref _bucketCounts[b]);
        Interlocked.Increment(ref _latencyCount);
        Interlocked.Add(ref _latencyMicros, (long)(s * 1e6));
    }

    /// <summary>Requests counted so far.</summary>
    public long Requests => Interlocked.Read(ref _latencyCount);

    /// <summary>The exposition text.</summary>
    public string Render(int liveSessions, string modelVersion, string algo, long feedbackRows, long loggedRows)
    {
        var sb = new StringBuilder();
        sb.Append("# HELP metarl_requests_total Requests answered, by route and status.\n# TYPE metarl_requests_total counter\n");
        foreach (var ((route, status), n) in _requests.OrderBy(kv => kv.Key.Route, StringComparer.Ordinal).ThenBy(kv => kv.Key.Status))
        {
            sb.Append(CultureInfo.InvariantCulture, $"metarl_requests_total{{route=\"{route}\",status=\"{status}\"}} {n}\n");
        }
        sb.Append("# HELP metarl_request_seconds Request latency.\n# TYPE metarl_request_seconds histogram\n");
        long cumulative = 0;
        for (int b = 0; b <= Buckets.Count; b++)
        {
            cumulative += Interlocked.Read(ref _bucketCounts[b]);
            string le = b < Buckets.Count ? Buckets[b].ToString("R", CultureInfo.InvariantCulture) : "+Inf";
            sb.Append(CultureInfo.InvariantCulture, $"metarl_request_seconds_bucket{{le=\"{le}\"}} {cumulative}\n");
        }
        sb.Append(CultureInfo.InvariantCulture, $"metarl_request_seconds_sum {Interlocked.Read(ref _latencyMicros) / 1e6:R}\n");
        sb.Append(CultureInfo.InvariantCulture, $"metarl_request_seconds_count {Interlocked.Read(ref _latencyCount)}\n");
        sb.Append("# HELP metarl_active_sessions Sessions held in memory.\n# TYPE metarl_active_sessions gauge\n");
        sb.Append(CultureInfo.InvariantCulture, $"metarl_active_sessions {liveSessions}\n");
        sb.Append("# HELP metarl_model_version_info The model version served (value 1).\n# TYPE metarl_model_version_info gauge\n");
        sb.Append(CultureInfo.InvariantCulture, $"metarl_model_version_info{{version=\"{modelVersion}\",algo=\"{algo}\"}} 1\n");
        sb.Append("# HELP metarl_feedback_rows Feedback rows in the log.\n# TYPE metarl_feedback_rows gauge\n");
        sb.Append(CultureInfo.InvariantCulture, $"metarl_feedback_rows {feedbackRows}\n");
        sb.Append("# HELP metarl_log_rows_written_total Rows this process committed to the log.\n# TYPE metarl_log_rows_written_total counter\n");
        sb.Append(CultureInfo.InvariantCulture, $"metarl_log_rows_written_total {loggedRows}\n");
        return sb.ToString();
    }
}
