using MetaRL.Distributions;

namespace MetaRL.Learning.Meta;

/// <summary>
/// RL²'s recurrent policy: a GRU (or an LSTM) over the trial observation (observation, previous action,
/// previous reward, done flag), with a linear policy head (categorical logits or a Gaussian mean with a learned
/// log std) and a linear value head on the hidden output h. Heads are orthogonally initialised (gains 0.01
/// and 1); the recurrent trunk keeps PyTorch's default init. The recurrent state is one tensor [B,
/// <see cref="StateSize"/>]: h for a GRU, [h | c] for an LSTM. With a separate critic (the paper's baseline was
/// its own recurrent network) a second trunk feeds the value head; the state is then the two trunks' states side
/// by side, [actor | critic], so samplers carry it unchanged. Two optional parts serve training only: a belief head (a
/// linear map from the actor's features to the task's parameters) and a privileged critic (an MLP of the task's
/// parameters whose output <see cref="TaskValue"/> adds to <see cref="Value"/>). With a head width above 0 each head also
/// adds a residual tanh MLP of the features (one hidden layer, output layer zero-initialised, so a new policy acts as its
/// linear heads do until training moves it).
/// </summary>
public sealed class Rl2Policy : RecurrentActorCritic
{
    private readonly Module _trunk;
    private readonly Linear _actor;
    private readonly Linear _critic;
    private readonly Module? _criticTrunk;
    private readonly Linear? _belief;
    private readonly Sequential? _taskCritic;
    private readonly Tensor? _logStd;
    private readonly Sequential? _actorMlp;
    private readonly Sequential? _criticMlp;

    public Rl2Policy(int observationSize, Space actionSpace, int hiddenSize, Rng rng, bool separateCritic = false, RecurrentCell cell = RecurrentCell.Gru, int beliefSize = 0, int taskCriticInputs = 0, int headHidden = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(beliefSize);
        ArgumentOutOfRangeException.ThrowIfNegative(headHidden);
        ArgumentOutOfRangeException.ThrowIfNegative(taskCriticInputs);
        ArgumentNullException.ThrowIfNull(rng);
        ArgumentNullException.ThrowIfNull(actionSpace);
        Head = ActionHead.For(actionSpace);
        int outputs = Head.Outputs;
        ObservationSize = observationSize;
        HiddenSize = hiddenSize;
        Cell = cell;
        _trunk = MakeTrunk(cell, "", observationSize, hiddenSize, rng);
        _actor = RegisterModule("actor", Init.OrthogonalLayer(new Linear(hiddenSize, outputs, rng), 0.01, rng));
        _critic = RegisterModule("critic", Init.OrthogonalLayer(new Linear(hiddenSize, 1, rng), 1.0, rng));
        if (!IsDiscrete) { _logStd = RegisterParameter("log_std", Tensor.Zeros([outputs])); }
        if (separateCritic) { _criticTrunk = MakeTrunk(cell, "critic_", observationSize, hiddenSize, rng); }
        if (beliefSize > 0) { _belief = RegisterModule("belief", new Linear(hiddenSize, beliefSize, rng)); }
        if (taskCriticInputs > 0)
        {
            _taskCritic = RegisterModule("critic_task", Init.OrthogonalMlp(Mlp.Create([taskCriticInputs, 64, 1], Activation.Tanh, rng), Math.Sqrt(2), 1.0, rng));
        }
        if (headHidden > 0)
        {
            _actorMlp = RegisterModule("actor_mlp", Init.OrthogonalMlp(Mlp.Create([hiddenSize, headHidden, outputs], Activation.Tanh, rng), Math.Sqrt(2), 0.0, rng));
            _criticMlp = RegisterModule("critic_mlp", Init.OrthogonalMlp(Mlp.Create([hiddenSize, headHidden, 1], Activation.Tanh, rng), Math.Sqrt(2), 0.0, rng));
        }
    }

    /// <inheritdoc />
    public override int ObservationSize { get; }

    public int HiddenSize { get; }

    /// <inheritdoc />
    public override ActionHead Head { get; }

    /// <summary>The actor's recurrent trunk (a <see cref="Gru"/> or an <see cref="Lstm"/>); with a separate critic also the value head's.</summary>
    public Module Trunk => _trunk;

    /// <summary>The value head's own recurrent trunk, or null when it shares <see cref="Trunk"/>.</summary>
    public Module? CriticTrunk => _criticTrunk;

    /// <summary>The linear policy head and the linear value head on the features.</summary>
    public (Linear Actor, Linear Critic) LinearHeads => (_actor, _critic);

    /// <summary>The heads' residual tanh MLPs (null for linear heads).</summary>
    public (Sequential? Actor, Sequential? Critic) HeadMlps => (_actorMlp, _criticMlp);

    /// <summary>The Gaussian head's log std (null for a discrete policy).</summary>
    public Tensor? LogStd => _logStd;

    /// <summary>The recurrent cell of the trunk(s).</summary>
    public RecurrentCell Cell { get; }

    /// <summary>Width of the belief head's prediction (0 without one).</summary>
    public int BeliefSize => _belief?.OutFeatures ?? 0;

    /// <summary>Number of task parameters the privileged critic reads (0 without one).</summary>
    public int TaskCriticInputs => _taskCritic is null ? 0 : ((Linear)_taskCritic.Layers[0]).InFeatures;

    /// <summary>Width of the heads' residual hidden layer (0: linear heads).</summary>
    public int HeadHidden => _actorMlp is null ? 0 : ((Linear)_actorMlp.Layers[0]).OutFeatures;

    /// <summary>Whether the value head has its own recurrent trunk.</summary>
    public bool SeparateCritic => _criticTrunk is not null;

    /// <summary>Width of one trunk's state: <see cref="HiddenSize"/> for a GRU, twice that (h then c) for either LSTM.</summary>
    public int TrunkStateSize => Cell == RecurrentCell.Gru ? HiddenSize : 2 * HiddenSize;

    /// <summary>The parameters only the value reads: the value head, its MLP and a separate critic's trunk.</summary>
    public IReadOnlyList<Tensor> ValueParameters() => [.. _critic.Parameters(), .. _criticMlp?.Parameters() ?? [], .. _criticTrunk?.Parameters() ?? []];

    /// <summary>Width of the recurrent state: <see cref="TrunkStateSize"/>, twice that with a separate critic.</summary>
    public override int StateSize => SeparateCritic ? 2 * TrunkStateSize : TrunkStateSize;

    /// <summary>
    /// Runs x [T, B, obs] from the state [B, <see cref="StateSize"/>] (zeros when null), zeroed where
    /// <paramref name="resetMask"/> [T, B] is set; returns features [T·B,
    /// hidden] (the actor's then the critic's h with a separate critic) and the last state [B, <see cref="StateSize"/>].
    /// </summary>
    public (Tensor Features, Tensor Last) Encode(Tensor x, Tensor? h0 = null, Tensor? resetMask = null)
    {
        int rows = x.Dim(0) * x.Dim(1), h = HiddenSize, w = TrunkStateSize;
        if (_criticTrunk is null)
        {
            var (outputs, last) = Run(_trunk, x, h0, resetMask);
            return (Ops.Reshape(outputs, rows, h), last);
        }
        var (actorOut, actorLast) = Run(_trunk, x, h0 is null ? null : Ops.Slice(h0, 1, 0, w), resetMask);
        var (criticOut, criticLast) = Run(_criticTrunk, x, h0 is null ? null : Ops.Slice(h0, 1, w, w), resetMask);
        return (Ops.Concat([Ops.Reshape(actorOut, rows, h), Ops.Reshape(criticOut, rows, h)], 1), Ops.Concat([actorLast, criticLast], 1));
    }

    private Module MakeTrunk(RecurrentCell cell, string prefix, int inputs, int hidden, Rng rng) => cell switch
    {
        RecurrentCell.Gru => RegisterModule(prefix + "gru", new Gru(inputs, hidden, rng)),
        RecurrentCell.Lstm => RegisterModule(prefix + "lstm", new Lstm(inputs, hidden, rng)),
        RecurrentCell.CountingLstm => RegisterModule(prefix + "lstm", new Lstm(inputs, hidden, rng, variant: LstmVariant.Counting)),
        _ => throw new ArgumentOutOfRangeException(nameof(cell), cell, "Unknown recurrent cell."),
    };

    /// <inheritdoc />
    /// <remarks>The value is the memory's part only; a privileged critic's <see cref="TaskValue"/> is the learner's to add.</remarks>
    public override (Distribution Policy, Tensor Values, Tensor State) Forward(Tensor observations, Tensor? state, Tensor? resetMask)
    {
        var (features, last) = Encode(observations, state, resetMask);
        return (Policy(features), Value(features), last);
    }

    private static (Tensor Outputs, Tensor Last) Run(Module trunk, Tensor x, Tensor? state, Tensor? resetMask) => trunk switch
    {
        Lstm lstm => lstm.Forward(x, state, resetMask),
        Gru gru => gru.Forward(x, state, resetMask),
        _ => throw new InvalidOperationException($"Unknown recurrent trunk {trunk.GetType().Name}."),
    };

    /// <summary>The action distribution from features [N, hidden] (or [N, 2·hidden] with a separate critic).</summary>
    public Distribution Policy(Tensor features)
    {
        var x = SeparateCritic ? Ops.Slice(features, 1, 0, HiddenSize) : features;
        var head = _actor.Forward(x);
        if (_actorMlp is not null) { head = Ops.Add(head, _actorMlp.Forward(x)); }
        return Head.Over(head, _logStd is null ? null : P(_logStd));
    }

    /// <summary>
    /// Values [N] from features [N, hidden] (or [N, 2·hidden] with a separate critic). With a privileged critic this is
    /// the memory's part only: the learner adds <see cref="TaskValue"/> of the trial's task.
    /// </summary>
    public Tensor Value(Tensor features)
    {
        var x = SeparateCritic ? Ops.Slice(features, 1, HiddenSize, HiddenSize) : features;
        var v = _critic.Forward(x);
        if (_criticMlp is not null) { v = Ops.Add(v, _criticMlp.Forward(x)); }
        return Ops.Reshape(v, v.Dim(0));
    }

    /// <summary>
    /// The privileged critic's part of the value, [N], from task parameters [N, <see cref="TaskCriticInputs"/>]; the value of a
    /// step is <see cref="Value"/> of its features plus this of its trial's task.
    /// </summary>
    public Tensor TaskValue(Tensor taskFeatures)
    {
        var mlp = _taskCritic ?? throw new InvalidOperationException("This RL² policy has no privileged critic (privileged_critic is false).");
        var v = mlp.Forward(taskFeatures);
        return Ops.Reshape(v, v.Dim(0));
    }

    /// <summary>The belief head's prediction of the task's parameters [N, <see cref="BeliefSize"/>] from features [N, hidden] (or [N, 2·hidden]).</summary>
    public Tensor Belief(Tensor features)
    {
        var head = _belief ?? throw new InvalidOperationException("This RL² policy has no belief head (belief_coef is 0).");
        return head.Forward(SeparateCritic ? Ops.Slice(features, 1, 0, HiddenSize) : features);
    }
}
