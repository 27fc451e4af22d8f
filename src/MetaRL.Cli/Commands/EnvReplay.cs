namespace MetaRL.Cli.Commands;

/// <summary>Steps an environment from a given internal state through given actions: the trajectory
/// <c>metarl envs replay</c> prints.</summary>
internal static class EnvReplay
{
    /// <summary>One step: the observation after it (a copy) and its result.</summary>
    public readonly record struct Step(float[] Observation, StepResult Result);

    /// <summary>
    /// Resets <paramref name="env"/> with seed 0, sets <paramref name="state"/> through <paramref name="stateful"/>
    /// (the same environment's state view), then applies <paramref name="actions"/> in order. Stops at the step
    /// that ends the episode, so fewer steps than actions means the rest were not applied.
    /// </summary>
    public static IReadOnlyList<Step> Run(Env env, IStatefulEnv stateful, double[] state, float[][] actions)
    {
        var obs = env.NewObservation();
        env.Reset(obs, 0);
        stateful.SetState(state, obs);
        var steps = new List<Step>(actions.Length);
        foreach (var action in actions)
        {
            var r = env.Step(action, obs);
            steps.Add(new Step((float[])obs.Clone(), r));
            if (r.Done) { break; }
        }
        return steps;
    }
}
