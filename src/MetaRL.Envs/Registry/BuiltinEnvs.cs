namespace MetaRL.Envs;

/// <summary>The ids MetaRL ships, with their settings and defaults.</summary>
internal static class BuiltinEnvs
{
    public static IEnumerable<EnvSpec> All()
    {
        yield return new EnvSpec("CartPole-v1",
            "Cart-pole balancing, numerically Gymnasium's CartPole-v1 (obs Box(4), actions Discrete(2), +1 per step, truncated at 500).",
            [new("max_steps", "500", "time limit (steps per episode)")],
            s => new TimeLimit(new CartPole(), s.Int("max_steps", 1)));
        yield return new EnvSpec("Pendulum-v1",
            "Inverted pendulum swing-up, numerically Gymnasium's Pendulum-v1 (obs Box(3) cos θ, sin θ, θ̇; torque Box(1) in [-2, 2]; truncated at 200).",
            [new("max_steps", "200", "time limit (steps per episode)")],
            s => new TimeLimit(new Pendulum(), s.Int("max_steps", 1)));
    }
}
