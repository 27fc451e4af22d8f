using MetaRL.Distributions;
using MetaRL.Serialization.Onnx;

namespace MetaRL.Learning.Deploy;

/// <summary>
/// A trained policy as <c>metarl export</c> writes it: the ONNX graph of one decision (inputs and outputs [batch, …], the
/// batch axis symbolic), the same decision computed by the engine's own modules (<see cref="Forward"/>, what the graph is
/// checked against), the weights by their checkpoint names and the architecture that <c>config.json</c> describes.
/// Every input is float32 [batch, width]; outputs are [batch, width], the value [batch].
/// </summary>
public abstract class ExportedPolicy
{
    /// <summary>Output names shared by every kind.</summary>
    public const string Observation = "observation", Logits = "logits", Mean = "mean", LogStd = "log_std", Value = "value",
        QValues = "q_values", StateIn = "state_in", StateOut = "state_out";

    protected ExportedPolicy(string algo, string env, Module module, Box observationSpace, Space actionSpace)
    {
        Algo = algo;
        EnvId = env;
        Module = module;
        ObservationSpace = observationSpace;
        ActionSpace = actionSpace;
    }

    /// <summary>The algorithm that trained the policy (<c>ppo</c>, <c>rl2</c>, …).</summary>
    public string Algo { get; }

    /// <summary>The environment (family) id of the run.</summary>
    public string EnvId { get; }

    /// <summary>The trained network.</summary>
    public Module Module { get; }

    /// <summary>The observation space of the environment the policy acts in (RL²: the inner environment's).</summary>
    public Box ObservationSpace { get; protected init; }

    /// <summary>The action space.</summary>
    public Space ActionSpace { get; }

    /// <summary>What the policy is, as <c>config.json</c> names it: <c>mlp_actor_critic</c>, <c>q_network</c>,
    /// <c>mlp_policy</c>, <c>gru_actor_critic</c>, <c>rl2_gru</c>.</summary>
    public abstract string Kind { get; }

    /// <summary>The ONNX graph of one decision.</summary>
    public abstract OnnxGraph Graph();

    /// <summary>The engine's outputs (by the graph's output names, row-major) for <paramref name="batch"/> rows of inputs
    /// (by the graph's input names).</summary>
    public abstract Dictionary<string, float[]> Forward(IReadOnlyDictionary<string, float[]> inputs, int batch);

    /// <summary>The architecture for <c>config.json</c>: layer sizes, activation, head, recurrent layout.</summary>
    public abstract Dictionary<string, object?> Architecture();

    /// <summary>The tensors <c>model.safetensors</c> holds: the module's parameters by their checkpoint names, plus what
    /// the decision needs besides them (observation statistics).</summary>
    public virtual Dictionary<string, Tensor> Weights() => Module.StateDict();

    /// <summary>The head of an action space: categorical <c>logits</c>, or a Gaussian's <c>mean</c> and <c>log_std</c>.</summary>
    protected ActionHead Head => ActionHead.For(ActionSpace);

    /// <summary>Adds the action head's outputs for the head layer's output <paramref name="head"/> [batch, n].</summary>
    protected void HeadOutputs(OnnxGraph g, string head, Tensor? logStd)
    {
        ArgumentNullException.ThrowIfNull(g);
        int n = Head.Outputs;
        if (Head.IsDiscrete)
        {
            g.Node("Identity", [head], [Logits]);
            g.Output(Logits, [OnnxDim.Batch, n], "unnormalised log-probabilities of the actions (softmax gives the probabilities)");
            return;
        }
        var mean = g.Node("Identity", [head], [Mean])[0];
        g.Output(Mean, [OnnxDim.Batch, n], "the Gaussian's mean: the deterministic action");
        string std = g.Constant("log_std.parameter", (logStd ?? throw new InvalidOperationException("a Gaussian head needs its log std")).F32, n);
        PolicyGraph.BroadcastLike(g, std, mean, LogStd);
        g.Output(LogStd, [OnnxDim.Batch, n], "the Gaussian's log standard deviation (state-independent)");
    }

    /// <summary>The engine's head outputs from its action distribution.</summary>
    protected static void HeadOutputs(Distribution distribution, int batch, Dictionary<string, float[]> outputs)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        switch (distribution)
        {
            case Categorical c:
                outputs[Logits] = c.Logits.F32.ToArray();
                break;
            case DiagGaussian d:
                outputs[Mean] = d.Mean.F32.ToArray();
                var std = d.LogStd.F32.ToArray();
                int n = d.Dims;
                outputs[LogStd] = std.Length == n ? [.. Enumerable.Range(0, batch).SelectMany(_ => std)] : std;
                break;
            default:
                throw new InvalidOperationException($"no export for a {distribution.GetType().Name} head");
        }
    }

    /// <summary>The value output [batch] from the critic's output [batch, 1].</summary>
    protected static void ValueOutput(OnnxGraph g, string critic)
    {
        ArgumentNullException.ThrowIfNull(g);
        PolicyGraph.DropLastAxis(g, critic, Value);
        g.Output(Value, [OnnxDim.Batch], "the critic's state value");
    }

    /// <summary>The observation input [batch, size].</summary>
    protected string ObservationInput(OnnxGraph g, int size) =>
        g.Input(Observation, [OnnxDim.Batch, size], "the environment's observation, as it returns it");

    /// <summary>The head's description for <c>config.json</c>.</summary>
    protected Dictionary<string, object?> HeadConfig() => Head.IsDiscrete
        ? new() { ["type"] = "categorical", ["outputs"] = Head.Outputs }
        : new() { ["type"] = "gaussian", ["outputs"] = Head.Outputs, ["log_std"] = "state-independent parameter" };

    /// <summary>An MLP's description for <c>config.json</c>.</summary>
    protected static Dictionary<string, object?> MlpConfig(Sequential mlp, string prefix) => new()
    {
        ["prefix"] = prefix,
        ["sizes"] = PolicyGraph.Sizes(mlp),
        ["activation"] = PolicyGraph.ActivationOf(mlp).ToString().ToLowerInvariant(),
    };

    /// <summary>Rows of a row-major [batch, width] array as a tensor.</summary>
    protected static Tensor Rows(IReadOnlyDictionary<string, float[]> inputs, string name, int batch)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var data = inputs[name];
        return Tensor.FromArray((float[])data.Clone(), batch, data.Length / batch);
    }
}
