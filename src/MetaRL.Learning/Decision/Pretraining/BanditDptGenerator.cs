using MetaRL.Envs;
using MetaRL.Random;

namespace MetaRL.Learning.Decision;

/// <summary>
/// Generates DPT rows for the Bernoulli bandit family in memory (Lee et al. 2023, §5.1): per task drawn from the family,
/// a context of pulls by a behaviour policy (<see cref="ContextBehaviour"/>) through the family's own environment, the
/// (empty) query observation, and the best arm as the label. Everything is drawn from the one generator given.
/// </summary>
public static class BanditDptGenerator
{
    /// <summary>True when <paramref name="env"/> is a bandit family this generator labels.</summary>
    public static bool Handles(Env env) => env?.Find<BernoulliBandit>() is not null;

    /// <summary><paramref name="tasks"/> rows of <paramref name="context"/> pulls on tasks of <paramref name="env"/>'s family.</summary>
    public static DptSamples Generate(Env env, int tasks, int context, ContextBehaviour behaviour, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(env);
        ArgumentNullException.ThrowIfNull(rng);
        var bandit = env.Find<BernoulliBandit>() ?? throw new ArgumentException($"{env.Id} is not a Bernoulli bandit family.", nameof(env));
        var family = env.Find<ITaskEnv>()!;
        int arms = bandit.Arms, o = env.ObservationSpace.Size;
        var layout = new TokenLayout(o, arms);
        var observations = new float[tasks * context * o];
        var next = new float[tasks * context * o];
        var actions = new int[tasks * context];
        var rewards = new float[tasks * context];
        var queries = new float[tasks * o];
        var labels = new int[tasks];
        var probabilities = new double[arms];
        var obs = env.NewObservation();
        for (int i = 0; i < tasks; i++)
        {
            var task = (BanditTask)family.SampleTask(rng);
            family.SetTask(task);
            env.Reset(obs, (long)rng.NextULong());
            obs.CopyTo(queries, i * o);
            Behaviour(behaviour, rng, probabilities);
            for (int t = 0; t < context; t++)
            {
                int k = i * context + t;
                obs.CopyTo(observations, k * o);
                int a = Draw(probabilities, rng);
                var step = env.Step(a, obs);
                actions[k] = a;
                rewards[k] = (float)step.Reward;
                obs.CopyTo(next, k * o);
                if (step.Done) { env.Reset(obs); }
            }
            labels[i] = BestArm(task);
        }
        return new DptSamples(layout, context, observations, actions, rewards, next, queries, labels);
    }

    /// <summary>The arm with the largest mean (the first of equals).</summary>
    public static int BestArm(BanditTask task)
    {
        ArgumentNullException.ThrowIfNull(task);
        int best = 0;
        for (int a = 1; a < task.Arms; a++) { if (task.Means[a] > task.Means[best]) { best = a; } }
        return best;
    }

    private static void Behaviour(ContextBehaviour behaviour, Rng rng, double[] p)
    {
        double sum = 0;
        for (int a = 0; a < p.Length; a++)
        {
            p[a] = behaviour == ContextBehaviour.Dirichlet ? rng.Gamma(1.0) : 1.0; // Dirichlet(1, …, 1) = normalised Gamma(1) draws
            sum += p[a];
        }
        for (int a = 0; a < p.Length; a++) { p[a] /= sum; }
    }

    private static int Draw(double[] p, Rng rng)
    {
        double u = rng.NextDouble();
        for (int a = 0; a < p.Length - 1; a++)
        {
            u -= p[a];
            if (u < 0) { return a; }
        }
        return p.Length - 1;
    }
}
