namespace MetaRL.Tests.Cli.UserErrors;

/// <summary>
/// An existing folder in which this process cannot create a file, found without chattr: a temporary folder made
/// read-only (chmod 555) where that is enough; as root, whom permissions do not stop, a kernel folder that refuses new
/// entries to everyone (<c>/sys/kernel</c>, <c>/proc/self</c>). Each candidate is tried before it is returned, so a
/// test that uses one asserts against a folder that really refuses writes; null when none does on this machine.
/// </summary>
internal static class UnwritableFolder
{
    public static string? Find(string scratch)
    {
        string readOnly = Path.Combine(scratch, "read-only");
        Directory.CreateDirectory(readOnly);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(readOnly, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }
        return new[] { readOnly, "/sys/kernel", "/proc/self" }.FirstOrDefault(Refuses);
    }

    /// <summary>Gives the temporary folder its write permission back so it can be deleted.</summary>
    public static void Restore(string scratch)
    {
        string readOnly = Path.Combine(scratch, "read-only");
        if (Directory.Exists(readOnly) && !OperatingSystem.IsWindows()) { File.SetUnixFileMode(readOnly, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute); }
    }

    private static bool Refuses(string folder)
    {
        if (!Directory.Exists(folder)) { return false; }
        string probe = Path.Combine(folder, $"metarl-test-probe-{Guid.NewGuid():N}");
        try
        {
            File.WriteAllText(probe, "x");
            File.Delete(probe);
            return false;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return true;
        }
    }
}
