namespace MetaRL.Learning;

/// <summary>The algorithms <c>metarl train --algo</c> knows: one <see cref="AlgorithmSpec"/> per name.</summary>
public static class AlgorithmRegistry
{
    private static readonly AlgorithmTable<AlgorithmSpec> Table = new(
    [
        new AlgorithmSpec<PpoOptions>("ppo", "Proximal Policy Optimization (clipped surrogate, GAE; CleanRL ppo.py defaults)",
            (o, e, r) => new Ppo(e, o, r)),
        new AlgorithmSpec<DqnOptions>("dqn", "Deep Q-Network with replay, target network, optional double DQN (CleanRL dqn.py defaults)",
            (o, e, r) => new Dqn(e, o, r), s => s is Discrete),
        new AlgorithmSpec<A2cOptions>("a2c", "Synchronous advantage actor-critic (Stable-Baselines3 A2C settings, Adam)",
            (o, e, r) => new A2c(e, o, r)),
        new AlgorithmSpec<ReinforceOptions>("reinforce", "REINFORCE with a learned value baseline (Williams, 1992), whole episodes per update",
            (o, e, r) => new Reinforce(e, o, r)),
        new AlgorithmSpec<RecurrentPpoOptions>("recurrent_ppo", "PPO with a GRU policy whose hidden state is carried through rollouts and reset at episode (trial) ends (RL²'s learner)",
            (o, e, r) => new RecurrentPpo(e, o, r)),
        new AlgorithmSpec<QLearningOptions>("q_learning", "Tabular Q-learning over distinct observations (Watkins and Dayan, 1992)",
            (o, e, r) => new QLearning(e, o, r), s => s is Discrete),
    ]);

    /// <summary>Every registered algorithm.</summary>
    public static IReadOnlyList<AlgorithmSpec> All => Table.All;

    /// <summary>The spec of a name; unknown names raise <see cref="ConfigException"/> with the nearest name.</summary>
    public static AlgorithmSpec Describe(string name) => Table.Describe(name);
}
