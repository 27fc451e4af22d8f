using System.Text.Json;
using System.Text.Json.Nodes;
using MetaRL.Learning.Meta;
using MetaRL.Serialization;
using MetaRL.Serialization.Onnx;

namespace MetaRL.Learning.Deploy;

/// <summary>The file formats <c>metarl export</c> writes.</summary>
public enum ExportFormat
{
    /// <summary>An ONNX model of one decision (<see cref="PolicyExport.WriteOnnx"/>).</summary>
    Onnx,

    /// <summary><c>model.safetensors</c> and <c>config.json</c> in a folder (<see cref="PolicyExport.WriteSafeTensors"/>).</summary>
    SafeTensors,
}

/// <summary>
/// <c>metarl export</c>'s library side: a run's trained policy loaded from its newest checkpoint (<see cref="Load"/>),
/// written as an ONNX model checked by <see cref="OnnxChecker"/> before a byte is written, or as safetensors weights with a
/// <c>config.json</c> that describes the architecture for Python users. Every file goes through <see cref="AtomicFile"/>.
/// </summary>
public static class PolicyExport
{
    /// <summary>The producer name written into ONNX models.</summary>
    public const string Producer = "metarl";

    /// <summary>The format written unless told otherwise. <value>The default value is onnx.</value></summary>
    public const string DefaultFormat = "onnx";

    /// <summary>The file names of a safetensors export.</summary>
    public const string WeightsFile = "model.safetensors", ConfigFile = "config.json";

    /// <summary>Parses a format name (<c>onnx</c>, <c>safetensors</c>); others raise <see cref="ConfigException"/>.</summary>
    public static ExportFormat ParseFormat(string? name) => name?.ToLowerInvariant() switch
    {
        "onnx" => ExportFormat.Onnx,
        "safetensors" => ExportFormat.SafeTensors,
        _ => throw new ConfigException($"unknown export format '{name}'; known: onnx, safetensors"),
    };

    /// <summary>
    /// The trained policy of the run in <paramref name="directory"/>: a single-task run's (PPO, A2C, REINFORCE, DQN,
    /// recurrent PPO) from <c>metarl train</c>, or a meta-training run's (MAML, Reptile, meta-ES, RL² with a GRU), or a pretraining run's decision transformer (DPT, AD).
    /// </summary>
    /// <exception cref="ConfigException">The folder holds no run, or a run whose model is no policy the exporter takes
    /// (tabular Q-learning, an LSTM RL²).</exception>
    /// <exception cref="RunFormatException">The run has no checkpoint, or it cannot be read.</exception>
    public static ExportedPolicy Load(string directory)
    {
        var run = new RunDirectory(directory);
        if (!run.HasRun) { throw new ConfigException(FolderKind.NoRun(directory, "training or meta-training run")); }
        string algo = run.ConfigValue("algo") ?? run.Algo ?? throw new ConfigException($"{run.ConfigPath} names no algo");
        if (AlgorithmRegistry.All.Any(a => a.Name == algo)) { return SingleTask(run); }
        if (MetaAlgorithms.Names.Contains(algo)) { return Meta(directory, algo); }
        throw new ConfigException($"{run.Root}: '{algo}' is not an algorithm this build knows, so the run cannot be exported");
    }

    private static ExportedPolicy SingleTask(RunDirectory run)
    {
        var (config, _, algorithm) = TrainedRun.Load(run, "export");
        string algo = config.Algorithm.Name, env = config.Run.Env;
        var (obs, actions) = (algorithm.Envs.ObservationSpace, algorithm.Envs.ActionSpace);
        return algorithm.Model switch
        {
            MlpActorCritic policy => new MlpActorCriticExport(algo, env, policy, (algorithm as OnPolicyAlgorithm)?.ObservationNormalizer, obs, actions),
            GruActorCritic policy => new GruActorCriticExport(algo, env, policy, obs, actions),
            Sequential q when algorithm is Dqn => new QNetworkExport(algo, env, q, obs, actions),
            _ => throw new ConfigException($"{run.Root}: a {algo} run's model ({algorithm.Model.GetType().Name}) is not a policy network the exporter takes"),
        };
    }

    private static ExportedPolicy Meta(string directory, string algo)
    {
        var run = MetaRun.Load(directory);
        var described = MetaAlgorithms.Describe(algo);
        if (described is Decision.DptAlgorithm or Decision.AdAlgorithm)
        {
            var model = described is Decision.DptAlgorithm ? Decision.DptAlgorithm.LoadModel(run) : Decision.AdAlgorithm.LoadModel(run);
            return new DecisionTransformerExport(algo, run.Setup.EnvName, model, new Discrete(model.Gpt.Options.OutputDim));
        }
        var trained = described.TrainedPolicy(run)
            ?? throw new ConfigException($"{directory}: a {algo} run's model has no export yet (MLP and GRU policies have)");
        string env = run.Setup.Run.Env;
        return trained.Policy switch
        {
            MlpPolicy policy => new MetaMlpExport(algo, env, policy, trained.Env.ObservationSpace, trained.Env.ActionSpace),
            Rl2Policy policy when trained.Env is TrialWrapper trial => new Rl2Export(algo, env, policy, trial),
            var other => throw new ConfigException($"{directory}: a {algo} run's model ({other.GetType().Name}) is not a policy network the exporter takes"),
        };
    }

    /// <summary>Refuses an operator set outside <see cref="OnnxModel.MinOpset"/>–<see cref="OnnxModel.MaxOpset"/> with a
    /// <see cref="ConfigException"/>.</summary>
    public static void CheckOpset(int opset)
    {
        if (opset is < OnnxModel.MinOpset or > OnnxModel.MaxOpset)
        {
            throw new ConfigException($"--opset {opset}: the exporter writes opsets {OnnxModel.MinOpset} to {OnnxModel.MaxOpset}");
        }
    }

    /// <summary>The ONNX model of <paramref name="policy"/> at operator set <paramref name="opset"/>, checked.</summary>
    /// <exception cref="ConfigException">The opset is outside what the exporter writes.</exception>
    public static OnnxModel ToOnnx(ExportedPolicy policy, int opset = OnnxModel.DefaultOpset)
    {
        ArgumentNullException.ThrowIfNull(policy);
        CheckOpset(opset);
        if (policy is DecisionTransformerExport && opset < DecisionTransformerExport.RequiredOpset)
        {
            throw new ConfigException($"--opset {opset}: a decision transformer's layer norms need opset {DecisionTransformerExport.RequiredOpset} or newer");
        }
        var metadata = new Dictionary<string, string>
        {
            ["algo"] = policy.Algo,
            ["env"] = policy.EnvId,
            ["kind"] = policy.Kind,
            ["config"] = Config(policy).ToJsonString(),
        };
        var model = new OnnxModel(policy.Graph(), opset, Producer, typeof(PolicyExport).Assembly.GetName().Version?.ToString() ?? "0",
            $"{policy.Kind} policy of a {policy.Algo} run on {policy.EnvId}, exported by metarl", metadata);
        OnnxChecker.Check(model);
        return model;
    }

    /// <summary>Writes <paramref name="policy"/> as an ONNX model to <paramref name="path"/> (atomically); returns the model.</summary>
    public static OnnxModel WriteOnnx(ExportedPolicy policy, string path, int opset = OnnxModel.DefaultOpset)
    {
        var model = ToOnnx(policy, opset);
        var bytes = model.ToBytes();
        AtomicFile.Write(path, stream => stream.Write(bytes));
        return model;
    }

    /// <summary>
    /// Writes <c>model.safetensors</c> (the parameters by their checkpoint names, float32, plus the observation statistics
    /// when the run normalised observations) and <c>config.json</c> into <paramref name="folder"/>; each file atomically,
    /// and the weights removed again when the config cannot be written, so the folder never holds half an export.
    /// </summary>
    public static void WriteSafeTensors(ExportedPolicy policy, string folder)
    {
        ArgumentNullException.ThrowIfNull(policy);
        string weights = Path.Combine(folder, WeightsFile), config = Path.Combine(folder, ConfigFile);
        bool existed = File.Exists(weights);
        SafeTensors.Save(weights, policy.Weights(), new Dictionary<string, string> { ["format"] = "pt", ["kind"] = policy.Kind });
        try
        {
            AtomicFile.WriteText(config, Config(policy).ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        }
        catch when (!existed)
        {
            File.Delete(weights);
            throw;
        }
    }

    /// <summary>What <c>config.json</c> says (and the ONNX model's <c>config</c> metadata): kind, algorithm, environment,
    /// spaces, the architecture and the ONNX input and output names.</summary>
    public static JsonObject Config(ExportedPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var graph = policy.Graph();
        var root = new JsonObject
        {
            ["format_version"] = 1,
            ["kind"] = policy.Kind,
            ["algo"] = policy.Algo,
            ["env"] = policy.EnvId,
            ["observation_space"] = Space(policy.ObservationSpace),
            ["action_space"] = Space(policy.ActionSpace),
            ["architecture"] = JsonSerializer.SerializeToNode(policy.Architecture()),
            ["onnx_inputs"] = new JsonArray([.. graph.Inputs.Select(Value)]),
            ["onnx_outputs"] = new JsonArray([.. graph.Outputs.Select(Value)]),
        };
        return root;
    }

    private static JsonNode Value(OnnxValue v) => new JsonObject
    {
        ["name"] = v.Name,
        ["shape"] = new JsonArray([.. v.Shape.Select(d => d.Param is { } p ? JsonValue.Create(p) : (JsonNode)JsonValue.Create(d.Value))]),
    };

    private static JsonObject Space(Space space) => space switch
    {
        Discrete d => new JsonObject { ["type"] = "discrete", ["n"] = d.N },
        Box b => new JsonObject
        {
            ["type"] = "box",
            ["shape"] = new JsonArray(b.Size),
            // JSON has no infinity: an unbounded side is null.
            ["low"] = new JsonArray([.. b.Low.Select(Bound)]),
            ["high"] = new JsonArray([.. b.High.Select(Bound)]),
        },
        _ => new JsonObject { ["type"] = space.GetType().Name.ToLowerInvariant() },
    };

    private static JsonNode? Bound(float value) => float.IsFinite(value) ? JsonValue.Create(value) : null;
}
