namespace MetaRL.Cli.Commands.Tune;

/// <summary>What a tune run (or one of its workers) needs to know, validated.</summary>
internal sealed record TuneSettings(
    IObjective Objective, string ObjectiveSpec, string SamplerName, int Trials, int Seed, string? Storage,
    string StudyName, double? Sigma0, int DelayMs, double HeartbeatSeconds, double? GraceSeconds, int WorkerIndex)
{
    public static readonly string[] Samplers = ["random", "cmaes", "gp", "tpe", "es"];

    /// <summary>The environment variable that hands a worker the storage (a Postgres connection string
    /// may hold a password, which must not appear on a process command line).</summary>
    public const string StorageVariable = "METARL_TUNE_STORAGE";

    /// <summary>A worker started by a supervisor (<c>--supervised</c>): it stops when its standard input closes.</summary>
    public bool Supervised { get; init; }

    /// <summary>The name a worker process writes beside its trials; the supervisor fails the Running trials of a worker by it.</summary>
    public static string WorkerName(int index, int processId) => string.Create(CultureInfo.InvariantCulture, $"worker{index}:{processId}");

    /// <summary>The arguments that make a worker process run the same study (the storage goes through
    /// <see cref="StorageVariable"/>; see <see cref="WorkerLauncher.WorkerStartInfo"/>).</summary>
    public List<string> WorkerArguments(int index)
    {
        var inv = CultureInfo.InvariantCulture;
        var args = new List<string>
        {
            "tune", "worker", "--objective", ObjectiveSpec, "--sampler", SamplerName, "--trials", Trials.ToString(inv),
            "--seed", Seed.ToString(inv), "--storage", "env:" + StorageVariable, "--study", StudyName, "--delay-ms", DelayMs.ToString(inv),
            "--heartbeat", HeartbeatSeconds.ToString("R", inv), "--worker-index", index.ToString(inv),
        };
        if (Sigma0 is double s) { args.AddRange(["--sigma0", s.ToString("R", inv)]); }
        if (GraceSeconds is double g) { args.AddRange(["--grace", g.ToString("R", inv)]); }
        return args;
    }

    public StudyOptions StudyOptions(string worker) => new()
    {
        HeartbeatInterval = Storage is null ? null : TimeSpan.FromSeconds(HeartbeatSeconds),
        GracePeriod = GraceSeconds is double g ? TimeSpan.FromSeconds(g) : null,
        WorkerId = worker,
    };
}

/// <summary>The options shared by <c>tune</c> and its hidden <c>worker</c> subcommand.</summary>
internal sealed class TuneOptionSet
{
    private readonly Argument<string?> _studyFile = new("study") { Description = "Study file (STUDY.yaml): a metarl train config, a search space over its keys and the summary.json metric to optimise.", Arity = ArgumentArity.ZeroOrOne };
    private readonly Option<string?> _objective = new("--objective") { Description = "Objective: sphere:D, rosenbrock:D, rastrigin:D, branin, hartmann6 (or a study file)." };
    private readonly Option<string> _sampler = new("--sampler") { Description = "Sampler: random, cmaes, gp, tpe or es.", DefaultValueFactory = _ => "tpe" };
    private readonly Option<int> _trials = new("--trials") { Description = "Trials in the study (all workers together).", DefaultValueFactory = _ => 100 };
    private readonly Option<int> _seed = new("--seed") { Description = "Random seed.", DefaultValueFactory = _ => 1 };
    private readonly Option<string?> _storage = new("--storage") { Description = "Study storage: sqlite:PATH or postgres:CONNECTION-STRING (durable, shareable; Postgres across machines), or env:NAME to read either from an environment variable; in memory when omitted." };
    private readonly Option<string?> _study = new("--study") { Description = "Study name (default OBJECTIVE-SAMPLER-sSEED); an existing study of that name is resumed." };
    private readonly Option<double?> _sigma0 = new("--sigma0") { Description = $"Initial step size: CMA-ES in parameter units (default range/6), ES in unit-cube units (default {new OpenAiEsOptions().Sigma.ToString(CultureInfo.InvariantCulture)})." };
    private readonly Option<int> _delay = new("--delay-ms") { Description = "Sleep this long in every evaluation (simulates an expensive objective).", DefaultValueFactory = _ => 0 };
    private readonly Option<double> _heartbeat = new("--heartbeat") { Description = "Seconds between heartbeats of a running trial (SQLite or Postgres storage).", DefaultValueFactory = _ => 1.0 };
    private readonly Option<double?> _grace = new("--grace") { Description = $"Seconds without a heartbeat before a trial is marked failed and retried (default {StudyOptions.GraceHeartbeats} heartbeats)." };
    private readonly Option<int> _workerIndex = new("--worker-index") { Description = "Index of this worker among its supervisor's (a label; the study numbers the workers that seed the samplers).", DefaultValueFactory = _ => 0 };
    private readonly Option<bool> _supervised = new("--supervised") { Description = "Stop when standard input closes (the supervisor's pipe)." };

    public void AddTo(Command command, bool includeWorkerIndex)
    {
        command.Arguments.Add(_studyFile);
        foreach (Option o in new Option[] { _objective, _sampler, _trials, _seed, _storage, _study, _sigma0, _delay, _heartbeat, _grace })
        {
            command.Options.Add(o);
        }
        if (includeWorkerIndex) { command.Options.Add(_workerIndex); command.Options.Add(_supervised); }
    }

    public TuneSettings Read(ParseResult parse)
    {
        string? file = parse.GetValue(_studyFile), named = parse.GetValue(_objective);
        if ((file is null) == (named is null)) { throw new UserInputException(file is null ? "Name what to optimise: a study file (metarl tune STUDY.yaml) or --objective (sphere:D, rosenbrock:D, rastrigin:D, branin, hartmann6)." : "Give either a study file or --objective, not both."); }
        string spec = file is not null ? Path.GetFullPath(file) : named!;
        var objective = ObjectiveCatalog.Resolve(spec);
        string sampler = parse.GetValue(_sampler)!.ToLowerInvariant();
        if (!TuneSettings.Samplers.Contains(sampler)) { throw new UserInputException($"Unknown sampler '{sampler}': use {string.Join(", ", TuneSettings.Samplers)}."); }
        int trials = parse.GetValue(_trials);
        if (trials < 1) { throw new UserInputException("--trials must be at least 1."); }
        string? storage = FromEnvironment(parse.GetValue(_storage));
        if (storage is not null && !IsStorageUrl(storage))
        {
            throw new UserInputException($"Unsupported --storage '{storage}': use sqlite:PATH or postgres:Host=…;Database=…;Username=… (or omit it for memory).");
        }
        double? sigma0 = parse.GetValue(_sigma0);
        if (sigma0 is double s && !(s > 0)) { throw new UserInputException("--sigma0 must be positive."); }
        double heartbeat = parse.GetValue(_heartbeat);
        if (!(heartbeat > 0)) { throw new UserInputException("--heartbeat must be positive."); }
        double? grace = parse.GetValue(_grace);
        if (grace is double g && !(g > heartbeat)) { throw new UserInputException("--grace must be longer than --heartbeat."); }
        int delay = parse.GetValue(_delay);
        if (delay < 0) { throw new UserInputException("--delay-ms cannot be negative."); }
        int seed = parse.GetValue(_seed);
        string name = parse.GetValue(_study) ?? $"{objective.Name}-{sampler}-s{seed.ToString(CultureInfo.InvariantCulture)}";
        if (objective is TrainObjective train) { objective = StudyFileObjective.Place(train, storage, name); }
        return new TuneSettings(objective, spec, sampler, trials, seed, storage, name, sigma0, delay, heartbeat, grace, parse.GetValue(_workerIndex))
        {
            Supervised = parse.GetValue(_supervised),
        };
    }

    /// <summary>Resolves <c>env:NAME</c> to the value of the environment variable NAME (keeps secrets off
    /// command lines and shell history); any other value is returned as it is.</summary>
    internal static string? FromEnvironment(string? storage)
    {
        if (storage is null || !storage.StartsWith("env:", StringComparison.Ordinal)) { return storage; }
        string name = storage["env:".Length..];
        if (name.Length == 0) { throw new UserInputException("--storage env:NAME needs the name of an environment variable."); }
        string? value = Environment.GetEnvironmentVariable(name);
        if (string.IsNullOrEmpty(value)) { throw new UserInputException($"--storage {storage}: the environment variable {name} is not set."); }
        return value;
    }

    /// <summary>
    /// Whether <paramref name="url"/> names durable storage: <c>sqlite:PATH</c>, or <c>postgres:</c>/<c>postgresql:</c>
    /// with an Npgsql connection string (not a <c>postgres://</c> URI).
    /// </summary>
    internal static bool IsStorageUrl(string url) =>
        (url.StartsWith("sqlite:", StringComparison.Ordinal) && url.Length > "sqlite:".Length)
        || new[] { "postgres:", "postgresql:" }.Any(p => url.StartsWith(p, StringComparison.Ordinal) && url.Length > p.Length
            && !url.AsSpan(p.Length).StartsWith("//", StringComparison.Ordinal));
}
