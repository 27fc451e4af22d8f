using System.Globalization;

namespace MetaRL.Memory;

/// <summary>
/// The most memory a run's settings may ask for, checked against their <see cref="MemoryEstimate"/> before anything is
/// built or allocated: every environment the registry builds (its settings' footprint, <c>EnvRegistry.Make</c>), every
/// command's config resolution (<c>TrainConfig.Resolve</c>, <c>MetaSetup.Parse</c>, with the environments and tasks they
/// hold) and the per-command counts of evaluation and adaptation (held-out tasks, episodes) go through <see cref="Check"/>.
/// Above the limit the settings are refused with one line naming the largest item's key and the estimate.
/// <value>The default is 8 GB (10⁹ bytes) or the memory available to the process, whichever is smaller; the environment
/// variable <c>METARL_MAX_MEMORY_GB</c> sets another limit (a positive number of GB).</value>
/// </summary>
public sealed class MemoryLimit
{
    /// <summary>The environment variable that overrides the default limit, in GB.</summary>
    public const string Variable = "METARL_MAX_MEMORY_GB";

    /// <summary>The default limit in GB when the machine has at least that much.</summary>
    public const double DefaultGigabytes = 8;

    /// <summary>A limit of <paramref name="gigabytes"/> GB (10⁹ bytes).</summary>
    public MemoryLimit(double gigabytes, bool fromVariable = false)
    {
        if (!(gigabytes > 0) || double.IsInfinity(gigabytes)) { throw new ArgumentOutOfRangeException(nameof(gigabytes), gigabytes, "the memory limit must be a positive number of GB"); }
        Gigabytes = gigabytes;
        FromVariable = fromVariable;
    }

    /// <summary>The limit in GB.</summary>
    public double Gigabytes { get; }

    /// <summary>True when <see cref="Variable"/> set the limit.</summary>
    public bool FromVariable { get; }

    /// <summary>The limit this process runs under: <see cref="Variable"/> when set, else the default.</summary>
    public static MemoryLimit Current => Parse(Environment.GetEnvironmentVariable(Variable), AvailableBytes());

    /// <summary>The limit a value of <see cref="Variable"/> gives (null or empty: the default for a process with
    /// <paramref name="availableBytes"/> of memory); a value that is not a positive number is a <see cref="MemoryLimitException"/>.</summary>
    public static MemoryLimit Parse(string? text, double availableBytes)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            double available = availableBytes > 0 ? availableBytes / 1e9 : DefaultGigabytes;
            return new MemoryLimit(Math.Min(DefaultGigabytes, available));
        }
        if (!double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double gb) || !(gb > 0) || double.IsInfinity(gb))
        {
            throw new MemoryLimitException($"{Variable} must be a positive number of GB, got '{text}'");
        }
        return new MemoryLimit(gb, fromVariable: true);
    }

    /// <summary>Refuses <paramref name="estimate"/> when it is above the limit: a <see cref="MemoryLimitException"/> naming the
    /// largest item's key, what it is, the total and the limit, and how to raise the limit.</summary>
    public void Check(MemoryEstimate estimate)
    {
        ArgumentNullException.ThrowIfNull(estimate);
        double bytes = estimate.Bytes;
        if (bytes <= Gigabytes * 1e9) { return; }
        var largest = estimate.Items.MaxBy(i => i.Bytes)!;
        string limit = string.Create(CultureInfo.InvariantCulture, $"{Gigabytes:0.##} GB");
        string source = FromVariable ? $"set by {Variable}" : $"the default; {Variable} sets another";
        // Past 100 TB no machine has the memory: raising the limit is no advice.
        string raise = bytes < 1e14 ? string.Create(CultureInfo.InvariantCulture, $", or raise the limit with {Variable}={Math.Ceiling(bytes / 1e9 * 1.25)}") : "";
        throw new MemoryLimitException(
            $"these settings need at least {MemoryEstimate.Size(bytes)} of memory, above the limit of {limit} ({source}): " +
            $"'{largest.Key}' gives {largest.What} = {MemoryEstimate.Size(largest.Bytes)}; lower '{largest.Key}'{raise}");
    }

    private static double AvailableBytes()
    {
        try { return GC.GetGCMemoryInfo().TotalAvailableMemoryBytes; }
        catch (InvalidOperationException) { return 0; }
    }
}
