using System.Runtime.InteropServices;

namespace MetaRL.Cli.Commands.Bench;

/// <summary>
/// CPU time consumed by the calling thread (Linux <c>CLOCK_THREAD_CPUTIME_ID</c>). On a shared machine it
/// leaves out the time the thread spent descheduled, so a rate computed from it shows what the kernel does
/// while it runs; elsewhere it is unavailable and callers report wall-clock figures only.
/// </summary>
internal static partial class ThreadCpuClock
{
    private const int ClockThreadCpuTimeId = 3;

    /// <summary>True where the clock can be read.</summary>
    public static bool IsAvailable { get; } = OperatingSystem.IsLinux() && TryRead(out _);

    /// <summary>Seconds of CPU time used by this thread so far (NaN where unavailable).</summary>
    public static double Seconds() => TryRead(out double s) ? s : double.NaN;

    /// <summary>This thread's CPU seconds, or the whole process's where the thread clock is unavailable.</summary>
    public static double Now() => TryRead(out double s) ? s : System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;

    private static bool TryRead(out double seconds)
    {
        seconds = double.NaN;
        try
        {
            if (ClockGetTime(ClockThreadCpuTimeId, out var ts) != 0) { return false; }
            seconds = ts.Seconds + ts.Nanoseconds * 1e-9;
            return true;
        }
        catch (DllNotFoundException)
        {
            return false;
        }
        catch (EntryPointNotFoundException)
        {
            return false;
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clockId, out TimeSpec time);
}
