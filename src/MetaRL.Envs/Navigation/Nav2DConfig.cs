namespace MetaRL.Envs;

/// <summary>
/// The parameters of <see cref="Nav2DObstacles"/>, each one a setting of <c>Nav2DObstacles-v0</c>: the maps (arena,
/// obstacles, start and goal), the robot (velocity control with bounded acceleration), its lidar and the reward.
/// Lengths are in metres, times in seconds. <see cref="Validate"/> checks them in one place.
/// </summary>
public sealed class Nav2DConfig
{
    /// <summary>The defaults.</summary>
    public static Nav2DConfig Default { get; } = new();

    /// <summary>Side of the square arena. <value>The default value is 6.</value></summary>
    public double Arena { get; init; } = 6;

    /// <summary>Circular obstacles per map. <value>The default value is 3.</value></summary>
    public int Circles { get; init; } = 3;

    /// <summary>Rectangular (axis-aligned) obstacles per map. <value>The default value is 3.</value></summary>
    public int Rects { get; init; } = 3;

    /// <summary>Smallest circle radius. <value>The default value is 0.3.</value></summary>
    public double RadiusLow { get; init; } = 0.3;

    /// <summary>Largest circle radius. <value>The default value is 0.6.</value></summary>
    public double RadiusHigh { get; init; } = 0.6;

    /// <summary>Shortest rectangle side. <value>The default value is 0.4.</value></summary>
    public double SideLow { get; init; } = 0.4;

    /// <summary>Longest rectangle side. <value>The default value is 1.5.</value></summary>
    public double SideHigh { get; init; } = 1.5;

    /// <summary>Least straight-line distance from start to goal. <value>The default value is 3.</value></summary>
    public double MinDistance { get; init; } = 3;

    /// <summary>Least distance of the start and the goal from every obstacle and wall. <value>The default value is 0.3.</value></summary>
    public double Clearance { get; init; } = 0.3;

    /// <summary>The oracle's margin: how far its path keeps from obstacles and walls (<see cref="NavOracle"/>); a map is drawn
    /// again until the oracle finds a path with this margin. <value>The default value is 0.1.</value></summary>
    public double Margin { get; init; } = 0.1;

    /// <summary>Lidar beams, evenly spaced over 360° from the +x axis (world frame). <value>The default value is 16.</value></summary>
    public int Beams { get; init; } = 16;

    /// <summary>Lidar range: a beam reads at most this far. <value>The default value is 2.</value></summary>
    public double Range { get; init; } = 2;

    /// <summary>Top speed (m/s); the action is the commanded velocity as a fraction of it. <value>The default value is 1.</value></summary>
    public double MaxSpeed { get; init; } = 1;

    /// <summary>Largest change of velocity per second (m/s²). <value>The default value is 2.</value></summary>
    public double MaxAccel { get; init; } = 2;

    /// <summary>Seconds per step. <value>The default value is 0.1.</value></summary>
    public double Dt { get; init; } = 0.1;

    /// <summary>The goal is reached within this distance of it. <value>The default value is 0.25.</value></summary>
    public double GoalRadius { get; init; } = 0.25;

    /// <summary>Reward per metre of progress toward the goal (straight-line distance). <value>The default value is 1.</value></summary>
    public double Progress { get; init; } = 1;

    /// <summary>Reward for reaching the goal. <value>The default value is 10.</value></summary>
    public double GoalBonus { get; init; } = 10;

    /// <summary>Penalty of a collision (it ends the episode). <value>The default value is 10.</value></summary>
    public double CollisionPenalty { get; init; } = 10;

    /// <summary>Cost per step. <value>The default value is 0.01.</value></summary>
    public double StepCost { get; init; } = 0.01;

    /// <summary>Which map set tasks come from: train or test (the held-out maps, drawn from other seeds).
    /// <value>The default value is train.</value></summary>
    public string Split { get; init; } = "train";

    /// <summary>Maps in the set: tasks are maps 0 … Maps − 1 of the split; 0 draws any map index (every task a new map).
    /// <value>The default value is 0.</value></summary>
    public int Maps { get; init; }

    /// <summary>Seed of the map sets (map i of a split is generated from this seed, the split and i).
    /// <value>The default value is 0.</value></summary>
    public long MapSeed { get; init; }

    /// <summary>Observation size: the beams, the goal's direction (unit vector), its distance over the arena's diagonal and
    /// the velocity over the top speed.</summary>
    public int ObservationSize => Beams + 5;

    /// <summary>Checks the settings; the message names the setting key.</summary>
    /// <exception cref="EnvConfigurationException">A setting is out of range.</exception>
    public void Validate()
    {
        static void Need(bool ok, string message) { if (!ok) { throw new EnvConfigurationException("Nav2DObstacles-v0: " + message); } }
        Need(Arena is > 0 and <= 1e4, "arena must be in (0, 10000].");
        Need(Circles is >= 0 and <= 1000 && Rects is >= 0 and <= 1000, "circles and rects must be 0 … 1000.");
        Need(RadiusLow > 0 && RadiusHigh >= RadiusLow, "radius_low must be above 0 and radius_high at least radius_low.");
        Need(SideLow > 0 && SideHigh >= SideLow, "side_low must be above 0 and side_high at least side_low.");
        Need(MinDistance >= 0 && MinDistance < Arena * Math.Sqrt(2) - 2 * Clearance, "min_distance must be ≥ 0 and fit in the arena (below its diagonal less twice the clearance).");
        Need(Clearance >= 0 && 2 * Clearance < Arena, "clearance must be ≥ 0 and below half the arena.");
        Need(Margin >= 0 && Margin <= Clearance, "margin must be in [0, clearance].");
        Need(Beams is >= 1 and <= 4096, "beams must be 1 … 4096.");
        Need(Range > 0 && double.IsFinite(Range), "range must be positive.");
        Need(MaxSpeed > 0 && MaxAccel > 0 && Dt > 0 && double.IsFinite(MaxSpeed * MaxAccel * Dt), "max_speed, max_accel and dt must be positive.");
        Need(GoalRadius > 0, "goal_radius must be positive.");
        Need(double.IsFinite(Progress) && GoalBonus >= 0 && CollisionPenalty >= 0 && StepCost >= 0, "goal_bonus, collision_penalty and step_cost must be ≥ 0.");
        Need(Split is "train" or "test", "split must be train or test.");
        Need(Maps >= 0, "maps must be ≥ 0.");
    }
}
