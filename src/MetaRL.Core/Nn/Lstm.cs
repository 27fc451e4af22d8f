using MetaRL.Random;
using MetaRL.Tensors;

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
public sealed class Lstm : Module
{
    public Lstm(int inputSize, int hiddenSize, Rng rng, bool bias = true, DType dtype = DType.Float32)
    {
        ArgumentNullException.ThrowIfNull(rng);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(hiddenSize);
        InputSize = inputSize;
        HiddenSize = hiddenSize;
        double k = 1.0 / Math.Sqrt(hiddenSize);
        WeightIh = RegisterParameter("weight_ih", Tensor.RandU([4 * hiddenSize, inputSize], rng, -k, k, dtype));
        WeightHh = RegisterParameter("weight_hh", Tensor.RandU([4 * hiddenSize, hiddenSize], rng, -k, k, dtype));
        BiasIh = bias ? RegisterParameter("bias_ih", Tensor.RandU([4 * hiddenSize], rng, -k, k, dtype)) : null;
        BiasHh = bias ? RegisterParameter("bias_hh", Tensor.RandU([4 * hiddenSize], rng, -k, k, dtype)) : null;
    }

    public int InputSize { get; }

    public int HiddenSize { get; }

    /// <summary>Width of the recurrent state: 2·<see cref="HiddenSize"/> (h then c).</summary>
    public int StateSize => 2 * HiddenSize;

    /// <summary>Input weights [4·hidden, input]: rows W_ii, W_if, W_ig, W_io.</summary>
    public Tensor WeightIh { get; }

    /// <summary>Recurrent weights [4·hidden, hidden]: rows W_hi, W_hf, W_hg, W_ho.</summary>
    public Tensor WeightHh { get; }

    /// <summary>Input bias [4·hidden], or null.</summary>
    public Tensor? BiasIh { get; }

    /// <summary>Recurrent bias [4·hidden], or null.</summary>
    public Tensor? BiasHh { get; }

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
        var states = Ops.LstmSequence(Ops.Reshape(gi, steps, batch, 4 * hidden), s0, P(WeightHh), BiasHh is null ? null : P(BiasHh), Gru.Resets(resetMask, steps * batch));
        var last = Ops.Reshape(Ops.Slice(states, 0, steps - 1, 1), batch, 2 * hidden);
        return (Ops.Slice(states, 2, 0, hidden), last);
    }
}

/// <summary>One LSTM step composed of ops: the arithmetic the fused recurrence is checked against.</summary>
internal static class LstmMath
{
    /// <summary>The next state [B, 2H] (h′ then c′) from the input projection gi [B, 4H] and the state [B, 2H].</summary>
    public static Tensor Step(Tensor gi, Tensor state, Tensor whh, Tensor? bhh, int hidden)
    {
        var h = Ops.Slice(state, 1, 0, hidden);
        var c = Ops.Slice(state, 1, hidden, hidden);
        var a = Ops.Add(gi, GruMath.Project(h, whh, bhh));
        var ifo = Ops.Sigmoid(Ops.Concat([Ops.Slice(a, 1, 0, 2 * hidden), Ops.Slice(a, 1, 3 * hidden, hidden)], 1));
        var g = Ops.Tanh(Ops.Slice(a, 1, 2 * hidden, hidden));
        var c2 = Ops.Add(Ops.Mul(Ops.Slice(ifo, 1, hidden, hidden), c), Ops.Mul(Ops.Slice(ifo, 1, 0, hidden), g));
        var h2 = Ops.Mul(Ops.Slice(ifo, 1, 2 * hidden, hidden), Ops.Tanh(c2));
        return Ops.Concat([h2, c2], 1);
    }
}
