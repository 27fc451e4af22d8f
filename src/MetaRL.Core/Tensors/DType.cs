namespace MetaRL.Tensors;

/// <summary>Element type of a tensor. Arithmetic and autograd run on <see cref="Float32"/> and
/// <see cref="Float64"/>; the integer types exist for checkpoints (counters, indices).</summary>
public enum DType
{
    Float32,
    Float64,
    Int32,
    Int64,

    /// <summary>Signed bytes: int8-quantised weights in checkpoints.</summary>
    Int8,
}

/// <summary>Helpers over <see cref="DType"/>.</summary>
public static class DTypeExtensions
{
    /// <summary>Size of one element in bytes.</summary>
    public static int ByteSize(this DType dtype) => dtype switch
    {
        DType.Float32 or DType.Int32 => 4,
        DType.Int8 => 1,
        _ => 8,
    };

    /// <summary>True for the types arithmetic and autograd support.</summary>
    public static bool IsFloating(this DType dtype) => dtype is DType.Float32 or DType.Float64;

    /// <summary>The CLR element type that stores this dtype.</summary>
    public static Type ClrType(this DType dtype) => dtype switch
    {
        DType.Float32 => typeof(float),
        DType.Float64 => typeof(double),
        DType.Int32 => typeof(int),
        DType.Int8 => typeof(sbyte),
        _ => typeof(long),
    };
}
