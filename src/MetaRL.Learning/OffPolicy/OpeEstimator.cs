namespace MetaRL.Learning.OffPolicy;

/// <summary>
/// One off-policy estimator of Open Bandit Pipeline (Saito et al. 2021, <c>obp.ope.estimators</c>), by OBP's name, with
/// its hyperparameter λ where it has one. w = π_e(a|x)/π_b(a|x); q̂(x, π_e) = Σ_a π_e(a|x) q̂(x, a); every value is the
/// mean over rows of the round reward below (<see cref="OpeKernels"/>):
/// <list type="bullet">
/// <item><c>ipw</c> (Precup 2000; Strehl et al. 2010): min(w, λ)·r; λ is weight clipping, default ∞.</item>
/// <item><c>snipw</c> (Swaminathan and Joachims 2015): w·r / mean(w); no λ.</item>
/// <item><c>dm</c> (Beygelzimer and Langford 2009): q̂(x, π_e); no λ.</item>
/// <item><c>dr</c> (Dudík et al. 2014): q̂(x, π_e) + min(w, λ)(r − q̂(x, a)); λ is weight clipping, default ∞.</item>
/// <item><c>sndr</c> (Kallus and Uehara 2019): q̂(x, π_e) + w(r − q̂(x, a)) / mean(w); no λ.</item>
/// <item><c>switch-dr</c> (Wang et al. 2017): q̂(x, π_e) + 1{w ≤ λ}·w(r − q̂(x, a)); DM where the weight exceeds λ, default ∞ (= dr).</item>
/// <item><c>dr-os</c> (Su et al. 2020): q̂(x, π_e) + ŵ(r − q̂(x, a)) with ŵ = λw/(w² + λ), ŵ = w at λ = ∞; default λ = 0,
/// where ŵ = 0 and dr-os is dm (OBP's 0/0 at w = 0 is taken as its limit 0).</item>
/// </list>
/// </summary>
public sealed record OpeEstimator(string Name, double Lambda)
{
    public const string Ipw = "ipw", Snipw = "snipw", Dm = "dm", Dr = "dr", Sndr = "sndr", SwitchDr = "switch-dr", DrOs = "dr-os";

    /// <summary>Every estimator, in OBP's order; <c>metarl ope</c> runs them all unless told otherwise.</summary>
    public static IReadOnlyList<string> Names { get; } = [Ipw, Snipw, Dm, Dr, Sndr, SwitchDr, DrOs];

    /// <summary>The estimators <c>metarl ope</c> runs by default: all of them, comma-separated.</summary>
    public static string DefaultNames => string.Join(',', Names);

    /// <summary>OBP's default λ of <paramref name="name"/> (∞ for ipw, dr and switch-dr, 0 for dr-os), or null when it has none.</summary>
    public static double? DefaultLambda(string name) => name switch
    {
        Ipw or Dr or SwitchDr => double.PositiveInfinity,
        DrOs => 0.0,
        _ => null,
    };

    /// <summary>True for the estimators that need q̂ (all but ipw and snipw).</summary>
    public bool NeedsRewardModel => Name is not (Ipw or Snipw);

    /// <summary>The estimator <paramref name="name"/> with OBP's default λ (NaN where it has none).</summary>
    public static OpeEstimator Create(string name)
    {
        if (!Names.Contains(name)) { throw new ArgumentException($"unknown estimator '{name}'; known: {DefaultNames}", nameof(name)); }
        return new OpeEstimator(name, DefaultLambda(name) ?? double.NaN);
    }

    /// <summary>This estimator with λ = <paramref name="lambda"/> (≥ 0, ∞ allowed).</summary>
    public OpeEstimator WithLambda(double lambda)
    {
        if (DefaultLambda(Name) is null) { throw new ArgumentException($"{Name} has no lambda; ipw, dr, switch-dr and dr-os do"); }
        if (!(lambda >= 0)) { throw new ArgumentException($"{Name}.lambda must be ≥ 0 (∞ allowed), not {lambda.ToString(CultureInfo.InvariantCulture)}"); }
        return this with { Lambda = lambda };
    }

    /// <summary>"dr-os (λ=100)" style label; the name alone where there is no λ.</summary>
    public override string ToString() => double.IsNaN(Lambda) ? Name : $"{Name} (λ={OpeFormat.Lambda(Lambda)})";
}

/// <summary>How λ is written: "inf" for ∞, else the shortest round-trip form.</summary>
public static class OpeFormat
{
    public static string Lambda(double lambda) => double.IsPositiveInfinity(lambda) ? "inf" : lambda.ToString("R", CultureInfo.InvariantCulture);
}
