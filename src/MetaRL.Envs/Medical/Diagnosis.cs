namespace MetaRL.Envs.Medical;

/// <summary>Which rows of a fold a <see cref="Diagnosis"/> environment draws its patients from.</summary>
public enum DiagnosisPart
{
    /// <summary>The fold's training rows (every row when there is no fold).</summary>
    Train,

    /// <summary>The fold's held-out rows.</summary>
    Test,
}

/// <summary>
/// Diagnosis-v0, cost-aware diagnosis as sequential test ordering (in the spirit of Ji &amp; Carin 2007 and the
/// cost-sensitive feature acquisition literature): an episode is one patient drawn from the hospital's case mix (the
/// partition's malignant rows with probability <see cref="DiagnosisTask.Prevalence"/>, else its benign rows). Each step
/// the agent orders test i (action i &lt; n, reward −price_i; ordering a test again pays again and shows nothing new), or
/// stops and diagnoses: action n benign, n + 1 malignant, reward −(the hospital's cost matrix entry) and the episode
/// terminates. An order beyond <see cref="MaxTests"/> tests ends the episode undiagnosed, charged the misdiagnosis cost
/// of the patient's true class. The observation is, per test, a 0/1 flag "done" and then, per test, its value
/// standardised with the training rows' statistics (0 while not done), clipped to ±<see cref="ValueClip"/>. Tasks are
/// hospitals (<see cref="DiagnosisTask"/>, drawn from <see cref="DiagnosisHospitals"/>); the task is hidden.
/// </summary>
public sealed class Diagnosis : TaskEnv<DiagnosisTask>
{
    /// <summary>Standardised values are clipped to ± this.</summary>
    public const float ValueClip = 10f;

    private readonly double[] _z;
    private readonly int[] _malignantRows;
    private readonly int[] _benignRows;
    private readonly float[] _observation;
    private readonly LogisticRegression? _posterior;
    private int _patient;
    private int _ordered;
    private bool _ended;

    /// <summary>An environment over <paramref name="data"/>'s rows of <paramref name="part"/> in fold
    /// <paramref name="fold"/> of <paramref name="folds"/> (fold −1: every row, standardised with every row).</summary>
    /// <param name="data">The cases.</param>
    /// <param name="hospitals">The hospital distribution tasks are drawn from.</param>
    /// <param name="folds">Stratified folds of the split.</param>
    /// <param name="fold">The held-out fold, or −1.</param>
    /// <param name="part">Training or held-out rows.</param>
    /// <param name="splitSeed">Seed of the folds' shuffle.</param>
    /// <param name="maxTests">Most tests per patient.</param>
    /// <param name="posterior">Append the <see cref="DiagnosisPosterior"/> log-odds to the observation.</param>
    public Diagnosis(DiagnosisData data, DiagnosisHospitals hospitals, int folds = 10, int fold = -1, DiagnosisPart part = DiagnosisPart.Train, long splitSeed = 0, int maxTests = 30, bool posterior = false)
        : base("Diagnosis-v0", ObservationBox(data.Tests, posterior), new Discrete(data.Tests + 2))
    {
        Data = data;
        Hospitals = hospitals ?? throw new ArgumentNullException(nameof(hospitals));
        MaxTests = AtLeast(maxTests, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(fold, -1);
        int[] train, rows;
        if (fold < 0)
        {
            train = rows = [.. Enumerable.Range(0, data.Table.Rows)];
            if (part == DiagnosisPart.Test) { throw new EnvConfigurationException("Diagnosis-v0: the test part needs a fold (0 … folds − 1)."); }
        }
        else
        {
            if (fold >= folds) { throw new EnvConfigurationException($"Diagnosis-v0: fold {fold} is not one of the {folds} folds (0 … {folds - 1})."); }
            int rarer = Math.Min(data.Malignant.Count(m => m), data.Malignant.Count(m => !m));
            if (folds > rarer) { throw new EnvConfigurationException($"Diagnosis-v0: {folds} folds need at least {folds} rows of each class; the rarer class has {rarer}."); }
            var split = data.Folds(folds, splitSeed);
            train = split.Train(fold);
            rows = part == DiagnosisPart.Train ? train : split.Test(fold);
        }
        Scaler = Standardizer.Fit(data.Table, train);
        Rows = rows;
        _z = Scaler.Transform(data.Table, Enumerable.Range(0, data.Table.Rows).ToArray());
        _malignantRows = [.. rows.Where(r => data.Malignant[r])];
        _benignRows = [.. rows.Where(r => !data.Malignant[r])];
        if (_malignantRows.Length == 0 || _benignRows.Length == 0) { throw new EnvConfigurationException("Diagnosis-v0: the partition needs malignant and benign rows."); }
        _observation = new float[2 * data.Tests + (posterior ? 1 : 0)];
        _posterior = posterior ? DiagnosisPosterior.For(data, folds, fold, splitSeed, train, _z) : null;
    }

    /// <summary>The cases.</summary>
    public DiagnosisData Data { get; }

    /// <summary>The hospital distribution tasks are drawn from.</summary>
    public DiagnosisHospitals Hospitals { get; }

    /// <summary>Most tests one patient may have.</summary>
    public int MaxTests { get; }

    /// <summary>The training rows' statistics the values are standardised with.</summary>
    public Standardizer Scaler { get; }

    /// <summary>The rows patients are drawn from.</summary>
    public IReadOnlyList<int> Rows { get; }

    /// <summary>The current patient's row.</summary>
    public int Patient => _patient;

    /// <summary>Whether the current patient is malignant.</summary>
    public bool IsMalignant => Data.Malignant[_patient];

    /// <summary>Tests ordered so far in this episode (repeats included).</summary>
    public int TestsOrdered => _ordered;

    /// <summary>The diagnosis that ended the episode (true: malignant), or null while none was given.</summary>
    public bool? Verdict { get; private set; }

    /// <inheritdoc />
    public override IReadOnlyList<string> ObservationNames =>
        [.. Data.Table.FeatureNames.Select(n => "done:" + n), .. Data.Table.FeatureNames.Select(n => "value:" + n), .. (_posterior is null ? Array.Empty<string>() : ["posterior_log_odds"])];

    /// <summary>The action that diagnoses benign (malignant is one more).</summary>
    public int DiagnoseBenign => Data.Tests;

    private static Box ObservationBox(int tests, bool posterior)
    {
        var low = new float[2 * tests + (posterior ? 1 : 0)];
        var high = new float[low.Length];
        if (posterior) { low[^1] = -ValueClip; high[^1] = ValueClip; }
        for (int i = 0; i < tests; i++) { high[i] = 1; low[tests + i] = -ValueClip; high[tests + i] = ValueClip; }
        return new Box(low, high);
    }

    /// <inheritdoc />
    protected override DiagnosisTask Sample(Rng rng) => Hospitals.Sample(rng, Data.ListPrices);

    /// <inheritdoc />
    protected override void Validate(DiagnosisTask task)
    {
        if (task.TestCosts.Length != Data.Tests) { throw new ArgumentException($"Diagnosis-v0 has {Data.Tests} tests; the task prices {task.TestCosts.Length}."); }
        if (!(task.Prevalence is > 0 and < 1)) { throw new ArgumentException("Diagnosis-v0: a hospital's prevalence must lie in (0, 1)."); }
    }

    /// <inheritdoc />
    protected override void ResetEpisode(Span<float> observation, Rng rng)
    {
        var pool = rng.NextDouble() < CurrentTask.Prevalence ? _malignantRows : _benignRows;
        Start(pool[rng.NextInt(pool.Length)], observation);
    }

    /// <summary>Starts an episode on row <paramref name="row"/> of the data (for evaluating a policy on every held-out
    /// patient in turn) with the current task; call <see cref="Env.Reset"/> once first so that a task is installed.</summary>
    public void ResetPatient(int row, Span<float> observation)
    {
        _ = CurrentTask;
        ArgumentOutOfRangeException.ThrowIfNegative(row);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(row, Data.Table.Rows);
        Start(row, observation);
    }

    private void Start(int row, Span<float> observation)
    {
        _patient = row;
        _ordered = 0;
        _ended = false;
        Verdict = null;
        Array.Clear(_observation);
        WritePosterior();
        _observation.CopyTo(observation);
    }

    private void WritePosterior()
    {
        if (_posterior is null) { return; }
        _observation[^1] = (float)Math.Clamp(DiagnosisPosterior.LogOdds(_posterior, _observation.AsSpan(0, 2 * Data.Tests)), -ValueClip, ValueClip);
    }

    /// <inheritdoc />
    public override StepResult Step(ReadOnlySpan<float> action, Span<float> observation)
    {
        if (!ActionSpace.Contains(action)) { throw new ArgumentException($"Diagnosis-v0: action must be 0..{Data.Tests + 1} (a test, then benign, malignant), got {action[0]}."); }
        if (_ended) { throw new InvalidOperationException("Diagnosis-v0: the episode has ended; call Reset."); }
        var task = CurrentTask;
        int a = (int)action[0];
        int n = Data.Tests;
        if (a >= n)
        {
            Verdict = a == n + 1;
            _ended = true;
            _observation.CopyTo(observation);
            return new StepResult(-task.Misdiagnosis(Verdict.Value, IsMalignant), true, false);
        }
        if (_ordered >= MaxTests)
        {
            _ended = true;
            _observation.CopyTo(observation);
            return new StepResult(-task.Misdiagnosis(!IsMalignant, IsMalignant), true, false);
        }
        _ordered++;
        _observation[a] = 1;
        _observation[n + a] = Math.Clamp((float)_z[_patient * n + a], -ValueClip, ValueClip);
        WritePosterior();
        _observation.CopyTo(observation);
        return new StepResult(-task.TestCosts[a], false, false);
    }
}
