using MetaRL.Tracking;
using MetaRL.Tracking.TensorBoard;

namespace MetaRL.Tests.Tracking;

/// <summary>The run folder's writer lock, the status shown for a run and the scalar truncation of a resumed run.</summary>
public sealed class RunLockTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("metarl-runlock-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Dir(string name) => Path.Combine(_root, name);

    /// <summary>A pid no process can have (Linux caps pids at 2^22).</summary>
    private const int NoSuchPid = int.MaxValue;

    private static void WriteLock(string folder, RunLockOwner owner)
    {
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, RunLock.FileName), owner.ToJson());
    }

    [Fact]
    public void A_lock_records_this_process_and_is_removed_on_dispose()
    {
        string dir = Dir("a");
        using (var held = RunLock.Acquire(dir))
        {
            var owner = RunLock.ReadOwner(dir);
            Assert.NotNull(owner);
            Assert.Equal(Environment.ProcessId, owner.Pid);
            Assert.Equal(Environment.MachineName, owner.Host);
            Assert.False(owner.IsGone);
            Assert.Equal(held.Path, Path.Combine(dir, RunLock.FileName));
            Assert.Single(Directory.GetFiles(dir)); // no temporary file left beside it
        }
        Assert.False(File.Exists(Path.Combine(dir, RunLock.FileName)));
        Assert.Null(RunLock.ReadOwner(dir));
    }

    [Fact]
    public void A_second_writer_fails_at_once_naming_the_owner_and_the_first_keeps_its_lock()
    {
        string dir = Dir("b");
        using var first = RunLock.Acquire(dir);
        var ex = Assert.Throws<RunConflictException>(() => RunLock.Acquire(dir));
        Assert.Contains($"pid {Environment.ProcessId} on host {Environment.MachineName}", ex.Message, StringComparison.Ordinal);
        Assert.Equal(Environment.ProcessId, ex.Owner!.Pid);
        Assert.Equal(first.Owner, RunLock.ReadOwner(dir));
    }

    [Fact]
    public void A_stale_lock_of_a_gone_process_is_taken_over_with_a_one_line_notice()
    {
        string dir = Dir("c");
        WriteLock(dir, new RunLockOwner(NoSuchPid, Environment.MachineName, DateTimeOffset.UtcNow.AddHours(-1), null));
        var notices = new List<string>();
        using (var held = RunLock.Acquire(dir, notices.Add))
        {
            var line = Assert.Single(notices);
            Assert.Contains("stale lock of pid " + NoSuchPid, line, StringComparison.Ordinal);
            Assert.DoesNotContain('\n', line);
            Assert.Equal(Environment.ProcessId, RunLock.ReadOwner(dir)!.Pid);
        }
        Assert.Empty(Directory.GetFiles(dir));
    }

    [Fact]
    public void A_lock_whose_pid_now_belongs_to_a_later_process_is_stale()
    {
        var current = RunLockOwner.Current();
        Assert.False(current.IsGone);
        Assert.True((current with { ProcessStart = current.ProcessStart!.Value.AddHours(-1) }).IsGone);
        string dir = Dir("d");
        WriteLock(dir, current with { ProcessStart = current.ProcessStart!.Value.AddHours(-1) });
        var notices = new List<string>();
        using var held = RunLock.Acquire(dir, notices.Add);
        Assert.Single(notices);
    }

    [Fact]
    public void A_lock_held_on_another_host_is_not_taken_over_and_the_message_says_how_to_clear_it()
    {
        string dir = Dir("e");
        WriteLock(dir, new RunLockOwner(NoSuchPid, "elsewhere-" + Guid.NewGuid().ToString("N"), DateTimeOffset.UtcNow, null));
        var ex = Assert.Throws<RunConflictException>(() => RunLock.Acquire(dir));
        Assert.Contains("cannot be checked from this host", ex.Message, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(dir, RunLock.FileName), ex.Message, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(dir, RunLock.FileName)));
    }

    [Fact]
    public void Dispose_leaves_a_lock_that_another_writer_took_over()
    {
        string dir = Dir("f");
        var held = RunLock.Acquire(dir);
        var other = new RunLockOwner(NoSuchPid, "elsewhere", DateTimeOffset.UtcNow, null);
        File.WriteAllText(held.Path, other.ToJson());
        held.Dispose();
        Assert.Equal(other, RunLock.ReadOwner(dir));
    }

    [Fact]
    public void Opening_a_new_run_where_one_is_refused_and_releases_the_lock()
    {
        var run = new RunDirectory(Dir("g"));
        using (run.OpenForWriting(RunOpening.New)) { run.WriteConfig("algo: ppo\n"); }
        var ex = Assert.Throws<RunConflictException>(() => run.OpenForWriting(RunOpening.New));
        Assert.Contains("already holds a run; pass --resume", ex.Message, StringComparison.Ordinal);
        Assert.Contains("--overwrite", ex.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(run.LockPath));
        var none = new RunDirectory(Dir("h"));
        Assert.Contains("holds no run to resume", Assert.Throws<RunConflictException>(() => none.OpenForWriting(RunOpening.Resume)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Overwrite_changes_nothing_until_the_run_begins_and_then_removes_the_run_files_but_not_other_files()
    {
        var run = new RunDirectory(Dir("i"));
        run.WriteConfig("algo: ppo\n");
        run.WriteSummary(new RunSummary { Status = RunSummary.Completed });
        File.WriteAllText(run.MetricsPath, "{}\n");
        File.WriteAllText(run.PretrainedPath, "x");
        using (var tb = new TensorBoardWriter(run.Root)) { tb.Add("a", 1, 1, 0); }
        Directory.CreateDirectory(Path.Combine(run.CheckpointsPath, "512"));
        File.WriteAllText(run.File("notes.txt"), "mine");
        using (run.OpenForWriting(RunOpening.Overwrite))
        {
            // Opening takes the lock only: an overwrite that fails before its run begins keeps the old run.
            Assert.True(RunDirectory.IsRun(run.Root));
            Assert.True(Directory.Exists(run.CheckpointsPath));
            run.Clear(); // what the writer does when its run begins
            Assert.False(RunDirectory.IsRun(run.Root));
            Assert.False(Directory.Exists(run.CheckpointsPath));
            Assert.False(File.Exists(run.PretrainedPath));
            Assert.Equal("mine", File.ReadAllText(run.File("notes.txt")));
        }
    }

    [Fact]
    public void A_run_that_says_running_reads_dead_once_its_writer_is_gone()
    {
        var run = new RunDirectory(Dir("j"));
        run.WriteConfig("algo: ppo\n");
        Assert.Equal(RunStatus.Unknown, new RunDirectory(run.Root).Status);
        run.WriteSummary(new RunSummary { Status = RunSummary.Running });
        Assert.Equal(RunStatus.Dead, new RunDirectory(run.Root).Status); // no lock at all
        using (run.OpenForWriting(RunOpening.Resume)) { Assert.Equal(RunSummary.Running, new RunDirectory(run.Root).Status); }
        WriteLock(run.Root, new RunLockOwner(NoSuchPid, Environment.MachineName, DateTimeOffset.UtcNow, null));
        Assert.Equal(RunStatus.Dead, new RunDirectory(run.Root).Status);
        WriteLock(run.Root, new RunLockOwner(NoSuchPid, "elsewhere", DateTimeOffset.UtcNow, null));
        Assert.Equal(RunStatus.Unverified, new RunDirectory(run.Root).Status);
        run.WriteSummary(new RunSummary { Status = RunSummary.Interrupted });
        Assert.Equal(RunSummary.Interrupted, new RunDirectory(run.Root).Status);
    }

    [Fact]
    public void Event_file_truncation_keeps_the_header_and_the_records_before_the_step_byte_for_byte()
    {
        string dir = Dir("k");
        string path;
        using (var tb = new TensorBoardWriter(dir, startUnixSeconds: 1_700_000_000))
        {
            path = tb.Path;
            for (long step = 1; step <= 5; step++) { tb.Add("loss", step, step * 0.5, step); }
        }
        byte[] before = File.ReadAllBytes(path);
        EventFileTruncation.KeepBefore(path, 3);
        var kept = EventFileReader.Read(path);
        Assert.Empty(kept.Problems);
        Assert.Equal("brain.Event:2", kept.Events[0].FileVersion);
        Assert.Equal([1L, 2L], kept.Scalars("loss").Select(p => p.Step));
        byte[] after = File.ReadAllBytes(path);
        Assert.Equal(before.AsSpan(0, after.Length).ToArray(), after); // a prefix: the records are copied, not re-encoded
        EventFileTruncation.KeepBefore(path, 1);
        Assert.False(File.Exists(path)); // nothing left but the header: the file goes
    }

    [Fact]
    public void Keep_scalars_before_truncates_metrics_and_every_event_file_of_the_run()
    {
        var run = new RunDirectory(Dir("l"));
        foreach (double start in new[] { 1_700_000_000.0, 1_700_000_100.0 })
        {
            using var sinks = RunSinks.Create(run.Root, start);
            for (long step = 1; step <= 4; step++) { sinks.Add("r", step, step, step); }
        }
        run.KeepScalarsBefore(3);
        var scalars = RunScalars.Load(run.Root);
        Assert.Equal([1L, 2L, 1L, 2L], scalars.Series["r"].Select(p => p.Step));
        Assert.Equal(4, File.ReadAllLines(run.MetricsPath).Length);
    }
}
