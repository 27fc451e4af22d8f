namespace MetaRL.Serialization;

/// <summary>
/// Checks that header entries describe the data buffer exactly: each range inside the buffer and as long as
/// dtype × shape demands, the ranges contiguous from byte 0 with no holes or overlaps, and nothing after the
/// last one. Arithmetic is overflow-checked, so a hostile shape cannot wrap around.
/// </summary>
internal static class SafeTensorsLayout
{
    public static void Validate(List<SafeTensorsEntry> entries, long bufferLength)
    {
        foreach (var e in entries)
        {
            if (e.End > bufferLength)
            {
                throw new SafeTensorsFormatException($"tensor '{e.Name}' has data_offsets [{e.Begin}, {e.End}] past the end of the {bufferLength}-byte data buffer");
            }
            long? bytes = ByteSize(e.DType, e.Shape);
            if (bytes != e.ByteLength)
            {
                string need = bytes is null ? "more than 2^63" : bytes.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
                throw new SafeTensorsFormatException(
                    $"tensor '{e.Name}' ({SafeTensorsDType.Name(e.DType)} {ShapeUtil.Format(e.Shape)}) needs {need} bytes but data_offsets [{e.Begin}, {e.End}] give {e.ByteLength}");
            }
            if (bytes / e.DType.ByteSize() > int.MaxValue)
            {
                throw new SafeTensorsFormatException($"tensor '{e.Name}' has more than 2^31 − 1 elements");
            }
        }
        var ordered = entries.OrderBy(e => e.Begin).ThenBy(e => e.End).ToArray();
        long expected = 0;
        string? previous = null;
        foreach (var e in ordered)
        {
            if (e.Begin > expected)
            {
                throw new SafeTensorsFormatException($"hole in the data buffer: bytes [{expected}, {e.Begin}) before tensor '{e.Name}' belong to no tensor");
            }
            if (e.Begin < expected)
            {
                throw new SafeTensorsFormatException($"tensor '{e.Name}' (from byte {e.Begin}) overlaps tensor '{previous}' (up to byte {expected})");
            }
            expected = e.End;
            previous = e.Name;
        }
        if (expected != bufferLength)
        {
            throw new SafeTensorsFormatException($"{bufferLength - expected} bytes after the last tensor (data ends at byte {expected} of {bufferLength})");
        }
    }

    /// <summary>dtype size × number of elements, or null when that exceeds <see cref="long.MaxValue"/>.</summary>
    public static long? ByteSize(DType dtype, int[] shape)
    {
        if (shape.Contains(0)) { return 0; }
        long n = dtype.ByteSize();
        foreach (int d in shape)
        {
            if (n > long.MaxValue / d) { return null; }
            n *= d;
        }
        return n;
    }
}
