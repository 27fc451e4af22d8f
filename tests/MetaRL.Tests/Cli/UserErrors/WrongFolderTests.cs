namespace MetaRL.Tests.Cli.UserErrors;

/// <summary>
/// A path of the wrong kind is refused naming what it is and what fits (<c>FolderKind</c>, where every "holds no run" and
/// "is not a dataset" error is phrased, and <c>ConfigLayers.OfRun</c> for a run of the other kind): a meta run given to
/// <c>evaluate</c> points to <c>meta-eval</c>, a single-task run given to <c>meta-eval</c> points to <c>evaluate</c>, a
/// dataset where a run is wanted says it is a dataset, a run where a dataset is wanted says it is a run, a folder given
/// as a config or study file says it is a directory, and a folder of runs asks for one of them.
/// </summary>
public sealed class WrongFolderTests : IClassFixture<TinyMetaRun>, IDisposable
{
    private readonly TinyMetaRun _meta;
    private readonly string _root = Directory.CreateTempSubdirectory("metarl-wrong-folder-").FullName;
    private readonly string _single;
    private readonly string _data;

    public WrongFolderTests(TinyMetaRun meta)
    {
        _meta = meta;
        _single = Path.Combine(_root, "runs", "ppo");
        Assert.Equal(0, CliCall.Run("train", "--set", "total_steps=64", "--set", "num_steps=16", "--out", _single, "--quiet").Code);
        _data = Path.Combine(_root, "data");
        Assert.Equal(0, CliCall.Run("pretrain-data", "--env", "Bandit-v0", "--source", "dpt", "--tasks", "20", "--out", _data).Code);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void A_run_of_the_other_kind_points_to_the_command_that_takes_it()
    {
        CliCall.Run("evaluate", "--run", _meta.Dir).IsUserError("is a meta-training run", "metarl meta-eval --run");
        CliCall.Run("train", "--resume", "--out", _meta.Dir).IsUserError("is a meta-training run", "metarl meta-train --resume");
        CliCall.Run("meta-eval", "--run", _single).IsUserError("is a single-task run", "metarl evaluate --run");
        CliCall.Run("adapt", "--run", _single, "--task-seed", "1", "--out", Path.Combine(_root, "adapted")).IsUserError("is a single-task run");
        CliCall.Run("meta-train", "--resume", "--out", _single).IsUserError("is a single-task run", "metarl train --resume");
    }

    [Fact]
    public void A_dataset_where_a_run_is_wanted_says_it_is_a_dataset()
    {
        foreach (var args in new[]
        {
            new[] { "evaluate", "--run", _data },
            ["meta-eval", "--run", _data],
            ["adapt", "--run", _data, "--task-seed", "1", "--out", Path.Combine(_root, "adapted")],
            ["train", "--resume", "--out", _data],
            ["meta-train", "--resume", "--out", _data],
            ["pretrain", "--resume", "--out", _data],
            ["report", _data, "--output", Path.Combine(_root, "r.html")],
        })
        {
            CliCall.Run(args).IsUserError("is a pretraining dataset", "dataset.json");
        }
        Assert.True(File.Exists(Path.Combine(_data, "dataset.json"))); // refused, not touched
        Assert.False(File.Exists(Path.Combine(_data, "config.yaml")));
    }

    [Fact]
    public void A_run_where_a_dataset_is_wanted_says_it_is_a_run()
    {
        CliCall.Run("pretrain-data", "--check", _meta.Dir).IsUserError("is a run", "not a pretraining dataset", "metarl pretrain-data");
        CliCall.Run("pretrain", "--env", "Bandit-v0", "--data", _meta.Dir, "--set", "iterations=200", "--out", Path.Combine(_root, "dpt"))
            .IsUserError("is a run", "not a pretraining dataset");
        Assert.False(Directory.Exists(Path.Combine(_root, "dpt")));
    }

    [Fact]
    public void A_directory_given_as_a_file_says_it_is_a_directory_and_a_folder_of_runs_asks_for_one()
    {
        CliCall.Run("train", _meta.Dir, "--out", Path.Combine(_root, "x")).IsUserError("is a directory");
        CliCall.Run("meta-train", _meta.Dir, "--out", Path.Combine(_root, "x")).IsUserError("is a directory");
        CliCall.Run("pretrain", _meta.Dir, "--out", Path.Combine(_root, "x")).IsUserError("is a directory");
        CliCall.Run("tune", _meta.Dir).IsUserError("study file", "is a directory");
        Assert.False(Directory.Exists(Path.Combine(_root, "x")));
        CliCall.Run("evaluate", "--run", Path.Combine(_root, "runs")).IsUserError("holds no run itself", "ppo");
        CliCall.Run("meta-eval", "--run", Path.Combine(_root, "missing")).IsUserError("does not exist");
    }
}
