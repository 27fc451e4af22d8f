using System.Collections.Immutable;

namespace MetaRL.Envs;

/// <summary>
/// The maps of <see cref="Nav2DObstacles"/>. Map i of a split is generated from its own generator, seeded by the map seed,
/// the split and i, so the training and held-out sets never share a seed and a map is the same wherever it is drawn. A map
/// places <see cref="Nav2DConfig.Circles"/> circles (radius uniform in [radius_low, radius_high]) and
/// <see cref="Nav2DConfig.Rects"/> rectangles (sides uniform in [side_low, side_high]) uniformly in the arena (they may
/// overlap each other), then a start and a goal uniformly among the points at least <see cref="Nav2DConfig.Clearance"/> from
/// every obstacle and wall and at least <see cref="Nav2DConfig.MinDistance"/> apart; the layout is drawn again until the
/// oracle (<see cref="NavOracle"/>, with <see cref="Nav2DConfig.Margin"/>) finds a path from start to goal.
/// </summary>
public static class NavMaps
{
    /// <summary>Map <paramref name="index"/> of <paramref name="split"/> (train or test).</summary>
    /// <exception cref="EnvConfigurationException">No solvable map was found in 1,000 layouts (the obstacles are too many or
    /// too large for the arena).</exception>
    public static NavMapTask Generate(Nav2DConfig config, string split, long index)
    {
        ArgumentNullException.ThrowIfNull(config);
        var rng = new Rng(Mix(config.MapSeed, split == "test" ? 0x7e57UL : 0x7a1dUL, unchecked((ulong)index)));
        for (int layout = 0; layout < 1000; layout++)
        {
            var map = Layout(config, rng, split, index);
            if (map is not null && NavOracle.ShortestPath(map, config.Margin) is not null) { return map; }
        }
        throw new EnvConfigurationException($"Nav2DObstacles-v0: no solvable map in 1,000 layouts of {config.Circles} circles and {config.Rects} rectangles in a {config.Arena} m arena (fewer or smaller obstacles, a larger arena or a shorter min_distance).");
    }

    private static NavMapTask? Layout(Nav2DConfig c, Rng rng, string split, long index)
    {
        double s = c.Arena;
        var circles = new NavCircle[c.Circles];
        for (int i = 0; i < circles.Length; i++) { circles[i] = new NavCircle(rng.Uniform(0, s), rng.Uniform(0, s), rng.Uniform(c.RadiusLow, c.RadiusHigh)); }
        var rects = new NavRect[c.Rects];
        for (int i = 0; i < rects.Length; i++)
        {
            double w = rng.Uniform(c.SideLow, c.SideHigh), h = rng.Uniform(c.SideLow, c.SideHigh), x = rng.Uniform(0, s - w), y = rng.Uniform(0, s - h);
            rects[i] = new NavRect(x, y, x + w, y + h);
        }
        var map = new NavMapTask(s, [.. circles], [.. rects], 0, 0, 0, 0, split, index);
        for (int attempt = 0; attempt < 200; attempt++)
        {
            var (sx, sy) = (rng.Uniform(c.Clearance, s - c.Clearance), rng.Uniform(c.Clearance, s - c.Clearance));
            var (gx, gy) = (rng.Uniform(c.Clearance, s - c.Clearance), rng.Uniform(c.Clearance, s - c.Clearance));
            if (Math.Sqrt((gx - sx) * (gx - sx) + (gy - sy) * (gy - sy)) < c.MinDistance) { continue; }
            if (Clear(map, sx, sy, c.Clearance) && Clear(map, gx, gy, c.Clearance)) { return map with { StartX = sx, StartY = sy, GoalX = gx, GoalY = gy }; }
        }
        return null;
    }

    /// <summary>Whether (x, y) lies at least <paramref name="clearance"/> from every obstacle.</summary>
    private static bool Clear(NavMapTask map, double x, double y, double clearance)
    {
        foreach (var o in map.Circles) { if (Math.Sqrt((x - o.X) * (x - o.X) + (y - o.Y) * (y - o.Y)) < o.R + clearance) { return false; } }
        foreach (var r in map.Rects)
        {
            double dx = Math.Max(0, Math.Max(r.X0 - x, x - r.X1)), dy = Math.Max(0, Math.Max(r.Y0 - y, y - r.Y1));
            if (Math.Sqrt(dx * dx + dy * dy) < clearance) { return false; }
        }
        return true;
    }

    /// <summary>SplitMix64 over the three words: one well-mixed seed per (map seed, split, index).</summary>
    private static ulong Mix(long seed, ulong split, ulong index)
    {
        ulong z = unchecked((ulong)seed);
        foreach (ulong w in (ReadOnlySpan<ulong>)[split, index])
        {
            z = unchecked((z ^ w) + 0x9E3779B97F4A7C15UL);
            z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
            z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
            z ^= z >> 31;
        }
        return z;
    }
}
