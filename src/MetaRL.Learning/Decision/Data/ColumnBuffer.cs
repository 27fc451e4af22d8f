using System.Runtime.InteropServices;
using Apache.Arrow;

namespace MetaRL.Learning.Decision;

/// <summary>A column buffer of any element type, as far as emptying it goes.</summary>
internal interface IColumnBuffer
{
    void Clear();
}

/// <summary>A growable array of one column's values, turned into an Arrow buffer when a file is written.</summary>
internal sealed class ColumnBuffer<T> : IColumnBuffer where T : unmanaged
{
    private T[] _items = new T[256];

    public int Count { get; private set; }

    public void Add(T value)
    {
        if (Count == _items.Length) { Grow(1); }
        _items[Count++] = value;
    }

    public void AddRange(ReadOnlySpan<T> values)
    {
        if (Count + values.Length > _items.Length) { Grow(values.Length); }
        values.CopyTo(_items.AsSpan(Count));
        Count += values.Length;
    }

    public ReadOnlySpan<T> Span => _items.AsSpan(0, Count);

    public void Clear() => Count = 0;

    /// <summary>The values as a little-endian Arrow buffer (a copy).</summary>
    public ArrowBuffer ToArrow() => new(MemoryMarshal.AsBytes(Span).ToArray());

    private void Grow(int more) => System.Array.Resize(ref _items, Math.Max(_items.Length * 2, Count + more));
}

/// <summary>Arrow's bit-packed booleans (least significant bit first).</summary>
internal static class BitPacking
{
    public static ArrowBuffer Pack(ReadOnlySpan<bool> values)
    {
        var bytes = new byte[(values.Length + 7) / 8];
        for (int i = 0; i < values.Length; i++) { if (values[i]) { bytes[i >> 3] |= (byte)(1 << (i & 7)); } }
        return new ArrowBuffer(bytes);
    }
}
