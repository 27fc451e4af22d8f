namespace MetaRL.Learning.OffPolicy;

/// <summary>An append-only column that doubles its array as it grows; <see cref="ToArray"/> trims it once at the end.</summary>
internal struct GrowableColumn<T>
{
    private T[] _items;

    public GrowableColumn(int capacity) => _items = new T[Math.Max(capacity, 16)];

    public int Count { get; private set; }

    public void Add(T item)
    {
        if (Count == _items.Length) { Array.Resize(ref _items, checked(_items.Length * 2)); }
        _items[Count++] = item;
    }

    /// <summary>The items from <paramref name="start"/> on, <paramref name="count"/> of them.</summary>
    public readonly Span<T> Span(int start, int count) => _items.AsSpan(start, count);

    public readonly T[] ToArray() => Count == _items.Length ? _items : _items.AsSpan(0, Count).ToArray();
}
