namespace MetaRL.Autograd;

/// <summary>
/// The bookkeeping of one backward pass, reused across passes on a thread so a backward allocates no
/// collections: one reference-keyed map from tensor to slot, and flat arrays of tensors, gradients, the
/// DFS stack and the post-order. Cleared after each pass so it keeps no tensor alive.
/// </summary>
internal sealed class BackwardWorkspace
{
    private static readonly Tensor SeedPlaceholder = Tensor.Scalar(0);
    [ThreadStatic] private static BackwardWorkspace? t_cached;

    private readonly Dictionary<Tensor, int> _slots = new(ReferenceEqualityComparer.Instance);
    private bool[] _visited = new bool[64];
    private (int Slot, int Next)[] _stack = new (int, int)[64];

    public Tensor[] Tensors = new Tensor[64];
    public Tensor?[] Grads = new Tensor?[64];
    public int[] Order = new int[64];
    public int Count;
    public int OrderCount;

    /// <summary>The thread's cached workspace, or a fresh one when a backward runs inside another.</summary>
    public static BackwardWorkspace Rent()
    {
        var ws = t_cached;
        t_cached = null;
        return ws ?? new BackwardWorkspace();
    }

    public static void Return(BackwardWorkspace ws)
    {
        ws.Clear();
        t_cached = ws;
    }

    /// <summary>Registers a root with its seed gradient (null: ones, filled in once validated).</summary>
    public void Seed(Tensor root, Tensor? seed)
    {
        if (!root.RequiresGrad)
        {
            throw new InvalidOperationException("The output does not require gradients (nothing it depends on requires them, or it was computed under NoGrad).");
        }
        if (seed is null)
        {
            if (root.Numel != 1)
            {
                throw new InvalidOperationException($"Backward from a non-scalar of shape {ShapeUtil.Format(root.Shape)} needs an explicit gradient.");
            }
            seed = SeedPlaceholder;
        }
        else if (!ShapeUtil.Equal(seed.Shape, root.Shape))
        {
            throw new ArgumentException($"Gradient shape {ShapeUtil.Format(seed.Shape)} does not match output shape {ShapeUtil.Format(root.Shape)}.");
        }
        int slot = SlotOf(root);
        var existing = Grads[slot];
        if (existing is null) { Grads[slot] = seed; return; }
        // The same root twice: sum the seeds (materialising any placeholder as ones first).
        var a = ReferenceEquals(existing, SeedPlaceholder) ? Tensor.Full(root.Shape, 1.0, root.DType) : existing;
        var b = ReferenceEquals(seed, SeedPlaceholder) ? Tensor.Full(root.Shape, 1.0, root.DType) : seed;
        Grads[slot] = a + b;
    }

    /// <summary>The gradient reached for a tensor, or null.</summary>
    public Tensor? GradOf(Tensor t) => _slots.TryGetValue(t, out int slot) ? Grads[slot] : null;

    /// <summary>Adds a gradient contribution (summed with an op, so it is recorded under createGraph).</summary>
    public void AddGrad(Tensor t, Tensor g)
    {
        int slot = SlotOf(t);
        var existing = Grads[slot];
        Grads[slot] = existing is null ? g : existing + g;
    }

    /// <summary>
    /// Depth-first post-order of everything reachable from the first <paramref name="roots"/> slots through
    /// inputs that require gradients; walking <see cref="Order"/> backwards visits each tensor before
    /// everything it depends on.
    /// </summary>
    public void SortFromSeeds(int roots)
    {
        int top = 0;
        for (int r = 0; r < roots; r++)
        {
            if (_visited[r]) { continue; }
            _visited[r] = true;
            Push(ref top, r, 0);
            while (top > 0)
            {
                var (slot, next) = _stack[--top];
                var node = Tensors[slot].GradFn;
                if (node is not null && next < node.Inputs.Length)
                {
                    _stack[top++] = (slot, next + 1);
                    var child = node.Inputs[next];
                    if (!child.RequiresGrad) { continue; }
                    int childSlot = SlotOf(child);
                    if (_visited[childSlot]) { continue; }
                    _visited[childSlot] = true;
                    Push(ref top, childSlot, 0);
                }
                else
                {
                    if (OrderCount == Order.Length) { Array.Resize(ref Order, Order.Length * 2); }
                    Order[OrderCount++] = slot;
                }
            }
        }
    }

    /// <summary>True for the stand-in seed that <see cref="Autograd"/> replaces with ones.</summary>
    public static bool IsPlaceholder(Tensor t) => ReferenceEquals(t, SeedPlaceholder);

    private void Push(ref int top, int slot, int next)
    {
        if (top == _stack.Length) { Array.Resize(ref _stack, _stack.Length * 2); }
        _stack[top++] = (slot, next);
    }

    private int SlotOf(Tensor t)
    {
        if (_slots.TryGetValue(t, out int slot)) { return slot; }
        slot = Count++;
        if (slot == Tensors.Length)
        {
            int size = Tensors.Length * 2;
            Array.Resize(ref Tensors, size);
            Array.Resize(ref Grads, size);
            Array.Resize(ref _visited, size);
        }
        Tensors[slot] = t;
        _slots.Add(t, slot);
        return slot;
    }

    private void Clear()
    {
        _slots.Clear();
        Array.Clear(Tensors, 0, Count);
        Array.Clear(Grads, 0, Count);
        Array.Clear(_visited, 0, Count);
        Count = 0;
        OrderCount = 0;
    }
}
