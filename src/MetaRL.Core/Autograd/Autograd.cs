namespace MetaRL.Autograd;

/// <summary>
/// Reverse-mode automatic differentiation over the dynamic graph recorded by tensor ops.
/// Grad mode and anomaly detection are per thread, so parallel workers do not disturb one another.
/// </summary>
public static class Autograd
{
    [ThreadStatic] private static int t_noGradDepth;
    [ThreadStatic] private static bool t_forceGrad;
    [ThreadStatic] private static bool t_detectAnomaly;

    /// <summary>True when ops on this thread record the graph.</summary>
    public static bool IsGradEnabled => t_forceGrad || t_noGradDepth == 0;

    /// <summary>When true, every op and every backward step checks its result for NaN/Inf and throws
    /// <see cref="NonFiniteException"/> naming the op. Off by default (it costs a pass over each result).</summary>
    public static bool DetectAnomaly
    {
        get => t_detectAnomaly;
        set => t_detectAnomaly = value;
    }

    /// <summary>A scope in which ops do not record the graph: <c>using (Autograd.NoGrad()) { … }</c>.</summary>
    public static GradModeScope NoGrad() => new(enabled: false);

    /// <summary>A scope that forces recording on (used inside NoGrad when a graph is wanted).</summary>
    public static GradModeScope EnableGrad() => new(enabled: true);

    /// <summary>Restores the previous grad mode when disposed.</summary>
    public readonly struct GradModeScope : IDisposable
    {
        private readonly int _savedDepth;
        private readonly bool _savedForce;

        internal GradModeScope(bool enabled)
        {
            _savedDepth = t_noGradDepth;
            _savedForce = t_forceGrad;
            if (enabled)
            {
                t_forceGrad = true;
            }
            else
            {
                t_forceGrad = false;
                t_noGradDepth++;
            }
        }

        public void Dispose()
        {
            t_noGradDepth = _savedDepth;
            t_forceGrad = _savedForce;
        }
    }

    /// <summary>True when an op with these inputs must record a node.</summary>
    internal static bool ShouldRecord(Tensor a) => a.RequiresGrad && IsGradEnabled;

    internal static bool ShouldRecord(Tensor a, Tensor b) => (a.RequiresGrad || b.RequiresGrad) && IsGradEnabled;

    internal static bool ShouldRecord(ReadOnlySpan<Tensor> inputs)
    {
        if (!IsGradEnabled) { return false; }
        foreach (var t in inputs)
        {
            if (t.RequiresGrad) { return true; }
        }
        return false;
    }

    /// <summary>Attaches a node to an op's result (when recording) and runs anomaly checks.</summary>
    internal static Tensor Record(Tensor result, string op, Tensor[] inputs, Func<Tensor, Tensor?[]> backward)
    {
        if (t_detectAnomaly) { CheckFinite(result, op); }
        result.GradFn = new Node(op, inputs, backward);
        result.RequiresGrad = true;
        return result;
    }

    /// <summary><see cref="Record(Tensor, string, Tensor[], Func{Tensor, Tensor?[]})"/> with a static backward that reads
    /// its state from the node: nothing allocated beyond the node.</summary>
    internal static Tensor Record(Tensor result, string op, Tensor[] inputs, Func<Node, Tensor, Tensor?[]> backward, Tensor? saved = null, double scalar = 0, object? aux = null)
    {
        if (t_detectAnomaly) { CheckFinite(result, op); }
        result.GradFn = new Node(op, inputs, backward, saved, scalar, aux);
        result.RequiresGrad = true;
        return result;
    }

    /// <summary>Anomaly check for results that are not recorded.</summary>
    internal static Tensor Checked(Tensor result, string op)
    {
        if (t_detectAnomaly) { CheckFinite(result, op); }
        return result;
    }

    internal static void CheckFinite(Tensor t, string op)
    {
        int bad = Kernels.Elementwise.FirstNonFinite(t);
        if (bad >= 0)
        {
            throw new NonFiniteException(op, t.Name, bad, t[bad]);
        }
    }

    /// <summary>Backpropagates from <paramref name="root"/> and accumulates into the leaves' <c>Grad</c>.
    /// A non-scalar root needs an explicit <paramref name="gradient"/> of its shape.</summary>
    public static void Backward(Tensor root, Tensor? gradient = null, bool createGraph = false)
    {
        var ws = BackwardWorkspace.Rent();
        try
        {
            ws.Seed(root, gradient);
            bool arena = TensorArena.IsActive;
            if (arena && createGraph)
            {
                throw new InvalidOperationException("Backward(createGraph: true) inside a TensorArena step would leave pooled gradients on the leaves; use Autograd.Grad, or take the step outside the scope.");
            }
            Run(ws, createGraph);
            // Ops may hand one buffer to several inputs (a + b gives both the same gradient). Each leaf's
            // Grad must own its storage, since optimizers and clipping scale gradients in place.
            List<Array>? handedOut = null;
            for (int s = 0; s < ws.Count; s++)
            {
                var leaf = ws.Tensors[s];
                var g = ws.Grads[s];
                if (g is null || leaf.GradFn is not null || !leaf.RequiresGrad) { continue; }
                if (arena)
                {
                    // Inside a step the gradient is pooled: the leaf keeps a copy in a buffer of its own.
                    leaf.Grad = TensorArena.KeepLeafGrad(leaf, leaf.Grad, g);
                    continue;
                }
                if (leaf.Grad is not null)
                {
                    leaf.Grad = Accumulate(leaf.Grad, g, createGraph);
                    continue;
                }
                if (createGraph)
                {
                    leaf.Grad = g;
                    continue;
                }
                handedOut ??= [];
                bool shared = ReferenceEquals(g.Storage, gradient?.Storage);
                for (int h = 0; h < handedOut.Count && !shared; h++) { shared = ReferenceEquals(handedOut[h], g.Storage); }
                leaf.Grad = shared ? g.Clone() : g.Detach();
                handedOut.Add(leaf.Grad.Storage);
            }
        }
        finally
        {
            BackwardWorkspace.Return(ws);
        }
    }

    /// <summary>
    /// Gradients of the sum of <paramref name="outputs"/> with respect to <paramref name="inputs"/>
    /// (leaves or not), returned rather than accumulated. With <paramref name="createGraph"/> the result
    /// is itself differentiable (second-order MAML, Hessian-vector products). An input the outputs do not
    /// depend on gets zeros when <paramref name="allowUnused"/> is true, an error otherwise.
    /// </summary>
    public static Tensor[] Grad(
        IReadOnlyList<Tensor> outputs,
        IReadOnlyList<Tensor> inputs,
        IReadOnlyList<Tensor?>? gradOutputs = null,
        bool createGraph = false,
        bool allowUnused = false)
    {
        if (gradOutputs is not null && gradOutputs.Count != outputs.Count)
        {
            throw new ArgumentException($"{gradOutputs.Count} output gradients given for {outputs.Count} outputs.");
        }
        var ws = BackwardWorkspace.Rent();
        try
        {
            for (int i = 0; i < outputs.Count; i++) { ws.Seed(outputs[i], gradOutputs?[i]); }
            Run(ws, createGraph);
            var result = new Tensor[inputs.Count];
            for (int i = 0; i < inputs.Count; i++)
            {
                if (ws.GradOf(inputs[i]) is { } g)
                {
                    result[i] = g;
                }
                else if (allowUnused)
                {
                    result[i] = Tensor.Zeros(inputs[i].Shape, inputs[i].DType);
                }
                else
                {
                    throw new InvalidOperationException(
                        $"Input {i} ({inputs[i].Name ?? "unnamed"}) was not used to compute the outputs; pass allowUnused: true.");
                }
            }
            return result;
        }
        finally
        {
            BackwardWorkspace.Return(ws);
        }
    }

    /// <summary>Convenience overload for one output and several inputs.</summary>
    public static Tensor[] Grad(Tensor output, IReadOnlyList<Tensor> inputs, bool createGraph = false, bool allowUnused = false) =>
        Grad([output], inputs, null, createGraph, allowUnused);

    private static Tensor Accumulate(Tensor existing, Tensor g, bool createGraph)
    {
        if (createGraph) { return existing + g; }
        using (NoGrad()) { return existing.Detach() + g; }
    }

    /// <summary>Runs every recorded backward in reverse topological order, summing gradients per tensor.</summary>
    private static void Run(BackwardWorkspace ws, bool createGraph)
    {
        using var mode = createGraph ? EnableGrad() : NoGrad();
        int roots = ws.Count;
        for (int r = 0; r < roots; r++)
        {
            var g = ws.Grads[r]!;
            if (!BackwardWorkspace.IsPlaceholder(g)) { continue; }
            var root = ws.Tensors[r];
            var ones = Tensor.Result(root.ShapeRef, root.DType);
            if (root.DType == DType.Float32) { ones.F32.Fill(1f); } else { ones.F64.Fill(1.0); }
            ws.Grads[r] = ones;
        }
        ws.SortFromSeeds(roots);
        for (int o = ws.OrderCount - 1; o >= 0; o--)
        {
            int slot = ws.Order[o];
            var t = ws.Tensors[slot];
            var g = ws.Grads[slot];
            if (t.GradFn is null || g is null) { continue; }
            var node = t.GradFn;
            // Ops inside a backward check nothing themselves, so a non-finite gradient is reported as
            // "backward of <op>" (naming the op whose derivative failed) rather than as an inner op.
            bool detect = t_detectAnomaly;
            t_detectAnomaly = false;
            Tensor?[] inputGrads;
            try { inputGrads = node.Backward(g); }
            finally { t_detectAnomaly = detect; }
            var inputs = node.Inputs;
            for (int k = 0; k < inputs.Length; k++)
            {
                var input = inputs[k];
                var ig = inputGrads[k];
                if (ig is null || !input.RequiresGrad) { continue; }
                if (t_detectAnomaly) { CheckFinite(ig, "backward of " + node.Op); }
                ws.AddGrad(input, ig);
            }
        }
    }
}
