using System.Numerics;
using MetaRL.Kernels;
using static MetaRL.Autograd.Autograd;

namespace MetaRL.Tensors;

public static partial class Ops
{
    /// <summary>
    /// A whole LSTM recurrence as one graph node (PyTorch's equations, gate order i, f, g, o): from the input
    /// projections gi [T, B, 4H] (W_ih·x + b_ih of every step), the initial state [B, 2H] (h then c), W_hh
    /// [4H, H] and b_hh [4H] (or none), returns every step's state [T, B, 2H] (h then c). Where
    /// <paramref name="resets"/> [T·B] is true the sequence's h and c are zeroed before that step. The backward
    /// through time is written by hand (<see cref="LstmRecurrence"/>); under <c>createGraph</c> it falls back to
    /// the same recurrence composed of ops (<see cref="LstmSequenceComposed"/>), so higher-order gradients stay exact.
    /// </summary>
    public static Tensor LstmSequence(Tensor inputProjection, Tensor state0, Tensor weightHh, Tensor? biasHh = null, bool[]? resets = null)
    {
        var gi = inputProjection;
        if (gi.Rank != 3 || state0.Rank != 2 || weightHh.Rank != 2)
        {
            throw new ArgumentException($"LstmSequence needs gi [T, B, 4H], state0 [B, 2H] and W_hh [4H, H], got {ShapeUtil.Format(gi.Shape)}, {ShapeUtil.Format(state0.Shape)} and {ShapeUtil.Format(weightHh.Shape)}.");
        }
        int steps = gi.Dim(0), batch = gi.Dim(1), hidden = weightHh.Dim(1);
        if (steps == 0 || gi.Dim(2) != 4 * hidden || state0.Dim(0) != batch || state0.Dim(1) != 2 * hidden || weightHh.Dim(0) != 4 * hidden
            || (biasHh is not null && (biasHh.Rank != 1 || biasHh.Dim(0) != 4 * hidden)) || (resets is not null && resets.Length != steps * batch))
        {
            throw new ArgumentException($"LstmSequence shapes disagree: gi {ShapeUtil.Format(gi.Shape)}, state0 {ShapeUtil.Format(state0.Shape)}, W_hh {ShapeUtil.Format(weightHh.Shape)}{(biasHh is null ? "" : ", b_hh " + ShapeUtil.Format(biasHh.Shape))}, resets {resets?.Length.ToString() ?? "none"}.");
        }
        if (!gi.DType.IsFloating() || state0.DType != gi.DType || weightHh.DType != gi.DType || (biasHh is not null && biasHh.DType != gi.DType))
        {
            throw new ArgumentException("LstmSequence needs one floating dtype for all its inputs.");
        }
        Tensor[] inputs = biasHh is null ? [gi, state0, weightHh] : [gi, state0, weightHh, biasHh];
        bool record = ShouldRecord(inputs);
        var output = Uninitialized([steps, batch, 2 * hidden], gi.DType);
        return gi.DType == DType.Float32
            ? LstmSequence<float>(inputs, resets, output, record, steps, batch, hidden)
            : LstmSequence<double>(inputs, resets, output, record, steps, batch, hidden);
    }

    private static Tensor LstmSequence<T>(Tensor[] inputs, bool[]? resets, Tensor output, bool record, int steps, int batch, int hidden)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int rows = steps * batch;
        var problem = new LstmProblem<T>
        {
            Steps = steps,
            Batch = batch,
            Hidden = hidden,
            Gi = Storage<T>(inputs[0]),
            State0 = Storage<T>(inputs[1]),
            Whh = Storage<T>(inputs[2]),
            Bhh = inputs.Length > 3 ? Storage<T>(inputs[3]) : default,
            Resets = resets,
            Out = Storage<T>(output),
            // The forward writes every element of the caches, so they need no clearing.
            Hp = record ? GC.AllocateUninitializedArray<T>(rows * hidden) : default,
            Cp = record ? GC.AllocateUninitializedArray<T>(rows * hidden) : default,
            Gates = record ? GC.AllocateUninitializedArray<T>(rows * 5 * hidden) : default,
        };
        LstmRecurrence.Forward(problem);
        if (!record) { return Checked(output, "lstm_sequence"); }
        return Record(output, "lstm_sequence", inputs, g =>
        {
            if (IsGradEnabled) { return ComposedGradients(inputs, x => LstmSequenceComposed(x[0], x[1], x[2], x.Length > 3 ? x[3] : null, resets), g); }
            var grads = new Tensor?[inputs.Length];
            Tensor? Want(int k, int[] shape) => inputs[k].RequiresGrad ? (grads[k] = Uninitialized(shape, inputs[k].DType)) : null;
            var giGrad = Want(0, [steps, batch, 4 * hidden]);
            var gradients = new LstmGradients<T>
            {
                // ∂gi equals the pre-activation gradient, so it is written there directly when wanted.
                Pre = giGrad is not null ? Storage<T>(giGrad) : GruScratch<T>.Rent(rows * 4 * hidden),
                State0 = Want(1, [batch, 2 * hidden]) is { } s0 ? Storage<T>(s0) : default,
                Whh = Want(2, [4 * hidden, hidden]) is { } whh ? Storage<T>(whh) : default,
                Bhh = inputs.Length > 3 && Want(3, [4 * hidden]) is { } bhh ? Storage<T>(bhh) : default,
            };
            LstmRecurrence.Backward(problem, Storage<T>(g), gradients);
            return grads;
        });
    }

    /// <summary>The same recurrence composed of ops, step by step: the naive twin of <see cref="LstmSequence(Tensor, Tensor, Tensor, Tensor?, bool[])"/>.</summary>
    internal static Tensor LstmSequenceComposed(Tensor gi, Tensor state0, Tensor weightHh, Tensor? biasHh, bool[]? resets)
    {
        int steps = gi.Dim(0), batch = gi.Dim(1), hidden = weightHh.Dim(1);
        var state = state0;
        var outputs = new Tensor[steps];
        for (int t = 0; t < steps; t++)
        {
            state = ZeroResetRows(state, resets, t, batch);
            state = Nn.LstmMath.Step(Reshape(Slice(gi, 0, t, 1), batch, 4 * hidden), state, weightHh, biasHh, hidden);
            outputs[t] = state;
        }
        return Stack(outputs, 0);
    }
}
