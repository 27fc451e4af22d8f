namespace MetaRL.Nn;

/// <summary>
/// A single-layer LSTM over a time-major sequence (Hochreiter and Schmidhuber, 1997) with PyTorch's equations,
/// parameter names and shapes (gate order i, f, g, o; <c>weight_ih</c> [4H, I], <c>weight_hh</c> [4H, H],
/// <c>bias_ih</c>, <c>bias_hh</c>; uniform ±1/√H init):
/// i = σ(W_ii x + b_ii + W_hi h + b_hi), f = σ(…), g = tanh(…), o = σ(…), c′ = f⊙c + i⊙g, h′ = o⊙tanh(c′).
/// The recurrent state travels as one tensor [B, 2H], h then c, so code that carries a GRU's state carries
/// this one unchanged. The input projection of all steps is one matrix product; the recurrence is one fused op
/// (<see cref="Ops.LstmSequence"/>) with a hand-written backward through time. An optional reset mask zeroes
/// the state before chosen steps (RL²'s trial boundaries inside one rollout).
/// </summary>
public sealed class Lstm : RecurrentWeights
{
    public Lstm(int inputSize, int hiddenSize, Rng rng, bool bias = true, DType dtype = DType.Float32, LstmVariant? variant = null)
        // A layer norm's own bias makes the projections' biases redundant, so a normalised LSTM has none.
        : base(inputSize, hiddenSize, 4, rng, bias && !(variant ?? LstmVariant.Standard).LayerNorm, dtype)
    {
        Variant = variant ?? LstmVariant.Standard;
        int g = 4 * hiddenSize;
        if (Variant.LayerNorm)
        {
            LnIh = (RegisterParameter("ln_ih_weight", Tensor.Ones([g], dtype)), RegisterParameter("ln_ih_bias", Tensor.Zeros([g], dtype)));
            LnHh = (RegisterParameter("ln_hh_weight", Tensor.Ones([g], dtype)), RegisterParameter("ln_hh_bias", Tensor.Zeros([g], dtype)));
        }
    }

    /// <summary>The cell's variant (PyTorch's equations by default).</summary>
    public LstmVariant Variant { get; }

    /// <summary>Gain and bias [4·hidden] of the layer norm on the input projection, when the variant normalises.</summary>
    public (Tensor Gain, Tensor Bias)? LnIh { get; }

    /// <summary>Gain and bias [4·hidden] of the layer norm on the recurrent projection, when the variant normalises.</summary>
    public (Tensor Gain, Tensor Bias)? LnHh { get; }

    /// <summary>Width of the recurrent state: 2·<see cref="RecurrentWeights.HiddenSize"/> (h then c).</summary>
    public int StateSize => 2 * HiddenSize;

    /// <summary>
    /// Runs the sequence x [T, B, input] from state0 [B, 2·hidden] (zeros when null). Where
    /// <paramref name="resetMask"/> [T, B] is non-zero at (t, b), sequence b's h and c are zeroed before step t.
    /// Returns every step's h [T, B, hidden] and the last state [B, 2·hidden] (h then c).
    /// </summary>
    public (Tensor Outputs, Tensor State) Forward(Tensor x, Tensor? state0 = null, Tensor? resetMask = null)
    {
        GruMath.CheckInput(x, 3, InputSize, "Lstm");
        int steps = x.Dim(0), batch = x.Dim(1), hidden = HiddenSize;
        if (steps == 0) { throw new ArgumentException("Lstm needs at least one time step."); }
        var s0 = state0 ?? Tensor.Zeros([batch, 2 * hidden], x.DType);
        GruMath.CheckHidden(s0, batch, 2 * hidden, "Lstm");
        GruMath.CheckResetMask(resetMask, steps, batch, "Lstm");
        var gi = Ops.Linear(Ops.Reshape(x, steps * batch, InputSize), P(WeightIh), BiasIh is null ? null : P(BiasIh));
        if (LnIh is { } ln) { gi = Ops.LayerNorm(gi, P(ln.Gain), P(ln.Bias)); }
        var states = Ops.LstmSequence(Ops.Reshape(gi, steps, batch, 4 * hidden), s0, P(WeightHh), BiasHh is null ? null : P(BiasHh), Gru.Resets(resetMask, steps * batch),
            Variant, LnHh is { } lh ? P(lh.Gain) : null, LnHh is { } lb ? P(lb.Bias) : null);
        var last = Ops.Reshape(Ops.Slice(states, 0, steps - 1, 1), batch, 2 * hidden);
        return (Ops.Slice(states, 2, 0, hidden), last);
    }
}

/// <summary>
/// A variant of the LSTM cell. <see cref="Standard"/> is PyTorch's. <see cref="Counting"/> follows one version of the
/// cell in a public PPO reproduction of RL² on tabular MDPs (Lingle's rl2 code; another version there also
/// normalises c′ before the output, and its initialisation differs from ours): layer norms on the input and the
/// recurrent projections (Ba et al., 2016), forget bias 1 (Jozefowicz et al., 2015), a ReLU candidate and an
/// unsquashed output h′ = o⊙c′, so the cell can accumulate sums and counts and pass them on linearly.
/// </summary>
/// <param name="LayerNorm">Layer-normalise W_ih·x and W_hh·h, each with its own gain and bias and no projection biases (the <see cref="Lstm"/> module does both; <see cref="Ops.LstmSequence"/> normalises W_hh·h and leaves W_ih·x to its caller).</param>
/// <param name="ForgetBias">Added to the forget gate's pre-activation.</param>
/// <param name="ReluCandidate">g = relu(a_g) instead of tanh(a_g).</param>
/// <param name="LinearOutput">h′ = o⊙c′ instead of o⊙tanh(c′).</param>
public sealed record LstmVariant(bool LayerNorm, double ForgetBias, bool ReluCandidate, bool LinearOutput)
{
    /// <summary>PyTorch's LSTM.</summary>
    public static LstmVariant Standard { get; } = new(false, 0, false, false);

    /// <summary>Layer-normalised, forget bias 1, ReLU candidate, unsquashed output.</summary>
    public static LstmVariant Counting { get; } = new(true, 1, true, true);
}

/// <summary>One LSTM step composed of ops: the arithmetic the fused recurrence is checked against.</summary>
internal static class LstmMath
{
    /// <summary>The next state [B, 2H] (h′ then c′) from the input projection gi [B, 4H] and the state [B, 2H].</summary>
    public static Tensor Step(Tensor gi, Tensor state, Tensor whh, Tensor? bhh, int hidden, LstmVariant? variant = null, Tensor? lnGain = null, Tensor? lnBias = null)
    {
        variant ??= LstmVariant.Standard;
        var h = Ops.Slice(state, 1, 0, hidden);
        var c = Ops.Slice(state, 1, hidden, hidden);
        var rec = GruMath.Project(h, whh, bhh);
        if (variant.LayerNorm) { rec = Ops.LayerNormComposed(rec, lnGain!, lnBias!); }
        var a = Ops.Add(gi, rec);
        var i = Ops.Sigmoid(Ops.Slice(a, 1, 0, hidden));
        var f = Ops.Sigmoid(Ops.AddScalar(Ops.Slice(a, 1, hidden, hidden), variant.ForgetBias));
        var ag = Ops.Slice(a, 1, 2 * hidden, hidden);
        var g = variant.ReluCandidate ? Ops.Relu(ag) : Ops.Tanh(ag);
        var o = Ops.Sigmoid(Ops.Slice(a, 1, 3 * hidden, hidden));
        var c2 = Ops.Add(Ops.Mul(f, c), Ops.Mul(i, g));
        var h2 = Ops.Mul(o, variant.LinearOutput ? c2 : Ops.Tanh(c2));
        return Ops.Concat([h2, c2], 1);
    }
}
