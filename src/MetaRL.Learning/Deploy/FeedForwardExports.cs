using MetaRL.Learning.Meta;
using MetaRL.Serialization.Onnx;

namespace MetaRL.Learning.Deploy;

/// <summary>
/// PPO's, A2C's and REINFORCE's <see cref="MlpActorCritic"/>: observation → (observation statistics when the run normalised
/// observations) → actor MLP → <c>logits</c> (or <c>mean</c>, <c>log_std</c>) and critic MLP → <c>value</c>.
/// </summary>
public sealed class MlpActorCriticExport(string algo, string env, MlpActorCritic policy, ObservationNormalizer? normalizer, Box observationSpace, Space actionSpace)
    : ExportedPolicy(algo, env, policy, observationSpace, actionSpace)
{
    /// <inheritdoc />
    public override string Kind => "mlp_actor_critic";

    /// <inheritdoc />
    public override OnnxGraph Graph()
    {
        var g = new OnnxGraph($"{Algo}_{Kind}");
        string x = ObservationInput(g, ObservationSpace.Size);
        if (normalizer is not null) { x = PolicyGraph.Normalize(g, x, normalizer); }
        HeadOutputs(g, PolicyGraph.Sequential(g, x, policy.Actor, "actor"), policy.LogStd);
        ValueOutput(g, PolicyGraph.Sequential(g, x, policy.Critic, "critic"));
        return g;
    }

    /// <inheritdoc />
    public override Dictionary<string, float[]> Forward(IReadOnlyDictionary<string, float[]> inputs, int batch)
    {
        using var _ = Autograd.Autograd.NoGrad();
        var obs = (float[])inputs[Observation].Clone();
        normalizer?.Apply(obs, obs);
        var x = Tensor.FromArray(obs, batch, ObservationSpace.Size);
        var outputs = new Dictionary<string, float[]>();
        HeadOutputs(policy.Policy(x), batch, outputs);
        outputs[Value] = policy.Value(x).F32.ToArray();
        return outputs;
    }

    /// <inheritdoc />
    public override Dictionary<string, object?> Architecture() => new()
    {
        ["actor"] = MlpConfig(policy.Actor, "actor"),
        ["critic"] = MlpConfig(policy.Critic, "critic"),
        ["head"] = HeadConfig(),
        ["observation_normalization"] = normalizer is null ? null : new Dictionary<string, object?>
        {
            ["formula"] = "clip((x - obs_norm.mean) / sqrt(obs_norm.var + epsilon), -clip, clip)",
            ["epsilon"] = ObservationNormalizer.Epsilon,
            ["clip"] = normalizer.Clip,
        },
    };

    /// <inheritdoc />
    public override Dictionary<string, Tensor> Weights()
    {
        var weights = base.Weights();
        if (normalizer is not null)
        {
            weights["obs_norm.mean"] = Tensor.FromArray(normalizer.Mean.Select(m => (float)m).ToArray(), normalizer.Mean.Count);
            weights["obs_norm.var"] = Tensor.FromArray(normalizer.Variance.Select(v => (float)v).ToArray(), normalizer.Variance.Count);
        }
        return weights;
    }
}

/// <summary>DQN's Q-network: observation → ReLU MLP → <c>q_values</c> (the greedy action is their argmax).</summary>
public sealed class QNetworkExport(string algo, string env, Sequential q, Box observationSpace, Space actionSpace) : ExportedPolicy(algo, env, q, observationSpace, actionSpace)
{
    /// <inheritdoc />
    public override string Kind => "q_network";

    /// <inheritdoc />
    public override OnnxGraph Graph()
    {
        var g = new OnnxGraph($"{Algo}_{Kind}");
        var values = PolicyGraph.Sequential(g, ObservationInput(g, ObservationSpace.Size), q, "q");
        g.Node("Identity", [values], [QValues]);
        g.Output(QValues, [OnnxDim.Batch, Head.Outputs], "the action values; the greedy action is their argmax");
        return g;
    }

    /// <inheritdoc />
    public override Dictionary<string, float[]> Forward(IReadOnlyDictionary<string, float[]> inputs, int batch)
    {
        using var _ = Autograd.Autograd.NoGrad();
        return new() { [QValues] = q.Forward(Rows(inputs, Observation, batch)).F32.ToArray() };
    }

    /// <inheritdoc />
    public override Dictionary<string, object?> Architecture() => new()
    {
        ["q_network"] = MlpConfig(q, ""),
        ["head"] = new Dictionary<string, object?> { ["type"] = "q_values", ["outputs"] = Head.Outputs },
    };
}

/// <summary>
/// The gradient meta-learners' (MAML, Reptile, meta-ES) <see cref="MlpPolicy"/> at its meta-learned initial weights:
/// observation → ReLU MLP → <c>logits</c>, or a Gaussian <c>mean</c> and <c>log_std</c>. It has no critic. A Gaussian over a
/// bounded box is in normalised units: the environment receives low + (clip(a, −1, 1) + 1)/2 · (high − low).
/// </summary>
public sealed class MetaMlpExport(string algo, string env, MlpPolicy policy, Box observationSpace, Space actionSpace) : ExportedPolicy(algo, env, policy, observationSpace, actionSpace)
{
    /// <inheritdoc />
    public override string Kind => "mlp_policy";

    /// <inheritdoc />
    public override OnnxGraph Graph()
    {
        var g = new OnnxGraph($"{Algo}_{Kind}");
        HeadOutputs(g, PolicyGraph.Sequential(g, ObservationInput(g, ObservationSpace.Size), policy.Body, "body"), policy.LogStd);
        return g;
    }

    /// <inheritdoc />
    public override Dictionary<string, float[]> Forward(IReadOnlyDictionary<string, float[]> inputs, int batch)
    {
        using var _ = Autograd.Autograd.NoGrad();
        var outputs = new Dictionary<string, float[]>();
        HeadOutputs(policy.Policy(Rows(inputs, Observation, batch)), batch, outputs);
        return outputs;
    }

    /// <inheritdoc />
    public override Dictionary<string, object?> Architecture() => new()
    {
        ["body"] = MlpConfig(policy.Body, "body"),
        ["head"] = HeadConfig(),
        ["action_scaling"] = policy.NormalizesActions ? "env_action = low + (clip(mean, -1, 1) + 1) / 2 * (high - low)" : null,
    };
}
