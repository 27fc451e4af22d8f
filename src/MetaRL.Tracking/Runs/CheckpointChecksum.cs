using System.Buffers.Binary;
using System.IO.Hashing;

namespace MetaRL.Tracking;

/// <summary>
/// The checksum each checkpoint file carries in its safetensors metadata under <see cref="Key"/>: XXH3-64 of what the
/// file holds (every other metadata entry, then each tensor's name, dtype, shape and bytes, in name order), written as
/// <c>xxh3-64:</c> and 16 hex digits. It covers the parsed content rather than the raw bytes, so it can live inside the
/// header it protects: a reader recomputes it from what it loaded, and damage anywhere in the file that still parses
/// (a flipped bit in tensor data, in a name, a shape or a metadata value) shows as a mismatch.
/// </summary>
internal static class CheckpointChecksum
{
    /// <summary>The metadata key; reserved in checkpoint files.</summary>
    public const string Key = "checksum";

    private const string Prefix = "xxh3-64:";

    /// <summary>The checksum of <paramref name="tensors"/> and <paramref name="metadata"/> (its own key left out).</summary>
    public static string Compute(IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        var hash = new XxHash3();
        foreach (var (key, value) in (metadata ?? new Dictionary<string, string>()).Where(kv => kv.Key != Key).OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            AppendText(hash, key);
            AppendText(hash, value);
        }
        Span<byte> number = stackalloc byte[8];
        foreach (var (name, t) in tensors.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            AppendText(hash, name);
            AppendText(hash, SafeTensorsDType.Name(t.DType));
            AppendLong(hash, t.Rank, number);
            foreach (int d in t.Shape) { AppendLong(hash, d, number); }
            AppendLong(hash, t.Bytes.Length, number);
            hash.Append(t.Bytes);
        }
        return Prefix + hash.GetCurrentHashAsUInt64().ToString("x16", CultureInfo.InvariantCulture);
    }

    /// <summary>Null when the file's recorded checksum matches its content or it records none (files written before
    /// checkpoints carried one); otherwise why not, in one line.</summary>
    public static string? Problem(IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string> metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        if (!metadata.TryGetValue(Key, out string? recorded)) { return null; }
        if (!recorded.StartsWith(Prefix, StringComparison.Ordinal)) { return $"unknown checksum '{recorded}' (expected {Prefix}…)"; }
        string actual = Compute(tensors, metadata);
        return string.Equals(recorded, actual, StringComparison.OrdinalIgnoreCase) ? null
            : $"checksum mismatch: the file records {recorded} but its content hashes to {actual}";
    }

    // Length-prefixed, so that no two different sequences of strings hash the same bytes.
    private static void AppendText(XxHash3 hash, string text)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        Span<byte> length = stackalloc byte[8];
        AppendLong(hash, bytes.Length, length);
        hash.Append(bytes);
    }

    private static void AppendLong(XxHash3 hash, long value, Span<byte> scratch)
    {
        BinaryPrimitives.WriteInt64LittleEndian(scratch, value);
        hash.Append(scratch[..8]);
    }
}
