namespace MetaRL.Learning.OffPolicy;

/// <summary>An append-only column that doubles its array as it grows; <see cref="ToArray"/> trims it once at the end.
/// It may instead fill a window of an array shared with other columns (<see cref="GrowableColumn{T}(T[], int, int)"/>):
/// then it writes in place, and should it outgrow the window it moves to an array of its own and says so (<see cref="Detached"/>).</summary>
internal struct GrowableColumn<T>
{
    private T[] _items;
    private int _start, _end;

    public GrowableColumn(int capacity)
    {
        _items = new T[Math.Max(capacity, 16)];
        _end = _items.Length;
    }

    /// <summary>A column that fills <paramref name="items"/> from <paramref name="start"/>, at most <paramref name="capacity"/> items.</summary>
    public GrowableColumn(T[] items, int start, int capacity)
    {
        ArgumentNullException.ThrowIfNull(items);
        if (start < 0 || capacity < 0 || start > items.Length - capacity) { throw new ArgumentOutOfRangeException(nameof(capacity)); }
        (_items, _start, _end) = (items, start, start + capacity);
    }

    public int Count { get; private set; }

    /// <summary>True when the column outgrew the window it was given and holds its items in an array of its own.</summary>
    public bool Detached { get; private set; }

    public void Add(T item)
    {
        if (_start + Count == _end) { Grow(); }
        _items[_start + Count++] = item;
    }

    private void Grow()
    {
        var bigger = new T[checked(Math.Max(16, Count * 2))];
        _items.AsSpan(_start, Count).CopyTo(bigger);
        Detached |= _start != 0 || _end != _items.Length;
        (_items, _start, _end) = (bigger, 0, bigger.Length);
    }

    /// <summary>Drops the items from <paramref name="count"/> on.</summary>
    public void Truncate(int count) => Count = count;

    /// <summary>The items from <paramref name="start"/> on, <paramref name="count"/> of them.</summary>
    public readonly Span<T> Span(int start, int count) => _items.AsSpan(_start + start, count);

    public readonly T[] ToArray() => _start == 0 && Count == _items.Length ? _items : _items.AsSpan(_start, Count).ToArray();
}
