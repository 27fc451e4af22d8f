using MetaRL.Envs;
using MetaRL.Random;

namespace MetaRL.Learning;

/// <summary>A trainable algorithm: its config name, a description, its options and how to build it.</summary>
public sealed record AlgorithmSpec(
    string Name,
    string Description,
    Func<IAlgorithmOptions> CreateOptions,
    Func<IAlgorithmOptions, EnvBatch, Rng, Algorithm> Create,
    Func<Space, bool> SupportsActions) : IAlgorithmDescriptor;

/// <summary>The algorithms <c>metarl train --algo</c> knows.</summary>
public static class AlgorithmRegistry
{
    private static readonly AlgorithmTable<AlgorithmSpec> Table = new(
    [
        new("ppo", "Proximal Policy Optimization (clipped surrogate, GAE; CleanRL ppo.py defaults)",
            () => new PpoOptions(), (o, e, r) => new Ppo(e, (PpoOptions)o, r), _ => true),
        new("dqn", "Deep Q-Network with replay, target network, optional double DQN (CleanRL dqn.py defaults)",
            () => new DqnOptions(), (o, e, r) => new Dqn(e, (DqnOptions)o, r), s => s is Discrete),
        new("a2c", "Synchronous advantage actor-critic (Stable-Baselines3 A2C settings, Adam)",
            () => new A2cOptions(), (o, e, r) => new A2c(e, (A2cOptions)o, r), _ => true),
        new("reinforce", "REINFORCE with a learned value baseline (Williams, 1992), whole episodes per update",
            () => new ReinforceOptions(), (o, e, r) => new Reinforce(e, (ReinforceOptions)o, r), _ => true),
        new("recurrent_ppo", "PPO with a GRU policy whose hidden state is carried through rollouts and reset at episode (trial) ends (RL²'s learner)",
            () => new RecurrentPpoOptions(), (o, e, r) => new RecurrentPpo(e, (RecurrentPpoOptions)o, r), _ => true),
        new("q_learning", "Tabular Q-learning over distinct observations (Watkins and Dayan, 1992)",
            () => new QLearningOptions(), (o, e, r) => new QLearning(e, (QLearningOptions)o, r), s => s is Discrete),
    ]);

    /// <summary>Every registered algorithm.</summary>
    public static IReadOnlyList<AlgorithmSpec> All => Table.All;

    /// <summary>The spec of a name; unknown names raise <see cref="ConfigException"/> with the nearest name.</summary>
    public static AlgorithmSpec Describe(string name) => Table.Describe(name);
}
