namespace MetaRL.Tracking;

/// <summary>
/// The exclusive writer's lock on a run folder: the file <c>run.lock</c> holding its owner (<see cref="RunLockOwner"/>:
/// pid, host, since when), published atomically (written under a temporary name, then hard-linked into place, which
/// fails when a lock is already there) and removed by <see cref="Dispose"/>. A second writer fails at once with a
/// <see cref="RunConflictException"/> naming the owner. A lock whose owner is gone (its pid no longer runs on this
/// host: the process was killed) is stale: it is set aside and taken over, with a one-line notice.
/// </summary>
public sealed class RunLock : IDisposable
{
    /// <summary>The lock file's name inside the folder.</summary>
    public const string FileName = "run.lock";

    private const int Attempts = 5;
    private readonly string _text;
    private bool _released;

    private RunLock(string path, RunLockOwner owner, string text)
    {
        Path = path;
        Owner = owner;
        _text = text;
    }

    /// <summary>The lock file.</summary>
    public string Path { get; }

    /// <summary>This process, as written into the lock.</summary>
    public RunLockOwner Owner { get; }

    /// <summary>True when the writer created the folder: <see cref="Dispose"/> then removes it again if nothing but the lock
    /// was written (a run that failed before it began leaves no empty folder behind).</summary>
    internal bool CreatedFolder { get; set; }

    /// <summary>
    /// Takes the lock on <paramref name="folder"/> (created if missing). Throws <see cref="RunConflictException"/> when a
    /// live process holds it (or one on another host, which cannot be checked from here); a stale lock is taken over
    /// and <paramref name="notice"/> told so in one line.
    /// </summary>
    public static RunLock Acquire(string folder, Action<string>? notice = null)
    {
        ArgumentNullException.ThrowIfNull(folder);
        Directory.CreateDirectory(folder);
        string path = System.IO.Path.Combine(System.IO.Path.GetFullPath(folder), FileName);
        var me = RunLockOwner.Current();
        string text = me.ToJson();
        for (int attempt = 0; attempt < Attempts; attempt++)
        {
            if (TryPublish(path, text)) { return new RunLock(path, me, text); }
            string? held = ReadText(path);
            if (held is null) { continue; } // released meanwhile: try again
            var owner = RunLockOwner.Parse(held);
            if (owner is not null && !owner.IsGone) { throw InUse(folder, path, owner); }
            if (owner is null && !IsOld(path)) { Thread.Sleep(50); continue; } // not a lock this code writes (they appear whole): wait, then treat as stale
            if (SetAside(path, held))
            {
                notice?.Invoke(owner is null
                    ? $"note: {path} was unreadable; taken over"
                    : $"note: took over the stale lock of {owner.Describe()} (that process is gone) in {path}");
            }
        }
        throw new RunConflictException($"'{folder}': could not take the lock {path} after {Attempts} attempts; another writer is starting there");
    }

    /// <summary>The owner recorded in <paramref name="folder"/>'s lock, or null when it has no (readable) lock.</summary>
    public static RunLockOwner? ReadOwner(string folder)
    {
        string? text = ReadText(System.IO.Path.Combine(folder, FileName));
        return text is null ? null : RunLockOwner.Parse(text);
    }

    /// <summary>Removes the lock file, unless another writer has since taken it over (and the folder, when
    /// <see cref="CreatedFolder"/> and it is left empty).</summary>
    public void Dispose()
    {
        if (_released) { return; }
        _released = true;
        if (ReadText(Path) == _text)
        {
            try
            {
                File.Delete(Path);
                string folder = System.IO.Path.GetDirectoryName(Path)!;
                if (CreatedFolder && !Directory.EnumerateFileSystemEntries(folder).Any()) { Directory.Delete(folder); }
            }
            catch (IOException) { } // already gone, or the folder gained files meanwhile
            catch (UnauthorizedAccessException) { } // the folder became read-only: the lock stays and reads as stale
        }
    }

    private static RunConflictException InUse(string folder, string path, RunLockOwner owner)
    {
        string hint = owner.IsThisHost
            ? "wait for it to finish, or stop it (Ctrl-C or kill -TERM leaves a checkpoint)"
            : $"it cannot be checked from this host; if that process is no longer running, delete {path}";
        return new RunConflictException($"'{folder}' is in use by another writer ({owner.Describe()}): {hint}", owner);
    }

    // The complete text goes under a private name, then is linked into place: File.Move without overwrite is a hard link
    // (atomic, fails when the lock exists) on Unix and MoveFileEx on Windows, so no reader ever sees a half-written lock.
    private static bool TryPublish(string path, string text)
    {
        string temp = path + "." + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture) + "." + Guid.NewGuid().ToString("N") + ".tmp";
        File.WriteAllText(temp, text);
        try
        {
            File.Move(temp, path, overwrite: false);
            return true;
        }
        catch (IOException) when (File.Exists(path))
        {
            return false;
        }
        finally
        {
            if (File.Exists(temp)) { File.Delete(temp); }
        }
    }

    // Renames the stale lock out of the way (only one taker can), then checks that what moved is the lock judged
    // stale; a lock published meanwhile by a live writer is put back. Returns whether a stale lock was removed.
    private static bool SetAside(string path, string judged)
    {
        string aside = path + ".stale." + Guid.NewGuid().ToString("N");
        try { File.Move(path, aside); }
        catch (FileNotFoundException) { return false; }
        string? moved = ReadText(aside);
        if (moved == judged)
        {
            File.Delete(aside);
            return true;
        }
        try { File.Move(aside, path, overwrite: false); }
        catch (IOException) { File.Delete(aside); }
        return false;
    }

    private static bool IsOld(string path)
    {
        try { return DateTime.UtcNow - File.GetLastWriteTimeUtc(path) > TimeSpan.FromSeconds(2); }
        catch (IOException) { return true; }
    }

    private static string? ReadText(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }
        catch (FileNotFoundException) { return null; }
        catch (DirectoryNotFoundException) { return null; }
    }
}
