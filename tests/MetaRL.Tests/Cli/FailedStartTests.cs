using System.Security.Cryptography;
using MetaRL.Tests.Cli.UserErrors;

namespace MetaRL.Tests.Cli;

/// <summary>
/// A writer changes a run folder only once everything that can fail has been prepared in memory (settings, learner,
/// checkpoint restored, warm start loaded): <c>RunDirectory.OpenForWriting</c> takes the lock and nothing else, so a
/// resume or an overwrite that fails leaves every file as it was (config.yaml, metrics, events, checkpoints, summary),
/// and a new run that fails leaves no folder.
/// </summary>
public sealed class FailedStartTests : IClassFixture<TinyMetaRun>, IDisposable
{
    private readonly TinyMetaRun _meta;
    private readonly string _root = Directory.CreateTempSubdirectory("metarl-failed-start-").FullName;

    public FailedStartTests(TinyMetaRun meta) => _meta = meta;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>Every file and folder under <paramref name="dir"/> with a hash of its bytes.</summary>
    private static SortedDictionary<string, string> Snapshot(string dir) => new(
        Directory.EnumerateFileSystemEntries(dir, "*", SearchOption.AllDirectories).ToDictionary(
            p => Path.GetRelativePath(dir, p),
            p => File.Exists(p) ? Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(p))) : "dir"), StringComparer.Ordinal);

    private static void FailsLeavingTheFolderAsItWas(string dir, string[] args, string mention)
    {
        var before = Snapshot(dir);
        CliCall.Run(args).IsUserError(mention);
        Assert.Equal(before, Snapshot(dir));
    }

    [Fact]
    public void A_failed_meta_train_resume_or_overwrite_changes_nothing_and_a_failed_new_run_leaves_no_folder()
    {
        string run = _meta.CopyTo(_root, "meta");
        string missing = Path.Combine(_root, "nowhere");
        // The checkpoint does not fit the changed model.
        FailsLeavingTheFolderAsItWas(run, ["meta-train", "--resume", "--out", run, "--set", "hidden=[16]"], "does not fit");
        // An overwrite whose warm start cannot load keeps the run it would have replaced.
        FailsLeavingTheFolderAsItWas(run, ["meta-train", .. TinyMetaRun.Args, "--overwrite", "--out", run, "--set", $"init_from={missing}"], "init_from");
        // Without a checkpoint a resume starts over, but only once its warm start has loaded.
        Directory.Delete(Path.Combine(run, "checkpoints"), recursive: true);
        FailsLeavingTheFolderAsItWas(run, ["meta-train", "--resume", "--out", run, "--set", $"init_from={missing}"], "init_from");
        Assert.True(File.Exists(Path.Combine(run, "config.yaml")));

        string fresh = Path.Combine(_root, "fresh");
        CliCall.Run(["meta-train", .. TinyMetaRun.Args, "--out", fresh, "--set", $"init_from={missing}"]).IsUserError("init_from");
        Assert.False(Directory.Exists(fresh));
    }

    [Fact]
    public void A_failed_train_resume_changes_nothing()
    {
        string run = Path.Combine(_root, "ppo");
        Assert.Equal(0, CliCall.Run("train", "--set", "total_steps=256", "--set", "num_steps=64", "--set", "checkpoint_every=128", "--out", run, "--quiet").Code);
        foreach (var model in Directory.EnumerateFiles(Path.Combine(run, "checkpoints"), "model.safetensors", SearchOption.AllDirectories))
        {
            var bytes = File.ReadAllBytes(model);
            File.WriteAllBytes(model, bytes[..(bytes.Length / 2)]); // every checkpoint truncated: none verifies
        }
        FailsLeavingTheFolderAsItWas(run, ["train", "--resume", "--out", run], "checkpoint");
    }

    [Fact]
    public void A_failed_pretrain_resume_changes_nothing()
    {
        string run = Path.Combine(_root, "dpt");
        string[] tiny = ["--set", "env=Bandit-v0", "--set", "arms=3", "--set", "pulls=8", "--set", "context=8", "--set", "n_layer=1", "--set", "n_head=1",
            "--set", "d_model=8", "--set", "d_ff=16", "--set", "data_tasks=40", "--set", "val_tasks=8", "--set", "batch_size=8", "--set", "warmup_steps=1",
            "--set", "iterations=3", "--set", "checkpoint_every=2"];
        Assert.Equal(0, CliCall.Run(["pretrain", "--out", run, "--quiet", .. tiny]).Code);
        FailsLeavingTheFolderAsItWas(run, ["pretrain", "--resume", "--out", run, "--set", "d_model=16", "--set", "iterations=4"], "does not fit");
    }
}
