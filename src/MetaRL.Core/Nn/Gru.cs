namespace MetaRL.Nn;

/// <summary>
/// A single-layer GRU over a time-major sequence, with <see cref="GruCell"/>'s equations and PyTorch's
/// parameter names and shapes (<c>weight_ih</c> [3H, I], <c>weight_hh</c> [3H, H], <c>bias_ih</c>,
/// <c>bias_hh</c>; torch's nn.GRU suffixes them with <c>_l0</c>). The input projection of all steps is one
/// matrix product; the recurrence is one fused op (<see cref="Ops.GruSequence"/>) with a hand-written
/// backward through time. An optional reset mask zeroes the hidden state
/// before chosen steps, as RL² (Duan et al., 2016) needs at trial boundaries inside one rollout.
/// </summary>
public sealed class Gru : RecurrentWeights
{
    public Gru(int inputSize, int hiddenSize, Rng rng, bool bias = true, DType dtype = DType.Float32)
        : base(inputSize, hiddenSize, 3, rng, bias, dtype)
    {
    }

    /// <summary>
    /// Runs the sequence x [T, B, input] from h0 [B, hidden] (zeros when null). Where
    /// <paramref name="resetMask"/> [T, B] (any dtype) is non-zero at (t, b), sequence b's hidden state is
    /// set to zeros before step t. Returns every step's hidden state [T, B, hidden] and the last one [B, hidden].
    /// </summary>
    public (Tensor Outputs, Tensor Hidden) Forward(Tensor x, Tensor? h0 = null, Tensor? resetMask = null)
    {
        GruMath.CheckInput(x, 3, InputSize, "Gru");
        int steps = x.Dim(0), batch = x.Dim(1), hidden = HiddenSize;
        if (steps == 0) { throw new ArgumentException("Gru needs at least one time step."); }
        var h = h0 ?? Tensor.Zeros([batch, hidden], x.DType);
        GruMath.CheckHidden(h, batch, hidden, "Gru");
        GruMath.CheckResetMask(resetMask, steps, batch, "Gru");
        var gi = Ops.Linear(Ops.Reshape(x, steps * batch, InputSize), P(WeightIh), BiasIh is null ? null : P(BiasIh));
        var outputs = Ops.GruSequence(Ops.Reshape(gi, steps, batch, 3 * hidden), h, P(WeightHh), BiasHh is null ? null : P(BiasHh), Resets(resetMask, steps * batch));
        return (outputs, Ops.Reshape(Ops.Slice(outputs, 0, steps - 1, 1), batch, hidden));
    }

    /// <summary>The reset mask as flags (non-zero: reset), or null when there is none or nothing resets.</summary>
    internal static bool[]? Resets(Tensor? mask, int count)
    {
        if (mask is null) { return null; }
        var flags = new bool[count];
        bool any = false;
        for (int i = 0; i < count; i++) { any |= flags[i] = mask[i] != 0; }
        return any ? flags : null;
    }
}
