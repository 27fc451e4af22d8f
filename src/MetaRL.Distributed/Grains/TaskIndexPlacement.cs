using Orleans.Placement;
using Orleans.Runtime;
using Orleans.Runtime.Placement;

namespace MetaRL.Distributed;

/// <summary>
/// Places meta-task grain <c>{config}/{index}/{attempt}</c> on silo (index + attempt) mod n of the n live silos in
/// address order: a meta-batch spreads evenly over the cluster (tasks i and i + n share a silo), and a retried task
/// moves to the next silo instead of waiting for a lost one to be declared dead. Any other key goes to silo 0.
/// </summary>
[GenerateSerializer, Immutable, Alias("metarl.task-index-placement")]
public sealed class TaskIndexPlacement : PlacementStrategy
{
    /// <summary>The one instance.</summary>
    public static TaskIndexPlacement Instance { get; } = new();
}

/// <summary>Marks a grain class placed by <see cref="TaskIndexPlacement"/>.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class TaskIndexPlacementAttribute : PlacementAttribute
{
    public TaskIndexPlacementAttribute() : base(TaskIndexPlacement.Instance) { }
}

/// <summary>The silo side of <see cref="TaskIndexPlacement"/>.</summary>
internal sealed class TaskIndexPlacementDirector : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var silos = context.GetCompatibleSilos(target).OrderBy(s => s.ToString(), StringComparer.Ordinal).ToArray();
        return Task.FromResult(silos[Slot(target.GrainIdentity.Key.ToString()) % silos.Length]);
    }

    /// <summary>index + attempt of a key <c>{config}/{index}/{attempt}</c>; 0 for any other key.</summary>
    internal static int Slot(string? key)
    {
        var parts = (key ?? "").Split('/');
        return parts.Length == 3
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int index)
            && int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out int attempt)
            ? (int)(((long)index + attempt) % int.MaxValue) : 0;
    }
}
