namespace MetaRL.Tests;

/// <summary>Files of the repository the tests run from (samples, sources), found by walking up to <c>MetaRL.slnx</c>.</summary>
internal static class RepoPaths
{
    /// <summary>The repository root.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>A path below the root, given as its segments.</summary>
    public static string Of(params string[] segments) => Path.Combine([Root, .. segments]);

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "MetaRL.slnx"))) { dir = dir.Parent; }
        return dir?.FullName ?? throw new InvalidOperationException("repository root (MetaRL.slnx) not found above " + AppContext.BaseDirectory);
    }
}
