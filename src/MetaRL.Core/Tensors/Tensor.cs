using MetaRL.Autograd;

namespace MetaRL.Tensors;

/// <summary>
/// A dense, row-major, contiguous n-dimensional array of float32 or float64 (integers for checkpoints only),
/// and a node in the autograd graph. Reshapes and leading-axis slices are views over the same storage;
/// everything else produces a new tensor. Tensors are immutable from the graph's point of view: ops never
/// write into their inputs.
/// </summary>
public sealed partial class Tensor
{
    private readonly int[] _shape;
    private bool _requiresGrad;

    internal Tensor(Array storage, int offset, int[] shape, DType dtype)
    {
        Storage = storage;
        Offset = offset;
        _shape = shape;
        DType = dtype;
        Numel = ShapeUtil.Numel(shape);
    }

    /// <summary>Backing array (<c>float[]</c>, <c>double[]</c>, <c>int[]</c> or <c>long[]</c>).</summary>
    internal Array Storage { get; }

    /// <summary>Index of this tensor's first element within <see cref="Storage"/>.</summary>
    internal int Offset { get; }

    /// <summary>The element type.</summary>
    public DType DType { get; }

    /// <summary>Number of elements.</summary>
    public int Numel { get; }

    /// <summary>The shape (a copy-free read-only view).</summary>
    public ReadOnlySpan<int> Shape => _shape;

    /// <summary>The shape as an array the caller owns.</summary>
    public int[] ShapeArray() => (int[])_shape.Clone();

    internal int[] ShapeRef => _shape;

    /// <summary>Number of axes.</summary>
    public int Rank => _shape.Length;

    /// <summary>Size of one axis; negative axes count from the end.</summary>
    public int Dim(int axis) => _shape[ShapeUtil.NormalizeAxis(axis, _shape.Length)];

    /// <summary>An optional name used in error messages (parameters carry their registry name).</summary>
    public string? Name { get; set; }

    /// <summary>Whether gradients flow to this tensor. Only leaves may have this set by hand.</summary>
    public bool RequiresGrad
    {
        get => _requiresGrad;
        set
        {
            if (GradFn is not null && !value)
            {
                throw new InvalidOperationException("Cannot clear RequiresGrad on a non-leaf tensor; use Detach().");
            }
            if (value && !DType.IsFloating())
            {
                throw new InvalidOperationException($"Only floating tensors can require gradients, not {DType}.");
            }
            _requiresGrad = value;
        }
    }

    /// <summary>Accumulated gradient of a leaf after <see cref="Backward"/>.</summary>
    public Tensor? Grad { get; set; }

    /// <summary>The operation that produced this tensor, or null for a leaf.</summary>
    internal Node? GradFn { get; set; }

    /// <summary>The name of the op that produced this tensor (null for leaves).</summary>
    public string? GradFnName => GradFn?.Op;

    /// <summary>True when no recorded op produced this tensor.</summary>
    public bool IsLeaf => GradFn is null;

    /// <summary>The elements as a span of <typeparamref name="T"/>, which must match <see cref="DType"/>.</summary>
    public Span<T> Data<T>()
        where T : unmanaged
    {
        if (Storage is not T[] array)
        {
            throw new InvalidOperationException($"Tensor holds {DType}, not {typeof(T).Name}.");
        }
        return array.AsSpan(Offset, Numel);
    }

    /// <summary>The elements of a float32 tensor.</summary>
    public Span<float> F32 => Data<float>();

    /// <summary>The elements of a float64 tensor.</summary>
    public Span<double> F64 => Data<double>();

    /// <summary>The raw bytes of the elements (little-endian on every platform .NET runs on).</summary>
    public ReadOnlySpan<byte> Bytes => DType switch
    {
        DType.Float32 => MemoryMarshal.AsBytes<float>(Data<float>()),
        DType.Float64 => MemoryMarshal.AsBytes<double>(Data<double>()),
        DType.Int32 => MemoryMarshal.AsBytes<int>(Data<int>()),
        DType.Int8 => MemoryMarshal.AsBytes<sbyte>(Data<sbyte>()),
        _ => MemoryMarshal.AsBytes<long>(Data<long>()),
    };

    /// <summary>Element at a flat (row-major) index, as a double.</summary>
    [System.Runtime.CompilerServices.IndexerName("At")]
    public double this[int flatIndex] => DType switch
    {
        DType.Float32 => Data<float>()[flatIndex],
        DType.Float64 => Data<double>()[flatIndex],
        DType.Int32 => Data<int>()[flatIndex],
        DType.Int8 => Data<sbyte>()[flatIndex],
        _ => Data<long>()[flatIndex],
    };

    /// <summary>The single value of a one-element tensor.</summary>
    public double Item()
    {
        if (Numel != 1)
        {
            throw new InvalidOperationException($"Item() needs a one-element tensor, got shape {ShapeUtil.Format(_shape)}.");
        }
        return this[0];
    }

    /// <summary>Copies the elements into a new float array (converting from float64 if needed).</summary>
    public float[] ToFloatArray()
    {
        var result = new float[Numel];
        if (DType == DType.Float32)
        {
            F32.CopyTo(result);
        }
        else
        {
            for (int i = 0; i < result.Length; i++)
            {
                result[i] = (float)this[i];
            }
        }
        return result;
    }

    /// <summary>Copies the elements into a new double array.</summary>
    public double[] ToDoubleArray()
    {
        var result = new double[Numel];
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = this[i];
        }
        return result;
    }

    /// <summary>A tensor sharing this one's storage but cut from the graph.</summary>
    public Tensor Detach() => new(Storage, Offset, _shape, DType) { Name = Name };

    /// <summary>A deep copy cut from the graph.</summary>
    public Tensor Clone()
    {
        var copy = Empty(_shape, DType);
        Bytes.CopyTo(MemoryMarshal.AsBytes(copy.RawSpan()));
        return copy;
    }

    /// <summary>Copies another tensor's values into this one in place (shapes must match; no graph).</summary>
    public void CopyFrom(Tensor source)
    {
        if (!ShapeUtil.Equal(_shape, source._shape) || DType != source.DType)
        {
            throw new ArgumentException(
                $"CopyFrom needs equal shape and dtype: {ShapeUtil.Format(_shape)} {DType} vs {ShapeUtil.Format(source._shape)} {source.DType}.");
        }
        source.Bytes.CopyTo(MemoryMarshal.AsBytes(RawSpan()));
    }

    private Span<byte> RawSpan() => DType switch
    {
        DType.Float32 => MemoryMarshal.AsBytes(Data<float>()),
        DType.Float64 => MemoryMarshal.AsBytes(Data<double>()),
        DType.Int32 => MemoryMarshal.AsBytes(Data<int>()),
        DType.Int8 => MemoryMarshal.AsBytes(Data<sbyte>()),
        _ => MemoryMarshal.AsBytes(Data<long>()),
    };

    /// <summary>Writable raw bytes (used by loaders).</summary>
    internal Span<byte> WritableBytes => RawSpan();

    /// <summary>Runs reverse-mode differentiation from this scalar, accumulating into leaves' <see cref="Grad"/>.</summary>
    public void Backward(Tensor? gradient = null, bool createGraph = false) =>
        Autograd.Autograd.Backward(this, gradient, createGraph);

    /// <inheritdoc />
    public override string ToString()
    {
        var head = $"Tensor({ShapeUtil.Format(_shape)}, {DType}";
        if (Numel <= 16 && DType.IsFloating())
        {
            var values = string.Join(", ", Enumerable.Range(0, Numel).Select(i => this[i].ToString("G6", System.Globalization.CultureInfo.InvariantCulture)));
            return $"{head}, [{values}])";
        }
        return head + ")";
    }

    internal static bool IsFloat<T>()
        where T : IFloatingPointIeee754<T> => typeof(T) == typeof(float);
}
