namespace MetaRL.Envs.Medical;

/// <summary>
/// A cost-aware greedy test-ordering policy. On the training rows it builds a sequence of tests by forward selection:
/// at each step the test whose addition lowers the expected misdiagnosis cost of the Bayes decision (a logistic
/// regression on the tests so far, posterior moved to the hospital's prevalence, rows weighted to its case mix) most
/// per unit of its price, while that drop exceeds the price. A patient then gets the tests in that order and is
/// diagnosed (Bayes decision under the hospital's costs) as soon as the expected misdiagnosis cost of deciding now is
/// at most the next test's price: no test can save more than the whole remaining risk (a myopic value-of-information
/// bound).
/// </summary>
public sealed class GreedyAcquisition
{
    private readonly DiagnosisFold _fold;
    private readonly DiagnosisTask _hospital;
    private readonly List<LogisticRegression> _models = [];

    /// <summary>Builds the sequence (at most <paramref name="maxTests"/> tests) for <paramref name="hospital"/> on the fold's training rows.</summary>
    public GreedyAcquisition(DiagnosisFold fold, DiagnosisTask hospital, int maxTests = 10)
    {
        _fold = fold ?? throw new ArgumentNullException(nameof(fold));
        _hospital = hospital ?? throw new ArgumentNullException(nameof(hospital));
        var data = fold.Data;
        double pi = hospital.Prevalence, own = fold.TrainPrevalence;
        var weight = (pi / own, (1 - pi) / (1 - own));
        var chosen = new List<int>();
        var current = LogisticRegression.Fit(fold.Z, fold.Width, fold.Train, data.Malignant, chosen, weight);
        _models.Add(current);
        double risk = Risk(current);
        while (chosen.Count < maxTests)
        {
            int best = -1;
            double bestValue = 0, bestRisk = risk;
            LogisticRegression? bestModel = null;
            for (int t = 0; t < data.Tests; t++)
            {
                if (chosen.Contains(t)) { continue; }
                var model = LogisticRegression.Fit(fold.Z, fold.Width, fold.Train, data.Malignant, [.. chosen, t], weight);
                double r = Risk(model), gain = risk - r;
                if (gain > hospital.TestCosts[t] && gain / hospital.TestCosts[t] > bestValue) { (best, bestValue, bestRisk, bestModel) = (t, gain / hospital.TestCosts[t], r, model); }
            }
            if (best < 0) { break; }
            chosen.Add(best);
            _models.Add(bestModel!);
            risk = bestRisk;
        }
        Sequence = chosen;
    }

    /// <summary>The tests in the order they are ordered.</summary>
    public IReadOnlyList<int> Sequence { get; }

    /// <summary>The outcome for row <paramref name="row"/>.</summary>
    public DiagnosisOutcome Diagnose(int row)
    {
        double spent = 0;
        int k = 0;
        double p = Posterior(k, row);
        while (k < Sequence.Count && _hospital.Risk(p) > _hospital.TestCosts[Sequence[k]])
        {
            spent += _hospital.TestCosts[Sequence[k]];
            k++;
            p = Posterior(k, row);
        }
        bool says = _hospital.Decide(p), truth = _fold.Data.Malignant[row];
        return new DiagnosisOutcome(truth, says, k, spent + _hospital.Misdiagnosis(says, truth));
    }

    // The models are fitted with rows weighted to the hospital's case mix, so their posteriors already carry its prior.
    private double Posterior(int k, int row) => LogisticRegression.Sigmoid(_models[k].LogOdds(_fold.Z, _fold.Width, row));

    private double Risk(LogisticRegression model)
    {
        double pi = _hospital.Prevalence, own = _fold.TrainPrevalence, sum = 0, weights = 0;
        foreach (int r in _fold.Train)
        {
            double w = _fold.Data.Malignant[r] ? pi / own : (1 - pi) / (1 - own);
            sum += w * _hospital.Risk(LogisticRegression.Sigmoid(model.LogOdds(_fold.Z, _fold.Width, r)));
            weights += w;
        }
        return sum / weights;
    }
}
