namespace MetaRL.Tuning;

/// <summary>
/// A test function of the optimisation literature as an objective: parameters x0 … x{D−1} over a box,
/// minimised, with its known global minimum.
/// </summary>
public abstract class BenchmarkFunction : IObjective, IHasSearchSpace, IHasKnownMinimum
{
    protected BenchmarkFunction(string name, double[] lower, double[] upper, double minimum)
    {
        Name = name;
        Lower = lower;
        Upper = upper;
        KnownMinimum = minimum;
    }

    public string Name { get; }

    public StudyDirection Direction => StudyDirection.Minimize;

    public IReadOnlyList<double> Lower { get; }

    public IReadOnlyList<double> Upper { get; }

    public int Dimension => Lower.Count;

    /// <summary>The global minimum value.</summary>
    public double KnownMinimum { get; }

    /// <summary>The search space (x0 … x{D−1}).</summary>
    public SearchSpace Space => new(Enumerable.Range(0, Dimension).Select(i =>
        KeyValuePair.Create<string, ParamDistribution>(ParamName(i), new FloatDistribution(Lower[i], Upper[i]))));

    public static string ParamName(int i) => "x" + i.ToString(CultureInfo.InvariantCulture);

    /// <summary>The function itself.</summary>
    public abstract double Value(ReadOnlySpan<double> x);

    public double Evaluate(Trial trial, CancellationToken cancellation)
    {
        var x = new double[Dimension];
        for (int i = 0; i < x.Length; i++) { x[i] = trial.SuggestFloat(ParamName(i), Lower[i], Upper[i]); }
        return Value(x);
    }

    /// <summary>
    /// Parses <c>sphere:D</c>, <c>rosenbrock:D</c>, <c>rastrigin:D</c>, <c>branin</c> or <c>hartmann6</c>;
    /// throws <see cref="FormatException"/> with a one-line message otherwise.
    /// </summary>
    public static BenchmarkFunction Parse(string spec)
    {
        var parts = spec.Split(':');
        string kind = parts[0].ToLowerInvariant();
        int Dim()
        {
            if (parts.Length != 2 || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int d) || d < 1 || d > 1000)
            {
                throw new FormatException($"Objective '{spec}' needs a dimension from 1 to 1000, as in {kind}:8.");
            }
            return d;
        }
        if (kind is "branin" or "hartmann6" && parts.Length > 1) { throw new FormatException($"Objective '{kind}' takes no dimension."); }
        return kind switch
        {
            "sphere" => new Sphere(Dim()),
            "rosenbrock" => new Rosenbrock(Dim()),
            "rastrigin" => new Rastrigin(Dim()),
            "branin" => new Branin(),
            "hartmann6" => new Hartmann6(),
            _ => throw new FormatException($"Unknown objective '{spec}': use sphere:D, rosenbrock:D, rastrigin:D, branin or hartmann6."),
        };
    }

    protected static double[] Fill(int d, double v) => Enumerable.Repeat(v, d).ToArray();
}
