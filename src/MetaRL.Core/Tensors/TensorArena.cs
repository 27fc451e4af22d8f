namespace MetaRL.Tensors;

/// <summary>
/// Storage reuse for one training step. Inside <c>using var step = TensorArena.Step();</c> the results of tensor
/// ops on this thread — forward activations, the gradients backward computes, temporaries — take their float32 and
/// float64 buffers from a per-thread free list keyed by length, and give them all back when the scope ends; the
/// next step reuses them, so a steady-state update allocates almost nothing.
/// <para>What escapes is never pooled: tensors made by the public factories (<see cref="Tensor.Empty"/>,
/// <see cref="Tensor.Zeros"/>, <see cref="Tensor.FromArray(float[], int[])"/>, <see cref="Tensor.Clone"/>, …),
/// hence parameters and optimiser state; and the gradients <see cref="Tensor.Backward"/> leaves on leaves, which are
/// copied into a buffer each leaf keeps for itself. An op's result (and any <see cref="Tensor.Detach"/> of it)
/// is valid only until its scope ends: <see cref="Tensor.Clone"/> what must outlive it.</para>
/// <para>Within a scope a buffer is handed out once, so nothing in the step is overwritten; buffers go back only at
/// the scope's end (scopes nest, an inner one giving back only its own). Other threads are untouched. Buckets no
/// step has used for <see cref="TrimAfterSteps"/> outermost steps are dropped, so shapes that change over a run
/// do not pin memory.</para>
/// </summary>
public static class TensorArena
{
    /// <summary>Outermost steps after which a length no step has rented is dropped from the free lists. <value>256.</value></summary>
    public const int TrimAfterSteps = 256;

    [ThreadStatic] private static Pool? t_pool;

    /// <summary>Opens a step scope on this thread; dispose it (LIFO with any nested scope) to give its buffers back.</summary>
    public static StepScope Step()
    {
        var pool = t_pool ??= new Pool();
        pool.Depth++;
        return new StepScope(pool, pool.Rented.Count, pool.Depth);
    }

    /// <summary>True while a step scope is open on this thread.</summary>
    public static bool IsActive => t_pool is { Depth: > 0 };

    /// <summary>A zeroed floating tensor that lives as long as the step open on this thread, like an op's result (a plain
    /// new tensor when no step is open): for a trainer's per-update inputs, such as a minibatch gathered from a buffer.</summary>
    public static Tensor Scratch(ReadOnlySpan<int> shape, DType dtype = DType.Float32)
    {
        if (!dtype.IsFloating()) { throw new ArgumentException($"Scratch tensors are float32 or float64, not {dtype}."); }
        ShapeUtil.Validate(shape);
        return Tensor.Result(shape, dtype);
    }

    /// <summary>Whether <paramref name="tensor"/>'s storage belongs to a step open on this thread (a linear search: for
    /// the rare places that keep a tensor, such as registering a parameter, not for every op).</summary>
    public static bool IsPooled(Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        var pool = t_pool;
        if (pool is null || pool.Depth == 0) { return false; }
        foreach (var array in pool.Rented)
        {
            if (ReferenceEquals(array, tensor.Storage)) { return true; }
        }
        return false;
    }

    /// <summary>Bytes held in this thread's free lists (between steps: everything the last steps used).</summary>
    public static long PooledBytes => t_pool?.FreeBytes ?? 0;

    [ThreadStatic] private static bool t_poison;

    /// <summary>Tests only: on this thread, fill every buffer given back with NaN, so that a result read after its scope shows.</summary>
    internal static bool PoisonOnReturn
    {
        get => t_poison;
        set => t_poison = value;
    }

    /// <summary>A buffer of <paramref name="length"/> floating elements, from the pool when a scope is open (cleared
    /// when <paramref name="clear"/>), else fresh (cleared when asked; uninitialised otherwise).</summary>
    internal static Array Rent(DType dtype, int length, bool clear)
    {
        var pool = t_pool;
        if (pool is null || pool.Depth == 0 || length == 0 || !dtype.IsFloating())
        {
            return Fresh(dtype, length, clear);
        }
        return pool.Rent(dtype, length, clear);
    }

    /// <summary>A float or double array an op keeps for its backward (or uses as scratch), pooled like its results;
    /// zeroed unless <paramref name="clear"/> is false (then the op must write every element before reading it).</summary>
    internal static T[] RentArray<T>(int length, bool clear = true)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        (T[])Rent(typeof(T) == typeof(float) ? DType.Float32 : DType.Float64, length, clear);

    /// <summary>
    /// The gradient a leaf keeps after a backward inside a step: <paramref name="g"/> (pooled), or
    /// <paramref name="existing"/> + <paramref name="g"/> when the leaf already had one, written into a buffer the
    /// leaf owns and reuses from step to step (so the tensor an earlier step left in <see cref="Tensor.Grad"/> is
    /// overwritten: copy it to keep it). The values are those the unpooled backward gives, bit for bit.
    /// </summary>
    internal static Tensor KeepLeafGrad(Tensor leaf, Tensor? existing, Tensor g)
    {
        if (!LeafGrads.TryGetValue(leaf, out var kept) || kept.DType != leaf.DType || !ShapeUtil.Equal(kept.ShapeRef, leaf.ShapeRef))
        {
            kept = new Tensor(Fresh(leaf.DType, leaf.Numel, clear: false), 0, leaf.ShapeRef, leaf.DType);
            LeafGrads.AddOrUpdate(leaf, kept);
        }
        if (leaf.DType == DType.Float32)
        {
            if (existing is null) { g.F32.CopyTo(kept.F32); } else { TensorPrimitives.Add(existing.F32, g.F32, kept.F32); }
        }
        else if (existing is null) { g.F64.CopyTo(kept.F64); }
        else { TensorPrimitives.Add(existing.F64, g.F64, kept.F64); }
        return kept;
    }

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Tensor, Tensor> LeafGrads = [];

    private static Array Fresh(DType dtype, int length, bool clear) => dtype switch
    {
        DType.Float32 => clear ? new float[length] : GC.AllocateUninitializedArray<float>(length),
        DType.Float64 => clear ? new double[length] : GC.AllocateUninitializedArray<double>(length),
        DType.Int32 => new int[length],
        DType.Int8 => new sbyte[length],
        _ => new long[length],
    };

    /// <summary>Gives the scope's buffers back when disposed.</summary>
    public readonly struct StepScope : IDisposable
    {
        private readonly Pool? _pool;
        private readonly int _mark, _depth;

        internal StepScope(Pool pool, int mark, int depth)
        {
            _pool = pool;
            _mark = mark;
            _depth = depth;
        }

        /// <inheritdoc />
        public void Dispose()
        {
            if (_pool is null) { return; }
            if (_pool.Depth != _depth)
            {
                throw new InvalidOperationException("TensorArena step scopes must be disposed in reverse order of opening, on the thread that opened them.");
            }
            _pool.Release(_mark);
            _pool.Depth--;
            if (_pool.Depth == 0) { _pool.EndStep(); }
        }
    }

    internal sealed class Pool
    {
        private readonly Dictionary<long, Bucket> _buckets = [];
        public readonly List<Array> Rented = [];
        public int Depth;
        public long FreeBytes;
        private long _step;

        public Array Rent(DType dtype, int length, bool clear)
        {
            long key = Key(length, dtype == DType.Float64);
            if (!_buckets.TryGetValue(key, out var bucket))
            {
                bucket = new Bucket();
                _buckets.Add(key, bucket);
            }
            bucket.LastUsed = _step;
            Array array;
            if (bucket.Free.Count > 0)
            {
                array = bucket.Free.Pop();
                FreeBytes -= Bytes(array);
                if (clear) { Array.Clear(array); }
            }
            else
            {
                array = Fresh(dtype, length, clear);
            }
            Rented.Add(array);
            return array;
        }

        public void Release(int mark)
        {
            bool poison = PoisonOnReturn;
            for (int i = mark; i < Rented.Count; i++)
            {
                var array = Rented[i];
                if (poison)
                {
                    if (array is float[] f) { f.AsSpan().Fill(float.NaN); } else { ((double[])array).AsSpan().Fill(double.NaN); }
                }
                _buckets[Key(array.Length, array is double[])].Free.Push(array);
                FreeBytes += Bytes(array);
            }
            Rented.RemoveRange(mark, Rented.Count - mark);
        }

        public void EndStep()
        {
            _step++;
            if (_step % TrimAfterSteps != 0) { return; }
            List<long>? stale = null;
            foreach (var (key, bucket) in _buckets)
            {
                if (_step - bucket.LastUsed >= TrimAfterSteps) { (stale ??= []).Add(key); }
            }
            if (stale is null) { return; }
            foreach (long key in stale)
            {
                foreach (var array in _buckets[key].Free) { FreeBytes -= Bytes(array); }
                _buckets.Remove(key);
            }
        }

        /// <summary>A free list's key: the length and whether the elements are float64.</summary>
        private static long Key(int length, bool isDouble) => ((long)length << 1) | (isDouble ? 1L : 0L);

        private static long Bytes(Array a) => (long)a.Length * (a is double[] ? 8 : 4);
    }

    private sealed class Bucket
    {
        public readonly Stack<Array> Free = new();
        public long LastUsed;
    }
}
