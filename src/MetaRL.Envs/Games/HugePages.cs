using System.Runtime.InteropServices;

namespace MetaRL.Envs;

/// <summary>Asks Linux to back a large block of memory with 2 MiB pages (<c>madvise(MADV_HUGEPAGE)</c>), which spares
/// a search that jumps around a big table most of its TLB misses. Only advice: elsewhere, or when refused, nothing
/// changes.</summary>
internal static unsafe partial class HugePages
{
    private const int MadvHugePage = 14;
    private const long PageBytes = 2 << 20;

    /// <summary>Advises the whole 2 MiB pages inside [<paramref name="start"/>, <paramref name="start"/> + <paramref name="bytes"/>).</summary>
    public static void Advise(void* start, long bytes)
    {
        if (!OperatingSystem.IsLinux()) { return; }
        long from = ((long)start + PageBytes - 1) & ~(PageBytes - 1), to = ((long)start + bytes) & ~(PageBytes - 1);
        if (to <= from) { return; }
        try { _ = MAdvise((nint)from, (nuint)(to - from), MadvHugePage); }
        catch (DllNotFoundException) { }
        catch (EntryPointNotFoundException) { }
    }

    [LibraryImport("libc", EntryPoint = "madvise")]
    private static partial int MAdvise(nint address, nuint length, int advice);
}
