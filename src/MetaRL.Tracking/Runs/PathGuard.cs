namespace MetaRL.Tracking;

/// <summary>
/// The one check of a path a user gave, made where the path is first taken and before anything is computed or written:
/// not empty, a valid path, and, for an output, of the right kind (a folder where a folder is wanted, a regular file where
/// a file is: never a device such as <c>/dev/null</c> or <c>/dev/full</c>, which an atomic write would replace) in a place
/// this process can write (checked by creating and removing a probe file in the nearest existing folder, so no folder is
/// made by the check). Every problem is an <see cref="UnusablePathException"/> whose one-line message names the path, its
/// role and the problem.
/// </summary>
public static class PathGuard
{
    // Trees of devices and kernel files on Unix: an existing path there is not a regular file (tmpfs /dev/shm excepted).
    private static readonly string[] SystemTrees = ["/dev/", "/proc/", "/sys/"];

    /// <summary>The full path of <paramref name="path"/>; empty or malformed paths are refused.</summary>
    /// <param name="path">The path as given.</param>
    /// <param name="role">What the path is for, as the message should name it (<c>--out</c>, <c>the run folder</c>).</param>
    public static string Full(string? path, string role)
    {
        if (string.IsNullOrWhiteSpace(path)) { throw new UnusablePathException(path ?? "", $"{role}: the path is empty"); }
        try
        {
            return Path.GetFullPath(path);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new UnusablePathException(path, $"{role} '{Show(path)}' is not a valid path: {ex.Message}", ex);
        }
    }

    /// <summary>Checks a folder a command will write into (it may not exist yet: then the nearest existing folder above it
    /// must be writable); returns its full path.</summary>
    public static string WritableFolder(string? path, string role)
    {
        string full = Full(path, role);
        if (File.Exists(full))
        {
            throw new UnusablePathException(full, $"{role} '{Show(full)}' is {(IsDevice(full) ? "a device" : "an existing file")}, not a folder");
        }
        Probe(ExistingFolder(full, role), full, full, role);
        return full;
    }

    /// <summary>Checks a file a command will write (replace atomically): not a folder, not a device, in a folder that
    /// exists or can be made and that can be written; returns its full path.</summary>
    public static string WritableFile(string? path, string role)
    {
        string full = Full(path, role);
        if (Directory.Exists(full)) { throw new UnusablePathException(full, $"{role} '{Show(full)}' is a folder, not a file"); }
        if (File.Exists(full) && IsDevice(full)) { throw new UnusablePathException(full, $"{role} '{Show(full)}' is a device, not a regular file"); }
        string folder = Path.GetDirectoryName(full) ?? throw new UnusablePathException(full, $"{role} '{Show(full)}' names no file");
        Probe(ExistingFolder(folder, role), folder, full, role);
        return full;
    }

    /// <summary>Checks a file a command will read: a valid path to an existing regular file (not a folder, not a device
    /// such as <c>/dev/zero</c>, which never ends); returns its full path.</summary>
    public static string ReadableFile(string? path, string role)
    {
        string full = Full(path, role);
        if (Directory.Exists(full)) { throw new UnusablePathException(full, $"{role} '{Show(full)}' is a folder, not a file"); }
        if (!File.Exists(full)) { throw new UnusablePathException(full, $"{role} '{Show(full)}': no such file"); }
        if (IsDevice(full)) { throw new UnusablePathException(full, $"{role} '{Show(full)}' is a device, not a file"); }
        return full;
    }

    /// <summary>The file-system error's own reason in a few words (the OS's text, without the path the caller names).</summary>
    public static string Reason(Exception ex)
    {
        ArgumentNullException.ThrowIfNull(ex);
        if (ex is UnauthorizedAccessException)
        {
            string? detail = ex.InnerException?.Message;
            return detail is null || detail.Equals("Permission denied", StringComparison.OrdinalIgnoreCase)
                ? "permission denied (a read-only folder, or one this user may not write)"
                : $"permission denied ({detail})";
        }
        string text = ex.Message;
        int cut = text.IndexOf(" : '", StringComparison.Ordinal); // .NET on Unix: "<strerror> : '<path>'"
        return Show(cut > 0 ? text[..cut] : text.TrimEnd('.'));
    }

    /// <summary>The path with control characters escaped, so a message stays one line.</summary>
    public static string Show(string path) =>
        string.Concat((path ?? "").Select(c => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString()));

    /// <summary>True for an existing path that is a device or kernel file rather than a regular file.</summary>
    public static bool IsDevice(string full)
    {
        if (OperatingSystem.IsWindows() || !File.Exists(full)) { return false; }
        string resolved = full;
        try { resolved = File.ResolveLinkTarget(full, returnFinalTarget: true)?.FullName ?? full; }
        catch (IOException) { } // a broken or looping link: judge the path itself
        return SystemTrees.Any(t => resolved.StartsWith(t, StringComparison.Ordinal)) && !resolved.StartsWith("/dev/shm/", StringComparison.Ordinal);
    }

    // The nearest folder at or above `full` that exists; a file on the way means no folder can be made there.
    private static string ExistingFolder(string full, string role)
    {
        string? dir = full;
        while (dir is not null && !Directory.Exists(dir))
        {
            if (File.Exists(dir)) { throw new UnusablePathException(full, $"{role} '{Show(full)}' cannot be made: '{Show(dir)}' is a file, not a folder"); }
            dir = Path.GetDirectoryName(dir);
        }
        return dir ?? throw new UnusablePathException(full, $"{role} '{Show(full)}' has no existing folder above it");
    }

    // Creates and removes a file in `existing`, the nearest existing folder of `folder` (where `target` will be written).
    private static void Probe(string existing, string folder, string target, string role)
    {
        string probe = Path.Combine(existing, $".metarl-write-check-{Guid.NewGuid():N}");
        try
        {
            using var stream = new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            string what = existing == target ? $"{role} '{Show(target)}' cannot be written"
                : existing == folder ? $"{role} '{Show(target)}' cannot be written in '{Show(existing)}'"
                : $"{role} '{Show(target)}' cannot be made in '{Show(existing)}'";
            throw new UnusablePathException(target, $"{what}: {Reason(ex)}", ex);
        }
    }
}
