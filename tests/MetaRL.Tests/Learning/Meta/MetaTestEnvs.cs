using MetaRL.Envs;
using MetaRL.Learning.Meta;
using MetaRL.Random;

namespace MetaRL.Tests.Learning.Meta;

/// <summary>Small instances of the meta families for fast tests.</summary>
internal static class MetaTestEnvs
{
    /// <summary>PointNav2D-v0 with a short horizon.</summary>
    public static EnvPool PointNav(int horizon = 20) =>
        new(() => EnvRegistry.Make("PointNav2D-v0", new Dictionary<string, string> { ["max_steps"] = horizon.ToString(System.Globalization.CultureInfo.InvariantCulture) }));

    public static MlpPolicy Policy(EnvPool pool, int[] hidden, long seed) =>
        new(pool.Prototype.ObservationSpace.Size, pool.Prototype.ActionSpace, hidden, new Rng(seed));

    public static IReadOnlyList<EnvTask> Tasks(EnvPool pool, int n, long seed) => pool.Prototype.Find<ITaskEnv>()!.SampleTasks(n, new Rng(seed));

    public static float[] Flat(MetaPolicy policy) => [.. policy.Parameters().SelectMany(p => p.ToFloatArray())];
}
