using System.Collections.Immutable;

namespace MetaRL.Envs.Medical;

/// <summary>
/// The distribution of hospitals (<see cref="DiagnosisTask"/>) <see cref="Diagnosis"/> draws from: a hospital's test
/// prices are the list prices × a hospital factor, log-uniform in [1/<see cref="PriceSpread"/>, <see cref="PriceSpread"/>],
/// × a per-test factor, log-uniform in [1/<see cref="TestSpread"/>, <see cref="TestSpread"/>]; its prevalence is uniform in
/// [<see cref="PrevalenceLow"/>, <see cref="PrevalenceHigh"/>] (patients are resampled to that case mix); its costs of a
/// missed malignancy and of a false alarm are the nominal ones × a log-uniform factor in [1/<see cref="CostSpread"/>,
/// <see cref="CostSpread"/>] each.
/// </summary>
public sealed record DiagnosisHospitals
{
    /// <summary>Lowest prevalence of malignancy. <value>The default value is 0.1.</value></summary>
    public double PrevalenceLow { get; init; } = 0.1;

    /// <summary>Highest prevalence of malignancy. <value>The default value is 0.6.</value></summary>
    public double PrevalenceHigh { get; init; } = 0.6;

    /// <summary>Spread of a hospital's overall price level. <value>The default value is 2.</value></summary>
    public double PriceSpread { get; init; } = 2;

    /// <summary>Spread of each test's price around the hospital's level. <value>The default value is 1.5.</value></summary>
    public double TestSpread { get; init; } = 1.5;

    /// <summary>The nominal cost of a missed malignancy (false negative). <value>The default value is 1000.</value></summary>
    public double MissCost { get; init; } = 1000;

    /// <summary>The nominal cost of a false alarm (false positive). <value>The default value is 200.</value></summary>
    public double FalseAlarmCost { get; init; } = 200;

    /// <summary>Spread of each hospital's misdiagnosis costs around the nominal ones. <value>The default value is 2.</value></summary>
    public double CostSpread { get; init; } = 2;

    /// <summary>Draws one hospital for tests with the given list prices.</summary>
    public DiagnosisTask Sample(Rng rng, IReadOnlyList<double> listPrices)
    {
        ArgumentNullException.ThrowIfNull(rng);
        double level = LogUniform(rng, PriceSpread);
        var prices = new double[listPrices.Count];
        for (int i = 0; i < prices.Length; i++) { prices[i] = listPrices[i] * level * LogUniform(rng, TestSpread); }
        double prevalence = rng.Uniform(PrevalenceLow, PrevalenceHigh);
        return new DiagnosisTask(ImmutableArray.Create(prices), prevalence, MissCost * LogUniform(rng, CostSpread), FalseAlarmCost * LogUniform(rng, CostSpread));
    }

    /// <summary>The nominal hospital: list prices, the nominal costs and the given prevalence (the data set's, say).</summary>
    public DiagnosisTask Nominal(IReadOnlyList<double> listPrices, double prevalence) =>
        new([.. listPrices], prevalence, MissCost, FalseAlarmCost);

    private static double LogUniform(Rng rng, double spread) => spread <= 1 ? 1 : Math.Exp(rng.Uniform(-Math.Log(spread), Math.Log(spread)));
}
