using MetaRL.Learning.Meta;
using MetaRL.Serialization.Onnx;

namespace MetaRL.Learning.Deploy;

/// <summary>
/// Recurrent PPO's <see cref="GruActorCritic"/>, one step: observation → Linear+tanh encoder → GRU step from
/// <c>state_in</c> → <c>state_out</c>, which feeds the linear actor head (<c>logits</c>, or <c>mean</c> and <c>log_std</c>)
/// and the linear critic head (<c>value</c>). A new episode starts from a zero state.
/// </summary>
public sealed class GruActorCriticExport(string algo, string env, GruActorCritic policy, Box observationSpace, Space actionSpace) : ExportedPolicy(algo, env, policy, observationSpace, actionSpace)
{
    /// <inheritdoc />
    public override string Kind => "gru_actor_critic";

    /// <inheritdoc />
    public override OnnxGraph Graph()
    {
        var g = new OnnxGraph($"{Algo}_{Kind}");
        string x = ObservationInput(g, policy.ObservationSize);
        string state = g.Input(StateIn, [OnnxDim.Batch, policy.StateSize], "the GRU's hidden state after the previous step (zeros at an episode's start)");
        string encoded = g.Node("Tanh", [PolicyGraph.Linear(g, x, policy.Encoder, "encoder")]);
        string h = PolicyGraph.GruStep(g, encoded, state, policy.Gru, "gru", StateOut);
        HeadOutputs(g, PolicyGraph.Linear(g, h, policy.ActorHead, "actor"), policy.LogStd);
        ValueOutput(g, PolicyGraph.Linear(g, h, policy.CriticHead, "critic"));
        g.Output(StateOut, [OnnxDim.Batch, policy.StateSize], "the hidden state to pass as state_in at the next step");
        return g;
    }

    /// <inheritdoc />
    public override Dictionary<string, float[]> Forward(IReadOnlyDictionary<string, float[]> inputs, int batch)
    {
        using var _ = Autograd.Autograd.NoGrad();
        var obs = Tensor.FromArray((float[])inputs[Observation].Clone(), 1, batch, policy.ObservationSize);
        var (distribution, values, state) = policy.Forward(obs, Rows(inputs, StateIn, batch), null);
        var outputs = new Dictionary<string, float[]>();
        HeadOutputs(distribution, batch, outputs);
        outputs[Value] = values.F32.ToArray();
        outputs[StateOut] = state.F32.ToArray();
        return outputs;
    }

    /// <inheritdoc />
    public override Dictionary<string, object?> Architecture() => new()
    {
        ["encoder"] = new Dictionary<string, object?> { ["prefix"] = "encoder", ["sizes"] = new[] { policy.ObservationSize, policy.Hidden }, ["activation"] = "tanh" },
        ["recurrent"] = new Dictionary<string, object?> { ["cell"] = "gru", ["prefix"] = "gru", ["hidden_size"] = policy.Hidden, ["state_size"] = policy.StateSize, ["gate_order"] = "r, z, n (PyTorch)" },
        ["actor"] = new Dictionary<string, object?> { ["prefix"] = "actor", ["sizes"] = new[] { policy.Hidden, Head.Outputs } },
        ["critic"] = new Dictionary<string, object?> { ["prefix"] = "critic", ["sizes"] = new[] { policy.Hidden, 1 } },
        ["head"] = HeadConfig(),
    };
}

/// <summary>
/// RL²'s <see cref="Rl2Policy"/> with a GRU trunk, one step of a trial: the trial observation that the policy reads is put
/// together from <c>observation</c> (with the two time features when the run used them), <c>prev_action</c> (one-hot for a
/// discrete space, zeros at the trial's start), <c>prev_reward</c> and <c>prev_done</c> (1 when the previous step ended an
/// episode inside the trial); the GRU steps from <c>state_in</c> (zeros at a trial's start, not at an episode's) to
/// <c>state_out</c>, and the linear heads (plus their residual MLPs when the run had them) give <c>logits</c> (or
/// <c>mean</c>, <c>log_std</c>) and <c>value</c>. With a separate critic the state is [actor h | critic h].
/// </summary>
public sealed class Rl2Export : ExportedPolicy
{
    /// <summary>Input names of the trial's extra entries.</summary>
    public const string PrevAction = "prev_action", PrevReward = "prev_reward", PrevDone = "prev_done";

    private readonly Rl2Policy _policy;
    private readonly int _prefix, _actionWidth;

    public Rl2Export(string algo, string env, Rl2Policy policy, TrialWrapper trial)
        : base(algo, env, policy, (trial ?? throw new ArgumentNullException(nameof(trial))).ObservationSpace, trial.ActionSpace)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (policy.Cell != RecurrentCell.Gru) { throw new ConfigException($"an RL² policy with the {policy.Cell} cell has no ONNX export yet (the GRU one has)"); }
        _policy = policy;
        _actionWidth = trial.Inner.ActionSpace is Discrete d ? d.N : trial.Inner.ActionSpace.Size;
        _prefix = policy.ObservationSize - _actionWidth - 2;
        var space = trial.ObservationSpace;
        ObservationSpace = new Box(space.Low[.._prefix], space.High[.._prefix]);
    }

    /// <inheritdoc />
    public override string Kind => "rl2_gru";

    /// <inheritdoc />
    public override OnnxGraph Graph()
    {
        var g = new OnnxGraph($"{Algo}_{Kind}");
        string obs = ObservationInput(g, _prefix);
        string action = g.Input(PrevAction, [OnnxDim.Batch, _actionWidth], "the previous action (one-hot for a discrete space; zeros at the trial's start)");
        string reward = g.Input(PrevReward, [OnnxDim.Batch, 1], "the previous reward (0 at the trial's start)");
        string done = g.Input(PrevDone, [OnnxDim.Batch, 1], "1 when the previous step ended an episode of the trial, else 0");
        string state = g.Input(StateIn, [OnnxDim.Batch, _policy.StateSize], "the recurrent state after the previous step (zeros at a trial's start)");
        string x = g.Node("Concat", [obs, action, reward, done], OnnxAttribute.Of("axis", 1L));
        int h = _policy.HiddenSize;
        string actorH, criticH;
        if (_policy.CriticTrunk is Gru criticGru)
        {
            actorH = PolicyGraph.GruStep(g, x, PolicyGraph.Columns(g, state, 0, h), (Gru)_policy.Trunk, "gru");
            criticH = PolicyGraph.GruStep(g, x, PolicyGraph.Columns(g, state, h, h), criticGru, "critic_gru");
            g.Node("Concat", [actorH, criticH], [StateOut], OnnxAttribute.Of("axis", 1L));
        }
        else
        {
            actorH = criticH = PolicyGraph.GruStep(g, x, state, (Gru)_policy.Trunk, "gru", StateOut);
        }
        var (actor, critic) = _policy.LinearHeads;
        var (actorMlp, criticMlp) = _policy.HeadMlps;
        string head = PolicyGraph.Linear(g, actorH, actor, "actor");
        if (actorMlp is not null) { head = g.Node("Add", [head, PolicyGraph.Sequential(g, actorH, actorMlp, "actor_mlp")]); }
        HeadOutputs(g, head, _policy.LogStd);
        string value = PolicyGraph.Linear(g, criticH, critic, "critic");
        if (criticMlp is not null) { value = g.Node("Add", [value, PolicyGraph.Sequential(g, criticH, criticMlp, "critic_mlp")]); }
        ValueOutput(g, value);
        g.Output(StateOut, [OnnxDim.Batch, _policy.StateSize], "the recurrent state to pass as state_in at the next step");
        return g;
    }

    /// <inheritdoc />
    public override Dictionary<string, float[]> Forward(IReadOnlyDictionary<string, float[]> inputs, int batch)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        using var _ = Autograd.Autograd.NoGrad();
        int width = _policy.ObservationSize;
        var trial = new float[batch * width];
        for (int b = 0; b < batch; b++)
        {
            var row = trial.AsSpan(b * width, width);
            inputs[Observation].AsSpan(b * _prefix, _prefix).CopyTo(row);
            inputs[PrevAction].AsSpan(b * _actionWidth, _actionWidth).CopyTo(row[_prefix..]);
            row[^2] = inputs[PrevReward][b];
            row[^1] = inputs[PrevDone][b];
        }
        var (distribution, values, state) = _policy.Forward(Tensor.FromArray(trial, 1, batch, width), Rows(inputs, StateIn, batch), null);
        var outputs = new Dictionary<string, float[]>();
        HeadOutputs(distribution, batch, outputs);
        outputs[Value] = values.F32.ToArray();
        outputs[StateOut] = state.F32.ToArray();
        return outputs;
    }

    /// <inheritdoc />
    public override Dictionary<string, object?> Architecture()
    {
        var (actorMlp, criticMlp) = _policy.HeadMlps;
        return new()
        {
            ["trial_input"] = new Dictionary<string, object?>
            {
                ["layout"] = "concat(observation, prev_action, prev_reward, prev_done)",
                ["observation"] = _prefix,
                ["prev_action"] = _actionWidth,
                ["prev_action_encoding"] = ActionSpace is Discrete ? "one-hot" : "raw vector",
            },
            ["recurrent"] = new Dictionary<string, object?>
            {
                ["cell"] = "gru", ["prefix"] = "gru", ["input_size"] = _policy.ObservationSize, ["hidden_size"] = _policy.HiddenSize,
                ["state_size"] = _policy.StateSize, ["separate_critic"] = _policy.SeparateCritic, ["gate_order"] = "r, z, n (PyTorch)",
            },
            ["actor"] = new Dictionary<string, object?> { ["prefix"] = "actor", ["sizes"] = new[] { _policy.HiddenSize, Head.Outputs }, ["residual_mlp"] = actorMlp is null ? null : MlpConfig(actorMlp, "actor_mlp") },
            ["critic"] = new Dictionary<string, object?> { ["prefix"] = "critic", ["sizes"] = new[] { _policy.HiddenSize, 1 }, ["residual_mlp"] = criticMlp is null ? null : MlpConfig(criticMlp, "critic_mlp") },
            ["head"] = HeadConfig(),
            ["training_only"] = "belief head and privileged critic, when present, are left out of the ONNX graph",
        };
    }
}
