namespace MetaRL.Nn;

/// <summary>
/// torch.nn.Dropout: in training mode (<see cref="Module.Training"/>) zeroes each element with probability
/// <see cref="Probability"/> and scales the rest by 1/(1 − p) (<see cref="Ops.Dropout"/>); in evaluation mode, and always
/// when p = 0, it returns its input unchanged. The masks are drawn from the injected <see cref="Rng"/>, so a run
/// is reproducible from its seed.
/// </summary>
public sealed class Dropout : Layer
{
    private readonly Rng _rng;

    /// <param name="p">Probability of zeroing an element, in [0, 1).</param>
    /// <param name="rng">Draws the masks (one uniform per element per call).</param>
    public Dropout(double p, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        if (!(p >= 0 && p < 1)) { throw new ArgumentOutOfRangeException(nameof(p), p, "Dropout probability must lie in [0, 1)."); }
        Probability = p;
        _rng = rng;
    }

    /// <summary>Probability of zeroing an element.</summary>
    public double Probability { get; }

    /// <inheritdoc />
    public override Tensor Forward(Tensor x) => Training && Probability > 0 ? Ops.Dropout(x, Probability, _rng) : x;
}
