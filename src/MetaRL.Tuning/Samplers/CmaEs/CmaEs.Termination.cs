namespace MetaRL.Tuning;

public sealed partial class CmaEs
{
    private readonly List<double> _bestHistory = [];
    private readonly List<double> _medianHistory = [];
    private double[] _lastFitness = [];

    private void RecordFitness((double[] X, double F)[] sorted)
    {
        _lastFitness = [.. sorted.Select(s => s.F)];
        _bestHistory.Add(sorted[0].F);
        _medianHistory.Add(sorted[sorted.Length / 2].F);
    }

    /// <summary>
    /// The first termination criterion met (pycma's names: tolfun, tolx, conditioncov, noeffectaxis,
    /// noeffectcoord, tolstagnation, tolflatfitness), or null to keep going.
    /// </summary>
    public string? ShouldStop(CmaEsOptions options)
    {
        if (Generation == 0) { return null; }
        int n = _n;
        int histLen = 10 + (int)Math.Ceiling(30.0 * n / Lambda);
        if (_bestHistory.Count >= histLen)
        {
            double hi = double.MinValue, lo = double.MaxValue;
            foreach (var f in _bestHistory.Skip(_bestHistory.Count - histLen).Concat(_lastFitness)) { hi = Math.Max(hi, f); lo = Math.Min(lo, f); }
            if (hi - lo < options.TolFun) { return "tolfun"; }
        }
        double maxStd = 0, maxPc = 0;
        for (int i = 0; i < n; i++) { maxStd = Math.Max(maxStd, Math.Sqrt(_c[i * n + i])); maxPc = Math.Max(maxPc, Math.Abs(_pc[i])); }
        if (Sigma * maxStd < options.TolX && Sigma * maxPc < options.TolX) { return "tolx"; }
        double dMax = _d.Max(), dMin = _d.Min();
        if (dMax * dMax / (dMin * dMin) > options.TolConditionCov) { return "conditioncov"; }
        int axis = Generation % n;
        bool noEffectAxis = true;
        for (int i = 0; i < n; i++)
        {
            if (Mean[i] + 0.1 * Sigma * _d[axis] * _b[i * n + axis] != Mean[i]) { noEffectAxis = false; break; }
        }
        if (noEffectAxis) { return "noeffectaxis"; }
        for (int i = 0; i < n; i++)
        {
            if (Mean[i] + 0.2 * Sigma * Math.Sqrt(_c[i * n + i]) == Mean[i]) { return "noeffectcoord"; }
        }
        int flatIndex = (int)Math.Ceiling(0.1 + Lambda / 4.0);
        if (_lastFitness.Length > flatIndex && _lastFitness[0] == _lastFitness[flatIndex]) { return "tolflatfitness"; }
        // Stagnation (Hansen 2009): medians of best and median f over the recent 20% no better than over the oldest 30%.
        int minLen = 120 + (int)(30.0 * n / Lambda);
        if (_bestHistory.Count > minLen)
        {
            int len = Math.Min(_bestHistory.Count, 20000);
            int tail = (int)(0.2 * len), head = (int)(0.3 * len);
            int start = _bestHistory.Count - len;
            if (Median(_bestHistory, _bestHistory.Count - tail, tail) >= Median(_bestHistory, start, head)
                && Median(_medianHistory, _medianHistory.Count - tail, tail) >= Median(_medianHistory, start, head))
            {
                return "tolstagnation";
            }
        }
        if (Sigma > 1e20 * _sigma0) { return "tolupsigma"; }
        return null;
    }

    private static double Median(List<double> values, int start, int count)
    {
        var slice = values.GetRange(start, count);
        slice.Sort();
        return count % 2 == 1 ? slice[count / 2] : 0.5 * (slice[count / 2 - 1] + slice[count / 2]);
    }
}
