using MetaRL.Statistics;

namespace MetaRL.Envs;

/// <summary>
/// The recommendation metrics of a run over users, one value per user (a trial of sessions), summarised as mean and 95%
/// interval: <c>ctr</c> (clicks per slate shown), <c>watch_time</c> (minutes watched per session), <c>session_length</c>
/// (slates per session), <c>coverage</c> (distinct documents shown over distinct documents offered as candidates during
/// the user's sessions), <c>diversity</c> (intra-slate topic diversity: the fraction of pairs of a slate's documents on
/// different topics, averaged over slates of two or more) and, beside an oracle run on the same users,
/// <c>regret</c> (the oracle's watch time per session minus this method's, user by user).
/// </summary>
public sealed class RecSlateMetrics
{
    /// <summary>The metric names, in the order they print.</summary>
    public static readonly string[] Names = ["ctr", "watch_time", "session_length", "coverage", "diversity", "regret"];

    private readonly List<double> _ctr = [], _watch = [], _length = [], _coverage = [], _diversity = [];
    private readonly HashSet<long> _shown = [], _offered = [];
    private long _steps, _clicks;
    private double _watchTotal, _diversitySum;
    private int _diverseSlates, _sessions;

    /// <summary>Watch time per session of each user so far, in order (what regret pairs).</summary>
    public IReadOnlyList<double> WatchPerSession => _watch;

    /// <summary>The per-user values of <c>ctr</c>, <c>watch_time</c> or <c>session_length</c> so far, in order (what an A/B
    /// test compares); null for any other name.</summary>
    public IReadOnlyList<double>? PerUser(string metric) => metric switch
    {
        "ctr" => _ctr,
        "watch_time" => _watch,
        "session_length" => _length,
        _ => null,
    };

    /// <summary>Starts a user.</summary>
    public void BeginUser()
    {
        _shown.Clear();
        _offered.Clear();
        (_steps, _clicks, _watchTotal, _diversitySum, _diverseSlates, _sessions) = (0, 0, 0, 0, 0, 0);
    }

    /// <summary>Starts a session.</summary>
    public void BeginSession() => _sessions++;

    /// <summary>Records the candidates about to be offered (call before the step).</summary>
    public void Offered(RecSlate env)
    {
        foreach (long id in env.CandidateIds) { _offered.Add(id); }
    }

    /// <summary>Records a step's slate and response (call after the step).</summary>
    public void Stepped(RecSlate env)
    {
        _steps++;
        if (env.LastClickPosition >= 0) { _clicks++; }
        _watchTotal += env.LastWatchTime;
        foreach (long id in env.LastShownIds) { _shown.Add(id); }
        var topics = env.LastShownTopics;
        if (topics.Length >= 2)
        {
            int pairs = 0, different = 0;
            for (int a = 0; a < topics.Length; a++)
            {
                for (int b = a + 1; b < topics.Length; b++) { pairs++; if (topics[a] != topics[b]) { different++; } }
            }
            _diversitySum += (double)different / pairs;
            _diverseSlates++;
        }
    }

    /// <summary>Ends a user: one value of each metric.</summary>
    public void EndUser()
    {
        _ctr.Add(_steps == 0 ? 0 : (double)_clicks / _steps);
        _watch.Add(_watchTotal / Math.Max(1, _sessions));
        _length.Add((double)_steps / Math.Max(1, _sessions));
        _coverage.Add(_offered.Count == 0 ? 0 : (double)_shown.Count / _offered.Count);
        if (_diverseSlates > 0) { _diversity.Add(_diversitySum / _diverseSlates); }
    }

    /// <summary>Mean and 95% interval of each metric over the users; <c>regret</c> when <paramref name="oracle"/> (the
    /// oracle's metrics on the same users, in the same order) is given.</summary>
    public IReadOnlyDictionary<string, MeanInterval> Summaries(RecSlateMetrics? oracle = null)
    {
        var result = new Dictionary<string, MeanInterval>(StringComparer.Ordinal)
        {
            ["ctr"] = MeanInterval.Of(_ctr),
            ["watch_time"] = MeanInterval.Of(_watch),
            ["session_length"] = MeanInterval.Of(_length),
            ["coverage"] = MeanInterval.Of(_coverage),
        };
        if (_diversity.Count > 0) { result["diversity"] = MeanInterval.Of(_diversity); }
        if (oracle is not null && oracle._watch.Count == _watch.Count)
        {
            result["regret"] = MeanInterval.Of([.. _watch.Select((w, i) => oracle._watch[i] - w)]);
        }
        return result;
    }
}
