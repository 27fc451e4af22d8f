using System.Globalization;

namespace MetaRL.Envs;

/// <summary>The <c>--set</c> keys of <c>Nav2DObstacles-v0</c>, one per <see cref="Nav2DConfig"/> property.</summary>
public static class Nav2DSettings
{
    /// <summary>The settings keys with their defaults (<paramref name="maxSteps"/> and <paramref name="episodes"/>: the
    /// horizon and the RL² trial keys).</summary>
    public static IReadOnlyList<EnvSetting> Keys(EnvSetting maxSteps, EnvSetting episodes)
    {
        var d = Nav2DConfig.Default;
        return
        [
            new("arena", F(d.Arena), "side of the square arena (m)"),
            new("circles", I(d.Circles), "circular obstacles per map"),
            new("rects", I(d.Rects), "rectangular obstacles per map"),
            new("radius_low", F(d.RadiusLow), "smallest circle radius (m)"),
            new("radius_high", F(d.RadiusHigh), "largest circle radius (m)"),
            new("side_low", F(d.SideLow), "shortest rectangle side (m)"),
            new("side_high", F(d.SideHigh), "longest rectangle side (m)"),
            new("min_distance", F(d.MinDistance), "least start-goal straight-line distance (m)"),
            new("clearance", F(d.Clearance), "least distance of start and goal from obstacles and walls (m)"),
            new("margin", F(d.Margin), "the oracle's margin from obstacles and walls (m); maps are redrawn until it finds a path"),
            new("beams", I(d.Beams), "lidar beams (evenly spaced, world frame)"),
            new("range", F(d.Range), "lidar range (m)"),
            new("max_speed", F(d.MaxSpeed), "top speed (m/s)"),
            new("max_accel", F(d.MaxAccel), "largest change of velocity per second (m/s^2)"),
            new("dt", F(d.Dt), "seconds per step"),
            new("goal_radius", F(d.GoalRadius), "the goal is reached within this distance (m)"),
            new("progress", F(d.Progress), "reward per metre of progress toward the goal"),
            new("goal_bonus", F(d.GoalBonus), "reward for reaching the goal"),
            new("collision_penalty", F(d.CollisionPenalty), "penalty of a collision (ends the episode)"),
            new("step_cost", F(d.StepCost), "cost per step"),
            new("split", d.Split, "map set: train or test (held-out maps, other seeds)"),
            new("maps", I(d.Maps), "maps in the set (0: every task a new map)"),
            new("map_seed", d.MapSeed.ToString(CultureInfo.InvariantCulture), "seed of the map sets"),
            maxSteps,
            episodes,
        ];
    }

    /// <summary>The configuration the settings describe.</summary>
    /// <exception cref="EnvConfigurationException">A setting is malformed or out of range.</exception>
    public static Nav2DConfig Read(EnvSettings s)
    {
        ArgumentNullException.ThrowIfNull(s);
        var c = new Nav2DConfig
        {
            Arena = s.Double("arena"),
            Circles = s.Int("circles", 0, 1000),
            Rects = s.Int("rects", 0, 1000),
            RadiusLow = s.Double("radius_low"),
            RadiusHigh = s.Double("radius_high"),
            SideLow = s.Double("side_low"),
            SideHigh = s.Double("side_high"),
            MinDistance = s.Double("min_distance"),
            Clearance = s.Double("clearance"),
            Margin = s.Double("margin"),
            Beams = s.Int("beams", 1, 4096),
            Range = s.Double("range"),
            MaxSpeed = s.Double("max_speed"),
            MaxAccel = s.Double("max_accel"),
            Dt = s.Double("dt"),
            GoalRadius = s.Double("goal_radius"),
            Progress = s.Double("progress"),
            GoalBonus = s.Double("goal_bonus"),
            CollisionPenalty = s.Double("collision_penalty"),
            StepCost = s.Double("step_cost"),
            Split = s.Choice("split", "train", "test"),
            Maps = s.Int("maps", 0),
            MapSeed = s.Int("map_seed"),
        };
        c.Validate();
        return c;
    }

    private static string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    private static string I(int v) => v.ToString(CultureInfo.InvariantCulture);
}
