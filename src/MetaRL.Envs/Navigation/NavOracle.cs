namespace MetaRL.Envs;

/// <summary>A collision-free path of the oracle: its way points from start to goal and its length in metres.</summary>
public sealed record NavPath(IReadOnlyList<(double X, double Y)> Points, double Length)
{
    /// <summary>The time the path takes at <paramref name="maxSpeed"/> (m/s) throughout, ignoring acceleration: a lower bound
    /// for the robot.</summary>
    public double Time(double maxSpeed) => Length / maxSpeed;
}

/// <summary>
/// The navigation oracle: the shortest collision-free path on a visibility graph (Lozano-Pérez and Wesley 1979) over the
/// obstacles inflated by a margin. A circle of radius r becomes the regular <see cref="CircleSides"/>-gon circumscribed
/// about the circle of radius r + margin (so it contains the inflated circle); a rectangle grows by the margin on every
/// side (it contains the rectangle's Minkowski sum with the margin disc); the walls move in by the margin. The graph's nodes
/// are the start, the goal and every polygon corner in free space; an edge joins two nodes whose segment enters no
/// polygon's interior; Dijkstra's algorithm finds the shortest path. With margin 0 and the polygons' corners the path is
/// the exact shortest path among the polygons, so it is slightly longer than one among the true circles (by at most the
/// polygon's overshoot, (1/cos(π/n) − 1)·r, about 2% of r for n = 16, per circle passed).
/// </summary>
public static class NavOracle
{
    /// <summary>Sides of the polygon that stands for a circle. <value>The value is 16.</value></summary>
    public const int CircleSides = 16;

    private const double Eps = 1e-9;

    /// <summary>The shortest path from (sx, sy) to (gx, gy) on <paramref name="map"/> keeping <paramref name="margin"/>
    /// metres from every obstacle and wall, or null when there is none (either end is within the margin of an obstacle, or
    /// the obstacles cut them apart).</summary>
    public static NavPath? ShortestPath(NavMapTask map, double margin, double sx, double sy, double gx, double gy)
    {
        ArgumentNullException.ThrowIfNull(map);
        ArgumentOutOfRangeException.ThrowIfNegative(margin);
        var polygons = Polygons(map, margin);
        double lo = margin, hi = map.Side - margin;
        bool Free(double x, double y) => x >= lo - Eps && y >= lo - Eps && x <= hi + Eps && y <= hi + Eps && !polygons.Any(p => Inside(p, x, y));
        if (!Free(sx, sy) || !Free(gx, gy)) { return null; }
        var nodes = new List<(double X, double Y)> { (sx, sy), (gx, gy) };
        foreach (var p in polygons) { nodes.AddRange(p.Where(v => Free(v.X, v.Y))); }
        int n = nodes.Count;
        var dist = new double[n];
        var prev = new int[n];
        var done = new bool[n];
        Array.Fill(dist, double.PositiveInfinity);
        Array.Fill(prev, -1);
        dist[0] = 0;
        for (int it = 0; it < n; it++)
        {
            int u = -1;
            for (int i = 0; i < n; i++) { if (!done[i] && (u < 0 || dist[i] < dist[u])) { u = i; } }
            if (u < 0 || double.IsPositiveInfinity(dist[u])) { break; }
            done[u] = true;
            if (u == 1) { break; }
            for (int v = 0; v < n; v++)
            {
                if (done[v]) { continue; }
                double d = dist[u] + Distance(nodes[u], nodes[v]);
                if (d < dist[v] && Visible(polygons, nodes[u], nodes[v])) { dist[v] = d; prev[v] = u; }
            }
        }
        if (double.IsPositiveInfinity(dist[1])) { return null; }
        var path = new List<(double, double)>();
        for (int at = 1; at >= 0; at = prev[at]) { path.Add(nodes[at]); }
        path.Reverse();
        return new NavPath(path, dist[1]);
    }

    /// <summary>The shortest path from the map's start to its goal (<see cref="ShortestPath(NavMapTask, double, double, double, double, double)"/>).</summary>
    public static NavPath? ShortestPath(NavMapTask map, double margin) =>
        ShortestPath(map, margin, map.StartX, map.StartY, map.GoalX, map.GoalY);

    /// <summary>Whether the segment a→b stays out of every inflated obstacle of <paramref name="map"/>.</summary>
    public static bool Visible(NavMapTask map, double margin, (double X, double Y) a, (double X, double Y) b) => Visible(Polygons(map, margin), a, b);

    /// <summary>The obstacles inflated by <paramref name="margin"/> as convex polygons, corners counter-clockwise.</summary>
    public static IReadOnlyList<(double X, double Y)[]> Polygons(NavMapTask map, double margin)
    {
        ArgumentNullException.ThrowIfNull(map);
        var result = new List<(double X, double Y)[]>();
        double k = 1 / Math.Cos(Math.PI / CircleSides);
        foreach (var c in map.Circles)
        {
            double r = (c.R + margin) * k;
            result.Add([.. Enumerable.Range(0, CircleSides).Select(i => (c.X + r * Math.Cos(2 * Math.PI * i / CircleSides), c.Y + r * Math.Sin(2 * Math.PI * i / CircleSides)))]);
        }
        foreach (var q in map.Rects)
        {
            double x0 = q.X0 - margin, y0 = q.Y0 - margin, x1 = q.X1 + margin, y1 = q.Y1 + margin;
            result.Add([(x0, y0), (x1, y0), (x1, y1), (x0, y1)]);
        }
        return result;
    }

    private static bool Visible(IReadOnlyList<(double X, double Y)[]> polygons, (double X, double Y) a, (double X, double Y) b)
    {
        foreach (var p in polygons) { if (CrossesInterior(p, a, b)) { return false; } }
        return true;
    }

    /// <summary>Whether the segment a→b passes through the polygon's interior (Cyrus–Beck clipping against the polygon
    /// shrunk by a hair, so a segment along an edge or through a corner does not count).</summary>
    private static bool CrossesInterior((double X, double Y)[] p, (double X, double Y) a, (double X, double Y) b)
    {
        double tIn = 0, tOut = 1, dx = b.X - a.X, dy = b.Y - a.Y;
        for (int i = 0; i < p.Length; i++)
        {
            var v = p[i];
            var w = p[(i + 1) % p.Length];
            double ex = w.X - v.X, ey = w.Y - v.Y, len = Math.Sqrt(ex * ex + ey * ey);
            double nx = ey / len, ny = -ex / len; // outward normal of a counter-clockwise polygon
            double num = nx * (a.X - v.X) + ny * (a.Y - v.Y) + 1e-7, den = nx * dx + ny * dy;
            if (Math.Abs(den) < 1e-15)
            {
                if (num >= 0) { return false; }
                continue;
            }
            double t = -num / den;
            if (den < 0) { tIn = Math.Max(tIn, t); } else { tOut = Math.Min(tOut, t); }
            if (tIn >= tOut - 1e-12) { return false; }
        }
        return true;
    }

    private static bool Inside((double X, double Y)[] p, double x, double y)
    {
        for (int i = 0; i < p.Length; i++)
        {
            var v = p[i];
            var w = p[(i + 1) % p.Length];
            if ((w.X - v.X) * (y - v.Y) - (w.Y - v.Y) * (x - v.X) <= 1e-9) { return false; }
        }
        return true;
    }

    private static double Distance((double X, double Y) a, (double X, double Y) b) => Math.Sqrt((a.X - b.X) * (a.X - b.X) + (a.Y - b.Y) * (a.Y - b.Y));
}
