using MetaRL.Envs;
using MetaRL.Random;

namespace MetaRL.Learning.Meta;

/// <summary>The meta-learners by name: their options classes and how each is built for a family.</summary>
public static class MetaAlgorithms
{
    /// <summary>Names accepted by <c>--algo</c>.</summary>
    public static IReadOnlyList<string> Names { get; } = ["maml", "reptile", "rl2", "es"];

    /// <summary>A default options object for <paramref name="algo"/>.</summary>
    public static object CreateOptions(string algo) => algo switch
    {
        "maml" => new MamlOptions(),
        "reptile" => new ReptileOptions(),
        "es" => new MetaEsOptions(),
        "rl2" => new Rl2Options(),
        _ => throw new ConfigException($"unknown algo '{algo}'; valid: {string.Join(", ", Names)}"),
    };

    /// <summary>Checks an options object's ranges.</summary>
    public static void Validate(object options)
    {
        switch (options)
        {
            case MamlOptions m: m.Validate(); break;
            case ReptileOptions r: r.Validate(); break;
            case MetaEsOptions e: e.Validate(); break;
            case Rl2Options r: r.Validate(); break;
            default: throw new ArgumentException($"Unknown options type {options.GetType().Name}.");
        }
    }

    /// <summary>True for the learners adapted by gradient steps (tables over steps 0…K); false for RL²
    /// (tables over the episodes of a trial).</summary>
    public static bool IsGradientBased(string algo) => algo != "rl2";

    /// <summary>The hidden sizes of the policy network for a gradient-based learner's options.</summary>
    public static int[] Hidden(object options) => options is GradientMetaOptions g
        ? g.Hidden
        : throw new ArgumentException($"{options?.GetType().Name} has no MLP policy.");

    /// <summary>A fresh policy for a gradient-based learner, initialised from <paramref name="seed"/>.</summary>
    public static MlpPolicy CreatePolicy(MetaSetup setup, Env env, long seed)
    {
        ArgumentNullException.ThrowIfNull(setup);
        ArgumentNullException.ThrowIfNull(env);
        double initStd = setup.LearnerOptions is GradientMetaOptions g ? g.InitStd : 1.0;
        return new MlpPolicy(env.ObservationSpace.Size, env.ActionSpace, Hidden(setup.LearnerOptions), new Rng(seed), initStd);
    }

    /// <summary>Builds the learner for <paramref name="setup"/> (its network initialised from the run seed).</summary>
    public static MetaLearner CreateLearner(MetaSetup setup)
    {
        ArgumentNullException.ThrowIfNull(setup);
        long seed = setup.Run.Seed;
        long initSeed = SeedPath.Derive(seed, -1);
        switch (setup.LearnerOptions)
        {
            case Rl2Options r:
                return new Rl2(setup, r, seed);
            default:
                var pool = new EnvPool(setup.MakeEnv);
                var policy = CreatePolicy(setup, pool.Prototype, initSeed);
                return setup.LearnerOptions switch
                {
                    MamlOptions m => new Maml(policy, pool, m, seed),
                    ReptileOptions r => new Reptile(policy, pool, r, seed),
                    MetaEsOptions e => new MetaEs(policy, pool, e, seed),
                    _ => throw new ArgumentException("unreachable"),
                };
        }
    }
}
