using MetaRL.Learning.Explain;
using MetaRL.Learning.Meta;

namespace MetaRL.Serving;

/// <summary>Loads a trained run's policy for serving: single-task runs through <see cref="TrainedRun.Load"/> (stateless
/// and recurrent actor-critics), meta-runs through <see cref="MetaAlgorithm.TrainedPolicy"/> (a meta-trained MLP, served
/// as trained, before adaptation).</summary>
public static class ServedModels
{
    /// <summary>The policy of the run in <paramref name="directory"/>.</summary>
    /// <exception cref="ConfigException">The folder holds no run, or a run whose model serve does not take.</exception>
    /// <exception cref="RunFormatException">The run has no readable checkpoint.</exception>
    public static ServedModel Load(string directory)
    {
        var run = Open(directory);
        return MetaAlgorithms.OfRun(run) is { } meta ? Meta(run, meta) : SingleTask(run);
    }

    /// <summary>The run in <paramref name="directory"/>; a folder without one raises <see cref="ConfigException"/>.</summary>
    public static RunDirectory Open(string directory)
    {
        var run = new RunDirectory(directory);
        return run.HasRun ? run : throw new ConfigException($"'{run.Root}' holds no run (no {RunConfig.FileName}); train one with metarl train, metarl meta-train or metarl demo");
    }

    private static ServedModel SingleTask(RunDirectory run)
    {
        var trained = TrainedRun.Load(run, "serve");
        var normalizer = (trained.Algorithm as OnPolicyAlgorithm)?.ObservationNormalizer;
        var env = trained.Config.CreateEnv();
        string algo = trained.Config.Algorithm.Name;
        return trained.Algorithm.Model switch
        {
            ActorCritic policy => new ActorCriticModel(policy, normalizer)
            {
                Algo = algo, Env = env.Id, Checkpoint = trained.Step, ObservationNames = env.ObservationNames, IsDiscrete = policy.IsDiscrete,
            },
            RecurrentActorCritic policy => new RecurrentModel(policy, normalizer)
            {
                Algo = algo, Env = env.Id, Checkpoint = trained.Step, ObservationNames = env.ObservationNames, IsDiscrete = policy.IsDiscrete,
            },
            // the ε the run acted with at its checkpoint, whose folder is named by its step
            Sequential q when trained.Algorithm is Dqn dqn => new QModel(q, dqn.Epsilon(long.TryParse(trained.Step, NumberStyles.None, CultureInfo.InvariantCulture, out long step) ? step : dqn.TotalSteps))
            {
                Algo = algo, Env = env.Id, Checkpoint = trained.Step, ObservationNames = env.ObservationNames, IsDiscrete = true,
            },
            var other => throw new ConfigException($"'{run.Root}' is a {algo} run; its model ({other.GetType().Name}) is not a policy serve takes (ppo, a2c, reinforce, recurrent ppo, dqn, maml, reptile, es)"),
        };
    }

    private static ServedModel Meta(RunDirectory run, MetaAlgorithm meta)
    {
        if (meta is Learning.Decision.DptAlgorithm or Learning.Decision.AdAlgorithm || meta is Rl2Algorithm)
        {
            throw new ConfigException($"'{run.Root}' is a {meta.Name} run; serving in-context models (dpt, ad, rl2) is not implemented yet (docs/serving.md)");
        }
        var metaRun = MetaRun.Load(run.Root);
        var trained = meta.TrainedPolicy(metaRun) ?? throw new ConfigException($"'{run.Root}' is a {meta.Name} run whose model is not a policy serve takes");
        if (trained.Policy is not MlpPolicy policy) { throw new ConfigException($"'{run.Root}' is a {meta.Name} run; its model ({trained.Policy.GetType().Name}) is not a policy serve takes"); }
        return new MetaMlpModel(policy)
        {
            Algo = meta.Name, Env = trained.Env.Id, Checkpoint = Path.GetFileName(metaRun.ModelPath),
            ObservationNames = trained.Env.ObservationNames, IsDiscrete = policy.IsDiscrete,
        };
    }

    /// <summary>A PPO/A2C/REINFORCE actor-critic: one shared stateless policy, explained by integrated gradients.</summary>
    private sealed class ActorCriticModel(ActorCritic policy, ObservationNormalizer? normalizer) : ServedModel
    {
        // The span path where the network is a plain MLP (bit-identical, no tensors built), else the tensor path.
        private readonly ISessionPolicy _shared = (policy is MlpActorCritic mlp ? MlpSessionPolicy.TryCreate(mlp, normalizer, mlp.Actor.Layers.OfType<Linear>().First().InFeatures) : null)
            ?? (ISessionPolicy)new StatelessPolicy(policy.Policy, policy.Value, normalizer);

        public override string Kind => "stateless";

        public override ISessionPolicy NewSession() => _shared;

        public override PolicyExplanation? Explain(float[] observation) =>
            PolicyExplainer.Explain(policy, normalizer, observation, new float[observation.Length], ObservationNames);
    }

    /// <summary>A DQN Q-network, served ε-greedy with the ε of its checkpoint (<see cref="EpsilonGreedyPolicy"/>).</summary>
    private sealed class QModel(Sequential q, double epsilon) : ServedModel
    {
        private readonly EpsilonGreedyPolicy _shared = new(q, epsilon);

        public override string Kind => "stateless";

        public override ISessionPolicy NewSession() => _shared;
    }

    /// <summary>A recurrent actor-critic (recurrent PPO): one hidden state per session.</summary>
    private sealed class RecurrentModel(RecurrentActorCritic policy, ObservationNormalizer? normalizer) : ServedModel
    {
        public override string Kind => "recurrent";

        public override ISessionPolicy NewSession() => new RecurrentSessionPolicy(policy, normalizer);
    }

    /// <summary>A meta-trained MLP (MAML, Reptile, ES) served as meta-trained, before adaptation. Its actions are the policy's
    /// own samples (not yet mapped by <see cref="MetaPolicy.ToEnvAction"/> for a policy that normalises actions).</summary>
    private sealed class MetaMlpModel(MlpPolicy policy) : ServedModel
    {
        private readonly StatelessPolicy _shared = new(policy.Policy, null, null);

        public override string Kind => "stateless";

        public override ISessionPolicy NewSession() => _shared;
    }
}
