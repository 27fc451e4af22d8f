namespace MetaRL.Learning;

/// <summary>
/// Reads a file the user named as a config (or study) file, strictly: an empty path, a folder, a device, a missing,
/// unreadable or oversized file, and a file without any key are each a <see cref="ConfigException"/> saying which.
/// </summary>
public static class ConfigFile
{
    /// <summary>The largest file taken as a config: far above any real one, and a stop for a device or a wrong file.</summary>
    public const long MaxBytes = 1 << 20;

    /// <summary>The text of the file at <paramref name="path"/>, called <paramref name="what"/> in messages (<c>config file</c>).</summary>
    public static string Text(string path, string what)
    {
        string full = Tracking.PathGuard.Full(path, what);
        string shown = Tracking.PathGuard.Show(full);
        if (Directory.Exists(full)) { throw new ConfigException($"{what} '{shown}' is a directory, not a file"); }
        if (!File.Exists(full)) { throw new ConfigException($"{what} '{shown}' does not exist"); }
        if (Tracking.PathGuard.IsDevice(full)) { throw new ConfigException($"{what} '{shown}' is a device, not a file"); }
        try
        {
            if (new FileInfo(full).Length > MaxBytes) { throw new ConfigException($"{what} '{shown}' is larger than {MaxBytes / 1024} KB: not a config file"); }
            return File.ReadAllText(full);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException($"{what} '{shown}' cannot be read: {Tracking.PathGuard.Reason(ex)}", ex);
        }
    }

    /// <summary>The keys of the flat YAML config at <paramref name="path"/> (<see cref="YamlConfigReader"/>); a file without
    /// any key (empty, or only comments) is refused rather than read as "all defaults".</summary>
    public static List<(string Key, string Value)> Pairs(string path, string what)
    {
        string text = Text(path, what);
        var pairs = YamlConfigReader.Read(text, Path.GetFileName(Path.GetFullPath(path)));
        if (pairs.Count == 0)
        {
            throw new ConfigException($"{what} '{Tracking.PathGuard.Show(Path.GetFullPath(path))}' is empty (no keys): give it keys such as 'algo: ppo', or leave it out to train with the defaults");
        }
        return pairs;
    }
}
