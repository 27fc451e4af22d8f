using MetaRL.Statistics;

namespace MetaRL.Learning;

/// <summary>Returns of greedy evaluation episodes with their mean and a normal-approximation 95% interval.</summary>
public sealed record EvaluationResult(double[] Returns, double Mean, double Std, double Ci95Low, double Ci95High)
{
    public int Episodes => Returns.Length;
}

/// <summary>Runs a trained algorithm's greedy/deterministic policy for whole episodes.</summary>
public static class Evaluation
{
    /// <summary>Plays <paramref name="episodes"/> episodes on one environment seeded once with <paramref name="seed"/>;
    /// <paramref name="onStep"/>, when given, sees each step's index within its episode, the observation and the (clipped)
    /// action taken there before the step (both buffers are reused: copy what must be kept).</summary>
    public static EvaluationResult Run(Algorithm algorithm, Env env, int episodes, long seed, int maxStepsPerEpisode = 1_000_000, Action<int, float[], float[]>? onStep = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(episodes);
        var obs = env.NewObservation();
        var action = new float[env.ActionSpace.Size];
        var returns = new double[episodes];
        for (int e = 0; e < episodes; e++)
        {
            env.Reset(obs, e == 0 ? seed : null);
            (algorithm as IRecurrentActor)?.ResetState();
            double total = 0;
            for (int t = 0; t < maxStepsPerEpisode; t++)
            {
                algorithm.ActGreedy(obs, action);
                (env.ActionSpace as Box)?.Clip(action);
                onStep?.Invoke(t, obs, action);
                var r = env.Step(action, obs);
                total += r.Reward;
                if (r.Done) { break; }
            }
            returns[e] = total;
        }
        return Summarize(returns);
    }

    /// <summary>Mean, sample std and mean ± 1.96·std/√n.</summary>
    public static EvaluationResult Summarize(double[] returns)
    {
        var m = MeanInterval.Of(returns);
        return new EvaluationResult(returns, m.Mean, m.Std, m.Low, m.High);
    }
}
