namespace MetaRL.Envs;

/// <summary>
/// Stable-Baselines3-style environment checker that any environment, user-written ones included, can be
/// run through: spaces are well formed and their samples lie inside them; reset and step write
/// observations of the right size inside the observation space; rewards are finite; episodes can be
/// reset after they end; and seeding is deterministic (a seed given once fixes the whole sequence of
/// episodes, as in Gymnasium). Random actions come from an explicit generator.
/// </summary>
public static class EnvChecker
{
    /// <summary>Runs every check; <paramref name="steps"/> random steps are taken per pass.</summary>
    public static IReadOnlyList<CheckResult> Check(Env env, long seed = 0, int steps = 600)
    {
        ArgumentNullException.ThrowIfNull(env);
        var results = new List<CheckResult>();
        results.Add(Run("spaces", () => CheckSpaces(env, seed)));
        results.Add(Run("reset", () => CheckReset(env, seed)));
        results.Add(Run("step", () => CheckSteps(env, seed, steps)));
        results.Add(Run("seeding", () => CheckSeeding(env, seed, steps)));
        return results;
    }

    private static CheckResult Run(string name, Func<string?> check)
    {
        try
        {
            string? problem = check();
            return new CheckResult(name, problem is null, problem ?? "ok");
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return new CheckResult(name, false, $"threw {ex.GetType().Name}: {ex.Message}");
        }
    }

    private static string? CheckSpaces(Env env, long seed)
    {
        if (env.ObservationSpace is null || env.ActionSpace is null) { return "a space is null"; }
        if (env.ObservationSpace.Size <= 0 || env.ActionSpace.Size <= 0) { return "a space has size 0"; }
        var rng = new Rng(seed);
        var a = new float[env.ActionSpace.Size];
        var o = new float[env.ObservationSpace.Size];
        for (int i = 0; i < 50; i++)
        {
            env.ActionSpace.Sample(rng, a);
            if (!env.ActionSpace.Contains(a)) { return $"action space sample [{Fmt(a)}] is not inside {env.ActionSpace}"; }
            env.ObservationSpace.Sample(rng, o);
            if (!env.ObservationSpace.Contains(o)) { return $"observation space sample [{Fmt(o)}] is not inside {env.ObservationSpace}"; }
        }
        return null;
    }

    private static string? CheckReset(Env env, long seed)
    {
        var obs = Poisoned(env.ObservationSpace.Size + 1);
        env.Reset(obs.AsSpan(0, obs.Length - 1), seed);
        if (!float.IsNaN(obs[^1])) { return "reset wrote past the observation size"; }
        return InSpace(env, obs.AsSpan(0, obs.Length - 1), "reset");
    }

    private static string? CheckSteps(Env env, long seed, int steps)
    {
        var rng = new Rng(seed + 1);
        int n = env.ObservationSpace.Size;
        var obs = Poisoned(n + 1);
        var a = new float[env.ActionSpace.Size];
        env.Reset(obs.AsSpan(0, n), seed);
        int episodes = 0;
        for (int t = 0; t < steps; t++)
        {
            env.ActionSpace.Sample(rng, a);
            obs.AsSpan(0, n).Fill(float.NaN);
            var r = env.Step(a, obs.AsSpan(0, n));
            if (!float.IsNaN(obs[^1])) { return "step wrote past the observation size"; }
            if (InSpace(env, obs.AsSpan(0, n), $"step {t}") is { } bad) { return bad; }
            if (!double.IsFinite(r.Reward)) { return $"step {t} returned a non-finite reward {r.Reward}"; }
            if (r.Done)
            {
                episodes++;
                env.Reset(obs.AsSpan(0, n));
                if (InSpace(env, obs.AsSpan(0, n), "reset after an episode") is { } bad2) { return bad2; }
            }
        }
        return null;
    }

    private static string? CheckSeeding(Env env, long seed, int steps)
    {
        var first = Trace(env, seed, steps);
        var second = Trace(env, seed, steps);
        if (first.Count != second.Count) { return "the same seed gave traces of different lengths"; }
        for (int i = 0; i < first.Count; i++)
        {
            if (first[i] != second[i] && !(double.IsNaN(first[i]) && double.IsNaN(second[i])))
            {
                return $"the same seed gave different values at position {i} ({first[i]} vs {second[i]})";
            }
        }
        return null;
    }

    /// <summary>Observations, rewards and flags of a seeded run across several episodes (unseeded resets after the first).</summary>
    private static List<double> Trace(Env env, long seed, int steps)
    {
        var rng = new Rng(seed + 2);
        var obs = new float[env.ObservationSpace.Size];
        var a = new float[env.ActionSpace.Size];
        var trace = new List<double>();
        env.Reset(obs, seed);
        foreach (var v in obs) { trace.Add(v); }
        for (int t = 0; t < steps; t++)
        {
            env.ActionSpace.Sample(rng, a);
            var r = env.Step(a, obs);
            foreach (var v in obs) { trace.Add(v); }
            trace.Add(r.Reward);
            trace.Add(r.Terminated ? 1 : 0);
            trace.Add(r.Truncated ? 1 : 0);
            if (r.Done)
            {
                env.Reset(obs);
                foreach (var v in obs) { trace.Add(v); }
            }
        }
        return trace;
    }

    private static string? InSpace(Env env, ReadOnlySpan<float> obs, string where) =>
        env.ObservationSpace.Contains(obs) ? null : $"{where}: observation [{Fmt(obs)}] is not inside {env.ObservationSpace}";

    private static float[] Poisoned(int n)
    {
        var a = new float[n];
        Array.Fill(a, float.NaN);
        return a;
    }

    private static string Fmt(ReadOnlySpan<float> v)
    {
        var parts = new string[Math.Min(v.Length, 8)];
        for (int i = 0; i < parts.Length; i++) { parts[i] = v[i].ToString("G6", System.Globalization.CultureInfo.InvariantCulture); }
        return string.Join(", ", parts) + (v.Length > 8 ? ", …" : "");
    }
}
