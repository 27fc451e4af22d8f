using MetaRL.Learning.Decision;

namespace MetaRL.Tests.Learning.Decision;

/// <summary>A scratch folder for one test's datasets, deleted afterwards.</summary>
internal sealed class DatasetFolder : IDisposable
{
    public string Root { get; } = Path.Combine(Path.GetTempPath(), "metarl-data-" + Guid.NewGuid().ToString("N"));

    public DatasetFolder() => Directory.CreateDirectory(Root);

    public string Path_(string name) => Path.Combine(Root, name);

    /// <summary>Generates a dataset into <paramref name="name"/> and returns its folder.</summary>
    public string Generate(string name, string family, string source, int tasks, long seed = 0, params string[] set)
    {
        var settings = set.Select(s => s.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        PretrainData.Generate(DecisionDataRequest.Resolve(family, settings, source, tasks, seed), Path_(name));
        return Path_(name);
    }

    public void Dispose()
    {
        if (Directory.Exists(Root)) { Directory.Delete(Root, recursive: true); }
    }
}
