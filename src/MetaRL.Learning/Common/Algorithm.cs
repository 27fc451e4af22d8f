namespace MetaRL.Learning;

/// <summary>Why a training loop returned.</summary>
public enum TrainOutcome
{
    /// <summary>The step budget was used up.</summary>
    Completed,

    /// <summary>Cancelled (Ctrl-C) or stopped at <see cref="TrainContext.StopAtStep"/>: resumable.</summary>
    Interrupted,

    /// <summary>Ended for good by <see cref="TrainContext.EarlyStopping"/> (a pruned tuning trial): abandoned, not resumed.</summary>
    Pruned,
}

/// <summary>
/// The shared shell of every RL algorithm (Stable-Baselines3's <c>learn</c>): a loop of iterations —
/// collect experience, update — until the step budget is spent or the run is interrupted, with the
/// state that makes a checkpoint resume exactly: model, optimizer, generator, counters, episode log, the
/// environment action log (replayed on resume) and whatever the algorithm adds.
/// </summary>
public abstract class Algorithm
{
    protected Algorithm(EnvBatch envs, Rng rng, long totalSteps)
    {
        Envs = envs;
        Rng = rng;
        TotalSteps = totalSteps;
    }

    /// <summary>Environment steps taken so far (summed over sub-environments).</summary>
    public long GlobalStep { get; protected set; }

    /// <summary>The step budget (<see cref="IAlgorithmOptions.Budget"/>).</summary>
    public long TotalSteps { get; }

    /// <summary>Checks <paramref name="options"/> and returns their step budget: what a constructor passes to this one
    /// before it builds anything from the options.</summary>
    protected static long ValidatedBudget(IAlgorithmOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return options.Budget.Amount;
    }

    /// <summary>Updates performed so far (iterations for on-policy methods).</summary>
    public long Iteration { get; protected set; }

    public EnvBatch Envs { get; }

    public EpisodeLog Episodes { get; } = new();

    /// <summary>The generator for every random choice of the algorithm.</summary>
    protected Rng Rng { get; }

    /// <summary>The trained network (or table) whose parameters are checkpointed as the model.</summary>
    public abstract Module Model { get; }

    /// <summary>The optimizer, if any.</summary>
    public abstract Optimizer? Optimizer { get; }

    /// <summary>Greedy/deterministic action for one observation (evaluation).</summary>
    public abstract void ActGreedy(ReadOnlySpan<float> observation, Span<float> action);

    /// <summary>One collect-and-update cycle; must advance <see cref="GlobalStep"/>.</summary>
    protected abstract void Iterate(TrainContext context);

    /// <summary>Runs until the budget is spent or the context asks to stop.</summary>
    public TrainOutcome Train(TrainContext context)
    {
        while (GlobalStep < TotalSteps)
        {
            if (context.Cancellation.IsCancellationRequested || (context.StopAtStep is { } stop && GlobalStep >= stop))
            {
                return TrainOutcome.Interrupted;
            }
            Iterate(context);
            Iteration++;
            if (context.EarlyStopping?.ShouldStop(this, context) == true) { return TrainOutcome.Pruned; }
            context.AfterIteration?.Invoke(this);
        }
        return TrainOutcome.Completed;
    }

    /// <summary>Logs the episodes finished in the last environment step.</summary>
    protected void RecordEpisodes(TrainContext context)
    {
        foreach (var e in Envs.Finished)
        {
            Episodes.Add(e.Return);
            double wall = context.WallSeconds;
            context.Sink.Add("episode/return", GlobalStep, e.Return, wall);
            context.Sink.Add("episode/length", GlobalStep, e.Length, wall);
        }
    }

    /// <summary>One gradient step on <paramref name="loss"/>: gradients zeroed, back-propagated, clipped to a global norm of
    /// <paramref name="maxGradNorm"/> and applied; then the loss and the parameters are checked (<see cref="CheckFinite"/>).</summary>
    protected void GradientStep(Optimizer optimizer, Tensor loss, double maxGradNorm)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(loss);
        optimizer.ZeroGrad();
        loss.Backward();
        GradClip.ClipGradNorm(optimizer.Parameters, maxGradNorm);
        optimizer.Step();
        CheckFinite(loss.Item(), "loss");
    }

    /// <summary>Throws <see cref="NonFiniteTrainingException"/> naming the first parameter holding NaN/Inf.</summary>
    protected void CheckFinite(double loss, string lossName)
    {
        FiniteCheck.Value(loss, lossName, GlobalStep);
        FiniteCheck.Parameters(Model, GlobalStep);
    }

    /// <summary>Everything besides model and optimizer that a checkpoint must hold.</summary>
    public Dictionary<string, Tensor> TrainerState()
    {
        var state = new Dictionary<string, Tensor>
        {
            ["counters"] = Tensor.FromArray(new[] { GlobalStep, Iteration }, 2),
            ["rng"] = Tensor.FromArray(Rng.GetState().Select(x => unchecked((long)x)).ToArray(), 4),
            ["env.actions"] = Tensor.FromArray(Envs.ActionLog.Count == 0 ? [0f] : Envs.ActionLog.ToArray(), Math.Max(1, Envs.ActionLog.Count)),
            ["env.actions_count"] = Tensor.FromArray(new[] { (long)Envs.ActionLog.Count }, 1),
        };
        Episodes.Save(state);
        SaveExtra(state);
        return state;
    }

    /// <summary>Restores <see cref="TrainerState"/> into an algorithm freshly built with the same config and seed.</summary>
    public void LoadTrainerState(IReadOnlyDictionary<string, Tensor> state)
    {
        GlobalStep = (long)state["counters"][0];
        Iteration = (long)state["counters"][1];
        Rng.SetState(state["rng"].Data<long>().ToArray().Select(x => unchecked((ulong)x)).ToArray());
        int count = (int)state["env.actions_count"][0];
        Envs.Replay(state["env.actions"].F32[..count]);
        Episodes.Load(state);
        LoadExtra(state);
    }

    /// <summary>Restores from a checkpoint's trainer state what greedy evaluation needs besides the model
    /// (e.g. observation statistics); the default needs nothing.</summary>
    public virtual void LoadEvaluationState(IReadOnlyDictionary<string, Tensor> state) { }

    /// <summary>Adds algorithm-specific state (replay buffers, target networks, carried observations).</summary>
    protected virtual void SaveExtra(IDictionary<string, Tensor> state) { }

    protected virtual void LoadExtra(IReadOnlyDictionary<string, Tensor> state) { }
}
