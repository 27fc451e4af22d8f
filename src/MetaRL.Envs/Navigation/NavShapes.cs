namespace MetaRL.Envs;

/// <summary>A circular obstacle of <see cref="Nav2DObstacles"/>: centre (<see cref="X"/>, <see cref="Y"/>) and radius <see cref="R"/>, in metres.</summary>
public sealed record NavCircle(double X, double Y, double R);

/// <summary>An axis-aligned rectangular obstacle of <see cref="Nav2DObstacles"/>: [<see cref="X0"/>, <see cref="X1"/>] × [<see cref="Y0"/>, <see cref="Y1"/>], in metres.</summary>
public sealed record NavRect(double X0, double Y0, double X1, double Y1);

/// <summary>The geometry of <see cref="Nav2DObstacles"/>: which segments hit an obstacle or leave the arena, and how far
/// a ray runs before it does (the lidar beams). Shapes are closed sets: touching one is a collision.</summary>
public static class NavGeometry
{
    /// <summary>Whether the segment a→b comes within <paramref name="c"/>'s radius of its centre.</summary>
    public static bool Hits(NavCircle c, double ax, double ay, double bx, double by) => SegmentDistance(c.X, c.Y, ax, ay, bx, by) <= c.R;

    /// <summary>Whether the segment a→b touches the rectangle (Liang–Barsky clipping).</summary>
    public static bool Hits(NavRect r, double ax, double ay, double bx, double by)
    {
        double t0 = 0, t1 = 1, dx = bx - ax, dy = by - ay;
        return Clip(-dx, ax - r.X0, ref t0, ref t1) && Clip(dx, r.X1 - ax, ref t0, ref t1)
            && Clip(-dy, ay - r.Y0, ref t0, ref t1) && Clip(dy, r.Y1 - ay, ref t0, ref t1);
    }

    /// <summary>The distance from (<paramref name="px"/>, <paramref name="py"/>) to the segment a→b.</summary>
    public static double SegmentDistance(double px, double py, double ax, double ay, double bx, double by)
    {
        double dx = bx - ax, dy = by - ay, len2 = dx * dx + dy * dy;
        double t = len2 > 0 ? Math.Clamp(((px - ax) * dx + (py - ay) * dy) / len2, 0, 1) : 0;
        double ex = ax + t * dx - px, ey = ay + t * dy - py;
        return Math.Sqrt(ex * ex + ey * ey);
    }

    /// <summary>Distance along the unit direction (<paramref name="dx"/>, <paramref name="dy"/>) from o to the circle's
    /// boundary (0 from inside it, +∞ when the ray misses).</summary>
    public static double Ray(NavCircle c, double ox, double oy, double dx, double dy)
    {
        double fx = ox - c.X, fy = oy - c.Y;
        double cc = fx * fx + fy * fy - c.R * c.R;
        if (cc <= 0) { return 0; }
        double b = fx * dx + fy * dy;
        double disc = b * b - cc;
        if (b >= 0 || disc < 0) { return double.PositiveInfinity; }
        return -b - Math.Sqrt(disc);
    }

    /// <summary>Distance along the unit direction (<paramref name="dx"/>, <paramref name="dy"/>) from o to the rectangle
    /// (0 from inside it, +∞ when the ray misses; the slab method).</summary>
    public static double Ray(NavRect r, double ox, double oy, double dx, double dy)
    {
        double t0 = 0, t1 = double.PositiveInfinity;
        if (!Slab(ox, dx, r.X0, r.X1, ref t0, ref t1) || !Slab(oy, dy, r.Y0, r.Y1, ref t0, ref t1)) { return double.PositiveInfinity; }
        return t0;
    }

    /// <summary>Distance along the unit direction from o, inside the arena [0, side]², to its walls.</summary>
    public static double RayToWalls(double side, double ox, double oy, double dx, double dy)
    {
        double t = double.PositiveInfinity;
        if (dx > 0) { t = Math.Min(t, (side - ox) / dx); } else if (dx < 0) { t = Math.Min(t, -ox / dx); }
        if (dy > 0) { t = Math.Min(t, (side - oy) / dy); } else if (dy < 0) { t = Math.Min(t, -oy / dy); }
        return Math.Max(0, t);
    }

    private static bool Clip(double p, double q, ref double t0, ref double t1)
    {
        if (p == 0) { return q >= 0; }
        double t = q / p;
        if (p < 0) { if (t > t1) { return false; } if (t > t0) { t0 = t; } }
        else { if (t < t0) { return false; } if (t < t1) { t1 = t; } }
        return true;
    }

    private static bool Slab(double o, double d, double lo, double hi, ref double t0, ref double t1)
    {
        if (d == 0) { return o >= lo && o <= hi; }
        double a = (lo - o) / d, b = (hi - o) / d;
        if (a > b) { (a, b) = (b, a); }
        t0 = Math.Max(t0, a);
        t1 = Math.Min(t1, b);
        return t0 <= t1;
    }
}
