using System.Diagnostics;
using System.Text.Json;

namespace MetaRL.Tracking;

/// <summary>
/// Who holds a run folder's <see cref="RunLock"/>: the process id, the host, when the lock was taken and when the
/// process started (so that a pid reused by a later process is not mistaken for the owner). Stored in the lock file
/// as one JSON object: <c>{"pid":4242,"host":"box","since":"2025-01-02T03:04:05Z","process_start":"…"}</c>.
/// </summary>
public sealed record RunLockOwner(int Pid, string Host, DateTimeOffset Since, DateTimeOffset? ProcessStart)
{
    /// <summary>How far a process's start time may differ from the recorded one and still be the same process.</summary>
    private static readonly TimeSpan StartTolerance = TimeSpan.FromSeconds(2);

    /// <summary>This process, taking a lock now.</summary>
    public static RunLockOwner Current()
    {
        using var self = Process.GetCurrentProcess();
        return new RunLockOwner(Environment.ProcessId, Environment.MachineName, DateTimeOffset.UtcNow, StartOf(self));
    }

    /// <summary>True when the owner ran on this machine.</summary>
    public bool IsThisHost => string.Equals(Host, Environment.MachineName, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// True when the owner is known to be gone: it ran on this host and no process with its pid runs, or the process
    /// with that pid started at another time (the pid was reused). An owner on another host cannot be checked from
    /// here and is never called gone.
    /// </summary>
    public bool IsGone
    {
        get
        {
            if (!IsThisHost) { return false; }
            try
            {
                using var process = Process.GetProcessById(Pid);
                if (process.HasExited || IsZombie(Pid)) { return true; }
                return ProcessStart is { } recorded && StartOf(process) is { } actual && (actual - recorded).Duration() > StartTolerance;
            }
            catch (ArgumentException) { return true; } // no such process
            catch (InvalidOperationException) { return true; } // exited while being looked at
        }
    }

    /// <summary>"pid 4242 on host box since 2025-01-02 03:04:05Z".</summary>
    public string Describe() =>
        string.Create(CultureInfo.InvariantCulture, $"pid {Pid} on host {Host} since {Since.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z");

    /// <summary>The lock file's text.</summary>
    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteNumber("pid", Pid);
            w.WriteString("host", Host);
            w.WriteString("since", Since.UtcDateTime);
            if (ProcessStart is { } s) { w.WriteString("process_start", s.UtcDateTime); }
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    /// <summary>Reads a lock file's text; null when it is not a lock record (empty, cut short or foreign).</summary>
    public static RunLockOwner? Parse(string text)
    {
        try
        {
            using var doc = JsonDocument.Parse(text);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("pid", out var pid) || !pid.TryGetInt32(out int id)
                || !root.TryGetProperty("host", out var host) || host.ValueKind != JsonValueKind.String
                || !root.TryGetProperty("since", out var since) || !since.TryGetDateTimeOffset(out var at))
            {
                return null;
            }
            DateTimeOffset? started = root.TryGetProperty("process_start", out var ps) && ps.TryGetDateTimeOffset(out var s) ? s : null;
            return new RunLockOwner(id, host.GetString()!, at, started);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    // A killed process whose parent has not reaped it yet (or never will, under a container's bare init) still has its pid.
    private static bool IsZombie(int pid)
    {
        if (!OperatingSystem.IsLinux()) { return false; }
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            int end = stat.LastIndexOf(')');
            return end >= 0 && end + 2 < stat.Length && stat[end + 2] is 'Z' or 'X';
        }
        catch (IOException) { return false; }
        catch (UnauthorizedAccessException) { return false; }
    }

    // Null where the platform will not say (another user's process on some systems).
    private static DateTimeOffset? StartOf(Process process)
    {
        try { return new DateTimeOffset(process.StartTime.ToUniversalTime(), TimeSpan.Zero); }
        catch (Exception ex) when (ex is InvalidOperationException or NotSupportedException or System.ComponentModel.Win32Exception) { return null; }
    }
}
