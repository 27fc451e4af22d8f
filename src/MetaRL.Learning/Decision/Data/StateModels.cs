namespace MetaRL.Learning.Decision;

/// <summary>A family's dynamics from any state, for DPT's uniform-state roll-in (<see cref="RollIn.UniformStates"/>):
/// each context transition starts in a state drawn uniformly instead of where the last one ended.</summary>
internal interface IStateModel
{
    /// <summary>Number of states, numbered 0…States−1.</summary>
    int States { get; }

    /// <summary>Writes the observation of <paramref name="state"/>.</summary>
    void Observe(int state, Span<float> observation);

    /// <summary>One transition of the current task from <paramref name="state"/>; returns the next state.</summary>
    int Step(int state, int action, Rng rng, out double reward);
}

/// <summary>A bandit has one state; a pull pays 1 with the arm's mean.</summary>
internal sealed class BanditStates(BernoulliBandit bandit) : IStateModel
{
    public int States => 1;

    public void Observe(int state, Span<float> observation) => observation[0] = 0;

    public int Step(int state, int action, Rng rng, out double reward)
    {
        reward = rng.NextDouble() < bandit.CurrentTask.Means[action] ? 1.0 : 0.0;
        return 0;
    }
}

/// <summary>Dark Room's cells (y·Size + x), with its moves and goal reward.</summary>
internal sealed class DarkRoomStates(DarkRoom room) : IStateModel
{
    public int States => room.Size * room.Size;

    public void Observe(int state, Span<float> observation) => DarkRoom.WriteObservation(state % room.Size, state / room.Size, observation);

    public int Step(int state, int action, Rng rng, out double reward)
    {
        var task = room.CurrentTask;
        var (x, y) = DarkRoomPaths.Move(room.Size, state % room.Size, state / room.Size, action);
        int next = y * room.Size + x;
        reward = next == task.GoalCell ? 1.0 : 0.0;
        return next;
    }
}

/// <summary>A tabular MDP's states, one-hot, with its transition rows and noisy rewards.</summary>
internal sealed class TabularMdpStates(TabularMdp mdp) : IStateModel
{
    public int States => mdp.States;

    public void Observe(int state, Span<float> observation)
    {
        observation.Clear();
        observation[state] = 1;
    }

    public int Step(int state, int action, Rng rng, out double reward)
    {
        var task = mdp.CurrentTask;
        reward = task.R(state, action) + task.RewardNoise * rng.Normal();
        return TabularMdp.SampleNext(task, state, action, rng.NextDouble());
    }
}
