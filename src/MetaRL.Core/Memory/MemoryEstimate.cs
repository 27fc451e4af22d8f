using System.Globalization;

namespace MetaRL.Memory;

/// <summary>One part of a <see cref="MemoryEstimate"/>: the key (config key or command option) that sizes it, what it is,
/// its bytes, and for a network the parameters counted (once, before copies; 0 for a buffer).</summary>
public sealed record MemoryItem(string Key, string What, double Bytes, double Parameters = 0);

/// <summary>
/// What a run's settings make it hold in memory at the least, item by item, each under the key that sizes it: parameters
/// with their gradients and optimiser state, rollout and replay buffers, per-task copies, results per held-out task.
/// Counted in doubles, so absurd sizes (10⁹ hidden units) neither overflow nor allocate. A lower bound by design (graphs,
/// activations and environment copies come on top), so that <see cref="MemoryLimit"/> never refuses settings that would
/// fit; it is there to refuse the ones that cannot.
/// </summary>
public sealed class MemoryEstimate
{
    /// <summary>Bytes of one float32 number, the element type of every parameter and buffer.</summary>
    public const double Float = 4;

    /// <summary>Bytes of a task at the least: the smallest object on a 64-bit runtime (24) and a reference to it (8).</summary>
    public const double TaskBytes = 32;

    private readonly List<MemoryItem> _items = [];

    /// <summary>The items, in the order added.</summary>
    public IReadOnlyList<MemoryItem> Items => _items;

    /// <summary>Bytes of every item together.</summary>
    public double Bytes => _items.Sum(i => i.Bytes);

    /// <summary>Adds <paramref name="bytes"/> under <paramref name="key"/>; returns this estimate.</summary>
    public MemoryEstimate Add(string key, string what, double bytes)
    {
        _items.Add(new MemoryItem(key, what, Math.Max(0, bytes)));
        return this;
    }

    /// <summary>The parameters counted in every network item, each once.</summary>
    public double ParameterCount => _items.Sum(i => i.Parameters);

    /// <summary>Adds the float32 parameters of a network held <paramref name="copies"/> times (weights, gradients, optimiser
    /// moments, adapted copies, as <paramref name="held"/> says).</summary>
    public MemoryEstimate Parameters(string key, double parameters, double copies, string held)
    {
        _items.Add(new MemoryItem(key, string.Create(CultureInfo.InvariantCulture, $"{Count(parameters)} parameters held {copies:0.##} times ({held})"),
            Math.Max(0, parameters * copies * Float), Math.Max(0, parameters)));
        return this;
    }

    /// <summary>Adds every item of <paramref name="each"/> held <paramref name="copies"/> times (environments of a batch, tasks
    /// of a set), under the key "<paramref name="copiesKey"/> × the item's key", so a refusal names both settings.</summary>
    public MemoryEstimate Include(MemoryEstimate each, double copies, string copiesKey, string copiesWhat)
    {
        ArgumentNullException.ThrowIfNull(each);
        foreach (var item in each.Items)
        {
            _items.Add(new MemoryItem($"{copiesKey} × {item.Key}", $"{Count(copies)} {copiesWhat} × {item.What}", Math.Max(0, item.Bytes * copies), item.Parameters));
        }
        return this;
    }

    /// <summary>Adds <paramref name="rows"/> × <paramref name="floatsPerRow"/> float32 numbers of a buffer.</summary>
    public MemoryEstimate Buffer(string key, string what, double rows, double floatsPerRow) =>
        Add(key, $"{what}: {Count(rows)} × {Count(floatsPerRow)} numbers", rows * floatsPerRow * Float);

    /// <summary>Weights and biases of an MLP from <paramref name="inputs"/> through the <paramref name="hidden"/> widths to
    /// <paramref name="outputs"/>.</summary>
    public static double Mlp(double inputs, IEnumerable<int> hidden, double outputs)
    {
        ArgumentNullException.ThrowIfNull(hidden);
        double total = 0, from = inputs;
        foreach (int width in hidden)
        {
            total += (from + 1) * width;
            from = width;
        }
        return total + (from + 1) * outputs;
    }

    /// <summary>Weights and biases of a GRU layer (three gates, input and recurrent weights, two biases each).</summary>
    public static double Gru(double inputs, double hidden) => 3 * (inputs * hidden + hidden * hidden + 2 * hidden);

    /// <summary>Weights and biases of an LSTM layer (four gates).</summary>
    public static double Lstm(double inputs, double hidden) => 4 * (inputs * hidden + hidden * hidden + 2 * hidden);

    /// <summary>A count as people read it: 1,234 or 6.0e9.</summary>
    public static string Count(double n) =>
        n < 1e7 ? n.ToString("N0", CultureInfo.InvariantCulture) : n.ToString("0.0e0", CultureInfo.InvariantCulture);

    /// <summary>Bytes as GB (10⁹ bytes) with one decimal (in powers of ten from 100,000 GB), or MB below a tenth of a GB.</summary>
    public static string Size(double bytes) => bytes switch
    {
        >= 1e14 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1e9:0.0e0} GB"),
        >= 1e8 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1e9:0.0} GB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1e6:0.0} MB"),
    };
}
