namespace MetaRL.Tensors;

public sealed partial class Tensor
{
    /// <summary>A new tensor of zeros (uninitialised memory is never exposed).</summary>
    public static Tensor Empty(ReadOnlySpan<int> shape, DType dtype = DType.Float32)
    {
        var s = shape.ToArray();
        ShapeUtil.Validate(s);
        int n = ShapeUtil.Numel(s);
        Array storage = dtype switch
        {
            DType.Float32 => new float[n],
            DType.Float64 => new double[n],
            DType.Int32 => new int[n],
            DType.Int8 => new sbyte[n],
            _ => new long[n],
        };
        return new Tensor(storage, 0, s, dtype);
    }

    /// <summary>An op's zeroed result: its storage comes from the <see cref="TensorArena"/> while a step scope is open
    /// (valid until the scope ends). <paramref name="shape"/> is kept, not copied: the caller must not change it.</summary>
    internal static Tensor Result(int[] shape, DType dtype) =>
        new(TensorArena.Rent(dtype, ShapeUtil.Numel(shape), clear: true), 0, shape, dtype);

    /// <inheritdoc cref="Result(int[], DType)"/>
    internal static Tensor Result(ReadOnlySpan<int> shape, DType dtype) => Result(shape.ToArray(), dtype);

    /// <summary>Zeros of the given shape.</summary>
    public static Tensor Zeros(ReadOnlySpan<int> shape, DType dtype = DType.Float32) => Empty(shape, dtype);

    /// <summary>Ones of the given shape.</summary>
    public static Tensor Ones(ReadOnlySpan<int> shape, DType dtype = DType.Float32) => Full(shape, 1.0, dtype);

    /// <summary>A tensor filled with one value.</summary>
    public static Tensor Full(ReadOnlySpan<int> shape, double value, DType dtype = DType.Float32)
    {
        var t = Empty(shape, dtype);
        switch (dtype)
        {
            case DType.Float32: t.F32.Fill((float)value); break;
            case DType.Float64: t.F64.Fill(value); break;
            case DType.Int32: t.Data<int>().Fill((int)value); break;
            case DType.Int8: t.Data<sbyte>().Fill((sbyte)value); break;
            default: t.Data<long>().Fill((long)value); break;
        }
        return t;
    }

    /// <summary>A zero-rank tensor holding one value.</summary>
    public static Tensor Scalar(double value, DType dtype = DType.Float32) => Full([], value, dtype);

    /// <summary>Wraps an array without copying; the caller must not mutate it afterwards.</summary>
    public static Tensor FromArray(float[] data, params int[] shape) => Wrap(data, data.Length, shape, DType.Float32);

    /// <summary>Wraps an array without copying; the caller must not mutate it afterwards.</summary>
    public static Tensor FromArray(double[] data, params int[] shape) => Wrap(data, data.Length, shape, DType.Float64);

    /// <summary>Wraps an array without copying.</summary>
    public static Tensor FromArray(int[] data, params int[] shape) => Wrap(data, data.Length, shape, DType.Int32);

    /// <summary>Wraps signed bytes (no copy): int8-quantised weights.</summary>
    public static Tensor FromArray(sbyte[] data, params int[] shape) => Wrap(data, data.Length, shape, DType.Int8);

    /// <summary>Wraps an array without copying.</summary>
    public static Tensor FromArray(long[] data, params int[] shape) => Wrap(data, data.Length, shape, DType.Int64);

    private static Tensor Wrap(Array data, int length, int[] shape, DType dtype)
    {
        if (shape.Length == 0 && length != 1)
        {
            shape = [length];
        }
        ShapeUtil.Validate(shape);
        if (ShapeUtil.Numel(shape) != length)
        {
            throw new ArgumentException($"{length} values do not fill shape {ShapeUtil.Format(shape)}.");
        }
        return new Tensor(data, 0, (int[])shape.Clone(), dtype);
    }

    /// <summary>Standard-normal samples drawn from an explicit generator.</summary>
    public static Tensor RandN(ReadOnlySpan<int> shape, Rng rng, DType dtype = DType.Float32)
    {
        var t = Empty(shape, dtype);
        if (dtype == DType.Float32)
        {
            var d = t.F32;
            for (int i = 0; i < d.Length; i++) { d[i] = (float)rng.Normal(); }
        }
        else
        {
            var d = t.F64;
            for (int i = 0; i < d.Length; i++) { d[i] = rng.Normal(); }
        }
        return t;
    }

    /// <summary>Uniform samples in [low, high) drawn from an explicit generator.</summary>
    public static Tensor RandU(ReadOnlySpan<int> shape, Rng rng, double low = 0, double high = 1, DType dtype = DType.Float32)
    {
        var t = Empty(shape, dtype);
        if (dtype == DType.Float32)
        {
            var d = t.F32;
            for (int i = 0; i < d.Length; i++) { d[i] = (float)rng.Uniform(low, high); }
        }
        else
        {
            var d = t.F64;
            for (int i = 0; i < d.Length; i++) { d[i] = rng.Uniform(low, high); }
        }
        return t;
    }

    /// <summary>A copy converted to another floating dtype (no graph).</summary>
    public Tensor To(DType dtype)
    {
        if (dtype == DType)
        {
            return Clone();
        }
        var t = Empty(_shape, dtype);
        for (int i = 0; i < Numel; i++)
        {
            switch (dtype)
            {
                case DType.Float32: t.F32[i] = (float)this[i]; break;
                case DType.Float64: t.F64[i] = this[i]; break;
                case DType.Int32: t.Data<int>()[i] = (int)this[i]; break;
                case DType.Int8: t.Data<sbyte>()[i] = (sbyte)this[i]; break;
                default: t.Data<long>()[i] = (long)this[i]; break;
            }
        }
        return t;
    }

    /// <summary>Makes this leaf require gradients and returns it (fluent helper).</summary>
    public Tensor RequireGrad()
    {
        RequiresGrad = true;
        return this;
    }
}
