using MetaRL.Memory;

namespace MetaRL.Learning.Meta;

/// <summary>The recurrent cell of an RL² policy.</summary>
public enum RecurrentCell
{
    /// <summary>Gated recurrent unit (Cho et al., 2014), the paper's choice.</summary>
    Gru,

    /// <summary>Long short-term memory (Hochreiter and Schmidhuber, 1997): its additive cell state can keep counts.</summary>
    Lstm,

    /// <summary>
    /// An LSTM built to count (<see cref="Nn.LstmVariant.Counting"/>): layer-normalised projections, forget bias 1, a
    /// ReLU candidate and an unsquashed output h = o⊙c, after the cell of a public PPO reproduction of RL² on tabular MDPs.
    /// </summary>
    CountingLstm,
}

/// <summary>
/// Settings of RL² (Duan et al. 2016, "RL²: Fast Reinforcement Learning via Slow Reinforcement
/// Learning"): a recurrent (GRU or LSTM) policy over trials (the family's <c>episodes</c> setting gives the episodes per
/// trial), trained with recurrent PPO (Schulman et al. 2017) instead of the paper's TRPO. The PPO settings are
/// <see cref="PpoSettings"/>'s, with RL²'s own defaults for three of them: a learning rate of 0.001, a GAE λ of 0.3 (a
/// short GAE horizon; the critic carries the long-range credit) and no learning-rate annealing.
/// </summary>
public sealed class Rl2Options : PpoSettings
{
    public Rl2Options()
    {
        LearningRate = 1e-3;
        GaeLambda = 0.3;
        AnnealLr = false;
    }

    /// <summary>Trials (one task each) collected per iteration.</summary>
    /// <value>The default value is 64.</value>
    public int TrialsPerIteration { get; set; } = 64;

    /// <summary>Recurrent units (the paper's bandit and MDP policies used 256; the released code 128 for bandits).</summary>
    /// <value>The default value is 128.</value>
    public int HiddenSize { get; set; } = 128;

    /// <summary>
    /// The recurrent cell: <c>gru</c> (the paper's), <c>lstm</c> or <c>counting_lstm</c>. An LSTM's cell state is updated additively
    /// (c′ = f⊙c + i⊙g), which lets it keep running counts, such as the visits and reward sums a tabular MDP
    /// learner needs (Weiss et al. 2018, "On the Practical Computational Power of Finite Precision RNNs"); a
    /// public PPO reproduction of RL² on tabular MDPs used one, in a form close to <c>counting_lstm</c> (layer
    /// norms, ReLU candidate, h = o⊙c). An LSTM costs about half as much again as a GRU of the same width here, and its state
    /// is twice as wide (h then c).
    /// </summary>
    /// <value>The default value is <see cref="RecurrentCell.Gru"/>.</value>
    public RecurrentCell Cell { get; set; } = RecurrentCell.Gru;

    /// <summary>
    /// Give the value head its own recurrent trunk instead of sharing the policy's (the paper's baseline was a separate
    /// recurrent network): the value loss's gradient then cannot reshape the policy's memory. Doubles the
    /// recurrent compute.
    /// </summary>
    /// <value>The default value is false.</value>
    public bool SeparateCritic { get; set; }

    /// <summary>
    /// Append two time inputs to the trial observation: the fraction of the inner episode's time limit used and
    /// the fraction of the trial's episodes finished (time-aware inputs, Pardo et al. 2018). The paper fed only
    /// the observation, previous action, reward and done flag; with a fixed horizon the remaining time decides
    /// how much exploration is worth, and the GRU otherwise has to count it. Needs a family with a time limit.
    /// </summary>
    /// <value>The default value is false.</value>
    public bool TimeFeatures { get; set; }

    /// <summary>
    /// Factor on the rewards the critic and the advantages see (returns are reported unscaled). Long trials
    /// want it below 1: with 100 pulls the discounted return is about 40, and PPO's clipped value loss moves
    /// the critic at most <see cref="PpoSettings.ClipCoef"/> per update, while the value gradient swamps the policy's
    /// under the global norm clip. 0.1 brings the values to the scale of a 10-pull trial.
    /// </summary>
    /// <value>The default value is 1.</value>
    public double RewardScale { get; set; } = 1.0;

    /// <summary>
    /// Weight of a task-inference (belief) auxiliary loss: a linear head reads the policy's recurrent features at the
    /// first step of each inner episode after the first (when a trial is one episode, as a bandit's is, at every step
    /// after the first) and is trained, by
    /// mean squared error, to predict the trial's task parameters (Humplik et al. 2019, "Meta
    /// reinforcement learning as task inference"). The error is least when the prediction is the posterior mean of the
    /// parameters given the trial so far, so the loss asks the memory to keep the statistics a Bayes-adaptive agent
    /// needs (reward means, transition counts) instead of waiting for the policy gradient to discover them. Training
    /// only: the policy never sees the parameters, and acting is unchanged. Needs a family whose tasks describe
    /// themselves as numbers (<c>TabularMDP-v0</c>: reward means and transition probabilities; <c>Bandit-v0</c>: arm
    /// means; <c>PointNav2D-v0</c>: the goal). 0 is plain RL².
    /// </summary>
    /// <value>The default value is 0.</value>
    public double BeliefCoef { get; set; }

    /// <summary>
    /// Give the value function the task's parameters as well (an asymmetric critic, Pinto et al. 2018, "Asymmetric Actor
    /// Critic for Image-Based Robot Learning"): the value is the usual head on the memory plus a small MLP (64 tanh
    /// units) of the parameters, so the part of a trial's return owed to the task itself is known from its first step
    /// and no longer counts as the policy's luck in the advantages. Training only: the policy never sees the
    /// parameters. Needs a family whose tasks describe themselves as numbers, as <see cref="BeliefCoef"/> does.
    /// </summary>
    /// <value>The default value is false.</value>
    public bool PrivilegedCritic { get; set; }

    /// <summary>
    /// Width of a hidden layer added to the policy and value heads (0: linear heads on the memory, as in the paper). Each
    /// head becomes its linear map plus a residual one-hidden-layer tanh MLP of the recurrent features, whose output
    /// layer starts at zero, so the policy starts out acting exactly as the linear heads alone would. The MLP gives the
    /// step from "what the memory holds" to "what to do" (on a tabular MDP: planning in the inferred model) capacity of
    /// its own, without widening the recurrence, whose cost grows with the square of its width. With
    /// <see cref="MetaTrainOptions.InitFrom"/> it grows a trained linear-head policy without changing what it does.
    /// </summary>
    /// <value>The default value is 0.</value>
    public int HeadHidden { get; set; }

    /// <summary>
    /// Anneal the entropy bonus linearly from <see cref="PpoSettings.EntCoef"/> to 0 over the run's iterations (an entropy
    /// schedule as RLlib's <c>entropy_coeff_schedule</c> offers): exploration is paid for early, while the
    /// in-context strategy forms, and not taxed once it has.
    /// </summary>
    /// <value>The default value is false.</value>
    public bool AnnealEntCoef { get; set; }

    /// <summary>Threads for collecting trials (0: all cores).</summary>
    /// <value>The default value is 0.</value>
    public int Parallelism { get; set; }

    /// <summary>Cap on a trial's length in steps.</summary>
    /// <value>The default value is 100000.</value>
    public int MaxTrialSteps { get; set; } = 100_000;

    /// <inheritdoc />
    /// <remarks>The recurrent trunk (two with separate_critic) over the trial inputs (at least the observation, reward and done
    /// flag), the linear heads and head_hidden MLPs; and every step of each of trials_per_iteration trials (the family's
    /// episodes × steps per episode, at most max_trial_steps), each holding its rollout numbers and the recurrent state and
    /// gates that backpropagation through time keeps (4 × hidden_size for a GRU, 6 × for an LSTM, per trunk).</remarks>
    public override MemoryEstimate EstimateMemory(ModelShape shape)
    {
        double h = HiddenSize, inputs = shape.Observations + 2;
        double trunk = Cell == RecurrentCell.Gru ? MemoryEstimate.Gru(inputs, h) : MemoryEstimate.Lstm(inputs, h);
        double parameters = trunk * (SeparateCritic ? 2 : 1) + (h + 1) * (shape.Actions + 1);
        var estimate = new MemoryEstimate().Parameters("hidden_size", parameters, 4, AdamCopies);
        if (HeadHidden > 0)
        {
            estimate.Parameters("head_hidden", MemoryEstimate.Mlp(h, [HeadHidden], shape.Actions) + MemoryEstimate.Mlp(h, [HeadHidden], 1), 4, AdamCopies);
        }
        bool capped = shape.TrialSteps > MaxTrialSteps;
        double steps = Math.Max(1, Math.Min(shape.TrialSteps, MaxTrialSteps));
        string key = capped ? "trials_per_iteration × max_trial_steps" : shape.TrialKey.Length > 0 ? $"trials_per_iteration × {shape.TrialKey}" : "trials_per_iteration";
        double recurrent = (Cell == RecurrentCell.Gru ? 4 : 6) * h * (SeparateCritic ? 2 : 1);
        return estimate.Buffer(key, "the iteration's trial steps", TrialsPerIteration * steps, RolloutFloats(shape) + recurrent);
    }

    /// <summary>Rejects settings out of range.</summary>
    public override void Validate()
    {
        if (TrialsPerIteration < 1) { throw new ConfigException("trials_per_iteration must be at least 1"); }
        if (HiddenSize < 1) { throw new ConfigException("hidden_size must be at least 1"); }
        if (HeadHidden < 0) { throw new ConfigException("head_hidden must be at least 0"); }
        if (!(LearningRate > 0)) { throw new ConfigException("learning_rate must be positive"); }
        if (!(RewardScale > 0)) { throw new ConfigException("reward_scale must be positive"); }
        if (!(EntCoef >= 0) || double.IsInfinity(EntCoef)) { throw new ConfigException("ent_coef must be finite and at least 0"); }
        if (!(BeliefCoef >= 0) || double.IsInfinity(BeliefCoef)) { throw new ConfigException("belief_coef must be finite and at least 0"); }
        if (Gamma is < 0 or > 1) { throw new ConfigException("gamma must be in [0, 1]"); }
        if (GaeLambda is < 0 or > 1) { throw new ConfigException("gae_lambda must be in [0, 1]"); }
        if (UpdateEpochs < 1) { throw new ConfigException("update_epochs must be at least 1"); }
        if (NumMinibatches < 1 || NumMinibatches > TrialsPerIteration) { throw new ConfigException("num_minibatches must be in [1, trials_per_iteration]"); }
    }
}
