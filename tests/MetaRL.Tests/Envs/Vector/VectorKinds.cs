using MetaRL.Envs;

namespace MetaRL.Tests.Envs;

/// <summary>The three vector environments over CartPole-v1, built alike, so one test covers each.</summary>
internal static class VectorKinds
{
    public static TheoryData<string> All => ["sync", "parallel", "batch"];

    public static Env CartPole(int maxSteps) =>
        EnvRegistry.Make("CartPole-v1", new Dictionary<string, string> { ["max_steps"] = maxSteps.ToString(System.Globalization.CultureInfo.InvariantCulture) });

    public static VectorEnv Make(string kind, int copies, int maxSteps, AutoresetMode mode) => kind switch
    {
        "sync" => new SyncVectorEnv(copies, () => CartPole(maxSteps), mode),
        "parallel" => new ParallelVectorEnv(copies, () => CartPole(maxSteps), mode, threads: 2),
        "batch" => new CartPoleBatch(copies, mode, maxEpisodeSteps: maxSteps),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}
