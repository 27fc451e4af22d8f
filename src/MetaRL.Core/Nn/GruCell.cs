namespace MetaRL.Nn;

/// <summary>
/// One step of a gated recurrent unit (Cho et al., 2014) with PyTorch's equations, parameter names and
/// layouts (gate order r, z, n):
/// r = σ(W_ir x + b_ir + W_hr h + b_hr), z = σ(W_iz x + b_iz + W_hz h + b_hz),
/// n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn)), h′ = (1 − z) ⊙ n + z ⊙ h.
/// Default init is PyTorch's: every parameter uniform in ±1/√hidden.
/// </summary>
public sealed class GruCell : RecurrentWeights
{
    public GruCell(int inputSize, int hiddenSize, Rng rng, bool bias = true, DType dtype = DType.Float32)
        : base(inputSize, hiddenSize, 3, rng, bias, dtype)
    {
    }

    /// <summary>h′ [B, hidden] from x [B, input] and h [B, hidden] (zeros when null).</summary>
    public Tensor Forward(Tensor x, Tensor? h = null)
    {
        GruMath.CheckInput(x, 2, InputSize, "GruCell");
        int batch = x.Dim(0);
        h ??= Tensor.Zeros([batch, HiddenSize], x.DType);
        GruMath.CheckHidden(h, batch, HiddenSize, "GruCell");
        var gi = GruMath.Project(x, P(WeightIh), BiasIh is null ? null : P(BiasIh));
        return GruMath.Step(gi, h, P(WeightHh), BiasHh is null ? null : P(BiasHh), HiddenSize);
    }
}

/// <summary>The GRU arithmetic shared by <see cref="GruCell"/> and <see cref="Gru"/>.</summary>
internal static class GruMath
{
    /// <summary>x·Wᵀ + b for x [N, in] and W [out, in].</summary>
    public static Tensor Project(Tensor x, Tensor w, Tensor? b)
    {
        var y = Ops.MatMulEx(x, w, false, true);
        return b is null ? y : Ops.Add(y, b);
    }

    /// <summary>One GRU step given the input projection gi = W_ih x + b_ih [B, 3H].</summary>
    public static Tensor Step(Tensor gi, Tensor h, Tensor whh, Tensor? bhh, int hidden)
    {
        var gh = Project(h, whh, bhh);
        var rz = Ops.Sigmoid(Ops.Add(Ops.Slice(gi, 1, 0, 2 * hidden), Ops.Slice(gh, 1, 0, 2 * hidden)));
        var r = Ops.Slice(rz, 1, 0, hidden);
        var z = Ops.Slice(rz, 1, hidden, hidden);
        var n = Ops.Tanh(Ops.Add(Ops.Slice(gi, 1, 2 * hidden, hidden), Ops.Mul(r, Ops.Slice(gh, 1, 2 * hidden, hidden))));
        // (1 − z)·n + z·h written as n + z·(h − n): one op fewer, same value.
        return Ops.Add(n, Ops.Mul(z, Ops.Sub(h, n)));
    }

    public static void CheckResetMask(Tensor? mask, int steps, int batch, string who)
    {
        if (mask is not null && (mask.Rank != 2 || mask.Dim(0) != steps || mask.Dim(1) != batch))
        {
            throw new ArgumentException($"{who} reset mask must be [{steps}, {batch}], got {ShapeUtil.Format(mask.Shape)}.");
        }
    }

    public static void CheckInput(Tensor x, int rank, int inputSize, string who)
    {
        if (x.Rank != rank || x.Dim(-1) != inputSize)
        {
            throw new ArgumentException($"{who} expects input of rank {rank} with last axis {inputSize}, got {ShapeUtil.Format(x.Shape)}.");
        }
    }

    public static void CheckHidden(Tensor h, int batch, int hiddenSize, string who)
    {
        if (h.Rank != 2 || h.Dim(0) != batch || h.Dim(1) != hiddenSize)
        {
            throw new ArgumentException($"{who} expects hidden state [{batch}, {hiddenSize}], got {ShapeUtil.Format(h.Shape)}.");
        }
    }
}
