using MetaRL.Tensors;

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
        var grads = Run([root], [gradient], createGraph, targets: null);
        foreach (var (leaf, g) in grads)
        {
            if (leaf.GradFn is not null || !leaf.RequiresGrad) { continue; }
            leaf.Grad = leaf.Grad is null ? (createGraph ? g : g.Detach()) : Accumulate(leaf.Grad, g, createGraph);
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
        var targets = new HashSet<Tensor>(inputs, ReferenceEqualityComparer.Instance);
        var seeds = gradOutputs ?? new Tensor?[outputs.Count];
        var grads = Run(outputs, seeds, createGraph, targets);
        var result = new Tensor[inputs.Count];
        for (int i = 0; i < inputs.Count; i++)
        {
            if (grads.TryGetValue(inputs[i], out var g))
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

    /// <summary>Convenience overload for one output and several inputs.</summary>
    public static Tensor[] Grad(Tensor output, IReadOnlyList<Tensor> inputs, bool createGraph = false, bool allowUnused = false) =>
        Grad([output], inputs, null, createGraph, allowUnused);

    private static Tensor Accumulate(Tensor existing, Tensor g, bool createGraph)
    {
        if (createGraph) { return existing + g; }
        using (NoGrad()) { return existing.Detach() + g; }
    }

    private static Dictionary<Tensor, Tensor> Run(
        IReadOnlyList<Tensor> roots, IReadOnlyList<Tensor?> seeds, bool createGraph, HashSet<Tensor>? targets)
    {
        using var mode = createGraph ? EnableGrad() : NoGrad();
        var grads = new Dictionary<Tensor, Tensor>(ReferenceEqualityComparer.Instance);
        for (int i = 0; i < roots.Count; i++)
        {
            var root = roots[i];
            if (!root.RequiresGrad)
            {
                throw new InvalidOperationException("The output does not require gradients (nothing it depends on requires them, or it was computed under NoGrad).");
            }
            var seed = seeds[i];
            if (seed is null)
            {
                if (root.Numel != 1)
                {
                    throw new InvalidOperationException($"Backward from a non-scalar of shape {ShapeUtil.Format(root.Shape)} needs an explicit gradient.");
                }
                seed = Tensor.Full(root.Shape, 1.0, root.DType);
            }
            else if (!ShapeUtil.Equal(seed.Shape, root.Shape))
            {
                throw new ArgumentException($"Gradient shape {ShapeUtil.Format(seed.Shape)} does not match output shape {ShapeUtil.Format(root.Shape)}.");
            }
            Add(grads, root, seed);
        }

        foreach (var t in TopologicalOrder(roots))
        {
            if (t.GradFn is null || !grads.TryGetValue(t, out var g)) { continue; }
            var node = t.GradFn;
            // Ops inside a backward check nothing themselves, so a non-finite gradient is reported as
            // "backward of <op>" (naming the op whose derivative failed) rather than as an inner 'div'.
            bool detect = t_detectAnomaly;
            t_detectAnomaly = false;
            Tensor?[] inputGrads;
            try { inputGrads = node.Backward(g); }
            finally { t_detectAnomaly = detect; }
            for (int k = 0; k < node.Inputs.Length; k++)
            {
                var input = node.Inputs[k];
                var ig = inputGrads[k];
                if (ig is null || !input.RequiresGrad) { continue; }
                if (t_detectAnomaly) { CheckFinite(ig, "backward of " + node.Op); }
                Add(grads, input, ig);
            }
        }
        return grads;
    }

    private static void Add(Dictionary<Tensor, Tensor> grads, Tensor key, Tensor g)
    {
        grads[key] = grads.TryGetValue(key, out var existing) ? existing + g : g;
    }

    /// <summary>Tensors reachable from the roots, ordered so each comes before everything it depends on.</summary>
    private static List<Tensor> TopologicalOrder(IReadOnlyList<Tensor> roots)
    {
        var visited = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
        var postOrder = new List<Tensor>();
        var stack = new Stack<(Tensor T, int Next)>();
        foreach (var root in roots)
        {
            if (!visited.Add(root)) { continue; }
            stack.Push((root, 0));
            while (stack.Count > 0)
            {
                var (t, next) = stack.Pop();
                var inputs = t.GradFn?.Inputs ?? [];
                if (next < inputs.Length)
                {
                    stack.Push((t, next + 1));
                    var child = inputs[next];
                    if (child.RequiresGrad && visited.Add(child))
                    {
                        stack.Push((child, 0));
                    }
                }
                else
                {
                    postOrder.Add(t);
                }
            }
        }
        postOrder.Reverse();
        return postOrder;
    }
}
