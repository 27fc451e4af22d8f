using static MetaRL.Autograd.Autograd;

namespace MetaRL.Tensors;

public static partial class Ops
{
    /// <summary>
    /// A whole LSTM recurrence as one graph node (PyTorch's equations, gate order i, f, g, o): from the input
    /// projections gi [T, B, 4H] (W_ih·x + b_ih of every step), the initial state [B, 2H] (h then c), W_hh
    /// [4H, H] and b_hh [4H] (or none), returns every step's state [T, B, 2H] (h then c). A <see cref="Nn.LstmVariant"/>
    /// changes the cell (forget bias, ReLU candidate, unsquashed output, and a layer norm on W_hh·h + b_hh whose gain
    /// and bias [4H] are then <paramref name="lnGain"/> and <paramref name="lnBias"/>). Where
    /// <paramref name="resets"/> [T·B] is true the sequence's h and c are zeroed before that step. The backward
    /// through time is written by hand (<see cref="LstmRecurrence"/>); under <c>createGraph</c> it falls back to
    /// the same recurrence composed of ops (<see cref="LstmSequenceComposed"/>), so higher-order gradients stay exact.
    /// </summary>
    public static Tensor LstmSequence(Tensor inputProjection, Tensor state0, Tensor weightHh, Tensor? biasHh = null, bool[]? resets = null,
        Nn.LstmVariant? variant = null, Tensor? lnGain = null, Tensor? lnBias = null)
    {
        var gi = inputProjection;
        variant ??= Nn.LstmVariant.Standard;
        if (gi.Rank != 3 || state0.Rank != 2 || weightHh.Rank != 2)
        {
            throw new ArgumentException($"LstmSequence needs gi [T, B, 4H], state0 [B, 2H] and W_hh [4H, H], got {ShapeUtil.Format(gi.Shape)}, {ShapeUtil.Format(state0.Shape)} and {ShapeUtil.Format(weightHh.Shape)}.");
        }
        int steps = gi.Dim(0), batch = gi.Dim(1), hidden = weightHh.Dim(1);
        bool Vector4H(Tensor? v) => v is null || (v.Rank == 1 && v.Dim(0) == 4 * hidden);
        if (steps == 0 || hidden == 0 || gi.Dim(2) != 4 * hidden || state0.Dim(0) != batch || state0.Dim(1) != 2 * hidden || weightHh.Dim(0) != 4 * hidden
            || !Vector4H(biasHh) || !Vector4H(lnGain) || !Vector4H(lnBias) || (resets is not null && resets.Length != steps * batch))
        {
            throw new ArgumentException($"LstmSequence shapes disagree: gi {ShapeUtil.Format(gi.Shape)}, state0 {ShapeUtil.Format(state0.Shape)}, W_hh {ShapeUtil.Format(weightHh.Shape)}{(biasHh is null ? "" : ", b_hh " + ShapeUtil.Format(biasHh.Shape))}, resets {resets?.Length.ToString() ?? "none"}.");
        }
        if ((lnGain is null) != (lnBias is null) || (lnGain is not null) != variant.LayerNorm)
        {
            throw new ArgumentException("LstmSequence needs the layer norm's gain and bias exactly when its variant normalises the recurrent projection.");
        }
        Tensor[] inputs = [gi, state0, weightHh, .. biasHh is null ? Array.Empty<Tensor>() : [biasHh], .. lnGain is null ? Array.Empty<Tensor>() : [lnGain, lnBias!]];
        if (!gi.DType.IsFloating() || !AllOfDType(inputs, gi.DType))
        {
            throw new ArgumentException("LstmSequence needs one floating dtype for all its inputs.");
        }
        bool record = ShouldRecord(inputs);
        var output = Uninitialized([steps, batch, 2 * hidden], gi.DType);
        var parts = new LstmParts(biasHh is null ? -1 : 3, lnGain is null ? -1 : inputs.Length - 2, variant, resets);
        return gi.DType == DType.Float32
            ? LstmSequence<float>(inputs, parts, output, record, steps, batch, hidden)
            : LstmSequence<double>(inputs, parts, output, record, steps, batch, hidden);
    }

    /// <summary>Where the optional inputs sit (−1: absent), the variant and the resets.</summary>
    private sealed record LstmParts(int Bias, int Norm, Nn.LstmVariant Variant, bool[]? Resets)
    {
        public Tensor Composed(Tensor[] x) => LstmSequenceComposed(x[0], x[1], x[2], Bias < 0 ? null : x[Bias], Resets, Variant, Norm < 0 ? null : x[Norm], Norm < 0 ? null : x[Norm + 1]);
    }

    private static Tensor LstmSequence<T>(Tensor[] inputs, LstmParts parts, Tensor output, bool record, int steps, int batch, int hidden)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int rows = steps * batch;
        bool norm = parts.Norm >= 0;
        var problem = new LstmProblem<T>
        {
            Steps = steps,
            Batch = batch,
            Hidden = hidden,
            Gi = Storage<T>(inputs[0]),
            State0 = Storage<T>(inputs[1]),
            Whh = Storage<T>(inputs[2]),
            Bhh = parts.Bias >= 0 ? Storage<T>(inputs[parts.Bias]) : default,
            Resets = parts.Resets,
            Out = Storage<T>(output),
            ForgetBias = T.CreateChecked(parts.Variant.ForgetBias),
            ReluCandidate = parts.Variant.ReluCandidate,
            LinearOutput = parts.Variant.LinearOutput,
            LnGain = norm ? Storage<T>(inputs[parts.Norm]) : default,
            LnBias = norm ? Storage<T>(inputs[parts.Norm + 1]) : default,
            // The forward writes every element of the caches, so they need no clearing.
            Hp = record ? TensorArena.RentArray<T>(rows * hidden, clear: false) : default,
            Cp = record ? TensorArena.RentArray<T>(rows * hidden, clear: false) : default,
            Gates = record ? TensorArena.RentArray<T>(rows * 5 * hidden, clear: false) : default,
            Xhat = record && norm ? TensorArena.RentArray<T>(rows * 4 * hidden, clear: false) : default,
            Rstd = record && norm ? TensorArena.RentArray<T>(rows, clear: false) : default,
        };
        LstmRecurrence.Forward(problem);
        if (!record) { return Checked(output, "lstm_sequence"); }
        return Record(output, "lstm_sequence", inputs, g =>
        {
            if (IsGradEnabled) { return ComposedGradients(inputs, parts.Composed, g); }
            var grads = new Tensor?[inputs.Length];
            Tensor? Want(int k, int[] shape) => k >= 0 && inputs[k].RequiresGrad ? (grads[k] = Uninitialized(shape, inputs[k].DType)) : null;
            var giGrad = Want(0, [steps, batch, 4 * hidden]);
            var gradients = new LstmGradients<T>
            {
                // ∂gi equals the pre-activation gradient, so it is written there directly when wanted.
                Pre = giGrad is not null ? Storage<T>(giGrad) : GruScratch<T>.Rent(rows * 4 * hidden),
                Rec = norm ? TensorArena.RentArray<T>(rows * 4 * hidden, clear: false) : default,
                State0 = Want(1, [batch, 2 * hidden]) is { } s0 ? Storage<T>(s0) : default,
                Whh = Want(2, [4 * hidden, hidden]) is { } whh ? Storage<T>(whh) : default,
                Bhh = Want(parts.Bias, [4 * hidden]) is { } bhh ? Storage<T>(bhh) : default,
                LnGain = Want(parts.Norm, [4 * hidden]) is { } dg ? Storage<T>(dg) : default,
                LnBias = Want(norm ? parts.Norm + 1 : -1, [4 * hidden]) is { } db ? Storage<T>(db) : default,
            };
            LstmRecurrence.Backward(problem, Storage<T>(g), gradients);
            return grads;
        });
    }

    /// <summary>The same recurrence composed of ops, step by step: the naive twin of <see cref="LstmSequence"/>.</summary>
    internal static Tensor LstmSequenceComposed(Tensor gi, Tensor state0, Tensor weightHh, Tensor? biasHh, bool[]? resets,
        Nn.LstmVariant? variant = null, Tensor? lnGain = null, Tensor? lnBias = null)
    {
        variant ??= Nn.LstmVariant.Standard;
        int steps = gi.Dim(0), batch = gi.Dim(1), hidden = weightHh.Dim(1);
        var state = state0;
        var outputs = new Tensor[steps];
        for (int t = 0; t < steps; t++)
        {
            state = ZeroResetRows(state, resets, t, batch);
            state = Nn.LstmMath.Step(Reshape(Slice(gi, 0, t, 1), batch, 4 * hidden), state, weightHh, biasHh, hidden, variant, lnGain, lnBias);
            outputs[t] = state;
        }
        return Stack(outputs, 0);
    }
}
