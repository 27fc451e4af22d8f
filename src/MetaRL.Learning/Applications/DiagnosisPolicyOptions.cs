namespace MetaRL.Learning.Applications;

/// <summary>
/// Budgets and PPO settings of the Diagnosis-v0 policies (<see cref="DiagnosisPolicies"/>): a policy pretrained
/// across hospitals and then fine-tuned on each held-out hospital (adaptation by a few PPO updates, as the multi-task
/// pretraining + fine-tuning baseline of meta-RL papers, e.g. Finn et al. 2017's "pretrained" comparison), and a policy
/// trained for one hospital with the pretraining budget. PPO is Schulman et al. (2017) with CleanRL's defaults except
/// where stated; observations are normalised (running mean and variance), which PPO needed here to learn at all.
/// </summary>
public sealed class DiagnosisPolicyOptions
{
    /// <summary>Environment steps of pretraining across hospitals (and of the one-hospital policy).
    /// <value>The default value is 500,000.</value></summary>
    public long PretrainSteps { get; set; } = 500_000;

    /// <summary>Environment steps of fine-tuning on one held-out hospital. <value>The default value is 50,000.</value></summary>
    public long AdaptSteps { get; set; } = 50_000;

    /// <summary>Parallel environments. <value>The default value is 8.</value></summary>
    public int NumEnvs { get; set; } = 8;

    /// <summary>Steps per environment per rollout. <value>The default value is 128.</value></summary>
    public int NumSteps { get; set; } = 128;

    /// <summary>Hidden layer sizes of the actor-critic MLP. <value>The default value is [64, 64].</value></summary>
    public int[] Hidden { get; set; } = [64, 64];

    /// <summary>Adam's learning rate in pretraining (annealed to 0; CleanRL's 2.5e-4 learned a third as fast here).
    /// <value>The default value is 1e-3.</value></summary>
    public double LearningRate { get; set; } = 1e-3;

    /// <summary>Adam's learning rate in fine-tuning (annealed to 0). <value>The default value is 3e-4.</value></summary>
    public double AdaptLearningRate { get; set; } = 3e-4;

    /// <summary>Entropy bonus. <value>The default value is 0.01 (CleanRL's).</value></summary>
    public double EntCoef { get; set; } = 0.01;

    /// <summary>Whether the policies see the <see cref="MetaRL.Envs.Medical.DiagnosisPosterior"/> log-odds beside the tests
    /// (Diagnosis-v0's <c>posterior=1</c>). <value>The default value is true.</value></summary>
    public bool Posterior { get; set; } = true;

    /// <summary>Discount: episodes are a handful of steps whose costs all count. <value>The default value is 1.</value></summary>
    public double Gamma { get; set; } = 1.0;

    /// <summary>Checks the settings.</summary>
    public void Validate()
    {
        if (PretrainSteps < 1 || AdaptSteps < 0) { throw new ArgumentException("Diagnosis policy budgets must be positive (adaptation may be 0)."); }
        if (NumEnvs < 1 || NumSteps < 1) { throw new ArgumentException("num_envs and num_steps must be at least 1."); }
        if (!(LearningRate > 0) || !(AdaptLearningRate > 0)) { throw new ArgumentException("Learning rates must be positive."); }
    }

    internal PpoOptions Ppo(long steps, double learningRate) => new()
    {
        TotalSteps = Math.Max(steps, (long)NumEnvs * NumSteps),
        NumEnvs = NumEnvs,
        NumSteps = NumSteps,
        Hidden = Hidden,
        LearningRate = learningRate,
        EntCoef = EntCoef,
        NormObs = true,
        Gamma = Gamma,
        NormReward = true,
    };
}
