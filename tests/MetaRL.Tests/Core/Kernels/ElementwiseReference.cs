namespace MetaRL.Tests.Core.Kernels;

/// <summary>The naive twin of <see cref="MetaRL.Kernels.Elementwise"/>: one output element at a time, each
/// operand index found by walking the multi-index with NumPy broadcasting (size-1 and missing axes repeat).</summary>
internal static class ElementwiseReference
{
    public static float[] Binary(float[] a, int[] aShape, float[] b, int[] bShape, Func<float, float, float> op, out int[] shape)
    {
        int rank = Math.Max(aShape.Length, bShape.Length);
        shape = new int[rank];
        for (int i = 0; i < rank; i++)
        {
            int da = Dim(aShape, i, rank), db = Dim(bShape, i, rank);
            if (da != db && da != 1 && db != 1) { throw new ArgumentException("not broadcastable"); }
            shape[i] = Math.Max(da, db);
        }
        int n = 1;
        foreach (var d in shape) { n *= d; }
        var result = new float[n];
        var index = new int[rank];
        for (int flat = 0; flat < n; flat++)
        {
            int rem = flat;
            for (int i = rank - 1; i >= 0; i--) { index[i] = rem % shape[i]; rem /= shape[i]; }
            result[flat] = op(a[Offset(aShape, index)], b[Offset(bShape, index)]);
        }
        return result;
    }

    private static int Dim(int[] shape, int axis, int rank)
    {
        int i = axis - (rank - shape.Length);
        return i < 0 ? 1 : shape[i];
    }

    /// <summary>Row-major offset of the broadcast element at <paramref name="index"/> (an index of the output's rank).</summary>
    private static int Offset(int[] shape, int[] index)
    {
        int offset = 0;
        int lead = index.Length - shape.Length;
        for (int i = 0; i < shape.Length; i++)
        {
            int k = shape[i] == 1 ? 0 : index[lead + i];
            offset = offset * shape[i] + k;
        }
        return offset;
    }
}
