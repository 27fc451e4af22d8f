using System.Text;
using System.Text.Json;

namespace MetaRL.Serialization;

/// <summary>
/// Writes a file through a temporary sibling that is flushed to disk and renamed over the target, so a reader
/// (or a crash) never sees it half-written. Every file the library writes goes through here.
/// </summary>
public static class AtomicFile
{
    /// <summary>Writes whatever <paramref name="write"/> puts on the stream; the folder is created when missing.</summary>
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        string full = Path.GetFullPath(path);
        string folder = Path.GetDirectoryName(full) ?? throw new ArgumentException($"'{path}' has no folder", nameof(path));
        Directory.CreateDirectory(folder);
        string temp = Path.Combine(folder, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    /// <summary>Writes <paramref name="text"/> as UTF-8 without a byte-order mark.</summary>
    public static void WriteText(string path, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var bytes = new UTF8Encoding(false).GetBytes(text);
        Write(path, stream => stream.Write(bytes));
    }

    /// <summary>Writes the indented JSON value that <paramref name="body"/> writes, with a final newline.</summary>
    public static void WriteJson(string path, Action<Utf8JsonWriter> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        Write(path, stream =>
        {
            using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true })) { body(writer); }
            stream.WriteByte((byte)'\n');
        });
    }
}
