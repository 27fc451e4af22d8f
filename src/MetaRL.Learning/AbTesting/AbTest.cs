using MetaRL.Memory;

namespace MetaRL.Learning.AbTesting;

/// <summary>Settings of an A/B test (<c>metarl ab</c>).</summary>
public sealed record AbTestOptions
{
    /// <summary>The metrics an A/B test can compare, per user (one session each).</summary>
    public static readonly string[] Metrics = ["watch_time", "ctr", "session_length"];

    /// <summary>Users in the test, both arms together (at least 4).</summary>
    public int Users { get; init; } = 400;

    /// <summary>The per-user metric compared.</summary>
    /// <value>The default value is <c>watch_time</c> (minutes watched in the session).</value>
    public string Metric { get; init; } = DefaultMetric;

    /// <summary>The default of <see cref="Metric"/>.</summary>
    public const string DefaultMetric = "watch_time";

    /// <summary>Runs the always-valid mSPRT after each pair of users and stops when it rejects.</summary>
    public bool Sequential { get; init; }

    /// <summary>The test's level: 95% intervals are always printed; rejection is at p &lt; α (fixed horizon) or Λ ≥ 1/α (mSPRT).</summary>
    /// <value>The default value is 0.05.</value>
    public double Alpha { get; init; } = DefaultAlpha;

    /// <summary>The default of <see cref="Alpha"/>.</summary>
    public const double DefaultAlpha = 0.05;

    /// <summary>r, the mSPRT mixing standard deviation in units of one pair's standard deviation: τ² = r²·V
    /// (<see cref="AbStatistics"/>). Small r favours small effects and large samples.</summary>
    /// <value>The default value is 0.1.</value>
    public double MixingScale { get; init; } = DefaultMixingScale;

    /// <summary>The default of <see cref="MixingScale"/>.</summary>
    public const double DefaultMixingScale = 0.1;

    /// <summary>Seed of the users (tasks, <c>new Rng(seed)</c>), of the assignment coin (<c>seed + 1</c>) and of the arms'
    /// environments (<c>seed + 2</c>, <c>seed + 4</c>) and recommenders (one more each).</summary>
    /// <value>The default value is 0.</value>
    public long Seed { get; init; }

    /// <summary>Checks the values; a problem raises <see cref="ArgumentException"/> naming it.</summary>
    public void Validate()
    {
        if (Users < 4) { throw new ArgumentException($"--users must be at least 4 (two per arm), not {Users}"); }
        if (!Metrics.Contains(Metric)) { throw new ArgumentException($"unknown metric '{Metric}'; known: {string.Join(", ", Metrics)}"); }
        if (!(Alpha > 0 && Alpha < 1)) { throw new ArgumentException($"--alpha must be in (0, 1), not {Alpha.ToString(CultureInfo.InvariantCulture)}"); }
        if (!(MixingScale >= 1e-6 && MixingScale <= 1e6)) { throw new ArgumentException("--tau must lie in [1e-6, 1e6] (a pair's standard deviations; beyond that τ² under- or overflows)"); }
    }
}

/// <summary>What the sequential test saw: where it stopped (or the last pair when it never did), its always-valid p-value
/// and the running intersection of its confidence sequence.</summary>
public sealed record SequentialResult(bool Stopped, int StoppedAtUsers, MsprtStep Last, double AlwaysValidP, double SequenceLow, double SequenceHigh);

/// <summary>The outcome of an A/B test.</summary>
public sealed record AbReport(string ArmA, string ArmB, string Env, string Metric, double Alpha, int UsersA, int UsersB,
    WelchResult Welch, SequentialResult? Sequential)
{
    /// <summary>Whether the test rejects "no difference": the mSPRT stopped, or (fixed horizon) p &lt; α.</summary>
    public bool Significant => Sequential is { } s ? s.Stopped : Welch.PValue < Alpha;

    /// <summary>B beats A: significant with B's mean higher (every metric here is better higher).</summary>
    public bool BWins => Significant && (Sequential?.Last.Difference ?? Welch.Difference) > 0;
}

/// <summary>
/// An A/B test of two recommenders on RecSlate-v0. The users are tasks of the environment's distribution drawn by
/// <c>new Rng(seed)</c>. They are randomised in pairs: for users 2i and 2i+1 a fair coin (<c>new Rng(seed + 1)</c>) says
/// which of the two gets B, the other gets A (so the arms stay balanced and the mSPRT can read pairs; an odd last user
/// gets an arm by the coin alone). Each user plays one session with its arm, whose per-user metric is recorded. The
/// fixed-horizon analysis (<see cref="AbStatistics.Welch"/>) is computed once, after the last user; with
/// <see cref="AbTestOptions.Sequential"/> the mSPRT is evaluated after each pair (from the second) and stops at Λ ≥ 1/α.
/// </summary>
public static class AbTest
{
    /// <summary>Runs the test between arms opened (<see cref="AbArm.Open"/>) on <paramref name="envId"/> with
    /// <paramref name="settings"/>, whose task distribution draws the users.</summary>
    public static AbReport Run(string envId, IReadOnlyDictionary<string, string> settings, AbArm a, AbArm b, AbTestOptions options)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        MemoryLimit.Current.Check(new MemoryEstimate()
            .Add("users", $"{MemoryEstimate.Count(options.Users)} users of a task and six metric values each", options.Users * (MemoryEstimate.TaskBytes + 48.0)));
        var tasks = EnvRegistry.Make(envId, settings).Find<ITaskEnv>() ?? throw new ArgumentException($"{envId} has no task distribution of users");
        var users = tasks.SampleTasks(options.Users, new Rng(options.Seed));
        var coin = new Rng(options.Seed + 1);
        var va = a.Values(options.Metric);
        var vb = b.Values(options.Metric);
        double tau = options.MixingScale, avP = 1, low = double.NegativeInfinity, high = double.PositiveInfinity;
        MsprtStep last = default;
        bool stopped = false;
        int served = 0;
        for (int i = 0; i + 1 < users.Count && !stopped; i += 2)
        {
            bool bFirst = coin.NextDouble() < 0.5;
            (bFirst ? b : a).Play(users[i]);
            (bFirst ? a : b).Play(users[i + 1]);
            served = i + 2;
            if (!options.Sequential || va.Count < 2) { continue; }
            last = AbStatistics.Msprt(va, vb, va.Count, tau, options.Alpha);
            avP = Math.Min(avP, 1 / last.Lambda);
            low = Math.Max(low, last.Difference - last.HalfWidth);
            high = Math.Min(high, last.Difference + last.HalfWidth);
            stopped = last.Lambda >= 1 / options.Alpha;
        }
        if (!stopped && served < users.Count) { (coin.NextDouble() < 0.5 ? b : a).Play(users[served]); }
        var welch = AbStatistics.Welch(va, vb);
        var sequential = options.Sequential ? new SequentialResult(stopped, va.Count + vb.Count, last, avP, low, high) : null;
        return new AbReport(a.Label, b.Label, envId, options.Metric, options.Alpha, va.Count, vb.Count, welch, sequential);
    }
}
