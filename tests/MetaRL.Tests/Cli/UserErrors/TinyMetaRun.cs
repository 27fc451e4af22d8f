namespace MetaRL.Tests.Cli.UserErrors;

/// <summary>A tiny MAML run (one iteration, 8 hidden units) made once for a test class, in its own temporary folder.</summary>
public sealed class TinyMetaRun : IDisposable
{
    public TinyMetaRun()
    {
        Root = Directory.CreateTempSubdirectory("metarl-tiny-meta-").FullName;
        Dir = Path.Combine(Root, "maml");
        var made = CliCall.Run(["meta-train", .. Args, "--out", Dir]);
        Assert.True(made.Code == 0, made.ToString());
    }

    /// <summary>The meta-train arguments of the run (without --out).</summary>
    public static readonly string[] Args =
        ["--algo", "maml", "--env", "PointNav2D-v0", "--set", "iterations=1", "--set", "meta_batch_size=2", "--set", "episodes_per_task=2", "--set", "hidden=[8]", "--set", "pretrain_iterations=0", "--set", "max_steps=8"];

    public string Root { get; }

    /// <summary>The run folder.</summary>
    public string Dir { get; }

    /// <summary>A copy of the run in a fresh folder under <paramref name="parent"/>, for a test that changes it.</summary>
    public string CopyTo(string parent, string name)
    {
        string target = Path.Combine(parent, name);
        foreach (var file in Directory.EnumerateFiles(Dir, "*", SearchOption.AllDirectories))
        {
            string to = Path.Combine(target, Path.GetRelativePath(Dir, file));
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(file, to);
        }
        return target;
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
