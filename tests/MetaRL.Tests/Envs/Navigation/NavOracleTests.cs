using MetaRL.Envs;

namespace MetaRL.Tests.Envs.Navigation;

/// <summary>The visibility-graph oracle of Nav2DObstacles-v0 on maps whose shortest paths are known by hand.</summary>
public sealed class NavOracleTests
{
    private static NavMapTask Map(NavRect[] rects, NavCircle[]? circles = null, double sx = 2, double sy = 5, double gx = 8, double gy = 5) =>
        new(10, [.. circles ?? []], [.. rects], sx, sy, gx, gy);

    [Fact]
    public void Without_obstacles_the_path_is_the_straight_line()
    {
        var path = NavOracle.ShortestPath(Map([], sx: 1, sy: 2, gx: 7, gy: 10 - 0.5), 0.1);
        Assert.NotNull(path);
        Assert.Equal(Math.Sqrt(36 + 7.5 * 7.5), path.Length, 12);
        Assert.Equal(2, path.Points.Count);
        Assert.Equal(path.Length / 2, path.Time(2), 12);
    }

    [Fact]
    public void One_box_between_start_and_goal_is_passed_by_its_corners()
    {
        // Box [4, 6]² on the line y = 5 from (2, 5) to (8, 5). Margin 0: over the corners (4, 6) and (6, 6) (or their
        // mirror images), √5 + 2 + √5. Margin 0.5: the box grows to [3.5, 6.5]², 1.5√2 + 3 + 1.5√2.
        var map = Map([new NavRect(4, 4, 6, 6)]);
        Assert.Equal(2 + 2 * Math.Sqrt(5), NavOracle.ShortestPath(map, 0)!.Length, 9);
        var wide = NavOracle.ShortestPath(map, 0.5)!;
        Assert.Equal(3 + 3 * Math.Sqrt(2), wide.Length, 9);
        Assert.Equal(4, wide.Points.Count);
        Assert.Equal(3.5, wide.Points[1].X, 9);
        Assert.Equal(6.5, wide.Points[2].X, 9);
    }

    [Fact]
    public void A_circle_on_the_line_is_passed_around_its_polygon()
    {
        // A circle of radius 1 at (5, 5): the shortest path among the true circle is 2·√(3² − 1) + the arc 2·(π/2 − acos(1/3))
        // ≈ 6.3448; the oracle's circumscribed 16-gon makes it slightly longer, by less than the polygon's overshoot.
        var path = NavOracle.ShortestPath(Map([], [new NavCircle(5, 5, 1)]), 0)!;
        double exact = 2 * Math.Sqrt(8) + 2 * (Math.PI / 2 - Math.Acos(1.0 / 3));
        Assert.InRange(path.Length, exact, exact + 2 * (1 / Math.Cos(Math.PI / NavOracle.CircleSides) - 1));
    }

    [Fact]
    public void A_wall_to_wall_obstacle_or_a_start_inside_an_obstacle_has_no_path()
    {
        Assert.Null(NavOracle.ShortestPath(Map([new NavRect(4, 0, 6, 10)]), 0.1));
        Assert.Null(NavOracle.ShortestPath(Map([new NavRect(1, 4, 3, 6)]), 0.1));
        // The same wall with a gap of 1 m at the top: through the gap, keeping the margin.
        var gap = NavOracle.ShortestPath(Map([new NavRect(4, 0, 6, 9)]), 0.1);
        Assert.NotNull(gap);
        Assert.Equal(2 * Math.Sqrt(1.9 * 1.9 + 4.1 * 4.1) + 2.2, gap.Length, 9);
    }
}
