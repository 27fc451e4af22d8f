using System.Buffers;
using System.Buffers.Binary;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace MetaRL.Serialization;

/// <summary>
/// Reads and writes the Hugging Face safetensors format: an 8-byte little-endian header length N, N bytes of
/// UTF-8 JSON mapping each tensor name to <c>{"dtype", "shape", "data_offsets": [begin, end]}</c> (offsets
/// relative to the data buffer after the header) plus an optional <c>"__metadata__"</c> string map, then the
/// tensors' bytes, little-endian and contiguous. Supported dtypes: F32, F64, I32, I64, I8.
/// </summary>
public static class SafeTensors
{
    /// <summary>The largest header accepted, as in the reference implementation. <value>The value is 100,000,000 bytes.</value></summary>
    public const long MaxHeaderBytes = 100_000_000;

    /// <summary>
    /// Writes <paramref name="tensors"/> to <paramref name="path"/> through a temporary file in the same folder
    /// that is then renamed over the target, so a reader never sees a half-written file. The output is
    /// deterministic: names in ordinal order, data in that order, the header padded with spaces to a
    /// multiple of 8 bytes.
    /// </summary>
    public static void Save(string path, IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        var header = BuildHeader(tensors, metadata, out var ordered);
        AtomicFile.Write(path, stream => WriteBody(stream, header, ordered));
    }

    /// <summary>Writes the same bytes as <see cref="Save(string, IReadOnlyDictionary{string, Tensor}, IReadOnlyDictionary{string, string}?)"/> to a stream.</summary>
    public static void Save(Stream stream, IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var header = BuildHeader(tensors, metadata, out var ordered);
        WriteBody(stream, header, ordered);
    }

    /// <summary>Reads every tensor and the metadata of a safetensors file.</summary>
    /// <exception cref="SafeTensorsFormatException">The file breaks the format; the message says how.</exception>
    public static SafeTensorsContent Load(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        return Load(stream);
    }

    /// <summary>Reads every tensor and the metadata from a seekable stream positioned at the file's start.</summary>
    public static SafeTensorsContent Load(Stream stream)
    {
        var header = ReadHeader(stream);
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        // Validated entries tile the buffer in order, so the data is read front to back without seeking.
        foreach (var e in header.Tensors)
        {
            var t = Tensor.Empty(e.Shape, e.DType);
            try
            {
                stream.ReadExactly(t.WritableBytes);
            }
            catch (EndOfStreamException)
            {
                throw new SafeTensorsFormatException($"file ended while reading tensor '{e.Name}'");
            }
            tensors.Add(e.Name, t);
        }
        return new SafeTensorsContent(tensors, new Dictionary<string, string>(header.Metadata, StringComparer.Ordinal)) { Header = header };
    }

    /// <summary>Reads and validates only the header (the stream is left at the start of the data buffer).</summary>
    public static SafeTensorsHeader ReadHeader(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanSeek) { throw new ArgumentException("safetensors loading needs a seekable stream", nameof(stream)); }
        if (!BitConverter.IsLittleEndian) { throw new PlatformNotSupportedException("safetensors data is little-endian"); }
        long fileLength = stream.Length - stream.Position;
        if (fileLength < 8) { throw new SafeTensorsFormatException($"file is {fileLength} bytes long, shorter than the 8-byte header length"); }
        Span<byte> prefix = stackalloc byte[8];
        stream.ReadExactly(prefix);
        ulong n = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        if (n > MaxHeaderBytes) { throw new SafeTensorsFormatException($"header length {n} exceeds the {MaxHeaderBytes}-byte limit"); }
        if ((long)n > fileLength - 8) { throw new SafeTensorsFormatException($"header length {n} runs past the end of the file ({fileLength - 8} bytes follow the length)"); }
        var json = new byte[n];
        stream.ReadExactly(json);
        return SafeTensorsHeaderParser.Parse(json, fileLength - 8 - (long)n);
    }

    private static byte[] BuildHeader(IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata, out (string Name, Tensor Value)[] ordered)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        ordered = tensors.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => (kv.Key, kv.Value)).ToArray();
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                json.WriteStartObject(SafeTensorsHeaderParser.MetadataKey);
                foreach (var (key, value) in metadata.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                {
                    ArgumentNullException.ThrowIfNull(value, $"metadata['{key}']");
                    json.WriteString(key, value);
                }
                json.WriteEndObject();
            }
            long offset = 0;
            foreach (var (name, t) in ordered)
            {
                ArgumentNullException.ThrowIfNull(t, $"tensors['{name}']");
                if (name == SafeTensorsHeaderParser.MetadataKey) { throw new ArgumentException($"'{name}' is reserved and cannot name a tensor", nameof(tensors)); }
                json.WriteStartObject(name);
                json.WriteString("dtype", SafeTensorsDType.Name(t.DType));
                json.WriteStartArray("shape");
                foreach (int d in t.Shape) { json.WriteNumberValue(d); }
                json.WriteEndArray();
                long end = offset + t.Bytes.Length;
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                json.WriteNumberValue(end);
                json.WriteEndArray();
                json.WriteEndObject();
                offset = end;
            }
            json.WriteEndObject();
        }
        int padding = (8 - buffer.WrittenCount % 8) % 8;
        buffer.GetSpan(padding)[..padding].Fill((byte)' ');
        buffer.Advance(padding);
        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteBody(Stream stream, byte[] header, (string Name, Tensor Value)[] ordered)
    {
        Span<byte> prefix = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(prefix, (ulong)header.Length);
        stream.Write(prefix);
        stream.Write(header);
        foreach (var (_, t) in ordered) { stream.Write(t.Bytes); }
    }
}
