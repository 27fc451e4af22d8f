using MetaRL.Autograd;
using static MetaRL.Autograd.Autograd;

namespace MetaRL.Tensors;

public static partial class Ops
{
    /// <summary>
    /// The log-probability of the taken classes and the entropy of a batch of categoricals over
    /// <paramref name="logits"/> [batch, classes], in one forward and one backward (PPO's policy terms): the values and
    /// gradients of <c>Gather(LogSoftmax(z), a)</c> and <c>−Σ exp(LogSoftmax(z))·LogSoftmax(z)</c> bit for bit when,
    /// as in PPO's loss, the log-probability reaches the loss before the entropy does, without their eleven
    /// intermediate tensors. <paramref name="actions"/> holds one class index per row (float, double or Int32, any
    /// shape with batch elements). Under <c>createGraph</c> the backward is the composition, so it differentiates again.
    /// </summary>
    public static (Tensor LogProb, Tensor Entropy) CategoricalLogProbEntropy(Tensor logits, Tensor actions)
    {
        if (logits.Rank != 2) { throw new ArgumentException($"Categorical needs logits of shape [batch, classes], got rank {logits.Rank}."); }
        if (!logits.DType.IsFloating()) { throw new ArgumentException($"Categorical needs float32 or float64 logits, not {logits.DType}."); }
        int rows = logits.Dim(0), classes = logits.Dim(1);
        if (actions.Numel != rows) { throw new ArgumentException($"LogProb needs {rows} class indices, got {actions.Numel}."); }
        var index = TensorArena.RentArray<float>(rows, clear: false);
        for (int b = 0; b < rows; b++)
        {
            double v = actions[b];
            int k = (int)v;
            if (k != v || k < 0 || k >= classes) { throw new ArgumentOutOfRangeException(nameof(actions), $"Class index {v} at row {b} is not in [0, {classes})."); }
            index[b] = k;
        }
        var logProbs = Tensor.Result(logits.ShapeRef, logits.DType);
        var probs = Tensor.Result(logits.ShapeRef, logits.DType);
        var picked = Tensor.Result(new[] { rows }, logits.DType);
        var entropy = Tensor.Result(new[] { rows }, logits.DType);
        var classIndex = index.AsSpan(0, rows);
        if (logits.DType == DType.Float32)
        {
            var scratch = TensorArena.RentArray<float>(rows * classes, clear: false);
            CategoricalHead.Forward<float>(logits.F32, classes, classIndex, logProbs.F32, probs.F32, picked.F32, entropy.F32, scratch);
        }
        else
        {
            var scratch = TensorArena.RentArray<double>(rows * classes, clear: false);
            CategoricalHead.Forward<double>(logits.F64, classes, classIndex, logProbs.F64, probs.F64, picked.F64, entropy.F64, scratch);
        }
        if (!ShouldRecord(logits)) { return (Checked(picked, "categorical_log_prob"), Checked(entropy, "categorical_entropy")); }
        var head = new CategoricalHeadState(logProbs, probs, index);
        // The entropy's node takes the log-probability as its input, so the engine runs it first: it leaves its gradient
        // with the shared state (and a zero for the log-probability, which the scatter's 0 + g absorbs bit for bit).
        Record(picked, "categorical_log_prob", [logits], static (n, g) => [CategoricalHeadBackward(n, g)], aux: head);
        Record(entropy, "categorical_entropy", [picked], static (n, g) =>
        {
            ((CategoricalHeadState)n.Aux!).GradEntropy = g;
            return [Tensor.Result(n.Inputs[0].ShapeRef, g.DType)];
        }, aux: head);
        return (picked, entropy);
    }

    private static Tensor CategoricalHeadBackward(Node node, Tensor g)
    {
        var head = (CategoricalHeadState)node.Aux!;
        var gradEntropy = head.GradEntropy;
        head.GradEntropy = null;
        var logits = node.Inputs[0];
        int rows = logits.Dim(0), classes = logits.Dim(1);
        if (IsGradEnabled) { return ComposedCategoricalBackward(logits, head.Index, g, gradEntropy); }
        var gx = Tensor.Result(logits.ShapeRef, logits.DType);
        var classIndex = head.Index.AsSpan(0, rows);
        if (logits.DType == DType.Float32)
        {
            var scratch = TensorArena.RentArray<float>(rows * classes, clear: false);
            CategoricalHead.Backward<float>(head.LogProbs.F32, head.Probs.F32, classes, classIndex, g.F32, gradEntropy is null ? default : gradEntropy.F32, gx.F32, scratch);
        }
        else
        {
            var scratch = TensorArena.RentArray<double>(rows * classes, clear: false);
            CategoricalHead.Backward<double>(head.LogProbs.F64, head.Probs.F64, classes, classIndex, g.F64, gradEntropy is null ? default : gradEntropy.F64, gx.F64, scratch);
        }
        return gx;
    }

    /// <summary>The head's backward as recorded ops (for <c>createGraph</c>): the same values, differentiable again.</summary>
    private static Tensor ComposedCategoricalBackward(Tensor logits, float[] index, Tensor gradPicked, Tensor? gradEntropy)
    {
        int rows = logits.Dim(0), classes = logits.Dim(1);
        var logProbs = LogSoftmax(logits, -1);
        var probs = Exp(logProbs);
        var taken = new int[rows];
        for (int b = 0; b < rows; b++) { taken[b] = (int)index[b]; }
        var gradL = ScatterAdd(Reshape(gradPicked, rows, 1), 1, Tensor.FromArray(taken, rows, 1), [rows, classes]);
        if (gradEntropy is not null)
        {
            var gradPl = BroadcastTo(Reshape(MulScalar(gradEntropy, -1.0), rows, 1), [rows, classes]);
            gradL = Add(Add(Mul(gradPl, probs), Mul(Mul(gradPl, logProbs), probs)), gradL);
        }
        return Sub(gradL, Mul(Exp(logProbs), Sum(gradL, -1, keepDim: true)));
    }

    /// <summary>What the head's two nodes share: the forward's L and P, the class indices, and the entropy's gradient
    /// between the entropy node's backward and the log-probability node's.</summary>
    private sealed class CategoricalHeadState(Tensor logProbs, Tensor probs, float[] index)
    {
        public Tensor LogProbs { get; } = logProbs;
        public Tensor Probs { get; } = probs;
        public float[] Index { get; } = index;
        public Tensor? GradEntropy { get; set; }
    }
}
