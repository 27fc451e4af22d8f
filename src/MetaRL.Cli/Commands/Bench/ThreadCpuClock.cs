using System.Runtime.InteropServices;

namespace MetaRL.Cli.Commands;

/// <summary>CPU time of the calling thread (Linux <c>CLOCK_THREAD_CPUTIME_ID</c>; elsewhere the process's
/// CPU time). On a shared, oversubscribed machine, work per CPU-second shows the code's speed where work per
/// wall-second mostly shows how much of a core the scheduler gave us.</summary>
internal static partial class ThreadCpuClock
{
    private const int ClockThreadCpuTimeId = 3;

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, out TimeSpec time);

    /// <summary>Seconds of CPU time used by this thread so far.</summary>
    public static double Now()
    {
        if (OperatingSystem.IsLinux())
        {
            try
            {
                if (ClockGetTime(ClockThreadCpuTimeId, out var t) == 0) { return t.Seconds + t.Nanoseconds * 1e-9; }
            }
            catch (DllNotFoundException) { }
            catch (EntryPointNotFoundException) { }
        }
        return System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
    }
}
