using MetaRL.Envs.Medical;

namespace MetaRL.Learning.Applications;

/// <summary>A trained Diagnosis-v0 policy and its learning curve (mean return of the recent episodes by step).</summary>
public sealed record DiagnosisPolicy(Ppo Learner, IReadOnlyList<(long Step, double Return)> Curve);

/// <summary>
/// Trains and scores PPO policies for Diagnosis-v0 on one cross-validation fold: patients of the fold's training rows
/// for training, every held-out row once for scoring (greedy actions), so the figures compare with the baselines'
/// (<see cref="DiagnosisBaselines"/>) on the same folds.
/// </summary>
public static class DiagnosisPolicies
{
    /// <summary>Trains on the fold's training rows: with <paramref name="hospital"/> null every episode is a fresh
    /// hospital of <paramref name="hospitals"/> (pretraining across hospitals), else that hospital only; from
    /// <paramref name="start"/>'s weights when given (fine-tuning), else from scratch.</summary>
    public static DiagnosisPolicy Train(DiagnosisData data, DiagnosisHospitals hospitals, int folds, int fold, long splitSeed, DiagnosisTask? hospital,
        DiagnosisPolicyOptions options, long seed, Ppo? start = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var envs = new Env[options.NumEnvs];
        for (int i = 0; i < envs.Length; i++)
        {
            var env = new Diagnosis(data, hospitals, folds, fold, DiagnosisPart.Train, splitSeed, posterior: options.Posterior);
            if (hospital is not null) { env.SetTask(hospital); }
            envs[i] = env;
        }
        bool adapting = start is not null;
        var ppoOptions = options.Ppo(adapting ? options.AdaptSteps : options.PretrainSteps, adapting ? options.AdaptLearningRate : options.LearningRate);
        var ppo = new Ppo(new EnvBatch(envs, seed), ppoOptions, new Rng(seed + 1));
        if (start is not null) { ppo.Policy.CopyParametersFrom(start.Policy); }
        var curve = new List<(long, double)>();
        ppo.Train(new TrainContext(new CompositeSink())
        {
            AfterIteration = a => curve.Add((a.GlobalStep, a.Episodes.MeanOfLast(EpisodeLog.Window))),
        });
        return new DiagnosisPolicy(ppo, curve);
    }

    /// <summary>Scores <paramref name="learner"/>'s greedy policy on every held-out row of the fold for <paramref name="hospital"/>.</summary>
    public static DiagnosisMetrics Evaluate(Algorithm learner, DiagnosisData data, int folds, int fold, long splitSeed, DiagnosisTask hospital, bool posterior)
    {
        ArgumentNullException.ThrowIfNull(learner);
        ArgumentNullException.ThrowIfNull(hospital);
        var env = new Diagnosis(data, new DiagnosisHospitals(), folds, fold, DiagnosisPart.Test, splitSeed, posterior: posterior);
        env.SetTask(hospital);
        var obs = env.NewObservation();
        env.Reset(obs, 0);
        Span<float> action = stackalloc float[1];
        var metrics = new DiagnosisMetrics();
        foreach (int row in env.Rows)
        {
            env.ResetPatient(row, obs);
            double cost = 0;
            while (true)
            {
                learner.ActGreedy(obs, action);
                var step = env.Step(action, obs);
                cost -= step.Reward;
                if (step.Done) { break; }
            }
            metrics.Add(new DiagnosisOutcome(env.IsMalignant, env.Verdict ?? !env.IsMalignant, env.TestsOrdered, cost));
        }
        return metrics;
    }
}
