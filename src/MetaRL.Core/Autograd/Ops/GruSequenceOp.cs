using MetaRL.Nn;
using static MetaRL.Autograd.Autograd;

namespace MetaRL.Tensors;

public static partial class Ops
{
    /// <summary>
    /// A whole GRU recurrence as one graph node (PyTorch's equations, gate order r, z, n): from the input
    /// projections gi [T, B, 3H] (W_ih·x + b_ih of every step), the initial state h0 [B, H], W_hh [3H, H] and
    /// b_hh [3H] (or none), returns every step's state [T, B, H]. Where <paramref name="resets"/> [T·B] is
    /// true the sequence's state is zeroed before that step. The backward through time is written by hand
    /// (<see cref="GruRecurrence"/>): one node instead of about a dozen per step, no per-step gradient
    /// padding, the recurrent weight gradient as one GEMM. Under <c>createGraph</c> the backward falls back
    /// to the same recurrence composed of ops (<see cref="GruSequenceComposed"/>), so higher-order gradients
    /// stay exact.
    /// </summary>
    public static Tensor GruSequence(Tensor inputProjection, Tensor h0, Tensor weightHh, Tensor? biasHh = null, bool[]? resets = null)
    {
        var gi = inputProjection;
        if (gi.Rank != 3 || h0.Rank != 2 || weightHh.Rank != 2)
        {
            throw new ArgumentException($"GruSequence needs gi [T, B, 3H], h0 [B, H] and W_hh [3H, H], got {ShapeUtil.Format(gi.Shape)}, {ShapeUtil.Format(h0.Shape)} and {ShapeUtil.Format(weightHh.Shape)}.");
        }
        int steps = gi.Dim(0), batch = gi.Dim(1), hidden = h0.Dim(1);
        if (steps == 0 || gi.Dim(2) != 3 * hidden || h0.Dim(0) != batch || weightHh.Dim(0) != 3 * hidden || weightHh.Dim(1) != hidden
            || (biasHh is not null && (biasHh.Rank != 1 || biasHh.Dim(0) != 3 * hidden)) || (resets is not null && resets.Length != steps * batch))
        {
            throw new ArgumentException($"GruSequence shapes disagree: gi {ShapeUtil.Format(gi.Shape)}, h0 {ShapeUtil.Format(h0.Shape)}, W_hh {ShapeUtil.Format(weightHh.Shape)}{(biasHh is null ? "" : ", b_hh " + ShapeUtil.Format(biasHh.Shape))}, resets {resets?.Length.ToString() ?? "none"}.");
        }
        if (!gi.DType.IsFloating() || h0.DType != gi.DType || weightHh.DType != gi.DType || (biasHh is not null && biasHh.DType != gi.DType))
        {
            throw new ArgumentException("GruSequence needs one floating dtype for all its inputs.");
        }
        Tensor[] inputs = biasHh is null ? [gi, h0, weightHh] : [gi, h0, weightHh, biasHh];
        bool record = ShouldRecord(inputs);
        var output = Uninitialized([steps, batch, hidden], gi.DType);
        return gi.DType == DType.Float32
            ? GruSequence<float>(inputs, resets, output, record, steps, batch, hidden)
            : GruSequence<double>(inputs, resets, output, record, steps, batch, hidden);
    }

    private static Tensor GruSequence<T>(Tensor[] inputs, bool[]? resets, Tensor output, bool record, int steps, int batch, int hidden)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var problem = new GruProblem<T>
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
            // The forward writes every element of both caches, so they need no clearing.
            Hp = record ? TensorArena.RentArray<T>(steps * batch * hidden, clear: false) : default,
            Gates = record ? TensorArena.RentArray<T>(steps * batch * 4 * hidden, clear: false) : default,
        };
        GruRecurrence.Forward(problem);
        if (!record) { return Checked(output, "gru_sequence"); }
        return Record(output, "gru_sequence", inputs, g =>
        {
            if (IsGradEnabled) { return ComposedGradients(inputs, x => GruSequenceComposed(x[0], x[1], x[2], x.Length > 3 ? x[3] : null, resets), g); }
            var grads = new Tensor?[inputs.Length];
            Tensor? Want(int k, int[] shape) => inputs[k].RequiresGrad ? (grads[k] = Uninitialized(shape, inputs[k].DType)) : null;
            var gradients = new GruGradients<T>
            {
                Gh = GruScratch<T>.Rent(steps * batch * 3 * hidden),
                Gi = Want(0, [steps, batch, 3 * hidden]) is { } gi ? Storage<T>(gi) : default,
                State0 = Want(1, [batch, hidden]) is { } h0 ? Storage<T>(h0) : default,
                Whh = Want(2, [3 * hidden, hidden]) is { } whh ? Storage<T>(whh) : default,
                Bhh = inputs.Length > 3 && Want(3, [3 * hidden]) is { } bhh ? Storage<T>(bhh) : default,
            };
            GruRecurrence.Backward(problem, Storage<T>(g), gradients);
            return grads;
        });
    }

    /// <summary>The same recurrence composed of ops, step by step: the naive twin of <see cref="GruSequence(Tensor, Tensor, Tensor, Tensor?, bool[])"/>.</summary>
    internal static Tensor GruSequenceComposed(Tensor gi, Tensor h0, Tensor weightHh, Tensor? biasHh, bool[]? resets)
    {
        int steps = gi.Dim(0), batch = gi.Dim(1), hidden = h0.Dim(1);
        var h = h0;
        var outputs = new Tensor[steps];
        for (int t = 0; t < steps; t++)
        {
            h = ZeroResetRows(h, resets, t, batch);
            h = GruMath.Step(Reshape(Slice(gi, 0, t, 1), batch, 3 * hidden), h, weightHh, biasHh, hidden);
            outputs[t] = h;
        }
        return Stack(outputs, 0);
    }

    /// <summary>The composed twins' reset: <paramref name="state"/> [B, …] with the rows reset before step <paramref name="t"/> zeroed (as a product, so gradients flow through the others).</summary>
    private static Tensor ZeroResetRows(Tensor state, bool[]? resets, int t, int batch)
    {
        if (resets is null || !Enumerable.Range(0, batch).Any(b => resets[t * batch + b])) { return state; }
        var keep = Tensor.Ones([batch, 1], state.DType);
        for (int b = 0; b < batch; b++)
        {
            if (!resets[t * batch + b]) { continue; }
            if (state.DType == DType.Float32) { keep.F32[b] = 0; } else { keep.F64[b] = 0; }
        }
        return Mul(state, keep);
    }

    /// <summary>A fused recurrence's input gradients under <c>createGraph</c>: differentiates its composed twin, so higher orders stay exact.</summary>
    private static Tensor?[] ComposedGradients(Tensor[] inputs, Func<Tensor[], Tensor> composedTwin, Tensor g)
    {
        var composed = composedTwin(inputs);
        var wanted = inputs.Where(x => x.RequiresGrad).ToArray();
        var found = Autograd.Autograd.Grad([composed], wanted, [g], createGraph: true, allowUnused: true);
        var grads = new Tensor?[inputs.Length];
        for (int k = 0, w = 0; k < inputs.Length; k++)
        {
            if (inputs[k].RequiresGrad) { grads[k] = found[w++]; }
        }
        return grads;
    }

    private static Memory<T> Storage<T>(Tensor t)
        where T : unmanaged => new((T[])t.Storage, t.Offset, t.Numel);
}
