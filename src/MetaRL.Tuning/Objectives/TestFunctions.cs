namespace MetaRL.Tuning;

/// <summary>Σ xᵢ² on [−5.12, 5.12]^D; minimum 0 at the origin.</summary>
public sealed class Sphere(int d) : BenchmarkFunction($"sphere:{d}", Fill(d, -5.12), Fill(d, 5.12), 0)
{
    public override double Value(ReadOnlySpan<double> x)
    {
        double s = 0;
        foreach (var v in x) { s += v * v; }
        return s;
    }
}

/// <summary>Σ 100 (xᵢ₊₁ − xᵢ²)² + (1 − xᵢ)² on [−5, 5]^D (centre 0, pycma's x0); minimum 0 at (1, …, 1).</summary>
public sealed class Rosenbrock(int d) : BenchmarkFunction($"rosenbrock:{d}", Fill(d, -5), Fill(d, 5), 0)
{
    public override double Value(ReadOnlySpan<double> x)
    {
        double s = 0;
        for (int i = 0; i + 1 < x.Length; i++)
        {
            double a = x[i + 1] - x[i] * x[i], b = 1 - x[i];
            s += 100 * a * a + b * b;
        }
        return s;
    }
}

/// <summary>10 D + Σ xᵢ² − 10 cos(2π xᵢ) on [−5.12, 5.12]^D; minimum 0 at the origin.</summary>
public sealed class Rastrigin(int d) : BenchmarkFunction($"rastrigin:{d}", Fill(d, -5.12), Fill(d, 5.12), 0)
{
    public override double Value(ReadOnlySpan<double> x)
    {
        double s = 10 * x.Length;
        foreach (var v in x) { s += v * v - 10 * Math.Cos(2 * Math.PI * v); }
        return s;
    }
}

/// <summary>Branin–Hoo on [−5, 10] × [0, 15]; minimum 0.397887 at (−π, 12.275), (π, 2.275) and (9.42478, 2.475).</summary>
public sealed class Branin() : BenchmarkFunction("branin", [-5, 0], [10, 15], 0.39788735772973816)
{
    public override double Value(ReadOnlySpan<double> x)
    {
        double b = 5.1 / (4 * Math.PI * Math.PI), c = 5 / Math.PI, t = 1 / (8 * Math.PI);
        double a = x[1] - b * x[0] * x[0] + c * x[0] - 6;
        return a * a + 10 * (1 - t) * Math.Cos(x[0]) + 10;
    }
}

/// <summary>Hartmann 6-D on [0, 1]^6; minimum −3.32237.</summary>
public sealed class Hartmann6() : BenchmarkFunction("hartmann6", Fill(6, 0), Fill(6, 1), -3.3223680114155147)
{
    private static readonly double[] Alpha = [1.0, 1.2, 3.0, 3.2];

    private static readonly double[,] A =
    {
        { 10, 3, 17, 3.5, 1.7, 8 }, { 0.05, 10, 17, 0.1, 8, 14 }, { 3, 3.5, 1.7, 10, 17, 8 }, { 17, 8, 0.05, 10, 0.1, 14 },
    };

    private static readonly double[,] P =
    {
        { 0.1312, 0.1696, 0.5569, 0.0124, 0.8283, 0.5886 }, { 0.2329, 0.4135, 0.8307, 0.3736, 0.1004, 0.9991 },
        { 0.2348, 0.1451, 0.3522, 0.2883, 0.3047, 0.6650 }, { 0.4047, 0.8828, 0.8732, 0.5743, 0.1091, 0.0381 },
    };

    public override double Value(ReadOnlySpan<double> x)
    {
        double f = 0;
        for (int i = 0; i < 4; i++)
        {
            double inner = 0;
            for (int j = 0; j < 6; j++) { double d = x[j] - P[i, j]; inner += A[i, j] * d * d; }
            f -= Alpha[i] * Math.Exp(-inner);
        }
        return f;
    }
}
