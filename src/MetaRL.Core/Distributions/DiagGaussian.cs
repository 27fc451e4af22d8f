namespace MetaRL.Distributions;

/// <summary>
/// A batch of diagonal Gaussians: mean [batch, d] and log standard deviation [batch, d] or [d] (a
/// state-independent learned vector, as in CleanRL's continuous PPO). Log-probabilities and entropies sum
/// over the d dimensions.
/// </summary>
public sealed class DiagGaussian : Distribution
{
    private static readonly double HalfLog2Pi = 0.5 * Math.Log(2 * Math.PI);

    public DiagGaussian(Tensor mean, Tensor logStd)
    {
        if (mean.Rank != 2) { throw new ArgumentException($"DiagGaussian needs a mean of shape [batch, d], got rank {mean.Rank}."); }
        if (logStd.Dim(-1) != mean.Dim(1) || logStd.Rank > 2 || (logStd.Rank == 2 && logStd.Dim(0) != mean.Dim(0) && logStd.Dim(0) != 1))
        {
            throw new ArgumentException($"log std of shape [{string.Join(", ", logStd.ShapeArray())}] does not fit mean [{mean.Dim(0)}, {mean.Dim(1)}].");
        }
        Mean = mean;
        LogStd = logStd;
        Std = Ops.Exp(logStd);
    }

    public Tensor Mean { get; }

    public Tensor LogStd { get; }

    /// <summary>exp(log std).</summary>
    public Tensor Std { get; }

    /// <summary>Number of action dimensions.</summary>
    public int Dims => Mean.Dim(1);

    /// <inheritdoc />
    public override int BatchSize => Mean.Dim(0);

    /// <summary>Reparameterised sample mean + std·ε with ε ~ N(0, I) from <paramref name="rng"/> (batch·d draws).</summary>
    public override Tensor Sample(Rng rng)
    {
        var eps = Tensor.RandN(Mean.Shape, rng, Mean.DType);
        return Ops.Add(Mean, Ops.Mul(Std, eps));
    }

    /// <inheritdoc />
    public override Tensor Mode() => Mean;

    /// <summary>Σ_d [−(x−μ)²/(2σ²) − log σ − ½ log 2π].</summary>
    public override Tensor LogProb(Tensor value)
    {
        var z = Ops.Div(Ops.Sub(value, Mean), Std);
        var perDim = Ops.AddScalar(Ops.Add(Ops.MulScalar(Ops.Mul(z, z), 0.5), Ops.BroadcastTo(LogStd, Mean.Shape)), HalfLog2Pi);
        return Ops.Neg(Ops.Sum(perDim, 1));
    }

    /// <summary>Σ_d (½ + ½ log 2π + log σ).</summary>
    public override Tensor Entropy() =>
        Ops.AddScalar(Ops.Sum(Ops.BroadcastTo(LogStd, Mean.Shape), 1), Dims * (0.5 + HalfLog2Pi));

    /// <summary>KL(this ‖ other) = Σ_d [log σ_q − log σ_p + (σ_p² + (μ_p − μ_q)²)/(2σ_q²) − ½].</summary>
    public Tensor KlDivergence(DiagGaussian other)
    {
        if (other.BatchSize != BatchSize || other.Dims != Dims) { throw new ArgumentException("KL needs Gaussian batches of equal shape."); }
        var diff = Ops.Sub(Mean, other.Mean);
        var varP = Ops.Mul(Std, Std);
        var varQ = Ops.Mul(other.Std, other.Std);
        var ratio = Ops.Div(Ops.Add(varP, Ops.Mul(diff, diff)), Ops.MulScalar(varQ, 2));
        var perDim = Ops.AddScalar(Ops.Add(Ops.Sub(other.LogStd, LogStd), ratio), -0.5);
        return Ops.Sum(Ops.BroadcastTo(perDim, Mean.Shape), 1);
    }
}
