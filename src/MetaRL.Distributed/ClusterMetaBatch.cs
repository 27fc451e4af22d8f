using System.Security.Cryptography;
using System.Text;
using Polly;
using Polly.Retry;

namespace MetaRL.Distributed;

/// <summary>
/// The executor of a cluster (<see cref="IMetaBatchExecutor"/>): each task of a meta-batch is one call to an
/// <see cref="IMetaTaskGrain"/>, all in flight at once, carrying the run's settings, θ and the task; the outcomes come
/// back by index, so the learner's reduction (the mean gradient, the mean adapted weights) and hence every number of
/// the run are those of the single-process run. A call that fails for want of a silo (lost, timed out, refused) is
/// retried with backoff (<see cref="ClusterRetryOptions"/>) on a fresh grain; a task is counted once, by its reply.
/// When the retries are spent, <see cref="MetaWorkersUnavailableException"/> stops the run without applying the
/// iteration. <see cref="Diagnostics"/> has, per silo, the tasks it ran, its env steps per second of the iteration,
/// its busy seconds and its largest queue, and the retries of the iteration.
/// </summary>
public sealed class ClusterMetaBatch : IMetaBatchExecutor
{
    private static readonly ResiliencePropertyKey<MetaTaskRequest> RequestKey = new("metarl.meta-task-request");
    private readonly IGrainFactory _grains;
    private readonly string[] _keys;
    private readonly string[] _values;
    private readonly string _configKey;
    private readonly ResiliencePipeline _retry;
    private readonly ClusterRetryOptions _options;
    private TimeSpan? _longestCall;
    private TimeSpan _attemptTimeout;
    private readonly Action<string>? _log;
    private int _retries;
    private List<KeyValuePair<string, double>> _diagnostics = [];

    /// <summary>An executor on the cluster reached through <paramref name="grains"/> for the run <paramref name="setup"/>.</summary>
    public ClusterMetaBatch(IGrainFactory grains, MetaSetup setup, ClusterRetryOptions? retry = null, Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(setup);
        _grains = grains ?? throw new ArgumentNullException(nameof(grains));
        var pairs = setup.Resolved().ToArray();
        _keys = [.. pairs.Select(p => p.Key)];
        _values = [.. pairs.Select(p => p.Value)];
        _configKey = Digest(pairs);
        _log = log;
        var options = _options = retry ?? new ClusterRetryOptions();
        options.Validate();
        _retry = options.Retries == 0 ? ResiliencePipeline.Empty : new ResiliencePipelineBuilder().AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<Exception>(ex => ex is not TaskFailedOnSiloException and not OperationCanceledException),
            MaxRetryAttempts = options.Retries,
            Delay = options.Delay,
            MaxDelay = options.MaxDelay,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            OnRetry = args =>
            {
                Interlocked.Increment(ref _retries);
                string which = args.Context.Properties.TryGetValue(RequestKey, out var r) ? $"task {r.Index} of meta-iteration {r.Iteration}" : "a task";
                _log?.Invoke(string.Create(CultureInfo.InvariantCulture,
                    $"retrying {which} on another silo in {args.RetryDelay.TotalSeconds:F1}s after {args.Outcome.Exception?.GetType().Name}: {FirstLine(args.Outcome.Exception?.Message)}"));
                return default;
            },
        }).Build();
    }

    /// <summary>Retries taken since this executor was made (all iterations).</summary>
    public int TotalRetries => Volatile.Read(ref _retries);

    /// <inheritdoc />
    public IReadOnlyList<KeyValuePair<string, double>> Diagnostics => _diagnostics;

    /// <inheritdoc />
    public MetaTaskOutcome[] Run(IMetaTaskLearner learner, IReadOnlyList<EnvTask> tasks, long iteration)
    {
        ArgumentNullException.ThrowIfNull(learner);
        ArgumentNullException.ThrowIfNull(tasks);
        float[][] theta = [.. learner.Model.Parameters().Select(p => p.ToFloatArray())];
        int retriesBefore = TotalRetries;
        _attemptTimeout = _options.AttemptTimeout(_longestCall);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var calls = new Task<MetaTaskReply>[tasks.Count];
        var callSeconds = new double[tasks.Count];
        for (int i = 0; i < tasks.Count; i++)
        {
            var request = new MetaTaskRequest
            {
                ConfigKey = _configKey, Keys = _keys, Values = _values, Theta = theta,
                Task = TaskJson.Serialize(tasks[i]), Iteration = iteration, Index = i,
            };
            calls[i] = Call(request, callSeconds);
        }
        MetaTaskReply[] replies;
        try
        {
            replies = Task.WhenAll(calls).GetAwaiter().GetResult();
        }
        catch (TaskFailedOnSiloException)
        {
            throw;
        }
        catch (Exception ex) when (ex is not NonFiniteTrainingException)
        {
            throw new MetaWorkersUnavailableException(
                $"no silo of the cluster could run the tasks of meta-iteration {iteration} ({ex.GetType().Name}: {FirstLine(ex.Message)}); " +
                "start silos with `metarl cluster silo` and resume the run with --resume", ex);
        }
        double wall = clock.Elapsed.TotalSeconds;
        _longestCall = TimeSpan.FromSeconds(callSeconds.Max());
        var outcomes = new MetaTaskOutcome[replies.Length];
        for (int i = 0; i < replies.Length; i++)
        {
            var r = replies[i];
            if (r.NonFiniteTensor is not null) { throw new NonFiniteTrainingException(r.NonFiniteStep, r.NonFiniteTensor, r.NonFiniteUnit ?? "step"); }
            outcomes[i] = new MetaTaskOutcome(r.Pre, r.Post, r.EnvSteps, r.Tensors);
        }
        _diagnostics = Summarise(replies, wall, TotalRetries - retriesBefore);
        return outcomes;
    }

    /// <summary>One task's call with retries; each attempt addresses a new grain (<c>{config}/{index}/{attempt}</c>) and
    /// times out (<see cref="TimeoutException"/>, retried) after the iteration's attempt timeout. The answered attempt's
    /// duration goes to <paramref name="seconds"/>[index].</summary>
    private async Task<MetaTaskReply> Call(MetaTaskRequest request, double[] seconds)
    {
        int attempt = 0;
        var context = ResilienceContextPool.Shared.Get();
        context.Properties.Set(RequestKey, request);
        MetaTaskReply reply;
        try
        {
            reply = await _retry.ExecuteAsync(async _ =>
            {
                var grain = _grains.GetGrain<IMetaTaskGrain>($"{_configKey}/{request.Index.ToString(CultureInfo.InvariantCulture)}/{attempt++.ToString(CultureInfo.InvariantCulture)}");
                var clock = System.Diagnostics.Stopwatch.StartNew();
                var answer = await grain.Run(request).WaitAsync(_attemptTimeout).ConfigureAwait(false);
                seconds[request.Index] = clock.Elapsed.TotalSeconds;
                return answer;
            }, context).ConfigureAwait(false);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
        if (reply.Failure is not null) { throw new TaskFailedOnSiloException($"task {request.Index} of meta-iteration {request.Iteration} failed on silo {reply.Silo}: {reply.Failure}"); }
        return reply;
    }

    /// <summary>Per silo (tags <c>cluster/{silo}/…</c>, the silo's host:port with ':' as '_'): tasks, env steps per second of
    /// the iteration's wall time, busy seconds and largest queue; and <c>cluster/retries</c>, <c>cluster/silos</c>.</summary>
    private static List<KeyValuePair<string, double>> Summarise(MetaTaskReply[] replies, double wall, int retries)
    {
        var list = new List<KeyValuePair<string, double>>();
        foreach (var silo in replies.GroupBy(r => r.Silo).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            string tag = "cluster/" + silo.Key.Replace(':', '_');
            list.Add(new($"{tag}/tasks", silo.Count()));
            list.Add(new($"{tag}/env_steps_per_sec", wall > 0 ? silo.Sum(r => r.EnvSteps) / wall : 0));
            list.Add(new($"{tag}/busy_seconds", silo.Sum(r => r.Seconds)));
            list.Add(new($"{tag}/queue_max", silo.Max(r => r.Queue)));
        }
        list.Add(new("cluster/silos", replies.Select(r => r.Silo).Distinct().Count()));
        list.Add(new("cluster/retries", retries));
        return list;
    }

    /// <summary>A short digest of the resolved settings: grains built for other settings are not reused.</summary>
    private static string Digest(IEnumerable<(string Key, string Value)> pairs)
    {
        var text = string.Join("\n", pairs.Select(p => p.Key + "=" + p.Value));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
    }

    private static string FirstLine(string? message) => (message ?? "").Split('\n')[0].Trim();
}

/// <summary>A task failed on its silo for a reason a retry cannot mend (a bad setting, an error in the learner); the run
/// stops with it.</summary>
public sealed class TaskFailedOnSiloException : MetaWorkerFailedException
{
    public TaskFailedOnSiloException() { }

    public TaskFailedOnSiloException(string message) : base(message) { }

    public TaskFailedOnSiloException(string message, Exception inner) : base(message, inner) { }
}
