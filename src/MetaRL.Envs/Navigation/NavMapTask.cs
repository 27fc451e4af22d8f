using System.Collections.Immutable;

namespace MetaRL.Envs;

/// <summary>
/// A map of <see cref="Nav2DObstacles"/>: the arena [0, <see cref="Side"/>]² in metres, its circular and rectangular
/// obstacles, the robot's start and the goal. <see cref="Split"/> and <see cref="Index"/> name the map: map
/// <see cref="Index"/> of the training or the held-out set, drawn from a seed of its own (<see cref="NavMaps.Generate"/>).
/// </summary>
public sealed record NavMapTask(double Side, ImmutableArray<NavCircle> Circles, ImmutableArray<NavRect> Rects,
    double StartX, double StartY, double GoalX, double GoalY, string Split = "train", long Index = 0) : EnvTask
{
    /// <summary>Whether moving along the segment a→b touches an obstacle or leaves the arena.</summary>
    public bool Blocked(double ax, double ay, double bx, double by)
    {
        if (bx < 0 || by < 0 || bx > Side || by > Side) { return true; }
        foreach (var c in Circles) { if (NavGeometry.Hits(c, ax, ay, bx, by)) { return true; } }
        foreach (var r in Rects) { if (NavGeometry.Hits(r, ax, ay, bx, by)) { return true; } }
        return false;
    }

    /// <summary>The distance from (x, y) along the unit direction (dx, dy) to the nearest obstacle or wall.</summary>
    public double Range(double x, double y, double dx, double dy)
    {
        double t = NavGeometry.RayToWalls(Side, x, y, dx, dy);
        foreach (var c in Circles) { t = Math.Min(t, NavGeometry.Ray(c, x, y, dx, dy)); }
        foreach (var r in Rects) { t = Math.Min(t, NavGeometry.Ray(r, x, y, dx, dy)); }
        return t;
    }

    /// <summary>The straight-line distance from start to goal.</summary>
    public double StraightLine => Math.Sqrt((GoalX - StartX) * (GoalX - StartX) + (GoalY - StartY) * (GoalY - StartY));
}
