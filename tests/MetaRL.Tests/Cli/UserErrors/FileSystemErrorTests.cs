using MetaRL.Cli;
using MetaRL.Learning;
using MetaRL.Tracking;

namespace MetaRL.Tests.Cli.UserErrors;

/// <summary>
/// Every file-system problem a user meets is one line naming the path and the problem, exit code 2: the paths are
/// checked where they are first taken (<see cref="PathGuard"/>: the run layer, report's output, adapt's folder,
/// meta-eval's file), before anything is computed, and whatever file-system failure is left is mapped once in
/// <see cref="CliApp.Translate"/>.
/// </summary>
public sealed class FileSystemErrorTests : IClassFixture<TinyMetaRun>, IDisposable
{
    private readonly TinyMetaRun _meta;
    private readonly string _root = Directory.CreateTempSubdirectory("metarl-fs-errors-").FullName;

    public FileSystemErrorTests(TinyMetaRun meta)
    {
        _meta = meta;
        File.WriteAllText(Path.Combine(_root, "a-file"), "not a folder");
    }

    public void Dispose()
    {
        UnwritableFolder.Restore(_root);
        Directory.Delete(_root, recursive: true);
    }

    private static readonly string[] TinyTrain = ["--set", "total_steps=128", "--set", "num_steps=32", "--set", "num_envs=1"];

    /// <summary>Each writing command with its output path last.</summary>
    private string[] Writer(string command, string output) => command switch
    {
        "train" => ["train", .. TinyTrain, "--out", output],
        "meta-train" => ["meta-train", .. TinyMetaRun.Args, "--out", output],
        "adapt" => ["adapt", "--run", _meta.Dir, "--task-seed", "1", "--out", output],
        "report" => ["report", _meta.Dir, "-o", output],
        "demo" => ["demo", "--ppo", "--steps", "512", "--out", output],
        _ => throw new ArgumentOutOfRangeException(nameof(command)),
    };

    [SkippableTheory]
    [InlineData("train")]
    [InlineData("meta-train")]
    [InlineData("adapt")]
    [InlineData("report")]
    [InlineData("demo")]
    public void A_folder_that_cannot_be_written_is_refused_in_one_line_before_any_work(string command)
    {
        string? unwritable = UnwritableFolder.Find(_root);
        Skip.If(unwritable is null, "no folder on this machine refuses this process's writes");
        string target = Path.Combine(unwritable, command == "report" ? "report.html" : "out");
        var call = CliCall.Run(Writer(command, target)).IsUserError(target, "cannot be");
        Assert.DoesNotContain("step ", call.Out, StringComparison.Ordinal); // refused before training started
    }

    [SkippableTheory]
    [InlineData("train", "file", "is an existing file, not a folder")]
    [InlineData("train", "file/sub", "is a file, not a folder")]
    [InlineData("train", "", "the path is empty")]
    [InlineData("train", "/dev/null", "is a device, not a folder")]
    [InlineData("train", "/dev/full", "is a device, not a folder")]
    [InlineData("meta-train", "file", "is an existing file, not a folder")]
    [InlineData("meta-train", "/dev/full", "is a device, not a folder")]
    [InlineData("adapt", "file/sub", "is a file, not a folder")]
    [InlineData("adapt", "/dev/null", "is a device, not a folder")]
    [InlineData("adapt", "", "the path is empty")]
    [InlineData("report", "folder", "is a folder, not a file")]
    [InlineData("report", "/dev/full", "is a device, not a regular file")]
    [InlineData("report", "/dev/null", "is a device, not a regular file")]
    [InlineData("report", "", "the path is empty")]
    [InlineData("demo", "file", "is an existing file, not a folder")]
    public void An_output_path_of_the_wrong_kind_is_named_with_its_problem(string command, string kind, string problem)
    {
        Skip.If(OperatingSystem.IsWindows(), "devices and Unix paths");
        string output = kind switch
        {
            "file" => Path.Combine(_root, "a-file"),
            "file/sub" => Path.Combine(_root, "a-file", "sub"),
            "folder" => _root,
            _ => kind,
        };
        var call = CliCall.Run(Writer(command, output)).IsUserError(problem);
        if (output.Length > 0) { Assert.Contains(output, call.Err, StringComparison.Ordinal); }
        Assert.True(File.Exists("/dev/null") || OperatingSystem.IsWindows());
        Assert.Equal("not a folder", File.ReadAllText(Path.Combine(_root, "a-file")));
    }

    [SkippableFact]
    public void Meta_eval_refuses_a_meta_eval_json_it_cannot_write_before_evaluating()
    {
        string run = _meta.CopyTo(_root, "blocked");
        Directory.CreateDirectory(Path.Combine(run, "meta_eval.json"));
        var call = CliCall.Run("meta-eval", "--run", run, "--tasks", "2").IsUserError(Path.Combine(run, "meta_eval.json"), "is a folder, not a file");
        Assert.DoesNotContain("adapting", call.Out, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void Resume_into_a_run_whose_lock_cannot_be_created_names_the_lock()
    {
        string run = _meta.CopyTo(_root, "locked");
        Directory.CreateDirectory(Path.Combine(run, RunLock.FileName));
        CliCall.Run("meta-train", "--out", run, "--resume").IsUserError(Path.Combine(run, RunLock.FileName), "is a folder, not a file");
        string single = Path.Combine(_root, "single");
        Assert.Equal(0, CliCall.Run(["train", .. TinyTrain, "--out", single]).Code);
        Directory.CreateDirectory(Path.Combine(single, RunLock.FileName));
        CliCall.Run("train", "--out", single, "--resume").IsUserError(Path.Combine(single, RunLock.FileName));
    }

    [SkippableFact]
    public void File_system_exceptions_map_once_to_exit_2_naming_the_path_and_divergence_to_exit_1()
    {
        var denied = CliApp.Translate(new UnauthorizedAccessException("Access to the path '/x/run' is denied.", new IOException("Permission denied")));
        Assert.Equal(2, denied!.Value.ExitCode);
        Assert.Contains("'/x/run'", denied.Value.Message, StringComparison.Ordinal);
        Assert.Contains("permission denied", denied.Value.Message, StringComparison.Ordinal);
        var full = CliApp.Translate(new IOException("No space left on device : '/dev/full'"));
        Assert.Equal((2, "No space left on device : '/dev/full'"), full);
        Assert.Equal(2, CliApp.Translate(new DirectoryNotFoundException("Could not find a part of the path '/a/b'."))!.Value.ExitCode);
        Assert.Equal(2, CliApp.Translate(new AggregateException(new IOException("disk\nfull")))!.Value.ExitCode);
        Assert.Equal("disk\\u000afull", CliApp.Translate(new IOException("disk\nfull"))!.Value.Message); // one line, always

        // A NaN in test-time adaptation is a run that failed, not a malformed input: exit 1, as a diverged train run.
        var nan = CliApp.Translate(new AggregateException(new NonFiniteTrainingException(2, "body.0.weight", "inner step")));
        Assert.Equal(1, nan!.Value.ExitCode);
        Assert.Contains("diverged", nan.Value.Message, StringComparison.Ordinal);
        Assert.Contains("body.0.weight", nan.Value.Message, StringComparison.Ordinal);

        Assert.Null(CliApp.Translate(new InvalidOperationException("a bug"))); // a bug keeps its stack trace
    }

    [SkippableFact]
    public void A_nan_during_test_time_adaptation_exits_1_with_the_divergence_named_and_nothing_written()
    {
        string run = _meta.CopyTo(_root, "diverging");
        string config = Path.Combine(run, "config.yaml");
        File.WriteAllLines(config, File.ReadAllLines(config).Select(l => l.StartsWith("inner_learning_rate:", StringComparison.Ordinal) ? "inner_learning_rate: 1e30" : l));
        foreach (var call in new[]
        {
            CliCall.Run("meta-eval", "--run", run, "--tasks", "2", "--steps", "0,1,2"),
            CliCall.Run("adapt", "--run", run, "--task-seed", "1", "--steps", "2", "--out", Path.Combine(_root, "adapted")),
        })
        {
            Assert.True(call.Code == 1, call.ToString());
            Assert.False(call.HasStackTrace, call.ToString());
            Assert.Contains("error: the computation diverged: non-finite value", call.Err, StringComparison.Ordinal);
        }
        Assert.False(File.Exists(Path.Combine(run, "meta_eval.json")));
        Assert.False(Directory.Exists(Path.Combine(_root, "adapted")));
    }

    [SkippableFact]
    public void A_device_is_not_read_as_a_config_file()
    {
        Skip.If(!File.Exists("/dev/zero"), "no /dev/zero on this system");
        CliCall.Run("train", "/dev/zero", "--out", Path.Combine(_root, "zero")).IsUserError("'/dev/zero' is a device");
    }
}
